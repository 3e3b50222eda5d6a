/**
 * What awaited calls and statements do: which locals and properties they read and write, which
 * receiver or session they act on, and what kind of operation they are (a read, a mutation, a
 * send, a sleep or rate-limit wait, a yield to the event loop, a transaction step, a UI step).
 * Two awaits are independent only when neither can observe the other; these facts answer that.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, stringValue, unwrap, walk, type FunctionNode } from "../ast";
import type { ApiRef, NodeApiFacts } from "./node-apis";
import type { FileFacts } from "./file-facts";
import { isReference, isWrite, type Decl } from "./scope";

type StatementList = ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause | ts.DefaultClause;

interface AwaitIndex {
  all: ts.AwaitExpression[];
  holders: Set<ts.Node>;
  functions: FunctionNode[];
  lists: StatementList[];
}

/** The root of an access path: a declaration, or `this`. */
export type Root = Decl | "this";

/** A read or write of a local or of a property path under one: `this.user.name` is { root: "this", path: ["user", "name"] }. */
export interface Access {
  root: Root;
  /** Property names from the root; "*" stands for a computed key (`a[k]`) or a collection's contents. */
  path: string[];
  /** "call": the receiver of a method call (the method may read anything under it); "value": a plain read or write. */
  via: "value" | "call";
  /** The outermost node of the access chain (`a.b.c` for a read of a.b.c). */
  node: ts.Node;
}

export interface AccessSet {
  reads: Access[];
  writes: Access[];
}

export type OperationKind =
  /** Returns data and changes nothing anyone else can see. */
  | "read"
  /** Changes stored state: a database row, a cache key, a file, a remote resource. */
  | "mutation"
  /** Writes to a stream, socket or channel, where order is the message. */
  | "send"
  /** A deliberate pause: sleep/delay, a setTimeout promise, a rate limiter or lock, a 'drain' event. */
  | "sleep"
  /** Hands the event loop back on purpose: a setImmediate promise, scheduler.yield(). */
  | "yield"
  /** BEGIN / COMMIT / ROLLBACK or a transaction API call. */
  | "transaction"
  /** A browser or UI automation step, or a question put to the user at the terminal. */
  | "ui"
  /** A dynamic import: module evaluation order is observable. */
  | "import"
  /** Runs a child process or script (exec, spawn, execa, runScript). */
  | "command"
  /** Something done for its effect whose nature is unknown (the result is ignored). */
  | "effect";

export interface AwaitedOperation {
  await: ts.AwaitExpression;
  /** The call whose promise is awaited; undefined when the await waits for an existing promise. */
  call?: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  /** True for `await p` / `await this.ready` / `await p.then(f)`: the work was already under way. */
  started: boolean;
  /** The callee's last name: `db.users.findOne` → "findOne". */
  name?: string;
  /** The callee's receiver: `db.users` in `db.users.findOne()`. */
  receiver?: ts.Expression;
  /** The Node API the callee resolves to, when it is one. */
  api?: ApiRef;
  kind: OperationKind;
  /** True unless the awaited value is thrown away (`await f();`). */
  resultUsed: boolean;
}

/** Methods that change the collection or object they are called on. */
const WRITE_METHODS = new Set(["push", "unshift", "pop", "shift", "splice", "add", "set", "delete", "clear", "append", "sort", "reverse", "fill", "copyWithin", "assign", "setItem", "removeItem"]);

/** Compound names that write: findOneAndUpdate, findOrCreate, getOrCreate. */
const MUTATION_INSIDE = /(?:And|Or)(?:Update|Delete|Remove|Create|Replace|Upsert|Modify|Insert|Set)/;

/** Verbs that change state somewhere. */
const MUTATION_VERBS = new Set([
  "create", "insert", "update", "upsert", "delete", "del", "remove", "rm", "unlink", "rmdir", "mkdir", "mkdtemp",
  "save", "set", "put", "post", "patch", "add", "push", "pop", "shift", "unshift", "splice", "enqueue", "dequeue",
  "dispatch", "trigger", "submit", "commit", "rollback", "begin", "start", "stop", "close", "open", "connect",
  "disconnect", "destroy", "drop", "truncate", "clear", "reset", "flush", "sync", "init", "initialize", "initialise",
  "setup", "register", "unregister", "subscribe", "unsubscribe", "listen", "kill", "spawn", "exec", "execute", "run",
  "invoke", "apply", "process", "handle", "migrate", "seed", "increment", "incr", "incrby", "decr", "decrement", "inc",
  "lock", "unlock", "acquire", "release", "rename", "move", "mv", "copy", "cp", "chmod", "chown", "link", "symlink",
  "utimes", "upload", "transfer", "pay", "charge", "refund", "approve", "reject", "cancel", "archive", "restore",
  "install", "uninstall", "deploy", "login", "logout", "signin", "signout", "signup", "track", "log", "record", "store",
  "persist", "invalidate", "evict", "expire", "mark", "assign", "attach", "detach", "bind", "mount", "unmount",
  "enable", "disable", "activate", "deactivate", "reserve", "confirm", "replace", "modify", "edit", "change", "mutate",
  "import", "schedule", "retry", "refresh", "revoke", "grant", "ban", "follow", "unfollow", "vote", "claim", "lpush",
  "rpush", "lpop", "rpop", "hset", "hdel", "sadd", "srem", "zadd", "zrem", "setex", "mset", "hmset", "expireat", "bulk",
  "batch", "provision", "purge", "emit", "publish", "send", "notify", "broadcast", "write", "append", "pipe", "end",
  "print", "transaction", "rotate", "prune", "cleanup", "teardown", "shutdown", "terminate",
]);

