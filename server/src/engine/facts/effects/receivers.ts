/**
 * What a call acts on: the receiver chain it is keyed by (`db.users` in `db.users.find()`), and the
 * sessions — one connection, transaction, page or stream — whose calls run in order.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, stringValue, unwrap, walk } from "../../ast";
import type { FileFacts } from "../file-facts";
import { isReference, type Decl } from "../scope";
import { accessRoot, rootNode, type Root } from "./accesses";
import { SQL_TRANSACTION, sqlText } from "./call-shapes";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isAwaitExpression, isCallExpression, isElementAccessExpression, isExpression, isIdentifier, isNewExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment } = ts;

/** Names of receivers that are one connection, transaction, session, page or stream: their calls run in order. */
const SESSION_NAMES = /^(trx|tx|txn|transaction|session|dbSession|queryRunner|conn|connection|dbConn|dbConnection|page|browser|driver|frame|popup|tab|mainFrame|rl|readline|reader|socket|ws|webSocket|stream|stdin|iterator|cursor|channel|writer|port|fh|fileHandle|handle)$/;
/** Calls that hand out one connection / transaction / session / page / stream. */
const SESSION_FACTORIES = new Set([
  "connect", "getConnection", "acquire", "checkout", "reserve", "transaction", "startSession", "begin", "beginTransaction",
  "startTransaction", "createQueryRunner", "newPage", "newContext", "launch", "createInterface", "getReader", "getWriter",
  "open", "createConnection", "createWriteStream", "createReadStream", "connectAsync",
]);
/** Calls whose callback receives a transaction or single connection. */
const SESSION_CALLBACK_HOSTS = new Set(["transaction", "$transaction", "withTransaction", "runInTransaction", "begin", "tx", "task", "startTransaction", "transactional", "withSession", "withConnection", "withClient", "useConnection"]);
/** Option names that pass a transaction or session into a call: `Model.create(row, { transaction: t })`. */
const SESSION_OPTIONS = new Set(["transaction", "session", "tx", "trx", "connection", "queryRunner"]);

export class ReceiverFacts {
  private readonly sessionCache = new Map<Decl, boolean>();
  private transactionRoots?: Set<Decl>;

  constructor(private readonly file: FileFacts) {}

  /**
   * Sessions `node` acts on: receivers or arguments that are one connection, transaction, page or
   * stream, keyed by declaration (or `this.page`-style property name), with the root they hang from.
   */
  sessions(node: ts.Node): Map<string, Root> {
    const out = new Map<string, Root>();
    const scopes = this.file.scopes;
    const addDecl = (d: Decl) => {
      if (d.kind !== "global" && this.isSession(d)) out.set(declKey(d), d);
    };
    const visit = (n: ts.Node) => {
      if (isIdentifier(n) && isReference(n)) {
        addDecl(scopes.resolve(n));
      } else if (isPropertyAccessExpression(n) && n.expression.kind === SyntaxKind.ThisKeyword && SESSION_NAMES.test(n.name.text)) {
        out.set("this." + n.name.text, "this");
      } else if (isPropertyAssignment(n) && isIdentifier(n.name) && SESSION_OPTIONS.has(n.name.text)) {
        // Model.create(row, { transaction: t }) runs on t whatever t is called.
        const root = accessRoot(this.file.scopes, n.initializer);
        if (root && root !== "this" && root.kind !== "global") out.set(declKey(root), root);
      } else if (isShorthandPropertyAssignment(n) && SESSION_OPTIONS.has(n.name.text)) {
        const d = scopes.resolve(n.name);
        if (d.kind !== "global") out.set(declKey(d), d);
      }
    };
    visit(node);
    walk(node, visit);
    return out;
  }

  /** True when `decl` holds one connection, transaction, session, page or stream, whose calls run in order. */
  isSession(decl: Decl): boolean {
    let v = this.sessionCache.get(decl);
    if (v === undefined) this.sessionCache.set(decl, (v = this.computeSession(decl)));
    return v;
  }

