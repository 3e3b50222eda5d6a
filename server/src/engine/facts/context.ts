/**
 * Where a piece of code runs, and so whether blocking there hurts: on the event loop in a
 * latency-sensitive place (an async function, a request handler, an event or timer callback), or
 * at startup / in a CLI or build script / on a worker thread / in a plain synchronous utility.
 */
import { ts } from "ts-morph";
import { calleeName, enclosingFunction, isAsyncFunction, isFunctionNode, stringValue, unwrap, walk, walkSameFunction, type FunctionNode } from "../ast";
import type { ApiRef, NodeApiFacts } from "./node-apis";
import { isIdentChar, nodeAt } from "./named-calls";
import { isReference, type ScopeFacts } from "./scope";

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

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "use", "route"]);
const EVENT_REGISTRATIONS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"]);
const TIMERS = new Set(["setTimeout", "setInterval", "setImmediate"]);
const SERVER_FACTORIES = new Set(["createServer", "createSecureServer"]);
/** Events that serve clients: their callbacks stay latency-sensitive even inside a CLI script. */
const REQUEST_EVENTS = new Set(["request", "connection", "secureConnection", "upgrade", "stream", "checkContinue"]);
/** Process events after which nobody waits: the process is exiting or crashing. */
const PROCESS_EXIT_EVENTS = new Set(["exit", "beforeExit", "uncaughtException", "uncaughtExceptionMonitor", "unhandledRejection"]);
/** Signals a serving process handles and keeps running (log rotation on SIGHUP, diagnostics on SIGUSR1/2); other signals stop it. */
const SERVING_SIGNALS = new Set(["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH"]);
/** Inline callbacks that run as part of their caller, so they share its context. */
const INLINE_CALLBACK_HOSTS = new Set(["map", "forEach", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap", "sort"]);
/** Names that say "runs once while the program starts", trusted even when the function is exported. */
const STARTUP_NAMES = new Set(["main", "bootstrap", "boot", "start", "startup", "startServer", "startApp", "init", "initialize", "initialise", "initApp", "initServer", "setup", "setupApp", "setupServer", "launch", "activate", "deactivate"]);
/** NestJS lifecycle hooks: run once when the application starts or shuts down. */
const LIFECYCLE_METHODS = new Set(["onModuleInit", "onApplicationBootstrap", "onModuleDestroy", "beforeApplicationShutdown", "onApplicationShutdown"]);
/** Next.js data functions that run at build time, not per request. */
const BUILD_TIME_FUNCTIONS = new Set(["getStaticProps", "getStaticPaths", "generateStaticParams"]);
/** Nuxt / h3 handler factories: `export default defineEventHandler((event) => …)`. */
const EVENT_HANDLER_FACTORIES = new Set(["defineEventHandler", "eventHandler", "defineCachedEventHandler"]);
/** Exported functions of a route module (Next.js app router, SvelteKit +server) named after HTTP methods. */
const ROUTE_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
/** NestJS decorators that make a controller method a request, message or scheduled handler. */
const NEST_ROUTE_DECORATORS = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Head", "Options"]);
const NEST_EVENT_DECORATORS = new Set(["MessagePattern", "EventPattern", "SubscribeMessage", "OnEvent", "Cron", "Interval", "Timeout", "Process"]);
/** Fastify's plugin API: a function that decorates the instance or adds hooks is a plugin body, run at boot. */
const PLUGIN_SETUP_CALLS = new Set(["decorate", "decorateRequest", "decorateReply", "addHook"]);
/** Worker-side halves of thread-pool libraries: a module that imports one runs on a worker thread. */
const WORKER_PACKAGES = new Set(["threads/worker"]);
/** Job-queue libraries, whose "workers" are callbacks on the main thread. */
const QUEUE_PACKAGES = new Set(["bullmq", "bull", "bee-queue", "@nestjs/bull", "@nestjs/bullmq", "kue", "agenda", "pg-boss"]);
/** Command-line parsers: a module that imports one is a CLI. */
const CLI_PACKAGES = new Set(["commander", "yargs", "yargs/yargs", "meow", "cac", "sade", "@oclif/core", "@oclif/command", "clipanion", "citty", "caporal", "@caporal/core", "vorpal"]);
/** Calls that can register a request handler (what `registration` answers "request" for). */
const REQUEST_REGISTRATIONS = new Set([...HTTP_METHODS, ...EVENT_REGISTRATIONS, ...SERVER_FACTORIES, ...EVENT_HANDLER_FACTORIES]);
/** A name with more occurrences than this is looked up in the file's reference index instead of one by one. */
const MAX_TEXT_REFERENCES = 64;
/** Texts a file must contain before it is worth walking for the imports and calls that decide its role. */
const WORKER_HINTS = ["parentPort", "workerData"];
const QUEUE_SPECIFIER = quotedSpecifiers(QUEUE_PACKAGES);
const CLI_SPECIFIER = quotedSpecifiers(CLI_PACKAGES);
/** Call names that start a watcher, a server or a socket: what a long-running script's events come from. */
const LONG_LIVED_CALLS = new Set(["watch", "watchFile", "createServer", "createSecureServer", "listen", "connect", "createConnection", "createSocket", "Socket", "WebSocket", "WebSocketServer", "Server"]);
const LONG_LIVED_HINT = /watch|listen|createServer|createSecureServer|connect|createConnection|createSocket|WebSocket|Server/;

/**
 * What calls an event callback back: a file watcher, a socket or server, a repeating or one-off
 * timer, a scheduled job or queue processor, a process signal. In a CLI script it decides whether
 * the script is really a daemon that keeps serving these events.
 */
export type CallbackSource = "watch" | "socket" | "server" | "interval" | "timeout" | "job" | "signal";

/** How a function is registered to be called back. */
export interface HandlerRole {
  description: string;
  /** request: serves clients; event: other callbacks; lifecycle: runs as the process stops. */
  kind: "request" | "event" | "lifecycle";
  /** The event name for `emitter.on(event, fn)`; "connection" for `net.createServer(fn)`. */
  event?: string;
  /** What calls it back, where that is known. */
  source?: CallbackSource;
}

type FileRole = "module" | "script" | "worker";

/** What a walk of the whole file tells about its role: imports, worker-thread APIs, a main-module check, a server. */
interface RoleClues {
  imported: Set<string>;
  usesParentPort: boolean;
  hasMainCheck: boolean;
  startsServer: boolean;
}

export class ContextFacts {
  private readonly cache = new Map<ts.Node, ExecContext>();
  private readonly inProgress = new Set<ts.Node>();
  private role?: FileRole;
  private readonly filePath: string;
  /** How a script file is described in messages: "a CLI script", "a test file", "a build script". */
  private scriptDescription = "a CLI script";
  /** Test files: every callback in them, route handlers of test servers included, is the script's own work. */
  private isTestFile = false;

  /** Next.js / SvelteKit route modules, whose exported functions are request handlers. */
  private readonly routeModule: "pages-api" | "route-file" | undefined;

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly scopes: ScopeFacts,
    private readonly apis: NodeApiFacts,
    filePath: string,
  ) {
    this.filePath = filePath;
    const norm = filePath.replace(/\\/g, "/");
    this.routeModule = /(^|\/)pages\/api\//.test(norm) ? "pages-api" : /(^|\/)(route|\+server)\.[cm]?[jt]sx?$/.test(norm) ? "route-file" : undefined;
  }

  /** Module, CLI / build / test script, or worker thread; decided on first use, as most files never ask. */
  get fileRole(): FileRole {
    return (this.role ??= this.classifyFile(this.filePath));
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
    if (!fn) return ctx(this.fileRole === "script" ? "script" : "startup", fn, this.fileRole === "script" ? this.scriptDescription : "module top level");
    if (this.inWorkerBranch(fn)) return ctx("worker", fn, "code on a worker thread");
    if (this.isTestFile) return ctx("script", fn, this.scriptDescription);

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
      const caller = isAsyncFunction(fn) ? undefined : this.hotCaller(fn);
      if (caller) return { kind: caller.kind, latencySensitive: true, fn, description: `${describeFunction(fn)}, called from ${caller.description}` };
      return ctx("script", fn, this.scriptDescription);
    }

    const startup = this.startupRole(fn);
    if (startup) return ctx("startup", fn, startup);
    if (isAsyncFunction(fn)) {
      const what = describeFunction(fn);
      return ctx("async", fn, what === "function" && isInlineCallback(fn) ? "an async callback" : `async ${what}`);
    }
    if (this.isThenCallback(fn)) return ctx("async", fn, "a promise callback");
    // Other unnamed callbacks (executor functions, callbacks of synchronous APIs) run inside
    // their caller; a named synchronous function is a utility of its own.
    if (isInlineCallback(fn)) return { ...this.ofFunction(enclosingFunction(fn)), fn };
    const caller = this.hotCaller(fn);
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
        return this.isDaemon();
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

  private daemon?: boolean;

  /** The file starts a watcher, a server or a socket: the process keeps serving events. */
  private isDaemon(): boolean {
    if (this.daemon !== undefined) return this.daemon;
    let found = false;
    if (LONG_LIVED_HINT.test(this.sf.text)) {
      walk(this.sf, (n) => {
        if (found) return false;
        if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) return;
        const name = calleeName(n);
        if (!name || !LONG_LIVED_CALLS.has(name)) return;
        if (name === "listen" && ts.isPropertyAccessExpression(unwrap(n.expression))) found = true;
        else if (sourceOfEmitter(this.apis.callee(n))) found = true;
      });
    }
    return (this.daemon = found);
  }

  /**
   * A file-local synchronous helper runs wherever it is called: when it is only ever called
   * directly (never exported or passed on) and one of those calls is in a handler or async
   * function, the helper blocks that handler. Returns that caller's context.
   */
  private hotCaller(fn: FunctionNode): ExecContext | undefined {
    const id = functionNameId(fn);
    if (!id || hasExportModifier(fn)) return undefined;
    const refs = this.referencesOf(id).filter((r) => !isInside(r, fn));
    const calls: ts.CallExpression[] = [];
    for (const r of refs) {
      const call = calleeCall(r);
      if (!call) return undefined;
      calls.push(call);
    }
    for (const call of calls) {
      const site = enclosingFunction(call);
      if (site && this.inProgress.has(site)) continue;
      const c = this.ofFunction(site);
      if (c.latencySensitive) return c;
    }
    return undefined;
  }

  /**
   * Where a function's name is used. A function name is usually rare in its file, so finding its
   * few occurrences in the text costs less than the file-wide reference index, which is built only
   * for a name used too often to check one by one. `shape`, when given, keeps only uses of that
   * syntactic shape (checked before any name resolution).
   */
  private referencesOf(declaring: ts.Identifier, shape?: (id: ts.Identifier) => boolean): ts.Identifier[] {
    const text = this.sf.text;
    const name = declaring.text;
    const uses: ts.Identifier[] = [];
    let seen = 0;
    for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) {
      if ((i > 0 && isIdentChar(text.charCodeAt(i - 1))) || isIdentChar(text.charCodeAt(i + name.length))) continue;
      if (++seen > MAX_TEXT_REFERENCES) {
        const decl = this.scopes.declOf(declaring);
        return decl ? this.scopes.references(decl).filter((r) => !shape || shape(r)) : [];
      }
      const id = nodeAt(this.sf, i, name.length);
      if (id && ts.isIdentifier(id) && id !== declaring && isReference(id) && (!shape || shape(id))) uses.push(id);
    }
    // Only names resolve; when nothing else is named like the function, nothing needs resolving.
    if (!uses.length) return [];
    const decl = this.scopes.declOf(declaring);
    if (!decl) return [];
    return uses.filter((id) => isInside(id, decl.scope) && !inTypePosition(id, decl.scope) && this.scopes.resolve(id) === decl);
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

  /** Async code that only ever runs while the program starts: `async function main() {…} main();`. */
  private startupRole(fn: FunctionNode): string | undefined {
    const name = functionName(fn);
    if (name && BUILD_TIME_FUNCTIONS.has(name)) return `build-time function ${name}`;
    if (ts.isMethodDeclaration(fn) && name && (STARTUP_NAMES.has(name) || LIFECYCLE_METHODS.has(name))) return `startup method ${name}`;
    const id = functionNameId(fn);
    if (id && this.calledOnlyAtStartup(fn, id)) return `startup function ${id.text}`;
    if (this.registersServer(fn)) return `setup ${describeFunction(fn)}`;
    return undefined;
  }

  private calledOnlyAtStartup(fn: FunctionNode, id: ts.Identifier): boolean {
    if (hasExportModifier(fn)) return STARTUP_NAMES.has(id.text);
    const refs = this.referencesOf(id).filter((r) => !isInside(r, fn));
    if (refs.length === 0) return false;
    return refs.every((r) => this.isStartupUse(r) || (STARTUP_NAMES.has(id.text) && isExportUse(r)));
  }

  /** `main()` / `await main()` / `main().catch(…)` / `app.register(plugin)` in startup code. */
  private isStartupUse(ref: ts.Identifier): boolean {
    let e: ts.Node = ref;
    while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent))) e = e.parent;
    const call = e.parent;
    if (!call || !ts.isCallExpression(call)) return false;
    const isCallee = call.expression === e;
    const isPlugin = !isCallee && call.arguments[0] === e && this.isPluginRegistration(call);
    if (!isCallee && !isPlugin) return false;
    const site = enclosingFunction(call);
    if (site && this.inProgress.has(site)) return false;
    return this.ofFunction(site).kind === "startup";
  }

  /** `app.register(plugin)`, or wrapping with fastify-plugin's `fp(plugin)`: the plugin body runs once, at boot. */
  private isPluginRegistration(call: ts.CallExpression): boolean {
    if (calleeName(call) === "register" && ts.isPropertyAccessExpression(unwrap(call.expression))) return true;
    const api = this.apis.callee(call);
    return !!api && api.module === "fastify-plugin" && (api.path.length === 0 || api.path[0] === "default");
  }

  /** A function whose own body registers routes or starts a server is setup code (an app factory, a fastify plugin). */
  private registersServer(fn: FunctionNode): boolean {
    if (!fn.body) return false;
    let found = false;
    walkSameFunction(fn.body, (n) => {
      if (found) return false;
      if (!ts.isCallExpression(n)) return;
      const callee = unwrap(n.expression);
      const name = calleeName(n);
      if (!name) return;
      if (ts.isPropertyAccessExpression(callee) && (name === "listen" || PLUGIN_SETUP_CALLS.has(name))) found = true;
      else if (REQUEST_REGISTRATIONS.has(name) && n.arguments.some((a) => isFunctionLike(a) && this.registration(a)?.kind === "request")) found = true;
    });
    return found;
  }

  /** How `fn` is registered as a request handler or event callback, if it is. */
  roleOf(fn: FunctionNode): HandlerRole | undefined {
    if (!this.roles.has(fn)) this.roles.set(fn, this.handlerRole(fn));
    return this.roles.get(fn);
  }

  private readonly roles = new Map<FunctionNode, HandlerRole | undefined>();

  /** Describes `fn` as a handler when it is registered as one, directly or by name. */
  private handlerRole(fn: FunctionNode): HandlerRole | undefined {
    return this.registeredRole(fn) ?? this.conventionalRole(fn);
  }

  private registeredRole(fn: FunctionNode): HandlerRole | undefined {
    const direct = this.registration(fn) ?? decoratedRole(fn) ?? this.routeExportRole(fn);
    if (direct) return direct;
    // function onData(chunk) {…}; stream.on("data", onData)
    const nameId = functionNameId(fn);
    if (!nameId) return undefined;
    for (const ref of this.referencesOf(nameId, mayRegister)) {
      const role = this.registration(ref);
      if (role) return role;
    }
    return undefined;
  }

  /**
   * `exports.getUser = (req, res) => {…}` in a controllers file: registered as a route elsewhere,
   * but the (req, res) signature is Node's request-handler convention (Fastify's `reply`, hapi's `h`).
   */
  private conventionalRole(fn: FunctionNode): HandlerRole | undefined {
    const [first, second] = fn.parameters;
    if (!first || !second || !ts.isIdentifier(first.name) || !ts.isIdentifier(second.name)) return undefined;
    if (!/^(req|request)$/.test(first.name.text) || !/^(res|response|reply|h)$/.test(second.name.text)) return undefined;
    const what = describeFunction(fn);
    return request(what === "function" ? "a request handler" : `request handler ${what.replace(/^(function|method) /, "")}`);
  }

  /** `export default function handler(req, res)` in pages/api, `export async function GET()` in app/…/route.ts. */
  private routeExportRole(fn: FunctionNode): HandlerRole | undefined {
    if (!this.routeModule || !hasExportModifier(fn)) return undefined;
    const name = functionName(fn);
    if (this.routeModule === "pages-api" && isDefaultExport(fn)) return request("an API route handler");
    if (this.routeModule === "route-file" && name && ROUTE_EXPORTS.has(name)) return request(`request handler for ${name}`);
    return undefined;
  }

  /** When `value` is passed to a handler / event / timer registration, describes it. */
  private registration(value: ts.Node): HandlerRole | undefined {
    let arg: ts.Node = value;
    while (arg.parent && (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent))) arg = arg.parent;
    const parent = arg.parent;
    if (!parent) return undefined;
    // Route objects: fastify.route({ method, url, handler }), hapi's server.route({ handler })
    if (ts.isPropertyAssignment(parent) && parent.initializer === arg && ts.isIdentifier(parent.name) && parent.name.text === "handler") return request("a request handler");
    if (ts.isMethodDeclaration(value) && ts.isIdentifier(value.name) && value.name.text === "handler" && ts.isObjectLiteralExpression(value.parent)) return request("a request handler");
    if (ts.isExportAssignment(parent) && !parent.isExportEquals && this.routeModule === "pages-api") return request("an API route handler");
    // cron's CronJob.from({ cronTime, onTick }) / new CronJob({ onTick })
    const tick = ts.isPropertyAssignment(parent) && parent.initializer === arg ? parent : ts.isMethodDeclaration(value) ? value : undefined;
    if (tick && ts.isIdentifier(tick.name) && tick.name.text === "onTick" && ts.isObjectLiteralExpression(tick.parent)) return this.cronOptionsRole(tick.parent);
    if (ts.isNewExpression(parent) && parent.arguments?.includes(arg as ts.Expression)) return this.constructedJobRole(parent);
    if (!ts.isCallExpression(parent) || !parent.arguments.includes(arg as ts.Expression)) return undefined;
    const name = calleeName(parent);
    if (!name) return undefined;
    const callee = unwrap(parent.expression);
    const args = parent.arguments;
    const first = args[0];
    if (ts.isPropertyAccessExpression(callee) && HTTP_METHODS.has(name) && arg !== first) {
      const path = stringValue(first);
      if (path !== undefined || (first && ts.isRegularExpressionLiteral(first)) || name === "use") {
        return request(path !== undefined ? `request handler for ${name.toUpperCase()} ${path}` : "a request handler");
      }
    }
    if (name === "use" && ts.isPropertyAccessExpression(callee)) return request("a request handler");
    if (EVENT_REGISTRATIONS.has(name) && ts.isPropertyAccessExpression(callee) && arg !== first) {
      const event = stringValue(first);
      if (event === undefined) return { kind: "event", description: "an event callback" };
      if ((PROCESS_EXIT_EVENTS.has(event) || /^SIG[A-Z0-9]+$/.test(event)) && this.apis.is(callee.expression, "global", "process")) {
        if (SERVING_SIGNALS.has(event)) return { kind: "event", event, source: "signal", description: `a process '${event}' handler` };
        return { kind: "lifecycle", description: `a process '${event}' handler` };
      }
      if (event === "listening") return { kind: "lifecycle", description: "a 'listening' callback" };
      const kind = REQUEST_EVENTS.has(event) ? "request" : "event";
      // Only a script asks what emits the event (is it a daemon's watcher or socket?).
      const source = kind === "event" && this.fileRole === "script" ? sourceOfEmitter(this.emitterOrigin(callee.expression)) : undefined;
      return { kind, event, source, description: `${/^[aeiou]/i.test(event) ? "an" : "a"} '${event}' event callback` };
    }
    const job = this.jobRole(parent, callee, name, arg);
    if (job) return job;
    const api = this.apis.callee(parent);
    if (SERVER_FACTORIES.has(name) && (api?.module === "net" || api?.module === "tls")) return { kind: "request", event: "connection", description: "a connection handler" };
    if (SERVER_FACTORIES.has(name) || EVENT_HANDLER_FACTORIES.has(name)) return request("a request handler");
    if (TIMERS.has(name) && arg === first) return { kind: "event", source: name === "setInterval" ? "interval" : "timeout", description: `a ${name} callback` };
    if (name === "nextTick" && ts.isPropertyAccessExpression(callee)) return { kind: "event", description: "a process.nextTick callback" };
    if (api && api.module === "global" && api.path[0] === "queueMicrotask") return { kind: "event", description: "a microtask" };
    if (api && api.module === "fs" && api.path.length === 1 && (api.path[0] === "watch" || api.path[0] === "watchFile") && arg === args[args.length - 1]) {
      return { kind: "event", source: "watch", description: "a file-watch callback" };
    }
    return undefined;
  }

  /**
   * Scheduled jobs and queue processors run on the main thread while the process serves, like a
   * setInterval callback: node-cron's `cron.schedule(expr, fn)`, node-schedule's `scheduleJob`,
   * Agenda's `agenda.define(name, fn)`, Bull / Bee-Queue / Kue's `queue.process(fn)`, pg-boss's
   * `boss.work(name, fn)`. The scheduler is recognised by where it comes from, not by a method name.
   */
  private jobRole(call: ts.CallExpression, callee: ts.Expression, name: string, arg: ts.Node): HandlerRole | undefined {
    if (name !== "schedule" && name !== "scheduleJob" && name !== "define" && name !== "process" && name !== "work") return undefined;
    if (arg !== call.arguments[call.arguments.length - 1]) return undefined;
    const api = this.apis.callee(call);
    if (api && api.module === "node-cron" && api.path[api.path.length - 1] === "schedule") return job("a node-cron job");
    if (api && api.module === "node-schedule" && api.path[api.path.length - 1] === "scheduleJob") return job("a node-schedule job");
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const owner = this.emitterOrigin(callee.expression);
    if (!owner) return undefined;
    if (name === "define" && (owner.module === "agenda" || owner.module === "@hokify/agenda")) {
      const jobName = stringValue(call.arguments[0]);
      return job(jobName !== undefined ? `the Agenda job '${jobName}'` : "an Agenda job");
    }
    if (name === "process" && isJobQueue(owner)) return job("a queue processor");
    if (name === "work" && owner.module === "pg-boss") return job("a pg-boss job handler");
    return undefined;
  }

  /** `new CronJob(expr, onTick)` from cron, BullMQ's `new Worker(queue, processor)` (not worker_threads' Worker). */
  private constructedJobRole(expr: ts.NewExpression): HandlerRole | undefined {
    const api = this.apis.callee(expr);
    if (!api) return undefined;
    const last = api.path[api.path.length - 1];
    if (api.module === "cron" && last === "CronJob") return job("a cron job");
    if ((api.module === "bullmq" || api.module === "bullmq-pro") && last === "Worker") return job("a BullMQ job processor");
    return undefined;
  }

  private cronOptionsRole(options: ts.ObjectLiteralExpression): HandlerRole | undefined {
    let e: ts.Node = options;
    while (e.parent && ts.isParenthesizedExpression(e.parent)) e = e.parent;
    const call = e.parent;
    if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.includes(e as ts.Expression)) return undefined;
    const api = this.apis.callee(call);
    return api?.module === "cron" && api.path.includes("CronJob") ? job("a cron job") : undefined;
  }

  /**
   * The Node API an emitter or scheduler was made by: `net.connect(…)`, `chokidar.watch(…)`, `new
   * Agenda(…)`, through a variable holding it and through chained `.on(…)` calls (they return the
   * emitter).
   */
  private emitterOrigin(expr: ts.Expression, depth = 0): ApiRef | undefined {
    if (depth > 4) return undefined;
    const e = unwrap(expr);
    if (ts.isAwaitExpression(e)) return this.emitterOrigin(e.expression, depth + 1);
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      const name = calleeName(e);
      if (name && EVENT_REGISTRATIONS.has(name) && ts.isPropertyAccessExpression(callee)) return this.emitterOrigin(callee.expression, depth + 1);
      return this.apis.callee(e);
    }
    if (ts.isNewExpression(e)) return this.apis.callee(e);
    if (ts.isIdentifier(e)) {
      const decl = this.scopes.resolve(e);
      if ((decl.kind === "const" || decl.kind === "let" || decl.kind === "var") && !decl.path && decl.init && ts.isExpression(decl.init)) return this.emitterOrigin(decl.init, depth + 1);
      return undefined;
    }
    return this.apis.resolve(e);
  }

  private isThenCallback(fn: FunctionNode): boolean {
    const p = fn.parent;
    if (!p || !ts.isCallExpression(p) || !p.arguments.includes(fn as ts.Expression)) return false;
    const name = calleeName(p);
    return name === "then" || name === "catch" || name === "finally";
  }

  /** `if (!isMainThread) { … }` or the `else` of `if (isMainThread)`, from worker_threads. */
  private inWorkerBranch(fn: FunctionNode): boolean {
    if (!this.sf.text.includes("isMainThread")) return false;
    for (let p: ts.Node | undefined = fn.parent; p; p = p.parent) {
      if (!ts.isIfStatement(p)) continue;
      const cond = unwrap(p.expression);
      const negated = ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken;
      if (!this.apis.is(negated ? (cond as ts.PrefixUnaryExpression).operand : cond, "worker_threads", "isMainThread")) continue;
      if (isInside(fn, negated ? p.thenStatement : p.elseStatement ?? p.thenStatement) && (negated || !!p.elseStatement)) return true;
    }
    return false;
  }

  private classifyFile(filePath: string): FileRole {
    const norm = filePath.replace(/\\/g, "/");
    const text = this.sf.text;
    // The walk for imports and calls only happens when the text shows a file could need it.
    const facts = () => (this.roleClues ??= this.findRoleClues());
    const importsAny = (names: Set<string>) => [...facts().imported].some((m) => names.has(m));
    if (WORKER_HINTS.some((h) => text.includes(h)) && facts().usesParentPort && !this.hasMainThreadCheck()) return "worker";
    if (text.includes("threads/worker") && importsAny(WORKER_PACKAGES)) return "worker";
    // thumbnail.worker.ts: the worker-thread naming convention — unless it is a job-queue worker, which runs on the main thread.
    if (/\.worker\.[cm]?[jt]sx?$/.test(norm) && !(QUEUE_SPECIFIER.test(text) && importsAny(QUEUE_PACKAGES))) return "worker";
    if (/(^|\/)(__tests__|__mocks__|tests?|e2e)\//.test(norm) || /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/.test(norm)) {
      this.isTestFile = true;
      this.scriptDescription = "a test file";
      return "script";
    }
    if (text.startsWith("#!")) return "script";
    if (/(^|\/)(bin|tools|build)\/[^/]+$/.test(norm) || /(^|\/)scripts?\//.test(norm)) return "script";
    if (/(^|\/)cli(\/[^/]+|\.[cm]?[jt]sx?)$/.test(norm)) return "script";
    if (/(^|\/)(migrations|seeds|seeders)\/[^/]+$/.test(norm)) {
      this.scriptDescription = "a migration script";
      return "script";
    }
    if (/(^|\/)([\w.-]+\.config|gulpfile|Gruntfile|Jakefile|gatsby-node|gatsby-config)\.[cm]?[jt]s$/.test(norm)) {
      this.scriptDescription = "a build script";
      return "script";
    }
    // `if (require.main === module) app.listen(…)` runs a server, not a CLI.
    if (text.includes("require.main") && facts().hasMainCheck && !facts().startsServer) return "script";
    if (CLI_SPECIFIER.test(text) && importsAny(CLI_PACKAGES)) return "script";
    return "module";
  }

  private roleClues?: RoleClues;

  private findRoleClues(): RoleClues {
    const f: RoleClues = { imported: new Set<string>(), usesParentPort: false, hasMainCheck: false, startsServer: false };
    walk(this.sf, (n) => {
      if (ts.isImportDeclaration(n)) {
        const spec = stringValue(n.moduleSpecifier);
        if (spec) f.imported.add(spec);
      } else if (ts.isCallExpression(n)) {
        const name = calleeName(n);
        if ((name === "listen" && ts.isPropertyAccessExpression(unwrap(n.expression))) || (name && SERVER_FACTORIES.has(name))) f.startsServer = true;
        const spec = name === "require" && n.arguments.length === 1 ? stringValue(n.arguments[0]) : undefined;
        if (spec) f.imported.add(spec);
      } else if (!f.usesParentPort && (ts.isPropertyAccessExpression(n) || ts.isIdentifier(n))) {
        const name = ts.isIdentifier(n) ? n.text : n.name.text;
        if (name === "parentPort" || name === "workerData") {
          const api = this.apis.resolve(n);
          if (api && api.module === "worker_threads" && (api.path[0] === "parentPort" || api.path[0] === "workerData")) f.usesParentPort = true;
        }
      } else if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) {
        // require.main === module
        if ((isRequireMain(n.left) && isIdentifierNamed(n.right, "module")) || (isRequireMain(n.right) && isIdentifierNamed(n.left, "module"))) f.hasMainCheck = true;
      }
    });
    return f;
  }

  private hasMainThreadCheck(): boolean {
    let found = false;
    walk(this.sf, (n) => {
      if (found) return false;
      if (ts.isIdentifier(n) && n.text === "isMainThread" && this.apis.resolve(n)?.module === "worker_threads") found = true;
      if (ts.isPropertyAccessExpression(n) && n.name.text === "isMainThread" && this.apis.resolve(n)?.module === "worker_threads") found = true;
    });
    return found;
  }
}