/** Calls that run a query built earlier in the chain. */
const QUERY_TERMINATORS = new Set(["exec", "lean", "toArray", "first", "all", "one", "many", "oneOrNone", "manyOrNone", "any", "then"]);

/** Verbs that put a message on a stream, socket or channel. */
const SEND_VERBS = new Set(["send", "emit", "publish", "write", "writeln", "append", "pipe", "end", "print", "broadcast", "notify", "push", "respond", "reply"]);

const SLEEP_NAME = /^(sleep|delay|wait|pause|nap|snooze|backoff|throttle|ratelimit|cooldown)(?:\d*|ms|for(?:ms|millis|seconds?)?|seconds?|millis|async|promise)?$/i;
const YIELD_NAME = /^(yieldtoeventloop|yieldtoloop|yieldeventloop|tick|nexttick|defer|breathe|letloopbreathe)$/i;
/** Rate limiters and locks: awaiting them in order is the point. */
const LIMITER_METHODS = new Set(["removeTokens", "consume", "schedule", "acquire", "waitForToken", "take", "runExclusive", "lock", "throttle", "wrap"]);
const LIMITER_RECEIVER = /limit|throttl|bucket|semaphore|mutex|lock|bottleneck|queue/i;

const TRANSACTION_METHODS = new Set(["beginTransaction", "startTransaction", "commitTransaction", "abortTransaction", "commit", "rollback", "begin", "savepoint", "transaction", "$transaction", "withTransaction", "startSession", "runInTransaction", "tx"]);
const SQL_TRANSACTION = /^\s*(begin|start\s+transaction|commit|rollback|savepoint|release\s+savepoint|set\s+transaction|lock\s+table)\b/i;
const SQL_MUTATION = /^\s*(insert|update|delete|create|drop|alter|truncate|grant|revoke|merge|replace|call|exec|execute|lock|set|vacuum|copy|refresh|notify|listen)\b/i;
const SQL_READ = /^\s*(select|with|show|explain|values|table)\b/i;

const UI_ACTIONS = new Set([
  "click", "dblclick", "fill", "type", "press", "goto", "navigate", "hover", "tap", "check", "uncheck", "selectOption", "focus",
  "blur", "dragAndDrop", "dragTo", "setInputFiles", "waitForSelector", "waitForNavigation", "waitForTimeout", "waitForURL",
  "waitForLoadState", "waitForResponse", "waitForRequest", "waitForFunction", "keyboard", "mouse", "reload", "goBack",
  "goForward", "setViewportSize", "screenshot", "evaluate", "sendKeys", "submit", "clear", "setContent", "bringToFront",
]);

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

/** Methods that consume or prompt: two calls in a row return different things, in order. */
export const STATEFUL_METHODS: ReadonlySet<string> = new Set(["next", "read", "readLine", "question", "prompt", "ask", "receive", "recv", "take", "pop", "shift", "dequeue", "consume", "input", "confirm", "password", "nextPage"]);

