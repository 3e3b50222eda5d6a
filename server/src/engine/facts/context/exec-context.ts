/**
 * The execution context of a piece of code: on the event loop in a latency-sensitive place (an
 * async function, a request handler, an event or timer callback), or at startup / in a script / on
 * a worker thread / in a plain synchronous utility. Decided from the file's role, the function's
 * registration as a handler, its callers, and the code around an inline callback.
 */
import { ts } from "ts-morph";
import { calleeName, enclosingFunction, isAsyncFunction, isFunctionNode, unwrap, type FunctionNode } from "../../ast";
import type { NodeApiFacts } from "../node-apis";
import type { NodeIndex } from "../node-index";
import type { ScopeFacts } from "../scope";
import { CallbackSources } from "./callback-sources";
import { CallerFacts } from "./callers";
import { FileRoleFacts, type FileRole } from "./file-role";
import { describeFunction, isAssignedToName, isInlineCallback } from "./function-names";
import type { HandlerRole } from "./handler-role";
import { HandlerFacts } from "./handlers";
import { NameReferences } from "./references";

export type ExecKind =
  /** Module top level, or code run once while a program starts (or stops). */
  | "startup"
  /** An async function (or `.then` callback) on the main thread. */
  | "async"
  /** A request handler, or an event / timer / stream callback, a scheduled job or queue processor. */
  | "handler"
  /** A plain synchronous function that is neither of the above. */
  | "sync"
  /** A CLI, build or test script: the program's own work, nobody waits on its event loop. */
  | "script"
  /** Code on a worker thread. */
  | "worker";

export interface ExecContext {
  kind: ExecKind;
  /** True where blocking delays other work: "async" and "handler". */
  latencySensitive: boolean;
  /** The function whose context this is; undefined at module level. */
  fn?: FunctionNode;
  /** Words for messages: "async function loadUsers", "request handler for GET /users", "a 'data' event callback". */
  description: string;
}