function ctx(kind: ExecKind, fn: FunctionNode | undefined, description: string): ExecContext {
  return { kind, fn, description, latencySensitive: kind === "async" || kind === "handler" };
}

function request(description: string): HandlerRole {
  return { kind: "request", description };
}

/** The caller's context for an inline callback, unless the caller is a plain synchronous utility the callback outlives. */
function keepUnlessSync(outer: ExecContext, fn: FunctionNode, outlivesCaller: boolean): ExecContext | undefined {
  if (outer.kind === "sync" && outlivesCaller) return undefined;
  return { ...outer, fn };
}

/** `typeof fn` or another type: not a use of the value (the reference index skips types too). */
function inTypePosition(id: ts.Node, scope: ts.Node): boolean {
  for (let p = id.parent; p && p !== scope; p = p.parent) {
    if (ts.isTypeNode(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) return true;
  }
  return false;
}

/** Where `registration` may find a function passed by name: an argument, a `handler:` property, a default export. */
function mayRegister(id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent))) e = e.parent;
  const p = e.parent;
  if (!p) return false;
  if (ts.isCallExpression(p) || ts.isNewExpression(p)) return !!p.arguments?.includes(e as ts.Expression);
  return (ts.isPropertyAssignment(p) && p.initializer === e) || ts.isExportAssignment(p);
}

