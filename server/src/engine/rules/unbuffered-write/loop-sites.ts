/** The loops a write runs in: loop statements and the callbacks of `forEach` / `map`, with the parts that run each time. */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, isLoop, unwrap, walk } from "../../ast";

const LOOP_CALLBACKS = new Set(["forEach", "map", "flatMap"]);

export interface LoopSite {
  /** The loop statement, or the callback function of `forEach`/`map`. */
  node: ts.Node;
  /** What the finding covers: the loop statement, or the whole `xs.forEach(…)` call. */
  report: ts.Node;
  /** What is iterated: `xs` in `for (x of xs)` and `xs.forEach`. */
  iterable?: ts.Expression;
}

/** Loops the call runs in, innermost first, up to the enclosing function (through forEach/map callbacks). */
export function enclosingLoops(call: ts.CallExpression): LoopSite[] {
  const out: LoopSite[] = [];
  for (let child: ts.Node = call, p = call.parent; p; child = p, p = p.parent) {
    if (isFunctionNode(p)) {
      const host = loopCallbackHost(p);
      if (!host) break;
      const callee = unwrap(host.expression) as ts.PropertyAccessExpression;
      out.push({ node: p, report: host, iterable: callee.expression });
      child = host;
      p = host;
      continue;
    }
    if (ts.isClassLike(p)) break;
    if (isLoop(p) && runsEachIteration(p, child)) out.push({ node: p, report: p, iterable: ts.isForOfStatement(p) || ts.isForInStatement(p) ? p.expression : undefined });
  }
  return out;
}

/** `xs.forEach((x) => …)`: the call whose callback `fn` is. */
export function loopCallbackHost(fn: ts.Node): ts.CallExpression | undefined {
  let arg: ts.Node = fn;
  while (arg.parent && ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== arg) return undefined;
  if (!ts.isPropertyAccessExpression(unwrap(call.expression))) return undefined;
  const name = calleeName(call);
  return name && LOOP_CALLBACKS.has(name) ? call : undefined;
}

/** Code in the body, condition or step of a loop runs each time; its initializer / iterable once. */
function runsEachIteration(loop: ts.IterationStatement, child: ts.Node): boolean {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return child === loop.statement;
  if (ts.isForStatement(loop)) return child !== loop.initializer;
  return true;
}

/** `const ok = out.write(x)`, `if (!out.write(x))`, `out.write(x) || await …`: the caller looks at backpressure. */
export function isResultUsed(call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isExpressionStatement(p) || ts.isVoidExpression(p)) return false;
  // rows.forEach((r) => out.write(r)): the value goes back to forEach, which drops it.
  if (ts.isArrowFunction(p) && p.body === n) return !loopCallbackHost(p) || calleeName(loopCallbackHost(p)!) === "map";
  return true;
}

/** The body of a loop site, without a for-of's header (its iterable is evaluated once). */
export function bodyOf(loop: LoopSite): ts.Node | undefined {
  if (isFunctionNode(loop.node)) return loop.node.body;
  return ts.isForOfStatement(loop.node) || ts.isForInStatement(loop.node) ? loop.node.statement : loop.node;
}

/** Visits `body` and the inline loop callbacks in it, not other nested functions (they run at another time). */
export function visitBody(body: ts.Node, visit: (n: ts.Node) => void): void {
  visit(body);
  walk(body, (n) => {
    if (isFunctionNode(n) && !loopCallbackHost(n)) return false;
    visit(n);
  });
}
