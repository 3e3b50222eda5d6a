/**
 * The loop an unbuffered-write finding covers, re-derived from the syntax: the statement that holds
 * it, the write calls to replace (all to one destination, with one callee and the same extra
 * arguments), and what could make a collect-then-write-once rewrite differ from the original —
 * awaited work between writes, calls that may throw between writes, writes inside try/catch,
 * exits that would skip the write after the loop. Undefined when no rewrite can keep the behaviour.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, isLoop, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isReference } from "../facts/scope";
import { WriteTargetFacts, type DestinationKind, type WriteTarget } from "../facts/write-targets";
import { isPureCall, keepsBytes } from "./buffered-write-pieces";

export interface WriteCall {
  call: ts.CallExpression;
  /** What the rewrite replaces: the call, or the `await` around it. */
  expr: ts.Expression;
  data: ts.Expression;
  /** The statement the write is, when it is one (else it is the body of a loop callback arrow). */
  statement?: ts.ExpressionStatement;
}

export interface WriteSite {
  /** The statement holding the loop: the loop (with its labels) or `xs.forEach(…);`. */
  statement: ts.Statement;
  /** The loop statement, or the callback of `xs.forEach(…)`. */
  loop: ts.Node;
  /** `xs.forEach(…)` when the loop is a callback. */
  host?: ts.CallExpression;
  kind: DestinationKind;
  /** The destination expression of the first write (the path, fd, handle or stream). */
  dest: ts.Expression;
  writes: WriteCall[];
  /** The loop awaits other work (or is a `for await`): data arrives over time. */
  awaits: boolean;
  /** A `for await` runs the writes: the data comes from an async source of any size. */
  streamed: boolean;
  /** Something between writes may throw: on failure the original leaves the earlier pieces written. */
  mayThrow: boolean;
}

const LOOP_CALLBACKS = new Set(["forEach", "map", "flatMap"]);

export function findWriteSite(file: FileFacts, node: ts.Node): WriteSite | undefined {
  const shape = loopShape(node);
  if (!shape || !isStatementList(shape.statement.parent)) return undefined;
  const { statement, loop, host } = shape;
  const targets = file.get(WriteTargetFacts);
  const inLoop = targets.candidates().filter((c) => c.pos >= loop.pos && c.end <= loop.end);
  const found = inLoop.map((c) => ({ call: c, target: targets.of(c) })).filter((w): w is { call: ts.CallExpression; target: WriteTarget } => !!w.target);
  if (!found.length) return undefined;
  const first = found[0].target;
  const writes: WriteCall[] = [];
  for (const { call, target } of found) {
    if (target.destKey !== first.destKey || target.chunked) return undefined;
    if (!sameCallShape(file, first.call, call, target.kind)) return undefined;
    const w = writeCall(file, target, loop);
    if (!w) return undefined;
    writes.push(w);
  }
  const checked = checkBody(file, shape, writes, first);
  if (!checked) return undefined;
  return { statement, loop, host, kind: first.kind, dest: first.dest, writes, ...checked };
}

interface LoopShape {
  statement: ts.Statement;
  loop: ts.Node;
  host?: ts.CallExpression;
}

function loopShape(node: ts.Node): LoopShape | undefined {
  if (isLoop(node)) {
    let statement: ts.Statement = node;
    while (ts.isLabeledStatement(statement.parent)) statement = statement.parent;
    return { statement, loop: node };
  }
  if (!ts.isCallExpression(node) || !LOOP_CALLBACKS.has(calleeName(node) ?? "")) return undefined;
  const cb = node.arguments[0] && unwrap(node.arguments[0]);
  if (!cb || !(ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) || isAsync(cb)) return undefined;
  let top: ts.Node = node;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  if (!ts.isExpressionStatement(top.parent)) return undefined;
  return { statement: top.parent, loop: cb, host: node };
}

export function isStatementList(n: ts.Node): boolean {
  return ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n);
}

