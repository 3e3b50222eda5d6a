/**
 * What calls a callback back: scheduled jobs and queue processors (told by the library they come
 * from), and the emitters (watchers, sockets, servers) whose events a callback serves.
 */
import { ts } from "ts-morph";
import { calleeName, stringValue, unwrap } from "../../ast";
import type { ApiRef, NodeApiFacts } from "../node-apis";
import type { ScopeFacts } from "../scope";
import { job, type CallbackSource, type HandlerRole } from "./handler-role";

/** Calls that register an event callback; they return the emitter, so a chain of them leads back to it. */
export const EVENT_REGISTRATIONS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"]);

export class CallbackSources {
  constructor(
    private readonly scopes: ScopeFacts,
    private readonly apis: NodeApiFacts,
  ) {}

  /**
   * Scheduled jobs and queue processors run on the main thread while the process serves, like a
   * setInterval callback: node-cron's `cron.schedule(expr, fn)`, node-schedule's `scheduleJob`,
   * Agenda's `agenda.define(name, fn)`, Bull / Bee-Queue / Kue's `queue.process(fn)`, pg-boss's
   * `boss.work(name, fn)`. The scheduler is recognised by where it comes from, not by a method name.
   */
  jobRole(call: ts.CallExpression, callee: ts.Expression, name: string, arg: ts.Node): HandlerRole | undefined {
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
  constructedJobRole(expr: ts.NewExpression): HandlerRole | undefined {
    const api = this.apis.callee(expr);
    if (!api) return undefined;
    const last = api.path[api.path.length - 1];
    if (api.module === "cron" && last === "CronJob") return job("a cron job");
    if ((api.module === "bullmq" || api.module === "bullmq-pro") && last === "Worker") return job("a BullMQ job processor");
    return undefined;
  }

  cronOptionsRole(options: ts.ObjectLiteralExpression): HandlerRole | undefined {
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
  emitterOrigin(expr: ts.Expression, depth = 0): ApiRef | undefined {
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
}

/** Bull / Bee-Queue queues (`new Queue(…)`, `Queue(…)`), Kue's `kue.createQueue()`. */
function isJobQueue(ref: ApiRef): boolean {
  if (ref.module === "bull" || ref.module === "bee-queue") return true;
  return ref.module === "kue" && ref.path[ref.path.length - 1] === "createQueue";
}

/** What kind of long-lived event source a factory makes: a watcher, a socket, a server. */
export function sourceOfEmitter(ref: ApiRef | undefined): CallbackSource | undefined {
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