function isInside(n: ts.Node, ancestor: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** The call whose callee `ref` is (`f()`, `(f)()`), or undefined when the function is used another way. */
function calleeCall(ref: ts.Identifier): ts.CallExpression | undefined {
  let e: ts.Node = ref;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent))) e = e.parent;
  const call = e.parent;
  return call && ts.isCallExpression(call) && call.expression === e ? call : undefined;
}

/** `@Get(":id") find() {…}` in a NestJS controller. */
function decoratedRole(fn: FunctionNode): HandlerRole | undefined {
  if (!ts.isMethodDeclaration(fn)) return undefined;
  for (const d of ts.getDecorators(fn) ?? []) {
    const e = d.expression;
    const name = ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? e.expression.text : ts.isIdentifier(e) ? e.text : undefined;
    if (!name) continue;
    if (NEST_ROUTE_DECORATORS.has(name)) {
      const path = ts.isCallExpression(e) ? stringValue(e.arguments[0]) : undefined;
      return request(`request handler for ${name.toUpperCase()}${path !== undefined ? ` ${path}` : ""}`);
    }
    if (NEST_EVENT_DECORATORS.has(name)) return { kind: "event", description: `a @${name} handler` };
  }
  // @nestjs/bullmq: `@Processor("mail") class MailProcessor extends WorkerHost { async process(job) {…} }`
  if (ts.isIdentifier(fn.name) && fn.name.text === "process" && ts.isClassLike(fn.parent) && decoratorNames(fn.parent).includes("Processor")) return job("a @Processor job");
  return undefined;
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

function decoratorNames(node: ts.Node): string[] {
  const out: string[] = [];
  for (const d of (ts.canHaveDecorators(node) && ts.getDecorators(node)) || []) {
    const e = d.expression;
    const name = ts.isCallExpression(e) && ts.isIdentifier(e.expression) ? e.expression.text : ts.isIdentifier(e) ? e.text : undefined;
    if (name) out.push(name);
  }
  return out;
}

function job(description: string): HandlerRole {
  return { kind: "event", source: "job", description };
}

/** Bull / Bee-Queue queues (`new Queue(…)`, `Queue(…)`), Kue's `kue.createQueue()`. */
function isJobQueue(ref: ApiRef): boolean {
  if (ref.module === "bull" || ref.module === "bee-queue") return true;
  return ref.module === "kue" && ref.path[ref.path.length - 1] === "createQueue";
}

/** What kind of long-lived event source a factory makes: a watcher, a socket, a server. */
function sourceOfEmitter(ref: ApiRef | undefined): CallbackSource | undefined {
  if (!ref) return undefined;
  const last = ref.path[ref.path.length - 1];
  switch (ref.module) {
    case "fs":
      return ref.path.length === 1 && (last === "watch" || last === "watchFile") ? "watch" : undefined;
    case "chokidar":
      return last === "watch" ? "watch" : undefined;
    case "net":
    case "tls":
      if (last === "createServer") return "server";
      return last === "connect" || last === "createConnection" || last === "Socket" || last === "TLSSocket" ? "socket" : undefined;
    case "http":
    case "https":
    case "http2":
      return last === "createServer" || last === "createSecureServer" ? "server" : undefined;
    case "dgram":
      return last === "createSocket" ? "socket" : undefined;
    case "ws":
      if (last === "WebSocketServer" || last === "Server") return "server";
      return ref.path.length === 0 || last === "default" || last === "WebSocket" ? "socket" : undefined;
    default:
      return undefined;
  }
}

function quotedSpecifiers(names: Set<string>): RegExp {
  const alternatives = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(`["'\`](?:${alternatives.join("|")})["'\`]`);
}

function isDefaultExport(fn: FunctionNode): boolean {
  if (ts.isExportAssignment(fn.parent)) return true;
  const mods = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function isIdentifierNamed(n: ts.Expression, name: string): boolean {
  const e = unwrap(n);
  return ts.isIdentifier(e) && e.text === name;
}

function isRequireMain(n: ts.Expression): boolean {
  const e = unwrap(n);
  return ts.isPropertyAccessExpression(e) && e.name.text === "main" && isIdentifierNamed(e.expression, "require");
}

function isFunctionLike(n: ts.Node): boolean {
  const e = ts.isExpression(n) ? unwrap(n) : n;
  return ts.isIdentifier(e) || ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

function functionNameId(fn: FunctionNode): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn) && fn.name) return fn.name;
  const p = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name;
  return undefined;
}