function isAsync(fn: ts.Node): boolean {
  return !!(ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword));
}

/** Where the data argument sits, by kind: after the path or fd, first for handles and streams. */
function dataIndex(kind: DestinationKind): number {
  return kind === "file" || kind === "fd" ? 1 : 0;
}

/** Every write to the destination uses the same callee and the same extra arguments. */
function sameCallShape(file: FileFacts, a: ts.CallExpression, b: ts.CallExpression, kind: DestinationKind): boolean {
  const text = (n: ts.Node) => n.getText(file.sf).replace(/\s+/g, "");
  if (a === b) return true;
  if (text(a.expression) !== text(b.expression) || a.arguments.length !== b.arguments.length) return false;
  const d = dataIndex(kind);
  return a.arguments.every((arg, i) => i === d || text(arg) === text(b.arguments[i]));
}

/**
 * The write as a replaceable piece: complete when it returns (a *Sync call, an awaited promise, a
 * stream write), standing as a statement or as a loop callback's body, with arguments that keep
 * the bytes of a joined write, and no try/catch or other function between it and the loop.
 */
function writeCall(file: FileFacts, target: WriteTarget, loop: ts.Node): WriteCall | undefined {
  const call = target.call;
  const ref = file.apis.callee(call);
  // The API's own name: `append` may be `appendFileSync` under an alias.
  const name = (ref ? ref.path[ref.path.length - 1] : calleeName(call)) ?? "";
  if (name === "writev" || name === "writevSync") return undefined;
  let expr: ts.Expression = call;
  while (ts.isParenthesizedExpression(expr.parent)) expr = expr.parent;
  const awaited = ts.isAwaitExpression(expr.parent);
  if (awaited) expr = expr.parent as ts.AwaitExpression;
  const viaPromises = ref?.path[0] === "promises";
  if (target.kind === "file" && !name.endsWith("Sync") && !(viaPromises && awaited) && !(ref === undefined && awaited)) return undefined;
  if (target.kind === "fd" && !name.endsWith("Sync")) return undefined;
  if (target.kind === "handle" && !awaited) return undefined;
  if ((target.kind === "stream" || target.kind === "stdout") && awaited) return undefined;
  const d = dataIndex(target.kind);
  const data = call.arguments[d];
  if (!data || ts.isSpreadElement(data) || call.arguments.some(ts.isSpreadElement)) return undefined;
  if (!call.arguments.slice(d + 1).every((a) => keepsBytes(a, target.kind === "file"))) return undefined;

  let holder: ts.Node = expr;
  while (ts.isParenthesizedExpression(holder.parent)) holder = holder.parent;
  if (ts.isVoidExpression(holder.parent)) holder = holder.parent;
  let statement: ts.ExpressionStatement | undefined;
  if (ts.isExpressionStatement(holder.parent)) statement = holder.parent;
  else if (!(ts.isArrowFunction(holder.parent) && holder.parent.body === holder)) return undefined;
  for (let p: ts.Node = call.parent; p !== loop; p = p.parent) {
    if (!p || ts.isTryStatement(p) || ts.isCatchClause(p) || ts.isClassLike(p)) return undefined;
    if (isFunctionNode(p) && !isLoopCallback(p)) return undefined;
  }
  return { call, expr, data, statement };
}

/** The non-async callback of `xs.forEach(…)` / `xs.map(…)`: it runs synchronously, once per item. */
export function isLoopCallback(fn: ts.Node): boolean {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || isAsync(fn)) return false;
  let arg: ts.Node = fn;
  while (ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  return ts.isCallExpression(call) && call.arguments[0] === arg && LOOP_CALLBACKS.has(calleeName(call) ?? "") && ts.isPropertyAccessExpression(unwrap(call.expression));
}

/**
 * What else the loop does. Refuses loops that return, yield, or jump to a label outside them (the
 * write after the loop would be skipped), and loops that touch the destination other than by the
 * writes (a read of the file, `out.end()`, console output next to stdout writes).
 */