  /** A key naming the receiver chain of a call (`db.users` in `db.users.find()`), calls included by name. */
  receiverKey(expr: ts.Expression | undefined): string | undefined {
    if (!expr) return undefined;
    const parts: string[] = [];
    let e: ts.Node = expr;
    for (;;) {
      e = isExpression(e) ? unwrap(e) : e;
      if (isPropertyAccessExpression(e)) {
        parts.unshift(e.name.text);
        e = e.expression;
      } else if (isElementAccessExpression(e)) {
        parts.unshift(stringValue(e.argumentExpression) ?? "*");
        e = e.expression;
      } else if (isCallExpression(e)) {
        // db.collection("users") and trx("items") key by the call's name, not its arguments.
        parts.unshift((calleeName(e) ?? "?") + "()");
        const callee = unwrap(e.expression);
        e = isPropertyAccessExpression(callee) || isElementAccessExpression(callee) ? callee.expression : callee;
      } else break;
    }
    if (e.kind === SyntaxKind.ThisKeyword) return ["this", ...parts].join(".");
    if (isIdentifier(e)) return [declKey(this.file.scopes.resolve(e)), ...parts].join(".");
    return undefined;
  }

  private computeSession(decl: Decl): boolean {
    if (decl.kind === "global" || decl.kind === "function" || decl.kind === "class" || decl.kind === "enum") return false;
    if (SESSION_NAMES.test(decl.name)) return true;
    const init = decl.init && isExpression(decl.init) ? unwrap(decl.init) : undefined;
    const made = init && isAwaitExpression(init) ? unwrap(init.expression) : init;
    if (made && isCallExpression(made) && !decl.path && SESSION_FACTORIES.has(calleeName(made) ?? "")) return true;
    if (made && isNewExpression(made)) {
      const api = this.file.apis.resolve(made.expression);
      // new pg.Client() is one connection; new pg.Pool() hands out many.
      const cls = api?.path[api.path.length - 1] ?? "";
      if (api && /^(pg|pg-native|mysql|mysql2|mysql2\/promise|mariadb|tedious|oracledb)$/.test(api.module) && /Client|Connection/.test(cls)) return true;
      if (api && api.module === "ws" && !/Server/.test(cls)) return true;
    }
    // The callback parameter of db.transaction(async (trx) => …) and friends.
    if (decl.kind === "param" && decl.id) {
      const fn = decl.id.parent?.parent;
      const host = fn?.parent;
      if (fn && isFunctionNode(fn) && host && isCallExpression(host) && host.arguments.includes(fn as ts.Expression) && SESSION_CALLBACK_HOSTS.has(calleeName(host) ?? "")) return true;
    }
    return this.transactionControlledRoots().has(decl);
  }

  /** Receivers on which the file issues BEGIN/COMMIT or a transaction API: `client.query("BEGIN")`. */
  private transactionControlledRoots(): Set<Decl> {
    if (this.transactionRoots) return this.transactionRoots;
    const out = new Set<Decl>();
    const text = this.file.text;
    if (/\b(BEGIN|begin|START TRANSACTION|beginTransaction|startTransaction|COMMIT)\b/.test(text)) {
      for (const n of this.file.nodes.calls) {
        const callee = unwrap(n.expression);
        if (!isPropertyAccessExpression(callee)) continue;
        const sql = sqlText(n);
        const name = callee.name.text;
        if ((sql !== undefined && SQL_TRANSACTION.test(sql)) || name === "beginTransaction" || name === "startTransaction") {
          const r = rootNode(callee.expression);
          if (r && isIdentifier(r)) out.add(this.file.scopes.resolve(r));
        }
      }
    }
    return (this.transactionRoots = out);
  }
}

const declKeys = new WeakMap<Decl, string>();
let nextDeclKey = 0;
/** A stable string key for a declaration (used to compare receivers and sessions). */
export function declKey(d: Decl): string {
  let k = declKeys.get(d);
  if (!k) declKeys.set(d, (k = `${d.name}#${++nextDeclKey}`));
  return k;
}