/** Module and global names whose APIs decide an await's kind (see pauseKind and isCommand). */
const KIND_API_MODULE = /['"](?:node:)?(?:timers|events|child_process|execa|zx|@npmcli\/run-script|@npmcli\/promise-spawn|cross-spawn)(?:\/[\w/]*)?['"]/g;
const NOT_BOUND_NAMES = new Set(["import", "from", "const", "let", "var", "require", "as", "type", "default", "await", "typeof", "promises"]);

/** The timer functions a promise executor may hand its resolve to. */
const TIMER_NAMES = new Set(["setTimeout", "setImmediate", "nextTick"]);

const HTTP_MUTATING = /^(post|put|patch|delete)$/i;

export class EffectFacts {
  private readonly operations = new Map<ts.AwaitExpression, AwaitedOperation>();
  private readonly accessCache = new Map<ts.Node, AccessSet>();
  private readonly sessionCache = new Map<Decl, boolean>();
  private readonly sleepFunctions = new Map<Decl, OperationKind | undefined>();
  private declaredFunctionNames?: Set<string>;
  private kindApiNames?: Set<string>;
  private transactionRoots?: Set<Decl>;

  private awaitIndex?: AwaitIndex;

  constructor(private readonly file: FileFacts) {}

  /** Every await in the file, in source order. */
  awaits(): readonly ts.AwaitExpression[] {
    return this.index().all;
  }

  /** True when an await runs as part of `node` (inside it, not inside a function nested in it). */
  holdsAwait(node: ts.Node): boolean {
    return this.index().holders.has(node);
  }

  /** Every node that holds an await, each function that contains one included. */
  awaitHolders(): ReadonlySet<ts.Node> {
    return this.index().holders;
  }

  /** The functions that hold an await of their own. */
  awaitingFunctions(): readonly FunctionNode[] {
    return this.index().functions;
  }

  /** The statement lists (blocks, case clauses, the file) that hold an await. */
  awaitStatementLists(): readonly StatementList[] {
    return this.index().lists;
  }

  private index(): AwaitIndex {
    if (this.awaitIndex) return this.awaitIndex;
    const index: AwaitIndex = { all: [], holders: new Set(), functions: [], lists: [] };
    // Guided by where the word occurs, so files with few awaits are not walked end to end.
    for (const n of nodesAtWord(this.file.sf, "await")) {
      if (!ts.isAwaitExpression(n)) continue;
      index.all.push(n);
      for (let p: ts.Node | undefined = n; p && !index.holders.has(p); p = p.parent) {
        index.holders.add(p);
        if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) index.lists.push(p);
        if (isFunctionNode(p)) index.functions.push(p);
        if (isFunctionNode(p) || ts.isClassLike(p)) break;
      }
    }
    return (this.awaitIndex = index);
  }

  /** What an await waits for. */
  awaited(aw: ts.AwaitExpression): AwaitedOperation {
    let op = this.operations.get(aw);
    if (!op) this.operations.set(aw, (op = this.classifyAwait(aw)));
    return op;
  }

  /** Reads and writes of locals and property paths in `node`, nested callbacks included. */
  accesses(node: ts.Node): AccessSet {
    let set = this.accessCache.get(node);
    if (!set) this.accessCache.set(node, (set = this.collectAccesses(node)));
    return set;
  }

  /**
   * The first way `later` can observe `earlier` through data: it reads what earlier wrote, or
   * writes what earlier read or wrote. Method receivers count as reads of everything under them.
   */
  dataDependency(earlier: AccessSet, later: AccessSet): { read: Access; write: Access } | undefined {
    for (const r of later.reads) for (const w of earlier.writes) if (overlaps(r, w)) return { read: r, write: w };
    for (const w of later.writes) {
      for (const r of earlier.reads) if (overlaps(r, w)) return { read: r, write: w };
      for (const w2 of earlier.writes) if (overlaps(w, w2)) return { read: w2, write: w };
    }
    return undefined;
  }

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
      if (ts.isIdentifier(n) && isReference(n)) {
        addDecl(scopes.resolve(n));
      } else if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && SESSION_NAMES.test(n.name.text)) {
        out.set("this." + n.name.text, "this");
      } else if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && SESSION_OPTIONS.has(n.name.text)) {
        // Model.create(row, { transaction: t }) runs on t whatever t is called.
        const root = this.rootOf(n.initializer);
        if (root && root !== "this" && root.kind !== "global") out.set(declKey(root), root);
      } else if (ts.isShorthandPropertyAssignment(n) && SESSION_OPTIONS.has(n.name.text)) {
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

  /** The Decl or `this` an expression's access chain starts from: `a.b().c` → a. */
  rootOf(expr: ts.Node): Root | undefined {
    const r = rootNode(expr);
    if (!r) return undefined;
    if (r.kind === ts.SyntaxKind.ThisKeyword) return "this";
    return this.file.scopes.resolve(r as ts.Identifier);
  }

  /** A key naming the receiver chain of a call (`db.users` in `db.users.find()`), calls included by name. */
  receiverKey(expr: ts.Expression | undefined): string | undefined {
    if (!expr) return undefined;
    const parts: string[] = [];
    let e: ts.Node = expr;
    for (;;) {
      e = ts.isExpression(e) ? unwrap(e) : e;
      if (ts.isPropertyAccessExpression(e)) {
        parts.unshift(e.name.text);
        e = e.expression;
      } else if (ts.isElementAccessExpression(e)) {
        parts.unshift(stringValue(e.argumentExpression) ?? "*");
        e = e.expression;
      } else if (ts.isCallExpression(e)) {
        // db.collection("users") and trx("items") key by the call's name, not its arguments.
        parts.unshift((calleeName(e) ?? "?") + "()");
        const callee = unwrap(e.expression);
        e = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : callee;
      } else break;
    }
    if (e.kind === ts.SyntaxKind.ThisKeyword) return ["this", ...parts].join(".");
    if (ts.isIdentifier(e)) return [declKey(this.file.scopes.resolve(e)), ...parts].join(".");
    return undefined;
  }

  private classifyAwait(aw: ts.AwaitExpression): AwaitedOperation {
    const resultUsed = !isDiscarded(aw);
    const target = unwrap(aw.expression);
    const base = { await: aw, resultUsed };
    if (!(ts.isCallExpression(target) || ts.isNewExpression(target) || ts.isTaggedTemplateExpression(target))) {
      return { ...base, started: true, kind: "read" };
    }
    if (ts.isCallExpression(target) && isThenOnStartedPromise(target)) {
      return { ...base, call: target, started: true, kind: "read", name: calleeName(target) };
    }
    const callee = ts.isTaggedTemplateExpression(target) ? unwrap(target.tag) : unwrap(target.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? memberKey(callee) : undefined;
    const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
    const op = new CallOperation(aw, resultUsed, target, name, receiver, this.file.apis);
    op.kind = this.kindOf(target, op);
    return op;
  }

  /** The kind of operation a call is; `op` carries its name, receiver and API. */
  kindOf(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, op: Pick<AwaitedOperation, "name" | "receiver" | "api" | "resultUsed">): OperationKind {
    if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.ImportKeyword) return "import";
    const pause = this.pauseKind(call, op);
    if (pause) return pause;
    if (ts.isNewExpression(call)) return "effect";
    if (ts.isTaggedTemplateExpression(call) && ts.isIdentifier(unwrap(call.tag)) && (unwrap(call.tag) as ts.Identifier).text === "$") return "command";
    const sql = sqlText(call);
    if (sql !== undefined) {
      if (SQL_TRANSACTION.test(sql) || /\bfor\s+(update|share)\b/i.test(sql)) return "transaction";
      if (SQL_MUTATION.test(sql)) return "mutation";
      if (SQL_READ.test(sql)) return "read";
    }
    const name = op.name ?? "";
    if (TRANSACTION_METHODS.has(name)) return "transaction";
    if (op.receiver && UI_ACTIONS.has(name)) {
      const root = rootNode(op.receiver);
      if (root && ts.isIdentifier(root) && /^(page|browser|driver|frame|popup|tab|mainFrame|locator|element|el|cy|user|userEvent|t)$/.test(root.text)) return "ui";
      if (/^(locator|getBy|\$)/.test(calleeChainText(op.receiver))) return "ui";
    }
    if (ts.isCallExpression(call) && isPrompt(call, op)) return "ui";
    if (ts.isCallExpression(call) && isCommand(call, op.name, op.receiver, this.mayUseKindApis(call) ? op.api : undefined)) return "command";
    if (ts.isCallExpression(call) && hasMutatingHttpMethod(call)) return "mutation";
    if (SEND_VERBS.has(name)) return "send";
    // User.find(q).exec(), cursor.toArray(): the query's own verb decides.
    if (QUERY_TERMINATORS.has(name) && op.receiver && ts.isCallExpression(unwrap(op.receiver))) {
      const inner = chainCallNames(op.receiver);
      if (inner.some((n) => MUTATION_VERBS.has(firstWord(n)) || MUTATION_INSIDE.test(n))) return "mutation";
      return op.resultUsed ? "read" : "effect";
    }
    const verb = firstWord(name);
    if (MUTATION_VERBS.has(verb) || MUTATION_INSIDE.test(name)) return "mutation";
    // Query builders name the operation early in the chain: db.insert(t).values(v), db.delete(t).where(w).
    for (const inner of chainCallNames(op.receiver)) if (MUTATION_VERBS.has(firstWord(inner)) && !SEND_VERBS.has(inner)) return "mutation";
    // A call whose result is thrown away runs for its effect: a guard that throws (check, verify),
    // or a loader that fills its receiver or module state that the next call may read.
    return op.resultUsed ? "read" : "effect";
  }

  /** "sleep" for deliberate waits and rate limiters, "yield" for hand-backs to the event loop. */
  private pauseKind(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, op: Pick<AwaitedOperation, "name" | "receiver" | "api">): OperationKind | undefined {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    if (ts.isNewExpression(call)) return this.promiseExecutorPause(call);
    const api = this.mayUseKindApis(call) ? op.api : undefined;
    if (api) {
      if (api.module === "timers" && api.path[0] === "promises") {
        const fn = api.path[api.path.length - 1];
        if (fn === "setImmediate" || fn === "yield") return "yield";
        if (fn === "setTimeout" || fn === "setInterval" || fn === "wait") return "sleep";
      }
      if (api.module === "global" && api.path[0] === "scheduler") return api.path[1] === "yield" ? "yield" : api.path[1] === "wait" ? "sleep" : undefined;
      // once(stream, "drain"): waits for an event (backpressure, readiness), not for work it started.
      if (api.module === "events" && api.path[api.path.length - 1] === "once") return "sleep";
    }
    const name = op.name ?? "";
    if (name === "resolve" && op.receiver && ts.isIdentifier(unwrap(op.receiver)) && (unwrap(op.receiver) as ts.Identifier).text === "Promise" && call.arguments?.length === 0) return "yield";
    if (SLEEP_NAME.test(name)) return "sleep";
    if (YIELD_NAME.test(name)) return "yield";
    if (op.receiver && LIMITER_METHODS.has(name) && LIMITER_RECEIVER.test(calleeChainText(op.receiver))) return "sleep";
    if (!op.receiver && /^(limit|limiter|throttle|rateLimit|rateLimiter)$/i.test(name)) return "sleep";
    // A local helper whose body is a timer promise: `const pause = (ms) => new Promise((r) => setTimeout(r, ms))`.
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee) && this.mayBeTimerHelper(callee.text)) {
      const decl = this.file.scopes.resolve(callee);
      if (decl.kind !== "global") return this.helperPause(decl);
    }
    return undefined;
  }

  /**
   * Whether an API could change the kind of a call on `callee`: those APIs (timers, events, child
   * processes, the global `scheduler`) are reached through a name an import or require of their
   * module binds. Those names are read from the text once per file, so any other call needs no
   * lookup (resolving one name binds the whole file's scopes).
   */
  private mayUseKindApis(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): boolean {
    if (!this.kindApiNames) {
      const names = new Set<string>();
      const text = this.file.text;
      for (const m of text.matchAll(KIND_API_MODULE)) {
        // The names bound by the statement that names the module: `import { once } from "events"`,
        // `const cp = require("child_process")`, `const { execa } = await import("execa")`.
        const before = text.slice(Math.max(0, m.index - 400), m.index);
        let start = -1;
        for (const k of before.matchAll(/\b(?:import|const|let|var)\b/g)) start = k.index;
        if (start < 0) continue;
        for (const id of before.slice(start).matchAll(/[A-Za-z_$][\w$]*/g)) if (!NOT_BOUND_NAMES.has(id[0])) names.add(id[0]);
      }
      this.kindApiNames = names;
    }
    const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
    const root = rootNode(callee);
    if (!root || !ts.isIdentifier(root)) return false;
    return root.text === "scheduler" || this.kindApiNames.has(root.text);
  }

  /** Cheap pre-check before resolving a callee: only files that mention timers can define a sleep helper. */
  private mayBeTimerHelper(name: string): boolean {
    if (!this.declaredFunctionNames) {
      // One pass over the text for every name declared as a function or variable, instead of one
      // search per callee: only files that mention timers can define a sleep helper at all.
      const names = new Set<string>();
      const text = this.file.text;
      if (/setTimeout|setImmediate|nextTick|promisify/.test(text)) {
        for (const m of text.matchAll(/(?:function\s*\*?\s*|(?:const|let|var)\s+)([\w$]+)/g)) names.add(m[1]);
      }
      this.declaredFunctionNames = names;
    }
    return this.declaredFunctionNames.has(name);
  }


  private helperPause(decl: Decl): OperationKind | undefined {
    if (this.sleepFunctions.has(decl)) return this.sleepFunctions.get(decl);
    this.sleepFunctions.set(decl, undefined);
    let fn: ts.Node | undefined = decl.init;
    if (fn && ts.isExpression(fn)) fn = unwrap(fn);
    let kind: OperationKind | undefined;
    if (fn && isFunctionNode(fn)) {
      walk(fn, (n) => {
        if (kind) return false;
        if (ts.isNewExpression(n)) kind = this.promiseExecutorPause(n);
      });
    } else if (fn && ts.isCallExpression(fn) && calleeName(fn) === "promisify" && fn.arguments.length === 1) {
      // const sleep = util.promisify(setTimeout)
      const arg = unwrap(fn.arguments[0]);
      const api = this.file.apis.resolve(arg);
      if (api && (api.module === "global" || api.module === "timers")) {
        const last = api.path[api.path.length - 1];
        kind = last === "setTimeout" ? "sleep" : last === "setImmediate" ? "yield" : undefined;
      }
    }
    this.sleepFunctions.set(decl, kind);
    return kind;
  }

  /**
   * `new Promise((r) => setTimeout(r, ms))` sleeps, as does waiting for an event such as
   * `new Promise((r) => stream.once("drain", r))`; `new Promise((r) => setImmediate(r))` yields.
   */
  private promiseExecutorPause(expr: ts.NewExpression): OperationKind | undefined {
    const ctor = unwrap(expr.expression);
    if (!ts.isIdentifier(ctor) || ctor.text !== "Promise") return undefined;
    const executor = expr.arguments?.[0];
    if (!executor || !isFunctionNode(unwrap(executor))) return undefined;
    let kind: OperationKind | undefined;
    walk(executor, (n) => {
      if (kind) return false;
      if (ts.isCallExpression(n) && (calleeName(n) === "once" || calleeName(n) === "on") && stringValue(n.arguments[0]) === "drain") kind = "sleep";
      else if (ts.isIdentifier(n) && isReference(n) && (TIMER_NAMES.has(n.text) || (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n && TIMER_NAMES.has(n.parent.name.text)))) {
        // Only timer names are looked up: resolving binds the file's scopes, and executors are common.
        const api = this.file.apis.resolve(ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n ? n.parent : n);
        const last = api && (api.module === "global" || api.module === "timers") ? api.path[api.path.length - 1] : undefined;
        if (last === "setTimeout") kind = "sleep";
        else if (last === "setImmediate" || last === "nextTick") kind = "yield";
      }
    });
    return kind;
  }

  private computeSession(decl: Decl): boolean {
    if (decl.kind === "global" || decl.kind === "function" || decl.kind === "class" || decl.kind === "enum") return false;
    if (SESSION_NAMES.test(decl.name)) return true;
    const init = decl.init && ts.isExpression(decl.init) ? unwrap(decl.init) : undefined;
    const made = init && ts.isAwaitExpression(init) ? unwrap(init.expression) : init;
    if (made && ts.isCallExpression(made) && !decl.path && SESSION_FACTORIES.has(calleeName(made) ?? "")) return true;
    if (made && ts.isNewExpression(made)) {
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
      if (fn && isFunctionNode(fn) && host && ts.isCallExpression(host) && host.arguments.includes(fn as ts.Expression) && SESSION_CALLBACK_HOSTS.has(calleeName(host) ?? "")) return true;
    }
    return this.transactionControlledRoots().has(decl);
  }

  /** Receivers on which the file issues BEGIN/COMMIT or a transaction API: `client.query("BEGIN")`. */
  private transactionControlledRoots(): Set<Decl> {
    if (this.transactionRoots) return this.transactionRoots;
    const out = new Set<Decl>();
    const text = this.file.text;
    if (/\b(BEGIN|begin|START TRANSACTION|beginTransaction|startTransaction|COMMIT)\b/.test(text)) {
      walk(this.file.sf, (n) => {
        if (!ts.isCallExpression(n)) return;
        const callee = unwrap(n.expression);
        if (!ts.isPropertyAccessExpression(callee)) return;
        const sql = sqlText(n);
        const name = callee.name.text;
        if ((sql !== undefined && SQL_TRANSACTION.test(sql)) || name === "beginTransaction" || name === "startTransaction") {
          const r = rootNode(callee.expression);
          if (r && ts.isIdentifier(r)) out.add(this.file.scopes.resolve(r));
        }
      });
    }
    return (this.transactionRoots = out);
  }

  private collectAccesses(node: ts.Node): AccessSet {
    const reads: Access[] = [];
    const writes: Access[] = [];
    const scopes = this.file.scopes;
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n)) {
        if (!isReference(n)) {
          // A declared name with an initializer is written by its declaration.
          const d = scopes.declOf(n);
          if (d && d.init && d.kind !== "function" && d.kind !== "class" && d.kind !== "import") writes.push({ root: d, path: [], via: "value", node: n });
          return;
        }
        const d = scopes.resolve(n);
        if (d.kind === "import" || d.kind === "function" || d.kind === "class" || d.kind === "enum") return;
        this.chainAccess(n, d, reads, writes);
      } else if (n.kind === ts.SyntaxKind.ThisKeyword) {
        this.chainAccess(n, "this", reads, writes);
      }
    };
    visit(node);
    walk(node, (n) => {
      if (ts.isTypeNode(n)) return false;
      visit(n);
    });
    return { reads, writes };
  }

  /** Records the access an identifier or `this` starts: `a.b.c = 1` writes a.b.c, `a.b.push(x)` writes a.b.*. */
  private chainAccess(start: ts.Node, root: Root, reads: Access[], writes: Access[]) {
    const path: string[] = [];
    let top: ts.Node = start;
    for (;;) {
      const p: ts.Node | undefined = top.parent;
      if (!p) break;
      if (ts.isPropertyAccessExpression(p) && p.expression === top) {
        path.push(p.name.text);
        top = p;
      } else if (ts.isElementAccessExpression(p) && p.expression === top) {
        path.push(stringValue(p.argumentExpression) ?? (ts.isNumericLiteral(p.argumentExpression) ? p.argumentExpression.text : "*"));
        top = p;
      } else if (ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p)) {
        top = p;
      } else break;
    }
    const parent = top.parent;
    if (path.length > 0 && parent && ts.isCallExpression(parent) && parent.expression === top) {
      const method = path.pop()!;
      if (WRITE_METHODS.has(method)) writes.push({ root, path: [...path, "*"], via: "call", node: top });
      else reads.push({ root, path, via: "call", node: top });
      return;
    }
    if (path.length === 0 && ts.isIdentifier(start)) {
      if (isWrite(start)) {
        writes.push({ root, path, via: "value", node: start });
        if (isCompound(start)) reads.push({ root, path, via: "value", node: start });
      } else reads.push({ root, path, via: "value", node: start });
      return;
    }
    const assign = memberAssignment(top);
    if (assign === "write" || assign === "readwrite") writes.push({ root, path, via: "value", node: top });
    if (assign !== "write") reads.push({ root, path: path.length && (path[path.length - 1] === "length" || path[path.length - 1] === "size") ? [...path.slice(0, -1), "*"] : path, via: "value", node: top });
  }
}