function checkBody(file: FileFacts, shape: LoopShape, writes: WriteCall[], first: WriteTarget): { awaits: boolean; streamed: boolean; mayThrow: boolean } | undefined {
  const { statement, loop } = shape;
  const writeCalls = new Set(writes.map((w) => w.call));
  const writeExprs = new Set<ts.Node>(writes.map((w) => w.expr));
  const dests = new Set<ts.Node>(destNodes(writes, first.kind));
  const destText = compact(first.dest.getText(file.sf));
  const once = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.expression : ts.isForStatement(loop) ? loop.initializer : undefined;
  let awaits = false;
  let streamed = false;
  let mayThrow = false;
  let refused = false;
  /** `where`: "loop" in the loop's own code, "callback" in a forEach callback of it, "later" in a function that runs at another time. */
  const visit = (n: ts.Node, where: "loop" | "callback" | "later"): void => {
    if (refused) return;
    if (!dests.has(n) && isDestLike(n) && compact(n.getText(file.sf)) === destText) refused = true;
    if (first.kind === "stdout" && ts.isIdentifier(n) && n.text === "console") refused = true;
    if (where !== "later") {
      if (ts.isYieldExpression(n) || (ts.isReturnStatement(n) && where === "loop")) refused = true;
      if ((ts.isBreakStatement(n) || ts.isContinueStatement(n)) && n.label && !labelInside(n.label.text, n, statement)) refused = true;
      if (ts.isAwaitExpression(n) && !writeExprs.has(n)) awaits = true;
      if (ts.isForOfStatement(n) && n.awaitModifier) awaits = streamed = true;
      if (ts.isThrowStatement(n) && !insideTry(n, loop)) mayThrow = true;
      if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !writeCalls.has(n as ts.CallExpression) && !isHostOfLoopCallback(n) && !isPureCall(file, n)) mayThrow = true;
      if (ts.isTaggedTemplateExpression(n)) mayThrow = true;
    }
    const inner = isFunctionNode(n) || ts.isClassLike(n) ? (where !== "later" && isLoopCallback(n) ? "callback" : "later") : where;
    ts.forEachChild(n, (c) => {
      if (c !== once) visit(c, inner);
    });
  };
  visit(loop, shape.host ? "callback" : "loop");
  return refused ? undefined : { awaits, streamed, mayThrow };
}

function destNodes(writes: WriteCall[], kind: DestinationKind): ts.Node[] {
  const d = dataIndex(kind);
  return writes.map((w) => {
    if (d === 1) return unwrap(w.call.arguments[0]);
    const callee = unwrap(w.call.expression) as ts.PropertyAccessExpression;
    return unwrap(callee.expression);
  });
}

/** A node that could name the destination again: a reference, a member, a path literal or call. */
function isDestLike(n: ts.Node): boolean {
  if (ts.isIdentifier(n)) return isReference(n);
  return ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isCallExpression(n);
}

function isHostOfLoopCallback(n: ts.Node): boolean {
  if (!ts.isCallExpression(n) || !n.arguments[0]) return false;
  return isLoopCallback(unwrap(n.arguments[0]));
}

/** `break label` / `continue label` whose label belongs to `statement` or something inside it. */
function labelInside(label: string, from: ts.Node, statement: ts.Node): boolean {
  for (let p: ts.Node | undefined = from.parent; p; p = p.parent) {
    if (ts.isLabeledStatement(p) && p.label.text === label) return p.pos >= statement.pos && p.end <= statement.end;
    if (p === statement.parent) return false;
  }
  return false;
}

function insideTry(n: ts.Node, loop: ts.Node): boolean {
  for (let p: ts.Node = n.parent; p && p !== loop; p = p.parent) if (ts.isTryStatement(p) && p.tryBlock.pos <= n.pos && n.end <= p.tryBlock.end) return true;
  return false;
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}
