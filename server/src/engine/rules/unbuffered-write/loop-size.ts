/** How many times a loop runs, where the code says: a small constant list or bound, or a long loop over lines of data. */
import { ts } from "ts-morph";
import { calleeName, unwrap } from "../../ast";
import type { FileFacts } from "../../facts/file-facts";
import type { LoopSite } from "./loop-sites";

/** Loops over a literal collection or a literal bound up to this size are small and constant. */
const SMALL_CONSTANT_LOOP = 100;
/** A counted loop to stdout becomes "long" past this many iterations. */
const LONG_LOOP = 1000;
/** Names that say "one per line of data". */
const DATA_SIZED_NAME = /(lines|rows|records|entries|results|events|logs|matches)$/i;

/** A loop over a literal list, an unchanged literal const, or a literal bound, of at most SMALL_CONSTANT_LOOP items. */
export function isSmallConstant(file: FileFacts, loop: LoopSite): boolean {
  const n = constantIterations(file, loop);
  return n !== undefined && n <= SMALL_CONSTANT_LOOP;
}

function constantIterations(file: FileFacts, loop: LoopSite): number | undefined {
  if (ts.isForStatement(loop.node)) return countedBound(loop.node);
  if (!loop.iterable) return undefined;
  return literalCount(file, loop.iterable, ts.isForInStatement(loop.node));
}

/** Items in `[…]`, `Object.keys({…})`, or a const holding one of those that is never mutated. */
function literalCount(file: FileFacts, expr: ts.Expression, keysOfObject: boolean): number | undefined {
  const e = unwrap(expr);
  if (ts.isCallExpression(e) && e.arguments.length === 1) {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Object" && ["keys", "values", "entries"].includes(callee.name.text)) {
      return literalCount(file, e.arguments[0], true);
    }
    return undefined;
  }
  let literal: ts.Expression = e;
  if (ts.isIdentifier(e)) {
    const decl = file.scopes.resolve(e);
    if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return undefined;
    literal = unwrap(decl.init);
    // `const lines = []` filled later is data, not a constant list.
    if (ts.isArrayLiteralExpression(literal) && literal.elements.length === 0) return undefined;
    if (file.scopes.references(decl).some(isMutated)) return undefined;
  }
  if (ts.isArrayLiteralExpression(literal)) return literal.elements.some(ts.isSpreadElement) ? undefined : literal.elements.length;
  if (keysOfObject && ts.isObjectLiteralExpression(literal)) return literal.properties.some(ts.isSpreadAssignment) ? undefined : literal.properties.length;
  return undefined;
}

/** `xs.push(…)`, `xs[i] = …`, `xs.length = 0`: the list can grow. */
function isMutated(ref: ts.Identifier): boolean {
  const p = ref.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === ref) {
    if (["push", "unshift", "splice", "length", "concat", "fill"].includes(p.name.text)) return true;
  }
  if (ts.isElementAccessExpression(p) && p.expression === ref) {
    const gp = p.parent;
    return ts.isBinaryExpression(gp) && gp.left === p && gp.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  return false;
}

/** `for (let i = 0; i < 10; i++)` → 10. */
function countedBound(loop: ts.ForStatement): number | undefined {
  const init = loop.initializer;
  const cond = loop.condition && unwrap(loop.condition);
  if (!init || !cond || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const start = init.declarations[0].initializer;
  if (!start || !ts.isNumericLiteral(start) || !ts.isBinaryExpression(cond) || !ts.isNumericLiteral(cond.right)) return undefined;
  const from = Number(start.text);
  const to = Number(cond.right.text);
  switch (cond.operatorToken.kind) {
    case ts.SyntaxKind.LessThanToken:
      return to - from;
    case ts.SyntaxKind.LessThanEqualsToken:
      return to - from + 1;
    default:
      return undefined;
  }
}

/** stdout writes matter when the loop is long: lines of data, a large counted loop, or nested data loops. */
export function isLong(file: FileFacts, chain: LoopSite[]): boolean {
  let dataLoops = 0;
  for (const loop of chain) {
    if (ts.isForStatement(loop.node)) {
      const n = countedBound(loop.node);
      if (n !== undefined && n >= LONG_LOOP) return true;
      if (n === undefined) dataLoops++;
      continue;
    }
    if (!loop.iterable) continue;
    if (isSmallConstant(file, loop)) continue;
    dataLoops++;
    if (isLinesOfData(file, loop.iterable)) return true;
  }
  return dataLoops >= 2;
}

function isLinesOfData(file: FileFacts, expr: ts.Expression): boolean {
  let e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    if (DATA_SIZED_NAME.test(e.text)) return true;
    const decl = file.scopes.resolve(e);
    if (!decl.init || decl.path || !ts.isExpression(decl.init)) return false;
    e = unwrap(decl.init);
  }
  if (ts.isPropertyAccessExpression(e) && DATA_SIZED_NAME.test(e.name.text)) return true;
  return ts.isCallExpression(e) && calleeName(e) === "split";
}