/** Inline callbacks that run as part of their caller, so they share its context. */
const INLINE_CALLBACK_HOSTS = new Set(["map", "forEach", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap", "sort"]);

export class ContextFacts {
  private readonly cache = new Map<ts.Node, ExecContext>();
  private readonly inProgress = new Set<ts.Node>();
  private readonly files: FileRoleFacts;
  private readonly handlers: HandlerFacts;
  private readonly callers: CallerFacts;

  constructor(
    private readonly sf: ts.SourceFile,
    scopes: ScopeFacts,
    apis: NodeApiFacts,
    filePath: string,
    nodes: () => NodeIndex,
  ) {
    this.files = new FileRoleFacts(sf, apis, filePath, nodes);
    const refs = new NameReferences(sf, scopes);
    this.handlers = new HandlerFacts(apis, this.files, new CallbackSources(scopes, apis), refs);
    this.callers = new CallerFacts(apis, this.handlers, refs, this.inProgress, (fn) => this.ofFunction(fn));
  }

  /** Module, CLI / build / test script, or worker thread; decided on first use, as most files never ask. */
  get fileRole(): FileRole {
    return this.files.fileRole;
  }

  /** The context of the code at `node`. */
  at(node: ts.Node): ExecContext {
    return this.ofFunction(isFunctionNode(node) ? node : enclosingFunction(node));
  }

  ofFunction(fn: FunctionNode | undefined): ExecContext {
    const key = fn ?? this.sf;
    let c = this.cache.get(key);
    if (!c) {
      this.inProgress.add(key);
      try {
        c = this.compute(fn);
      } finally {
        this.inProgress.delete(key);
      }
      this.cache.set(key, c);
    }
    return c;
  }

  private compute(fn: FunctionNode | undefined): ExecContext {
    if (this.fileRole === "worker") return ctx("worker", fn, "code on a worker thread");
    if (!fn) return ctx(this.fileRole === "script" ? "script" : "startup", fn, this.fileRole === "script" ? this.files.scriptDescription : "module top level");
    if (this.files.inWorkerBranch(fn)) return ctx("worker", fn, "code on a worker thread");
    if (this.files.isTestFile) return ctx("script", fn, this.files.scriptDescription);

    const handler = this.roleOf(fn);
    if (handler?.kind === "lifecycle") return ctx("startup", fn, handler.description);
    if (handler?.kind === "event") {
      const variant = syncVariantOwner(fn);
      if (variant) return ctx("sync", fn, `the synchronous variant ${variant}`);
    }
    if (handler && (this.fileRole !== "script" || handler.kind === "request" || this.keepsServing(handler) || this.registeredWhileServing(fn, handler))) {
      // An async job processor is async code as much as a handler; either way the loop is shared.
      return ctx(handler.source === "job" && isAsyncFunction(fn) ? "async" : "handler", fn, handler.description);
    }
    // Before the script check: a `map` callback inside a script's request handler is in that handler.
    const inline = this.inlineHost(fn);
    if (inline) return inline;
    if (this.fileRole === "script") {
      if (isInlineCallback(fn) && !isAsyncFunction(fn)) return { ...this.ofFunction(enclosingFunction(fn)), fn };
      // A helper of a script's request handler or daemon callback blocks what that callback serves.
      const caller = isAsyncFunction(fn) ? undefined : this.callers.hotCaller(fn);
      if (caller) return { kind: caller.kind, latencySensitive: true, fn, description: `${describeFunction(fn)}, called from ${caller.description}` };
      return ctx("script", fn, this.files.scriptDescription);
    }

    const startup = this.callers.startupRole(fn);
    if (startup) return ctx("startup", fn, startup);
    if (isAsyncFunction(fn)) {
      const what = describeFunction(fn);
      return ctx("async", fn, what === "function" && isInlineCallback(fn) ? "an async callback" : `async ${what}`);
    }
    if (this.isThenCallback(fn)) return ctx("async", fn, "a promise callback");
    // Other unnamed callbacks (executor functions, callbacks of synchronous APIs) run inside
    // their caller; a named synchronous function is a utility of its own.
    if (isInlineCallback(fn)) return { ...this.ofFunction(enclosingFunction(fn)), fn };
    const caller = this.callers.hotCaller(fn);
    if (caller) return { kind: caller.kind, latencySensitive: true, fn, description: `${describeFunction(fn)}, called from ${caller.description}` };
    return ctx("sync", fn, `synchronous ${describeFunction(fn)}`);
  }

  /**
   * In a CLI script, an event callback matters when the script is really a daemon: a watcher's or
   * socket's callbacks keep coming while the process runs, and so do a timer's or a job's once the
   * script also watches files, serves or holds a connection open. One-off timers, signal handlers
   * and stream callbacks of the script's own input stay the script's own work.
   */
  private keepsServing(role: HandlerRole): boolean {
    switch (role.source) {
      case "watch":
      case "socket":
      case "server":
        return true;
      case "interval":
      case "job":
        return this.files.isDaemon();
      default:
        return false;
    }
  }

  /**
   * `wss.on("connection", (ws) => ws.on("message", …))` in a script: a callback registered by an
   * inline callback that serves events serves those events too.
   */
  private registeredWhileServing(fn: FunctionNode, role: HandlerRole): boolean {
    if (role.kind !== "event" || role.source === "signal" || !isInlineCallback(fn)) return false;
    const outer = enclosingFunction(fn);
    return !!outer && !this.inProgress.has(outer) && this.ofFunction(outer).latencySensitive;
  }

  /**
   * An unnamed function that runs as part of the code around it (an IIFE, an array-method or
   * promise callback, the server's listen callback) takes that code's context — so an async
   * IIFE at module level is startup, and `files.map(async …)` in a handler is that handler.
   */
  private inlineHost(fn: FunctionNode): ExecContext | undefined {
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || isAssignedToName(fn)) return undefined;
    let arg: ts.Node = fn;
    while (arg.parent && ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
    const call = arg.parent;
    if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return undefined;
    const outer = () => this.ofFunction(enclosingFunction(call));
    if (ts.isCallExpression(call) && call.expression === arg) return { ...outer(), fn };
    if (!call.arguments?.includes(arg as ts.Expression)) return undefined;
    const name = calleeName(call);
    if (ts.isNewExpression(call)) return name === "Promise" ? { ...outer(), fn } : undefined;
    const viaMember = ts.isPropertyAccessExpression(unwrap(call.expression));
    // An async callback, or any promise callback, outlives a synchronous caller: it is async code of its own.
    if (viaMember && name && INLINE_CALLBACK_HOSTS.has(name)) return keepUnlessSync(outer(), fn, isAsyncFunction(fn));
    if (viaMember && (name === "then" || name === "catch" || name === "finally")) return keepUnlessSync(outer(), fn, true);
    if (viaMember && name === "listen") {
      const o = outer();
      if (o.kind === "startup") return ctx("startup", fn, "the server's listen callback");
    }
    return undefined;
  }

  /** How `fn` is registered as a request handler or event callback, if it is. */
  roleOf(fn: FunctionNode): HandlerRole | undefined {
    return this.handlers.roleOf(fn);
  }

  private isThenCallback(fn: FunctionNode): boolean {
    const p = fn.parent;
    if (!p || !ts.isCallExpression(p) || !p.arguments.includes(fn as ts.Expression)) return false;
    const name = calleeName(p);
    return name === "then" || name === "catch" || name === "finally";
  }
}

function ctx(kind: ExecKind, fn: FunctionNode | undefined, description: string): ExecContext {
  return { kind, fn, description, latencySensitive: kind === "async" || kind === "handler" };
}

/** The caller's context for an inline callback, unless the caller is a plain synchronous utility the callback outlives. */
function keepUnlessSync(outer: ExecContext, fn: FunctionNode, outlivesCaller: boolean): ExecContext | undefined {
  if (outer.kind === "sync" && outlivesCaller) return undefined;
  return { ...outer, fn };
}

/**
 * `class UnpackSync extends Unpack`: the synchronous twin of an asynchronous class, whose callers
 * asked for blocking behaviour; its stream callbacks fire synchronously inside their calls.
 */
function syncVariantOwner(fn: FunctionNode): string | undefined {
  for (let p: ts.Node | undefined = fn.parent; p; p = p.parent) {
    if (!ts.isClassLike(p) || !p.name || !p.name.text.endsWith("Sync")) continue;
    const base = p.name.text.slice(0, -"Sync".length);
    const ext = p.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (ext && ts.isIdentifier(ext) && ext.text === base) return p.name.text;
  }
  return undefined;
}