/**
 * The innermost nodes in `within` (default: the whole file) that begin with `word` as a whole
 * word, in source order: `await` gives each AwaitExpression (the keyword is its own first token,
 * not a child node), `return` each ReturnStatement, `forEach` each such Identifier. The walk
 * enters only nodes that span an occurrence, so the tree is not walked end to end; occurrences in
 * comments, strings and longer names begin no node and are dropped.
 */
export function nodesAtWord(sf: ts.SourceFile, word: string, within: ts.Node = sf): ts.Node[] {
  const text = sf.text;
  const positions: number[] = [];
  for (let i = text.indexOf(word, within.pos); i >= 0 && i < within.end; i = text.indexOf(word, i + word.length)) {
    if (isIdentifierChar(text.charCodeAt(i - 1)) || isIdentifierChar(text.charCodeAt(i + word.length))) continue;
    positions.push(i);
  }
  const out: ts.Node[] = [];
  // The path from `within` to the last node found; positions ascend, so a node on it that ends
  // after the next position still contains it. Iterative: generated code nests very deep.
  const path: ts.Node[] = [within];
  for (const pos of positions) {
    while (path.length > 1 && pos >= path[path.length - 1].end) path.pop();
    for (let node = path[path.length - 1]; ; ) {
      const child = childAt(node, pos);
      if (!child) {
        if (node.getStart(sf) === pos) out.push(node);
        break;
      }
      path.push(child);
      node = child;
    }
  }
  return out;
}

