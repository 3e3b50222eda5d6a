/**
 * Where a file-local function is called from, and so where its code really runs: only while the
 * program starts (its async code is startup code), or from a latency-sensitive caller it then
 * blocks. Each call site's context is asked back of ContextFacts, which guards the recursion.
 */
import { ts } from "ts-morph";
import { calleeName, enclosingFunction, isAncestor, unwrap, walkSameFunction, type FunctionNode } from "../../ast";
import type { NodeApiFacts } from "../node-apis";
import { EVENT_REGISTRATIONS } from "./callback-sources";
import type { ExecContext } from "./exec-context";
import { calleeCall, describeFunction, functionName, functionNameId, hasExportModifier, isExportUse, isFunctionLike } from "./function-names";
import { EVENT_HANDLER_FACTORIES, HTTP_METHODS, SERVER_FACTORIES, type HandlerFacts } from "./handlers";
import type { NameReferences } from "./references";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const { isAsExpression, isCallExpression, isMethodDeclaration, isNonNullExpression, isParenthesizedExpression, isPropertyAccessExpression } = ts;

/** Names that say "runs once while the program starts", trusted even when the function is exported. */
const STARTUP_NAMES = new Set(["main", "bootstrap", "boot", "start", "startup", "startServer", "startApp", "init", "initialize", "initialise", "initApp", "initServer", "setup", "setupApp", "setupServer", "launch", "activate", "deactivate"]);
/** NestJS lifecycle hooks: run once when the application starts or shuts down. */
const LIFECYCLE_METHODS = new Set(["onModuleInit", "onApplicationBootstrap", "onModuleDestroy", "beforeApplicationShutdown", "onApplicationShutdown"]);
/** Next.js data functions that run at build time, not per request. */
const BUILD_TIME_FUNCTIONS = new Set(["getStaticProps", "getStaticPaths", "generateStaticParams"]);
/** Fastify's plugin API: a function that decorates the instance or adds hooks is a plugin body, run at boot. */
const PLUGIN_SETUP_CALLS = new Set(["decorate", "decorateRequest", "decorateReply", "addHook"]);
/** Calls that can register a request handler (what `registration` answers "request" for). */
const REQUEST_REGISTRATIONS = new Set([...HTTP_METHODS, ...EVENT_REGISTRATIONS, ...SERVER_FACTORIES, ...EVENT_HANDLER_FACTORIES]);

export class CallerFacts {
  constructor(
    private readonly apis: NodeApiFacts,
    private readonly handlers: HandlerFacts,
    private readonly refs: NameReferences,
    /** Functions whose context is being computed: a call site inside one is skipped, not asked. */
    private readonly inProgress: ReadonlySet<ts.Node>,
    private readonly ofFunction: (fn: FunctionNode | undefined) => ExecContext,
  ) {}

  /**
   * A file-local synchronous helper runs wherever it is called: when it is only ever called
   * directly (never exported or passed on) and one of those calls is in a handler or async
   * function, the helper blocks that handler. Returns that caller's context.
   */
  hotCaller(fn: FunctionNode): ExecContext | undefined {
    const id = functionNameId(fn);
    if (!id || hasExportModifier(fn)) return undefined;
    const refs = this.refs.of(id).filter((r) => !isAncestor(fn, r));
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

  /** Async code that only ever runs while the program starts: `async function main() {…} main();`. */
  startupRole(fn: FunctionNode): string | undefined {
    const name = functionName(fn);
    if (name && BUILD_TIME_FUNCTIONS.has(name)) return `build-time function ${name}`;
    if (isMethodDeclaration(fn) && name && (STARTUP_NAMES.has(name) || LIFECYCLE_METHODS.has(name))) return `startup method ${name}`;
    const id = functionNameId(fn);
    if (id && this.calledOnlyAtStartup(fn, id)) return `startup function ${id.text}`;
    if (this.registersServer(fn)) return `setup ${describeFunction(fn)}`;
    return undefined;
  }

  private calledOnlyAtStartup(fn: FunctionNode, id: ts.Identifier): boolean {
    if (hasExportModifier(fn)) return STARTUP_NAMES.has(id.text);
    const refs = this.refs.of(id).filter((r) => !isAncestor(fn, r));
    if (refs.length === 0) return false;
    return refs.every((r) => this.isStartupUse(r) || (STARTUP_NAMES.has(id.text) && isExportUse(r)));
  }

  /** `main()` / `await main()` / `main().catch(…)` / `app.register(plugin)` in startup code. */
  private isStartupUse(ref: ts.Identifier): boolean {
    let e: ts.Node = ref;
    while (e.parent && (isParenthesizedExpression(e.parent) || isAsExpression(e.parent) || isNonNullExpression(e.parent))) e = e.parent;
    const call = e.parent;
    if (!call || !isCallExpression(call)) return false;
    const isCallee = call.expression === e;
    const isPlugin = !isCallee && call.arguments[0] === e && this.isPluginRegistration(call);
    if (!isCallee && !isPlugin) return false;
    const site = enclosingFunction(call);
    if (site && this.inProgress.has(site)) return false;
    return this.ofFunction(site).kind === "startup";
  }

  /** `app.register(plugin)`, or wrapping with fastify-plugin's `fp(plugin)`: the plugin body runs once, at boot. */
  private isPluginRegistration(call: ts.CallExpression): boolean {
    if (calleeName(call) === "register" && isPropertyAccessExpression(unwrap(call.expression))) return true;
    const api = this.apis.callee(call);
    return !!api && api.module === "fastify-plugin" && (api.path.length === 0 || api.path[0] === "default");
  }

  /** A function whose own body registers routes or starts a server is setup code (an app factory, a fastify plugin). */
  private registersServer(fn: FunctionNode): boolean {
    if (!fn.body) return false;
    let found = false;
    walkSameFunction(fn.body, (n) => {
      if (found) return false;
      if (!isCallExpression(n)) return;
      const callee = unwrap(n.expression);
      const name = calleeName(n);
      if (!name) return;
      if (isPropertyAccessExpression(callee) && (name === "listen" || PLUGIN_SETUP_CALLS.has(name))) found = true;
      else if (REQUEST_REGISTRATIONS.has(name) && n.arguments.some((a) => isFunctionLike(a) && this.handlers.registration(a)?.kind === "request")) found = true;
    });
    return found;
  }
}
