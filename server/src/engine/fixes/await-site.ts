/**
 * Where a blocking call can become `await` of its async counterpart: inside an async function as
 * it is; in a `.then`/`.catch`/`.finally` callback made async (the chain adopts the promise it
 * returns, so results and errors flow exactly as before); in an HTTP request handler made async
 * (its server ignores or awaits what it returns; Express 4 would not catch its rejections, so
 * that one is marked for review). No listener may be registered after the call: an event that
 * comes during the new await would find none. Anywhere else — a sync helper, an event
 * callback whose invocations would then overlap, a `map` callback — awaiting would change when
 * the code runs or what it returns, so no fix is offered.
 */
import { ts } from "ts-morph";
import { calleeName, enclosingFunction, isAncestor, isAsyncFunction, stringValue, unwrap, walkSameFunction } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";

export interface AwaitSite {
  /** Inserts `async` before the callback that holds the call, when it is not async yet. */
  makeAsync?: TextEdit;
  /** Words for the fix title: "the handler becomes async". */
  note?: string;
  /** What a reviewer must check when the change is not exactly behaviour-preserving. */
  caveat?: string;
}

const PROMISE_CALLBACK_METHODS = new Set(["then", "catch", "finally"]);
/** Registrations that must happen before the events they listen for: after a new await they may come too late. */
const LISTENER_METHODS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener", "addEventListener"]);
/** Node's own servers call a request listener and ignore its result; a throw and a rejection both end up uncaught. */
const SERVER_FACTORIES = new Set(["createServer", "createSecureServer"]);

export function awaitSite(file: FileFacts, call: ts.CallExpression): AwaitSite | undefined {
  const fn = enclosingFunction(call);
  if (!fn || !fn.body || !isAncestor(fn.body, call) || !awaitAllowedUpTo(call, fn) || listensAfter(call, fn.body)) return undefined;
  if (isAsyncFunction(fn)) return {};
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) || fn.asteriskToken || fn.type) return undefined;
  const registration = ts.isMethodDeclaration(fn) ? undefined : callTaking(fn);
  const routeOption = isHandlerOption(fn);
  if (!registration && !routeOption) return undefined;
  const makeAsync = { start: fn.getStart(file.sf), end: fn.getStart(file.sf), text: "async " };
  const method = registration && calleeName(registration);
  if (registration && method && PROMISE_CALLBACK_METHODS.has(method) && ts.isPropertyAccessExpression(unwrap(registration.expression))) {
    return { makeAsync, note: "the callback becomes async" };
  }
  // HTTP requests only: a socket's or WebSocket's 'connection' callback sets up listeners its events need at once.
  const role = file.context.roleOf(fn);
  if (role?.kind !== "request" || (role.event !== undefined && role.event !== "request")) return undefined;
  const note = "the handler becomes async";
  if (caughtWithin(call, fn) || routeOption || (registration && isNodeServerListener(registration, fn))) return { makeAsync, note };
  return {
    makeAsync,
    note,
    caveat: "check its errors are still handled: Express 4 does not catch a rejected handler, it only catches a throw",
  };
}

/**
 * `handler` of a route object — `server.route({ handler(request, h) {…} })` (hapi),
 * `fastify.route({ handler: (req, reply) => … })`: those servers await what a handler returns and
 * treat a rejection as they treat a throw.
 */
function isHandlerOption(fn: ts.Node): boolean {
  const p = fn.parent;
  if (ts.isMethodDeclaration(fn)) return ts.isObjectLiteralExpression(p) && ts.isIdentifier(fn.name) && fn.name.text === "handler";
  return ts.isPropertyAssignment(p) && p.initializer === fn && ts.isIdentifier(p.name) && p.name.text === "handler" && ts.isObjectLiteralExpression(p.parent);
}

/**
 * True when `expr`, replaced by `await …`, needs parentheses to keep its place: as the object of
 * a member access or call, the tag of a template, the operand of `new`, `!` or the left of `**`.
 */
export function needsParens(expr: ts.Expression): boolean {
  const p = expr.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === expr) return true;
  if (ts.isTaggedTemplateExpression(p) && p.tag === expr) return true;
  if (ts.isNonNullExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === expr && p.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken;
}

/** No class body, static block or field initializer between the call and its function: `await` is not allowed there. */
function awaitAllowedUpTo(call: ts.Node, fn: ts.Node): boolean {
  for (let p = call.parent; p && p !== fn; p = p.parent) {
    if (ts.isClassLike(p) || ts.isClassStaticBlockDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isDecorator(p)) return false;
  }
  return true;
}

/** `x.on(…)` after the call in its function: an event that comes while the new await waits would find no listener. */
function listensAfter(call: ts.Node, body: ts.Node): boolean {
  let found = false;
  walkSameFunction(body, (n) => {
    if (found) return false;
    if (!ts.isCallExpression(n)) return;
    const callee = unwrap(n.expression);
    if (ts.isPropertyAccessExpression(callee) && LISTENER_METHODS.has(callee.name.text) && callee.name.pos >= call.end) found = true;
  });
  return found;
}

/** The call `fn` is passed to directly, as an argument. */
function callTaking(fn: ts.Node): ts.CallExpression | undefined {
  let arg = fn;
  while (ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const p = arg.parent;
  return ts.isCallExpression(p) && p.arguments.includes(arg as ts.Expression) ? p : undefined;
}

/** Inside a `try` block that has a `catch`, within `fn`: a rejection is caught where the throw was. */
function caughtWithin(call: ts.Node, fn: ts.Node): boolean {
  for (let child: ts.Node = call, p = call.parent; p && p !== fn; child = p, p = p.parent) {
    if (ts.isTryStatement(p) && p.tryBlock === child && p.catchClause) return true;
  }
  return false;
}

function isNodeServerListener(registration: ts.CallExpression, fn: ts.Node): boolean {
  const name = calleeName(registration);
  if (name && SERVER_FACTORIES.has(name)) return true;
  const args = registration.arguments;
  return (name === "on" || name === "once" || name === "addListener") && stringValue(args[0]) === "request" && unwrap(args[1]) === fn;
}
