/**
 * Where a piece of code runs, and so whether blocking there hurts: on the event loop in a
 * latency-sensitive place (an async function, a request handler, an event or timer callback), or
 * at startup / in a CLI or build script / on a worker thread / in a plain synchronous utility.
 */
import { ts } from "ts-morph";
import { calleeName, enclosingFunction, isAsyncFunction, isFunctionNode, stringValue, unwrap, walk, type FunctionNode } from "../ast";
import type { NodeApiFacts } from "./node-apis";
import type { ScopeFacts } from "./scope";

export type ExecKind =
  /** Module top level, or code run once while a program starts. */
  | "startup"
  /** An async function (or `.then` callback) on the main thread. */
  | "async"
  /** A request handler, or an event / timer / stream callback. */
  | "handler"
  /** A plain synchronous function that is neither of the above. */
  | "sync"
  /** A CLI or build script: the program's own work, nobody waits on its event loop. */
  | "script"
  /** Code on a worker thread. */
  | "worker";

export interface ExecContext {
  kind: ExecKind;
  /** True where blocking delays other work: "async" and "handler". */
  latencySensitive: boolean;
  /** The function whose context this is; undefined at module level. */
  fn?: FunctionNode;
  /** Words for messages: "async function loadUsers", "request handler for GET /users", "'data' event callback". */
  description: string;
}

const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "use", "route"]);
const EVENT_REGISTRATIONS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"]);
const TIMERS = new Set(["setTimeout", "setInterval", "setImmediate"]);
const SERVER_FACTORIES = new Set(["createServer", "createSecureServer"]);

