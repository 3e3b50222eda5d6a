/**
 * Promise.all over awaited operands of one call or array literal:
 *   render(await layout(), await content(id))  →  render(...(await Promise.all([layout(), content(id)])))
 *   const [a, b] = [await f(), await g()]       →  const [a, b] = await Promise.all([f(), g()])
 * The operands before the group are evaluated before it and the ones after it after it, as they
 * were; only the awaits themselves overlap. Operands of `+`, templates and object literals would
 * need new names to keep that order, so they get no fix; neither do groups with other operands
 * between their awaits.
 */
import { ts } from "ts-morph";
import type { FileFacts } from "../facts/file-facts";
import { commentsOutside, eolAt, indentUnitOf, lineIndentAt, spanOf } from "./layout";
import type { GroupRewrite } from "./promise-all";
import { promiseAllCall, skipParens } from "./promise-all-render";

export function operandGroupEdit(file: FileFacts, first: ts.Node, last: ts.Node): GroupRewrite | undefined {
  const sf = file.sf;
  const owner = first.parent;
  if (!owner || last.parent !== owner) return undefined;
  let list: readonly ts.Expression[] | undefined;
  if ((ts.isCallExpression(owner) && owner.expression.kind !== ts.SyntaxKind.ImportKeyword) || ts.isNewExpression(owner)) list = owner.arguments;
  else if (ts.isArrayLiteralExpression(owner)) list = owner.elements;
  if (!list) return undefined;
  const i = list.indexOf(first as ts.Expression);
  const j = list.indexOf(last as ts.Expression);
  if (i < 0 || j <= i) return undefined;
  const awaited: ts.Expression[] = [];
  for (const operand of list.slice(i, j + 1)) {
    const aw = skipParens(operand);
    if (!ts.isAwaitExpression(aw)) return undefined;
    awaited.push(aw.expression);
  }

  const whole = ts.isArrayLiteralExpression(owner) && i === 0 && j === list.length - 1 && (isPlainJs(file.path) || isDestructured(owner));
  const start = whole ? owner.getStart(sf) : list[i].getStart(sf);
  const end = whole ? owner.getEnd() : list[j].getEnd();
  const eol = eolAt(sf.text, start);
  const indent = lineIndentAt(sf.text, start);
  const column = start - (sf.text.lastIndexOf("\n", start - 1) + 1);
  const parens = whole && needsParens(owner);
  const head = whole ? (parens ? "(await " : "await ") : "...(await ";
  const tail = whole && !parens ? "" : ")";
  const call = promiseAllCall(awaited, { sf, eol, indent, unit: indentUnitOf(sf.text), before: column + head.length, after: tail.length + 2 });

  // Comments between the operands go in front, so none is lost.
  const comments = commentsOutside(sf.text, start, end, awaited.map((a) => spanOf(sf, a)))
    .map((c) => (c.startsWith("//") ? c + eol + indent : c + " "))
    .join("");
  return { edit: { start, end, text: comments + head + call + tail }, count: awaited.length };
}

/**
 * In TypeScript an array literal's type is an array unless it is destructured; Promise.all's is a
 * tuple. Only where the value is destructured may the literal go; elsewhere it stays, spread.
 */
function isDestructured(array: ts.ArrayLiteralExpression): boolean {
  let n: ts.Node = array;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  if (ts.isVariableDeclaration(p)) return p.initializer === n && ts.isArrayBindingPattern(p.name);
  return ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.right === n && ts.isArrayLiteralExpression(p.left);
}

function isPlainJs(path: string): boolean {
  return /\.[cm]?jsx?$/i.test(path);
}

/** Whether an `await …` put where `node` stands needs parentheses to mean the same. */
function needsParens(node: ts.Expression): boolean {
  const p = node.parent;
  if (!p) return true;
  if (ts.isParenthesizedExpression(p) || ts.isReturnStatement(p) || ts.isExpressionStatement(p) || ts.isThrowStatement(p) || ts.isSpreadElement(p) || ts.isTemplateSpan(p)) return false;
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isArrayLiteralExpression(p)) return false;
  if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression !== node) return false;
  if (ts.isArrowFunction(p)) return p.body !== node;
  if (ts.isBinaryExpression(p)) {
    const k = p.operatorToken.kind;
    return !(p.right === node && ((k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment) || k === ts.SyntaxKind.CommaToken));
  }
  return true;
}
