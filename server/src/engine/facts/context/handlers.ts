/**
 * Handler registrations: whether a function is registered as a request handler, an event, timer
 * or job callback, or a lifecycle hook — directly (`app.get("/", fn)`), by name (`stream.on("data",
 * onData)`), by decorator, by a route module's exports, or by the (req, res) convention.
 */
import { ts } from "ts-morph";
import { calleeName, stringValue, unwrap, type FunctionNode } from "../../ast";
import type { NodeApiFacts } from "../node-apis";
import { EVENT_REGISTRATIONS, sourceOfEmitter, type CallbackSources } from "./callback-sources";
import { decoratedRole } from "./decorators";
import type { FileRoleFacts } from "./file-role";
import { describeFunction, functionName, functionNameId, hasExportModifier, isDefaultExport } from "./function-names";
import { request, type HandlerRole } from "./handler-role";
import type { NameReferences } from "./references";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const { isAsExpression, isCallExpression, isExportAssignment, isIdentifier, isMethodDeclaration, isNewExpression, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isRegularExpressionLiteral } = ts;

export const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "use", "route"]);
const TIMERS = new Set(["setTimeout", "setInterval", "setImmediate"]);
export const SERVER_FACTORIES = new Set(["createServer", "createSecureServer"]);
/** Events that serve clients: their callbacks stay latency-sensitive even inside a CLI script. */
const REQUEST_EVENTS = new Set(["request", "connection", "secureConnection", "upgrade", "stream", "checkContinue"]);
/** Process events after which nobody waits: the process is exiting or crashing. */
const PROCESS_EXIT_EVENTS = new Set(["exit", "beforeExit", "uncaughtException", "uncaughtExceptionMonitor", "unhandledRejection"]);
/** Signals a serving process handles and keeps running (log rotation on SIGHUP, diagnostics on SIGUSR1/2); other signals stop it. */
const SERVING_SIGNALS = new Set(["SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH"]);
/** Nuxt / h3 handler factories: `export default defineEventHandler((event) => …)`. */
export const EVENT_HANDLER_FACTORIES = new Set(["defineEventHandler", "eventHandler", "defineCachedEventHandler"]);
/** Exported functions of a route module (Next.js app router, SvelteKit +server) named after HTTP methods. */
const ROUTE_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

export class HandlerFacts {
  constructor(
    private readonly apis: NodeApiFacts,
    private readonly files: FileRoleFacts,
    private readonly sources: CallbackSources,
    private readonly refs: NameReferences,
  ) {}

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
    for (const ref of this.refs.of(nameId, mayRegister)) {
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
    if (!first || !second || !isIdentifier(first.name) || !isIdentifier(second.name)) return undefined;
    if (!/^(req|request)$/.test(first.name.text) || !/^(res|response|reply|h)$/.test(second.name.text)) return undefined;
    const what = describeFunction(fn);
    return request(what === "function" ? "a request handler" : `request handler ${what.replace(/^(function|method) /, "")}`);
  }

  /** `export default function handler(req, res)` in pages/api, `export async function GET()` in app/…/route.ts. */
  private routeExportRole(fn: FunctionNode): HandlerRole | undefined {
    if (!this.files.routeModule || !hasExportModifier(fn)) return undefined;
    const name = functionName(fn);
    if (this.files.routeModule === "pages-api" && isDefaultExport(fn)) return request("an API route handler");
    if (this.files.routeModule === "route-file" && name && ROUTE_EXPORTS.has(name)) return request(`request handler for ${name}`);
    return undefined;
  }

