/**
 * What kind of operation an awaited call is — a read, a mutation, a send, a sleep or yield, a
 * transaction step, a UI step, a command — from its API, its SQL, its name and its receiver.
 * Local sleep helpers (`const pause = (ms) => new Promise((r) => setTimeout(r, ms))`) count too.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, stringValue, unwrap, walk } from "../../ast";
import type { FileFacts } from "../file-facts";
import { isReference, type Decl } from "../scope";
import { rootNode } from "./accesses";
import { CallOperation, isDiscarded, isThenOnStartedPromise, memberKey, type AwaitedOperation, type OperationKind } from "./awaited-operation";
import { calleeChainText, chainCallNames, firstWord, hasMutatingHttpMethod, isCommand, isPrompt, SQL_MUTATION, SQL_READ, SQL_TRANSACTION, sqlText } from "./call-shapes";
import { LIMITER_METHODS, LIMITER_RECEIVER, MUTATION_INSIDE, MUTATION_VERBS, QUERY_TERMINATORS, SEND_VERBS, SLEEP_NAME, TRANSACTION_METHODS, UI_ACTIONS, YIELD_NAME } from "./operation-words";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isCallExpression, isElementAccessExpression, isExpression, isIdentifier, isNewExpression, isPropertyAccessExpression, isTaggedTemplateExpression } = ts;

/** Module and global names whose APIs decide an await's kind (see pauseKind and isCommand). */
const KIND_API_MODULE = /['"](?:node:)?(?:timers|events|child_process|execa|zx|@npmcli\/run-script|@npmcli\/promise-spawn|cross-spawn)(?:\/[\w/]*)?['"]/g;
const NOT_BOUND_NAMES = new Set(["import", "from", "const", "let", "var", "require", "as", "type", "default", "await", "typeof", "promises"]);

/** The timer functions a promise executor may hand its resolve to. */
const TIMER_NAMES = new Set(["setTimeout", "setImmediate", "nextTick"]);

export class OperationKinds {
  private readonly sleepFunctions = new Map<Decl, OperationKind | undefined>();
  private declaredFunctionNames?: Set<string>;
  private kindApiNames?: Set<string>;

  constructor(private readonly file: FileFacts) {}

  /** What an await waits for: the call, its name, receiver and API, and the kind of operation. */
  classifyAwait(aw: ts.AwaitExpression): AwaitedOperation {
    const resultUsed = !isDiscarded(aw);
    const target = unwrap(aw.expression);
    const base = { await: aw, resultUsed };
    if (!(isCallExpression(target) || isNewExpression(target) || isTaggedTemplateExpression(target))) {
      return { ...base, started: true, kind: "read" };
    }
    if (isCallExpression(target) && isThenOnStartedPromise(target)) {
      return { ...base, call: target, started: true, kind: "read", name: calleeName(target) };
    }
    const callee = isTaggedTemplateExpression(target) ? unwrap(target.tag) : unwrap(target.expression);
    const name = isIdentifier(callee) ? callee.text : isPropertyAccessExpression(callee) || isElementAccessExpression(callee) ? memberKey(callee) : undefined;
    const receiver = isPropertyAccessExpression(callee) || isElementAccessExpression(callee) ? callee.expression : undefined;
    const op = new CallOperation(aw, resultUsed, target, name, receiver, this.file.apis);
    op.kind = this.kindOf(target, op);
    return op;
  }

  /** The kind of operation a call is; `op` carries its name, receiver and API. */
  kindOf(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, op: Pick<AwaitedOperation, "name" | "receiver" | "api" | "resultUsed">): OperationKind {
    if (isCallExpression(call) && call.expression.kind === SyntaxKind.ImportKeyword) return "import";
    const pause = this.pauseKind(call, op);
    if (pause) return pause;
    if (isNewExpression(call)) return "effect";
    if (isTaggedTemplateExpression(call) && isIdentifier(unwrap(call.tag)) && (unwrap(call.tag) as ts.Identifier).text === "$") return "command";
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
      if (root && isIdentifier(root) && /^(page|browser|driver|frame|popup|tab|mainFrame|locator|element|el|cy|user|userEvent|t)$/.test(root.text)) return "ui";
      if (/^(locator|getBy|\$)/.test(calleeChainText(op.receiver))) return "ui";
    }
    if (isCallExpression(call) && isPrompt(call, op)) return "ui";
    if (isCallExpression(call) && isCommand(call, op.name, op.receiver, this.mayUseKindApis(call) ? op.api : undefined)) return "command";
    if (isCallExpression(call) && hasMutatingHttpMethod(call)) return "mutation";
    if (SEND_VERBS.has(name)) return "send";
    // User.find(q).exec(), cursor.toArray(): the query's own verb decides.
    if (QUERY_TERMINATORS.has(name) && op.receiver && isCallExpression(unwrap(op.receiver))) {
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
    if (isTaggedTemplateExpression(call)) return undefined;
    if (isNewExpression(call)) return this.promiseExecutorPause(call);
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
    if (name === "resolve" && op.receiver && isIdentifier(unwrap(op.receiver)) && (unwrap(op.receiver) as ts.Identifier).text === "Promise" && call.arguments?.length === 0) return "yield";
    if (SLEEP_NAME.test(name)) return "sleep";
    if (YIELD_NAME.test(name)) return "yield";
    if (op.receiver && LIMITER_METHODS.has(name) && LIMITER_RECEIVER.test(calleeChainText(op.receiver))) return "sleep";
    if (!op.receiver && /^(limit|limiter|throttle|rateLimit|rateLimiter)$/i.test(name)) return "sleep";
    // A local helper whose body is a timer promise: `const pause = (ms) => new Promise((r) => setTimeout(r, ms))`.
    const callee = unwrap(call.expression);
    if (isIdentifier(callee) && this.mayBeTimerHelper(callee.text)) {
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
    const callee = isTaggedTemplateExpression(call) ? call.tag : call.expression;
    const root = rootNode(callee);
    if (!root || !isIdentifier(root)) return false;
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
    if (fn && isExpression(fn)) fn = unwrap(fn);
    let kind: OperationKind | undefined;
    if (fn && isFunctionNode(fn)) {
      walk(fn, (n) => {
        if (kind) return false;
        if (isNewExpression(n)) kind = this.promiseExecutorPause(n);
      });
    } else if (fn && isCallExpression(fn) && calleeName(fn) === "promisify" && fn.arguments.length === 1) {
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
    if (!isIdentifier(ctor) || ctor.text !== "Promise") return undefined;
    const executor = expr.arguments?.[0];
    if (!executor || !isFunctionNode(unwrap(executor))) return undefined;
    let kind: OperationKind | undefined;
    walk(executor, (n) => {
      if (kind) return false;
      if (isCallExpression(n) && (calleeName(n) === "once" || calleeName(n) === "on") && stringValue(n.arguments[0]) === "drain") kind = "sleep";
      else if (isIdentifier(n) && isReference(n) && (TIMER_NAMES.has(n.text) || (isPropertyAccessExpression(n.parent) && n.parent.expression === n && TIMER_NAMES.has(n.parent.name.text)))) {
        // Only timer names are looked up: resolving binds the file's scopes, and executors are common.
        const api = this.file.apis.resolve(isPropertyAccessExpression(n.parent) && n.parent.expression === n ? n.parent : n);
        const last = api && (api.module === "global" || api.module === "timers") ? api.path[api.path.length - 1] : undefined;
        if (last === "setTimeout") kind = "sleep";
        else if (last === "setImmediate" || last === "nextTick") kind = "yield";
      }
    });
    return kind;
  }
}
