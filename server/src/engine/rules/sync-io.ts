/**
 * sync-io: a blocking Node call (fs.*Sync, execSync, zlib.*Sync, crypto.pbkdf2Sync, …) where the
 * event loop should stay free — an async function, a request handler, an event or timer callback,
 * a scheduled job or queue processor, a SIGHUP / SIGUSR1 / SIGUSR2 handler, and the watcher,
 * socket and timer callbacks of a CLI script that is really a daemon. While it runs, every other
 * request, timer and socket on the process waits.
 *
 * Not reported: module top level and startup code (`async function main() {…} main();`), CLI /
 * build / test scripts' own work, plain synchronous utilities, worker threads, exit, crash and
 * stopping-signal handlers, one-time lazy initialisation (`cache ??= readFileSync(…)`),
 * `fs.existsSync` (a single metadata lookup with no drop-in async form), and look-alike methods on
 * user objects.
 *
 * Invalid:
 *   app.get("/report", (req, res) => { res.send(fs.readFileSync("report.html", "utf8")); });
 * Valid:
 *   app.get("/report", async (req, res) => { res.send(await readFile("report.html", "utf8")); });
 *   const template = fs.readFileSync("report.html", "utf8"); // module top level: runs once
 */
import { ts } from "ts-morph";
import { enclosingFunction, unwrap, type FunctionNode } from "../ast";
import { BlockingApiFacts, type BlockingApi } from "../facts/blocking-apis";
import type { FileFacts } from "../facts/file-facts";
import type { RawFinding } from "../types";
import type { Rule } from "./rule";

/** Filling a buffer this small with random bytes takes microseconds. */
const SMALL_RANDOM_BUFFER = 4096;

export const syncIo: Rule = {
  meta: {
    id: "sync-io",
    description: "Blocking fs / child_process / zlib / crypto calls in async functions, request handlers and event callbacks, where they stall every other request.",
    defaultSeverity: "warning",
    fixable: true,
  },
  detect(file: FileFacts): RawFinding[] {
    const blocking = file.get(BlockingApiFacts);
    const findings: RawFinding[] = [];
    // Only calls named like a blocking API are looked at. Where they run is asked first: most
    // blocking calls sit in startup code, scripts and sync utilities, which often tell their
    // context without the name resolution that telling the API needs.
    for (const n of blocking.candidates()) {
      // Module top level runs once, at startup, in a script or on a worker: never latency-sensitive.
      if (!enclosingFunction(n)) continue;
      const where = file.context.at(n);
      if (!where.latencySensitive) continue;
      const api = blocking.of(n);
      if (!api || api.cheap || api.category === "fs-exists") continue;
      if (isSmallRandomFill(file, n, api)) continue;
      if (isOneTimeInit(file, n)) continue;
      findings.push({ node: n, message: `${api.label} blocks the event loop in ${where.description} — use ${api.counterpart}`, lens: `${api.label} blocks the event loop — the async version keeps it free` });
    }
    return findings;
  },
};

/** `randomFillSync(new Uint8Array(16))`, directly or through a const: a nonce, not a workload. */
function isSmallRandomFill(file: FileFacts, call: ts.CallExpression, api: BlockingApi): boolean {
  if (api.ref.module !== "crypto" || api.ref.path[0] !== "randomFillSync" || !call.arguments[0]) return false;
  let buf = unwrap(call.arguments[0]);
  if (ts.isIdentifier(buf)) {
    const decl = file.scopes.resolve(buf);
    if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return false;
    buf = unwrap(decl.init);
  }
  const size = ts.isNewExpression(buf) || ts.isCallExpression(buf) ? buf.arguments?.[0] : undefined;
  return !!size && ts.isNumericLiteral(size) && Number(size.text) <= SMALL_RANDOM_BUFFER;
}

/**
 * Lazy initialisation that runs once per process (or once per key): the blocking call only
 * happens the first time, so a careful reviewer would not ask for it to change.
 *   cache ??= readFileSync(p)            if (!cache) cache = readFileSync(p)
 *   if (!cache.has(k)) cache.set(k, …)   if (cache) return cache; cache = readFileSync(p)
 */