  /** When `value` is passed to a handler / event / timer registration, describes it. */
  registration(value: ts.Node): HandlerRole | undefined {
    let arg: ts.Node = value;
    while (arg.parent && (isParenthesizedExpression(arg.parent) || isAsExpression(arg.parent))) arg = arg.parent;
    const parent = arg.parent;
    if (!parent) return undefined;
    // Route objects: fastify.route({ method, url, handler }), hapi's server.route({ handler })
    if (isPropertyAssignment(parent) && parent.initializer === arg && isIdentifier(parent.name) && parent.name.text === "handler") return request("a request handler");
    if (isMethodDeclaration(value) && isIdentifier(value.name) && value.name.text === "handler" && isObjectLiteralExpression(value.parent)) return request("a request handler");
    if (isExportAssignment(parent) && !parent.isExportEquals && this.files.routeModule === "pages-api") return request("an API route handler");
    // cron's CronJob.from({ cronTime, onTick }) / new CronJob({ onTick })
    const tick = isPropertyAssignment(parent) && parent.initializer === arg ? parent : isMethodDeclaration(value) ? value : undefined;
    if (tick && isIdentifier(tick.name) && tick.name.text === "onTick" && isObjectLiteralExpression(tick.parent)) return this.sources.cronOptionsRole(tick.parent);
    if (isNewExpression(parent) && parent.arguments?.includes(arg as ts.Expression)) return this.sources.constructedJobRole(parent);
    if (!isCallExpression(parent) || !parent.arguments.includes(arg as ts.Expression)) return undefined;
    const name = calleeName(parent);
    if (!name) return undefined;
    const callee = unwrap(parent.expression);
    const args = parent.arguments;
    const first = args[0];
    if (isPropertyAccessExpression(callee) && HTTP_METHODS.has(name) && arg !== first) {
      const path = stringValue(first);
      if (path !== undefined || (first && isRegularExpressionLiteral(first)) || name === "use") {
        return request(path !== undefined ? `request handler for ${name.toUpperCase()} ${path}` : "a request handler");
      }
    }
    if (name === "use" && isPropertyAccessExpression(callee)) return request("a request handler");
    if (EVENT_REGISTRATIONS.has(name) && isPropertyAccessExpression(callee) && arg !== first) {
      const event = stringValue(first);
      if (event === undefined) return { kind: "event", description: "an event callback" };
      if ((PROCESS_EXIT_EVENTS.has(event) || /^SIG[A-Z0-9]+$/.test(event)) && this.apis.is(callee.expression, "global", "process")) {
        if (SERVING_SIGNALS.has(event)) return { kind: "event", event, source: "signal", description: `a process '${event}' handler` };
        return { kind: "lifecycle", description: `a process '${event}' handler` };
      }
      if (event === "listening") return { kind: "lifecycle", description: "a 'listening' callback" };
      const kind = REQUEST_EVENTS.has(event) ? "request" : "event";
      // Only a script asks what emits the event (is it a daemon's watcher or socket?).
      const source = kind === "event" && this.files.fileRole === "script" ? sourceOfEmitter(this.sources.emitterOrigin(callee.expression)) : undefined;
      return { kind, event, source, description: `${/^[aeiou]/i.test(event) ? "an" : "a"} '${event}' event callback` };
    }
    const job = this.sources.jobRole(parent, callee, name, arg);
    if (job) return job;
    const api = this.apis.callee(parent);
    if (SERVER_FACTORIES.has(name) && (api?.module === "net" || api?.module === "tls")) return { kind: "request", event: "connection", description: "a connection handler" };
    if (SERVER_FACTORIES.has(name) || EVENT_HANDLER_FACTORIES.has(name)) return request("a request handler");
    if (TIMERS.has(name) && arg === first) return { kind: "event", source: name === "setInterval" ? "interval" : "timeout", description: `a ${name} callback` };
    if (name === "nextTick" && isPropertyAccessExpression(callee)) return { kind: "event", description: "a process.nextTick callback" };
    if (api && api.module === "global" && api.path[0] === "queueMicrotask") return { kind: "event", description: "a microtask" };
    if (api && api.module === "fs" && api.path.length === 1 && (api.path[0] === "watch" || api.path[0] === "watchFile") && arg === args[args.length - 1]) {
      return { kind: "event", source: "watch", description: "a file-watch callback" };
    }
    return undefined;
  }
}

/** Where `registration` may find a function passed by name: an argument, a `handler:` property, a default export. */
function mayRegister(id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while (e.parent && (isParenthesizedExpression(e.parent) || isAsExpression(e.parent))) e = e.parent;
  const p = e.parent;
  if (!p) return false;
  if (isCallExpression(p) || isNewExpression(p)) return !!p.arguments?.includes(e as ts.Expression);
  return (isPropertyAssignment(p) && p.initializer === e) || isExportAssignment(p);
}
