/** Shared pieces of the Promise.all rewrites: the call itself, and what may stand where. */
import { ts } from "ts-morph";
import { canReindent, indentContinuationLines } from "./layout";

/** Past this width the awaited calls go one per line, as formatters lay them out. */
export const MAX_LINE = 100;

export interface CallLayout {
  sf: ts.SourceFile;
  eol: string;
  /** Indentation of the line the call starts on. */
  indent: string;
  /** The file's indentation step. */
  unit: string;
  /** Characters on the call's first line before `Promise.all(` and after its `)`. */
  before: number;
  after: number;
}

/** `Promise.all([a(), b()])`, or one operand per line when that does not fit or an operand spans lines. */
export function promiseAllCall(operands: readonly ts.Expression[], layout: CallLayout): string {
  const { sf, eol, indent, unit } = layout;
  const texts = operands.map((o) => sf.text.slice(o.getStart(sf), o.getEnd()));
  const inline = `Promise.all([${texts.join(", ")}])`;
  if (!texts.some((t) => /[\r\n]/.test(t)) && layout.before + inline.length + layout.after <= MAX_LINE) return inline;
  const lines = texts.map((t, i) => indent + unit + (canReindent(sf, operands[i]) ? indentContinuationLines(t, unit) : t) + ",");
  return `Promise.all([${eol}${lines.join(eol)}${eol}${indent}])`;
}

export function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/**
 * True when evaluating `node` (a binding pattern, an assignment target) can run code or change
 * state: calls, `new`, tagged templates, awaits, yields, assignments, updates, `delete`. Moving
 * such a node past other awaits would reorder what it does.
 */
export function hasRuntimeEffect(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(n) ||
      ts.isNewExpression(n) ||
      ts.isTaggedTemplateExpression(n) ||
      ts.isAwaitExpression(n) ||
      ts.isYieldExpression(n) ||
      ts.isDeleteExpression(n) ||
      ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) ||
      (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment && !isPatternDefault(n))
    ) {
      found = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** `x = 1` inside an assignment pattern is a default value, not an assignment. */
function isPatternDefault(n: ts.BinaryExpression): boolean {
  if (n.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const p = n.parent;
  return !!p && (ts.isArrayLiteralExpression(p) || ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === n)) && isInsidePattern(p);
}

function isInsidePattern(n: ts.Node): boolean {
  let c = n;
  while (c.parent && (ts.isArrayLiteralExpression(c.parent) || ts.isObjectLiteralExpression(c.parent) || ts.isPropertyAssignment(c.parent) || ts.isShorthandPropertyAssignment(c.parent))) c = c.parent;
  return !!c.parent && ts.isBinaryExpression(c.parent) && c.parent.left === c && c.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}