// childAt's state lives at module level so the per-level callbacks are not allocated per call.
let seekPos = 0;
let seekFound: ts.Node | undefined;
const seekInNode = (c: ts.Node): true | undefined => {
  if (c.end <= seekPos) return undefined;
  if (c.pos <= seekPos) seekFound = c;
  return true;
};
const seekInList = (list: ts.NodeArray<ts.Node>): true | undefined => {
  if (!list.length || list.end <= seekPos) return undefined;
  if (list.pos > seekPos) return true;
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= seekPos) lo = mid + 1;
    else hi = mid;
  }
  const c = list[lo];
  if (c.pos <= seekPos && seekPos < c.end) seekFound = c;
  return true;
};

/** The child of `node` whose span (leading trivia included) holds `pos`; lists are searched by halves. */
function childAt(node: ts.Node, pos: number): ts.Node | undefined {
  seekPos = pos;
  seekFound = undefined;
  ts.forEachChild(node, seekInNode, seekInList);
  const found = seekFound;
  seekFound = undefined;
  return found;
}

function isIdentifierChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 36 || c === 95 || c > 127;
}

/** An awaited call. Its API is looked up on first read: resolving a name binds the file's scopes, which most awaits never need. */
class CallOperation implements AwaitedOperation {
  readonly started = false;
  kind: OperationKind = "effect";
  private resolvedApi: ApiRef | undefined | null = null;