function functionName(fn: FunctionNode): string | undefined {
  const id = functionNameId(fn);
  if (id) return id.text;
  const name = ts.isMethodDeclaration(fn) ? fn.name : ts.isPropertyAssignment(fn.parent) ? fn.parent.name : undefined;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

function hasExportModifier(fn: FunctionNode): boolean {
  if (ts.isExportAssignment(fn.parent)) return true;
  // `export const main = async () => …`: the modifier sits on the VariableStatement.
  const holder: ts.Node | undefined = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent.parent?.parent : undefined;
  if (!holder) return false;
  const mods = ts.canHaveModifiers(holder) ? ts.getModifiers(holder) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** `export { main }`, `module.exports = main`, `exports.main = main`, `module.exports = { main }`. */
function isExportUse(ref: ts.Identifier): boolean {
  const p = ref.parent;
  if (ts.isExportSpecifier(p) || ts.isExportAssignment(p)) return true;
  const assigned = ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p) ? p.parent.parent : p;
  if (!assigned || !ts.isBinaryExpression(assigned) || assigned.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const target = assigned.left.getText().replace(/\s/g, "");
  return target === "module.exports" || target.startsWith("module.exports.") || target.startsWith("exports.");
}

function isInlineCallback(fn: FunctionNode): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !isAssignedToName(fn);
}

/** `const helper = () => …` or `obj.helper = function () {…}`: a named utility rather than an inline callback. */
function isAssignedToName(fn: FunctionNode): boolean {
  const p = fn.parent;
  if (!p) return false;
  return ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || (ts.isBinaryExpression(p) && p.right === fn) || ts.isExportAssignment(p);
}

export function describeFunction(fn: FunctionNode): string {
  const id = functionNameId(fn);
  if (id) return `function ${id.text}`;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && ts.isIdentifier(fn.name)) return `method ${fn.name.text}`;
  if (ts.isConstructorDeclaration(fn)) return "constructor";
  // exports.handler = async () => …, { load: async () => … }, class { run = async () => … }
  const p = fn.parent;
  if (ts.isBinaryExpression(p) && p.right === fn && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(p.left)) return `function ${p.left.name.text}`;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) return `${ts.isPropertyDeclaration(p) ? "method" : "function"} ${p.name.text}`;
  return "function";
}