function isOneTimeInit(file: FileFacts, call: ts.CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  for (let child: ts.Node = call, p = call.parent; p && p !== fn; child = p, p = p.parent) {
    if (ts.isBinaryExpression(p) && p.right === child) {
      const op = p.operatorToken.kind;
      if ((op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) && isOutside(file, p.left, fn)) return true;
      if ((op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) && isOutside(file, p.left, fn) && assigns(p.right, text(p.left))) return true;
    }
    if (ts.isIfStatement(p) && p.thenStatement === child) {
      const guarded = emptinessTest(p.expression);
      if (guarded && isOutside(file, guarded.target, fn) && (guarded.key ? callsSet(child, text(guarded.target), guarded.key) : assigns(child, text(guarded.target)))) return true;
    }
    if (ts.isBlock(p) && ts.isExpressionStatement(child) && ts.isBinaryExpression(child.expression) && child.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = child.expression.left;
      const i = p.statements.indexOf(child as ts.Statement);
      if (isOutside(file, target, fn) && p.statements.slice(0, i).some((s) => returnsWhenSet(s, text(target)))) return true;
    }
  }
  return false;
}

function text(n: ts.Node): string {
  return n.getText().replace(/\s+/g, "");
}

/** `!x`, `x == null`, `x === undefined`, `typeof x === "undefined"`, `!m.has(k)` → what is tested. */
function emptinessTest(cond: ts.Expression): { target: ts.Expression; key?: string } | undefined {
  const e = unwrap(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrap(e.operand);
    if (ts.isCallExpression(operand)) {
      const callee = unwrap(operand.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "has" && operand.arguments.length === 1) return { target: callee.expression, key: text(operand.arguments[0]) };
      return undefined;
    }
    return { target: operand };
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
    const empty = (x: ts.Expression) => {
      const u = unwrap(x);
      return u.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(u) && u.text === "undefined") || (ts.isStringLiteral(u) && u.text === "undefined");
    };
    const typeofTarget = (x: ts.Expression) => {
      const u = unwrap(x);
      return ts.isTypeOfExpression(u) ? u.expression : u;
    };
    if (empty(e.right)) return { target: typeofTarget(e.left) };
    if (empty(e.left)) return { target: typeofTarget(e.right) };
  }
  return undefined;
}

/** `if (x) return x;` / `if (x !== undefined) return …` before the assignment. */
function returnsWhenSet(stmt: ts.Statement, target: string): boolean {
  if (!ts.isIfStatement(stmt)) return false;
  const body = ts.isBlock(stmt.thenStatement) && stmt.thenStatement.statements.length === 1 ? stmt.thenStatement.statements[0] : stmt.thenStatement;
  if (!ts.isReturnStatement(body)) return false;
  const cond = unwrap(stmt.expression);
  if (text(cond) === target) return true;
  if (ts.isBinaryExpression(cond) && (cond.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken || cond.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken)) {
    return text(cond.left) === target || text(cond.right) === target;
  }
  return false;
}

function assigns(node: ts.Node, target: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && text(n.left) === target) found = true;
    else n.forEachChild(visit);
  };
  visit(node);
  return found;
}

function callsSet(node: ts.Node, target: string, key: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && n.arguments.length === 2 && text(n.arguments[0]) === key) {
      const callee = unwrap(n.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "set" && text(callee.expression) === target) found = true;
    }
    n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** The cache lives beyond this call: `this.x`, or a name declared outside the function. */
function isOutside(file: FileFacts, target: ts.Expression, fn: FunctionNode): boolean {
  let base = unwrap(target);
  while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) base = unwrap(base.expression);
  if (base.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(base)) return false;
  const decl = file.scopes.resolve(base);
  if (decl.kind === "global") return true;
  for (let p: ts.Node | undefined = decl.scope; p; p = p.parent) if (p === fn) return false;
  return true;
}