  constructor(
    readonly await: ts.AwaitExpression,
    readonly resultUsed: boolean,
    readonly call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression,
    readonly name: string | undefined,
    readonly receiver: ts.Expression | undefined,
    private readonly apis: NodeApiFacts,
  ) {}

  get api(): ApiRef | undefined {
    if (this.resolvedApi === null) {
      const call = this.call;
      this.resolvedApi = ts.isTaggedTemplateExpression(call) ? this.apis.resolve(call.tag) : this.apis.callee(call);
    }
    return this.resolvedApi;
  }
}

/** True when the two accesses can touch the same value (same root, one path a prefix of the other). */
export function overlaps(a: Access, b: Access): boolean {
  if (a.root !== b.root) return false;
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) if (a.path[i] !== b.path[i] && a.path[i] !== "*" && b.path[i] !== "*") return false;
  return true;
}

const declKeys = new WeakMap<Decl, string>();
let nextDeclKey = 0;
/** A stable string key for a declaration (used to compare receivers and sessions). */
export function declKey(d: Decl): string {
  let k = declKeys.get(d);
  if (!k) declKeys.set(d, (k = `${d.name}#${++nextDeclKey}`));
  return k;
}

/** The identifier or `this` an access chain starts from: `a.b().c[0]` → a. */
export function rootNode(expr: ts.Node): ts.Identifier | ts.ThisExpression | undefined {
  let e: ts.Node = expr;
  for (;;) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isAwaitExpression(e) || ts.isTaggedTemplateExpression(e)) {
      e = ts.isTaggedTemplateExpression(e) ? e.tag : e.expression;
    } else break;
  }
  if (ts.isIdentifier(e)) return e;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return e as ts.ThisExpression;
  return undefined;
}

