/**
 * Why writes in a loop are not small pieces worth buffering: they happen once or only now and
 * then, the loop paces itself, the piece is what the iteration just read, the output is progress
 * next to awaited work, or the stream's backpressure is handled.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, stringValue, unwrap, walk } from "../../ast";
import type { FileFacts } from "../../facts/file-facts";
import type { WriteTarget, WriteTargetFacts } from "../../facts/write-targets";
import { bodyOf, visitBody, type LoopSite } from "./loop-sites";

/** Reads whose result, written back out, is a chunk or a whole file rather than a small piece. */
const READ_CALLS = new Set(["readFileSync", "readFile", "readSync", "read"]);
/** Awaited calls that pace a loop on purpose. */
const PACING_CALLS = /^(sleep|delay|wait|pause|setTimeout)$/i;

/** The write is followed by `break` / `return` / `throw` in its block: it happens once, not per item. */
export function writesAtMostOnce(call: ts.CallExpression, loop: LoopSite): boolean {
  const isCallback = isFunctionNode(loop.node);
  for (let child: ts.Node = call, p = call.parent; p && p !== loop.node; child = p, p = p.parent) {
    if (!ts.isBlock(p) && !ts.isCaseClause(p) && !ts.isDefaultClause(p)) continue;
    const stmts = p.statements;
    const i = stmts.indexOf(child as ts.Statement);
    for (const s of stmts.slice(i + 1)) {
      if (ts.isThrowStatement(s)) return true;
      if (!isCallback && ts.isReturnStatement(s)) return true;
      if (!isCallback && ts.isBreakStatement(s) && !s.label && !ts.isCaseClause(p) && !ts.isDefaultClause(p)) return true;
    }
  }
  return false;
}

/**
 * Only on some iterations: every N (`i % 1000 === 0`), on a timer (`Date.now()`), on errors
 * (`catch`), or when a batch fills up (`if (size >= 65536) { write(parts.join("")); parts = []; }`).
 */
export function isOccasional(call: ts.CallExpression, loop: LoopSite): boolean {
  for (let child: ts.Node = call, p = call.parent; p && p !== loop.node; child = p, p = p.parent) {
    if (ts.isCatchClause(p)) return true;
    if ((ts.isIfStatement(p) && p.thenStatement === child) || (ts.isConditionalExpression(p) && p.condition !== child)) {
      const cond = ts.isIfStatement(p) ? p.expression : p.condition;
      let periodic = false;
      walk(cond, (n) => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PercentToken) periodic = true;
        if (ts.isPropertyAccessExpression(n) && n.name.text === "now" && ts.isIdentifier(n.expression) && n.expression.text === "Date") periodic = true;
      });
      if (periodic || resetsAccumulator(child)) return true;
    }
  }
  return false;
}

/** `parts = []`, `buf = ""`, `size = 0`, `lines.length = 0`, `batch.splice(0)`: a batch was just flushed. */
function resetsAccumulator(block: ts.Node): boolean {
  let reset = false;
  walk(block, (n) => {
    if (reset || isFunctionNode(n)) return false;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = unwrap(n.right);
      const empty = (ts.isArrayLiteralExpression(right) && right.elements.length === 0) || stringValue(right) === "" || (ts.isNumericLiteral(right) && right.text === "0");
      if (empty) reset = true;
    }
    if (ts.isCallExpression(n) && calleeName(n) === "splice" && n.arguments.length === 1 && ts.isNumericLiteral(n.arguments[0]) && n.arguments[0].text === "0") reset = true;
  });
  return reset;
}

export function awaitsOtherWork(loop: LoopSite, targets: WriteTargetFacts): boolean {
  return someAwait(loop, (e) => !(ts.isCallExpression(e) && targets.of(e)) && !mentionsDrain(e));
}

/** A loop that sleeps between iterations writes at a pace it chose: one line a second is a log, not a hot loop. */
export function isPaced(loop: LoopSite): boolean {
  return someAwait(loop, (e) => {
    const name = ts.isCallExpression(e) ? calleeName(e) : undefined;
    return !!(name && PACING_CALLS.test(name)) || (ts.isNewExpression(e) && e.getText().includes("setTimeout"));
  });
}

/** True when the loop body (inline loop callbacks included) awaits something `matches` accepts; asks no further once one does. */
function someAwait(loop: LoopSite, matches: (awaited: ts.Expression) => boolean): boolean {
  const body = bodyOf(loop);
  if (!body) return false;
  let found = false;
  visitBody(body, (n) => {
    if (found || !ts.isAwaitExpression(n)) return;
    if (matches(unwrap(n.expression))) found = true;
  });
  return found;
}

/**
 * The piece written is what the iteration just read — a 64 KiB chunk of a copy loop, or a whole
 * file being concatenated — so it is not a small piece, and buffering would not help.
 */
export function writesWhatItRead(file: FileFacts, loop: LoopSite, target: WriteTarget): boolean {
  const body = bodyOf(loop);
  if (!body) return false;
  const readNames = new Set<string>();
  let readsSomething = false;
  const isRead = (n: ts.Node): boolean => {
    if (!ts.isCallExpression(n)) return false;
    const ref = file.apis.callee(n);
    const last = ref?.path[ref.path.length - 1];
    if (ref && (ref.module === "fs" || ref.module === "fs-extra" || ref.module === "graceful-fs") && last && READ_CALLS.has(last)) return true;
    const name = calleeName(n);
    return !ref && (name === "read" || name === "readSync") && ts.isPropertyAccessExpression(unwrap(n.expression));
  };
  visitBody(body, (n) => {
    if (!isRead(n)) return;
    readsSomething = true;
    // const data = readFileSync(f) / n = readSync(fd, buf) / const r = await fh.read(buf)
    let value: ts.Node = n;
    while (ts.isAwaitExpression(value.parent) || ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
    const p = value.parent;
    if (ts.isVariableDeclaration(p) && p.initializer === value && ts.isIdentifier(p.name)) readNames.add(p.name.text);
    if (ts.isBinaryExpression(p) && p.right === value && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(p.left);
      if (ts.isIdentifier(left)) readNames.add(left.text);
    }
  });
  if (!readsSomething) return false;
  const data = target.kind === "file" || target.kind === "fd" ? target.call.arguments.slice(1) : target.call.arguments;
  return data.some((arg) => {
    let flows = isRead(arg);
    walk(arg, (n) => {
      if (flows) return false;
      if (isRead(n) || (ts.isIdentifier(n) && readNames.has(n.text))) flows = true;
    });
    return flows || (ts.isIdentifier(arg) && readNames.has(arg.text));
  });
}

function mentionsDrain(n: ts.Node): boolean {
  let found = false;
  walk(n, (c) => {
    if (stringValue(c) === "drain") found = true;
  });
  return found || stringValue(n) === "drain";
}

/** `'drain'` handled in the loop, or the stream corked around it. */
export function handlesBackpressure(file: FileFacts, loop: LoopSite, target: WriteTarget): boolean {
  if (mentionsDrain(loop.node)) return true;
  let scope: ts.Node | undefined = loop.report.parent;
  while (scope && !isFunctionNode(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  let corked = false;
  walk(scope, (n) => {
    if (corked) return false;
    if (ts.isCallExpression(n) && calleeName(n) === "cork") {
      const callee = unwrap(n.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.expression.getText(file.sf).replace(/\s+/g, "") === target.destLabel) corked = true;
    }
  });
  return corked;
}