export class ContextFacts {
  private readonly cache = new Map<ts.Node, ExecContext>();
  readonly fileRole: "module" | "script" | "worker";

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly scopes: ScopeFacts,
    private readonly apis: NodeApiFacts,
    filePath: string,
  ) {
    this.fileRole = this.classifyFile(filePath);
  }

  /** The context of the code at `node`. */
  at(node: ts.Node): ExecContext {
    return this.ofFunction(isFunctionNode(node) ? node : enclosingFunction(node));
  }

  ofFunction(fn: FunctionNode | undefined): ExecContext {
    const key = fn ?? this.sf;
    let c = this.cache.get(key);
    if (!c) this.cache.set(key, (c = this.compute(fn)));
    return c;
  }

  private compute(fn: FunctionNode | undefined): ExecContext {
    if (this.fileRole === "worker") return ctx("worker", fn, "code on a worker thread");
    if (!fn) return ctx(this.fileRole === "script" ? "script" : "startup", fn, this.fileRole === "script" ? "a CLI script" : "module top level");
    if (this.inWorkerBranch(fn)) return ctx("worker", fn, "code on a worker thread");

    const handler = this.handlerRole(fn);
    if (handler) return ctx("handler", fn, handler);
    if (this.fileRole === "script") return ctx("script", fn, "a CLI script");
    if (isAsyncFunction(fn)) return ctx("async", fn, `async ${describeFunction(fn)}`);
    if (this.isThenCallback(fn)) return ctx("async", fn, "a promise callback");
    // Inline callbacks (array methods, IIFEs, executor functions) run inside their caller and share
    // its context; a named synchronous function is a utility of its own.
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !isAssignedToName(fn)) {
      return { ...this.ofFunction(enclosingFunction(fn)), fn };
    }
    return ctx("sync", fn, `synchronous ${describeFunction(fn)}`);
  }

  /** Describes `fn` as a handler when it is registered as one, directly or by name. */
  private handlerRole(fn: FunctionNode): string | undefined {
    const direct = this.registration(fn);
    if (direct) return direct;
    // function onData(chunk) {…}; stream.on("data", onData)
    const nameId = functionNameId(fn);
    if (!nameId) return undefined;
    const decl = this.scopes.declOf(nameId);
    if (!decl) return undefined;
    for (const ref of this.scopes.references(decl)) {
      const role = this.registration(ref);
      if (role) return role;
    }
    return undefined;
  }

  /** When `value` is passed to a handler / event / timer registration, describes it. */
  private registration(value: ts.Node): string | undefined {
    let arg: ts.Node = value;
    while (arg.parent && (ts.isParenthesizedExpression(arg.parent) || ts.isAsExpression(arg.parent))) arg = arg.parent;
    const parent = arg.parent;
    if (!parent) return undefined;
    // Route objects: fastify.route({ method, url, handler }), hapi's server.route({ handler })
    if (ts.isPropertyAssignment(parent) && parent.initializer === arg && ts.isIdentifier(parent.name) && parent.name.text === "handler") return "a request handler";
    if (ts.isMethodDeclaration(value) && ts.isIdentifier(value.name) && value.name.text === "handler" && ts.isObjectLiteralExpression(value.parent)) return "a request handler";
    if (!ts.isCallExpression(parent) || !parent.arguments.includes(arg as ts.Expression)) return undefined;
    const name = calleeName(parent);
    if (!name) return undefined;
    const callee = unwrap(parent.expression);
    const args = parent.arguments;
    const first = args[0];
    if (ts.isPropertyAccessExpression(callee) && HTTP_METHODS.has(name) && arg !== first) {
      const path = stringValue(first);
      if (path !== undefined || (first && ts.isRegularExpressionLiteral(first)) || name === "use") {
        return path !== undefined ? `request handler for ${name.toUpperCase()} ${path}` : "a request handler";
      }
    }
    if (name === "use" && ts.isPropertyAccessExpression(callee)) return "a request handler";
    if (EVENT_REGISTRATIONS.has(name) && ts.isPropertyAccessExpression(callee) && arg !== first) {
      const event = stringValue(first);
      return event !== undefined ? `'${event}' event callback` : "an event callback";
    }
    if (SERVER_FACTORIES.has(name)) return "a request handler";
    if (TIMERS.has(name) && arg === first) return `a ${name} callback`;
    if (name === "nextTick" && ts.isPropertyAccessExpression(callee)) return "a process.nextTick callback";
    const api = this.apis.callee(parent);
    if (api && api.module === "global" && api.path[0] === "queueMicrotask") return "a microtask";
    return undefined;
  }

  private isThenCallback(fn: FunctionNode): boolean {
    const p = fn.parent;
    if (!p || !ts.isCallExpression(p) || !p.arguments.includes(fn as ts.Expression)) return false;
    const name = calleeName(p);
    return name === "then" || name === "catch" || name === "finally";
  }

  /** `if (!isMainThread) { … }` from worker_threads. */
  private inWorkerBranch(fn: FunctionNode): boolean {
    for (let p: ts.Node | undefined = fn.parent; p; p = p.parent) {
      if (ts.isIfStatement(p) && isAncestorOf(p.thenStatement, fn)) {
        const cond = unwrap(p.expression);
        if (ts.isPrefixUnaryExpression(cond) && cond.operator === ts.SyntaxKind.ExclamationToken && this.apis.is(cond.operand, "worker_threads", "isMainThread")) return true;
      }
    }
    return false;
  }

  private classifyFile(filePath: string): "module" | "script" | "worker" {
    const norm = filePath.replace(/\\/g, "/");
    let usesParentPort = false;
    let hasMainCheck = false;
    walk(this.sf, (n) => {
      if (ts.isPropertyAccessExpression(n) || ts.isIdentifier(n)) {
        if (!usesParentPort && (ts.isIdentifier(n) ? n.text === "parentPort" || n.text === "workerData" : n.name.text === "parentPort" || n.name.text === "workerData")) {
          const api = this.apis.resolve(n);
          if (api && api.module === "worker_threads" && (api.path[0] === "parentPort" || api.path[0] === "workerData")) usesParentPort = true;
        }
      }
      // require.main === module
      if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) {
        const t = n.getText(this.sf).replace(/\s/g, "");
        if (t === "require.main===module" || t === "module===require.main") hasMainCheck = true;
      }
      return !isFunctionNode(n) || !usesParentPort;
    });
    if (usesParentPort && !this.hasMainThreadCheck()) return "worker";
    if (this.sf.text.startsWith("#!")) return "script";
    if (/(^|\/)(bin|scripts?|tools|build)\/[^/]+$/.test(norm)) return "script";
    if (/(^|\/)([\w.-]+\.config|gulpfile|Gruntfile|Jakefile)\.[cm]?[jt]s$/.test(norm)) return "script";
    if (hasMainCheck) return "script";
    return "module";
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

function isAncestorOf(a: ts.Node, n: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === a) return true;
  return false;
}

function functionNameId(fn: FunctionNode): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn) && fn.name) return fn.name;
  const p = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name;
  return undefined;
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
  return "function";
}