/** The first word of a camelCase / snake_case name, lower-cased: getUserById → "get". */
export function firstWord(name: string): string {
  const m = /^[_$]*([A-Za-z][a-z0-9]*)/.exec(name);
  return m ? m[1].toLowerCase() : "";
}

/** True when the awaited value is thrown away: `await f();`, `void (await f())`. */
function isDiscarded(aw: ts.AwaitExpression): boolean {
  let n: ts.Node = aw;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  return !!p && (ts.isExpressionStatement(p) || ts.isVoidExpression(p));
}

/** `p.then(f)` / `p.catch(f)` where p is not itself a call: the work started before this line. */
function isThenOnStartedPromise(call: ts.CallExpression): boolean {
  let e: ts.Expression = call;
  for (;;) {
    e = unwrap(e);
    if (!ts.isCallExpression(e)) break;
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const n = callee.name.text;
    if (n !== "then" && n !== "catch" && n !== "finally") return false;
    e = callee.expression;
  }
  return !ts.isCallExpression(e) && !ts.isNewExpression(e) && e !== call;
}

function memberKey(callee: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return stringValue(callee.argumentExpression);
}

/** Names of the calls in a receiver chain: `db.insert(t).values(v)` → ["insert"] for the receiver `db.insert(t)`. */
function chainCallNames(receiver: ts.Expression | undefined): string[] {
  const names: string[] = [];
  for (let e: ts.Node | undefined = receiver; e; ) {
    e = ts.isExpression(e) ? unwrap(e) : e;
    if (ts.isCallExpression(e)) {
      const n = calleeName(e);
      if (n) names.push(n);
      e = e.expression;
    } else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else break;
  }
  return names;
}

/** Text of a call's receiver chain with arguments dropped: `this.limiter.schedule` → "this.limiter". */
function calleeChainText(expr: ts.Expression): string {
  const parts: string[] = [];
  let e: ts.Node = expr;
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) {
      parts.unshift(e.name.text);
      e = e.expression;
    } else if (ts.isCallExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
      e = e.expression;
    } else if (ts.isElementAccessExpression(e)) {
      e = e.expression;
    } else break;
  }
  if (ts.isIdentifier(e)) parts.unshift(e.text);
  else if (e.kind === ts.SyntaxKind.ThisKeyword) parts.unshift("this");
  return parts.join(".");
}

/** The SQL text of a query call's first argument (string, template head, or tagged template head). */
export function sqlText(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): string | undefined {
  let first: ts.Node | undefined;
  if (ts.isTaggedTemplateExpression(call)) first = call.template;
  else first = call.arguments?.[0];
  if (!first) return undefined;
  if (ts.isExpression(first)) first = unwrap(first);
  let text: string | undefined;
  if (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) text = first.text;
  else if (ts.isTemplateExpression(first)) text = first.head.text;
  else if (ts.isObjectLiteralExpression(first)) {
    // pg's query config object: { text: "SELECT …", values }
    for (const p of first.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && (p.name.text === "text" || p.name.text === "sql")) text = stringValue(p.initializer);
    }
  }
  if (text === undefined) return undefined;
  const stripped = text.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, "").trimStart();
  return SQL_TRANSACTION.test(stripped) || SQL_MUTATION.test(stripped) || SQL_READ.test(stripped) ? stripped : undefined;
}

const PROMPT_RECEIVER = /^(prompt|prompts|inquirer|enquirer|readline|rl|read|readUserInfo|clack|ask)$/;
const PROMPT_WORDS = /^(prompt|ask|question|password|passwords|username|otp)$/i;

/** `read.password("Password: ")`, `inquirer.prompt([...])`, `ask("Name? ")`: a question put to the user. */
function isPrompt(call: ts.CallExpression, op: Pick<AwaitedOperation, "name" | "receiver">): boolean {
  const root = op.receiver ? rootNode(op.receiver) : undefined;
  if (root && ts.isIdentifier(root) && PROMPT_RECEIVER.test(root.text) && op.receiver && ts.isIdentifier(unwrap(op.receiver))) return true;
  const name = op.name ?? "";
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/);
  if (words.some((w) => PROMPT_WORDS.test(w)) && !/^(get|fetch|find|load|update|set|reset|verify|check|hash|compare|validate|create|delete|send|parse|normalize|sanitize|format|encrypt|decrypt|store|save)/i.test(name)) return true;
  const first = call.arguments[0] && stringValue(unwrap(call.arguments[0]));
  return first !== undefined && /^[A-Z][^/\n]{0,80}[:?]\s*$/.test(first) && !/^\s*(select|insert|update|delete|with)\b/i.test(first);
}

const COMMAND_NAMES = /^(exec|execa|execFile|execCommand|execAsync|spawn|spawnAsync|runScript|runCommand|runCmd|shell|sh|\$|execaCommand|promiseSpawn|fork)$/;

/** Child processes: exec/spawn from child_process (promisified or not), execa, zx's $, runScript. */
function isCommand(call: ts.CallExpression, name: string | undefined, receiver: ts.Expression | undefined, api: ApiRef | undefined): boolean {
  if (api && (api.module === "child_process" || api.module === "execa" || api.module === "zx" || api.module === "@npmcli/run-script" || api.module === "@npmcli/promise-spawn" || api.module === "cross-spawn")) return true;
  // A bare exec()/spawn() is a child process; query.exec() on a receiver (Mongoose, a db handle) is not.
  if (name && !receiver && COMMAND_NAMES.test(name)) return true;
  // { stdio: "inherit" }: a child process sharing the terminal
  for (const arg of call.arguments) {
    const a = unwrap(arg);
    if (!ts.isObjectLiteralExpression(a)) continue;
    for (const p of a.properties) if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "stdio") return true;
  }
  return false;
}

/** fetch(url, { method: "POST" }), axios({ method: "delete" }): an HTTP call that changes something. */
function hasMutatingHttpMethod(call: ts.CallExpression): boolean {
  for (const arg of call.arguments) {
    const a = unwrap(arg);
    if (!ts.isObjectLiteralExpression(a)) continue;
    for (const p of a.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "method") {
        const m = stringValue(p.initializer);
        if (m === undefined || HTTP_MUTATING.test(m)) return true;
      }
    }
  }
  return false;
}

function isCompound(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
}

/** How a member chain is used: written by `=`, read and written by `+=` / `++` / `delete`, or only read. */
function memberAssignment(top: ts.Node): "write" | "readwrite" | "read" {
  let n = top;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!p) return "read";
  if (ts.isBinaryExpression(p) && p.left === n) {
    const k = p.operatorToken.kind;
    if (k === ts.SyntaxKind.EqualsToken) return "write";
    if (k >= ts.SyntaxKind.FirstCompoundAssignment && k <= ts.SyntaxKind.LastCompoundAssignment) return "readwrite";
  }
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return "readwrite";
  if (ts.isDeleteExpression(p)) return "readwrite";
  // Destructuring assignment targets: `[this.a, this.b] = await f()`
  let q: ts.Node = n;
  while (q.parent && (ts.isArrayLiteralExpression(q.parent) || ts.isObjectLiteralExpression(q.parent) || (ts.isPropertyAssignment(q.parent) && q.parent.initializer === q) || ts.isShorthandPropertyAssignment(q.parent) || ts.isSpreadElement(q.parent))) q = q.parent;
  if (q !== n && q.parent && ts.isBinaryExpression(q.parent) && q.parent.left === q && q.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return "write";
  if (q !== n && q.parent && (ts.isForOfStatement(q.parent) || ts.isForInStatement(q.parent)) && q.parent.initializer === q) return "write";
  return "read";
}

/** Test files run their awaits in order on purpose (determinism beats speed there). */
export function isTestFile(path: string): boolean {
  // Asked once per file by each await rule: most paths are settled without a regex.
  if (!path.includes("test") && !path.includes("spec") && !path.includes("e2e") && !path.includes("__")) return false;
  const norm = path.replace(/\\/g, "/");
  return /\.(test|spec|e2e|test-d)\.[cm]?[jt]sx?$/.test(norm) || /(^|\/)(__tests__|__mocks__)\//.test(norm);
}

/** Comments in which authors say the order is deliberate: "sequential on purpose", "one at a time", "rate limit"… */
const DELIBERATE_ORDER = /no-await-in-loop|\bsequential(ly)?\b|\bserial(ly|ized|ised)?\b|one (at a|by) (a )?time|order (matters|is important)|(preserve|keep|maintain)s? (the )?order|\bin sequence\b|not (in )?parallel|don'?t parallel|(must|should|cannot|can't|mustn't) (not )?(run|go|happen) concurrently|rate.?limit|\bthrottl|avoid (hammering|overload)|overwhelm|\bdeliberate(ly)?\b|\bon purpose\b|\bintentional(ly)?\b/i;
/** …unless the comment asks for the opposite ("TODO: run these in parallel"). */
const WANTS_CONCURRENCY = /\b(todo|fixme|xxx|hack|slow|speed up|parallelize|parallelise|could (run|be done|happen) (in parallel|concurrently)|should (run|be) (in parallel|concurrent))/i;

/**
 * True when a comment on its own line just above one of `nodes` says running them in order is
 * intended. Comments at the end of a code line describe that line, not the group, and are ignored.
 */
export function declaresOrder(sf: ts.SourceFile, nodes: readonly ts.Node[]): boolean {
  const text = sf.text;
  // No comment anywhere in the span: nothing to read.
  let from = nodes[0]?.pos ?? 0;
  let to = from;
  for (const n of nodes) {
    from = Math.min(from, n.pos);
    to = Math.max(to, n.end);
  }
  const slash = text.indexOf("/", from);
  if (slash < 0 || slash >= to) return false;
  for (const node of nodes) {
    for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      const lineStart = text.lastIndexOf("\n", r.pos - 1) + 1;
      if (text.slice(lineStart, r.pos).trim() !== "") continue;
      const comment = text.slice(r.pos, r.end);
      if (DELIBERATE_ORDER.test(comment) && !WANTS_CONCURRENCY.test(comment)) return true;
    }
  }
  return false;
}
