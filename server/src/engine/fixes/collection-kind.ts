/**
 * What syntax alone says about a collection a loop walks: known to be an array (so `xs.map(…)`
 * works as written), or possibly lazy (a generator, stream or cursor whose items come one per
 * step, which reading them all up front could change or never finish).
 */
import { ts } from "ts-morph";
import { calleeName, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";

/** Calls and names that return arrays for sure. */
const ARRAY_METHODS = new Set(["map", "filter", "slice", "concat", "flat", "flatMap", "toSorted", "toReversed", "toSpliced", "split"]);

/** True when `e` is known to be an array from syntax alone: a literal, Array.from, Object.keys, a typed name. */
export function isArray(file: FileFacts, e: ts.Expression, depth = 0): boolean {
  if (ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) return isArrayType(e.type) || isArray(file, e.expression, depth);
  const x = unwrap(e);
  if (ts.isArrayLiteralExpression(x)) return true;
  if (ts.isAwaitExpression(x)) {
    const inner = unwrap(x.expression);
    return ts.isCallExpression(inner) && inner.expression.getText(file.sf) === "Promise.all";
  }
  if (ts.isCallExpression(x)) {
    const callee = unwrap(x.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const owner = callee.expression.getText(file.sf);
    const name = callee.name.text;
    if (owner === "Array" && (name === "from" || name === "of")) return true;
    if (owner === "Object" && (name === "keys" || name === "values" || name === "entries")) return true;
    // split is a string's; map/filter/… keep an array an array (a typed array's map is not one).
    if (name === "split") return true;
    return ARRAY_METHODS.has(name) && depth < 4 && isArray(file, callee.expression, depth + 1);
  }
  if (!ts.isIdentifier(x) || depth >= 4) return false;
  const d = file.scopes.resolve(x);
  const declNode = d.id?.parent;
  if (declNode && (ts.isParameter(declNode) || ts.isVariableDeclaration(declNode)) && declNode.name === d.id) {
    if (declNode.type) return isArrayType(declNode.type);
    const init = declNode.initializer;
    if (init && (d.kind === "const" || !file.scopes.isReassigned(d))) return isArray(file, init, depth + 1);
  }
  return false;
}

function isArrayType(t: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(t)) return isArrayType(t.type);
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) return isArrayType(t.type);
  if (ts.isArrayTypeNode(t) || ts.isTupleTypeNode(t)) return true;
  return ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && (t.typeName.text === "Array" || t.typeName.text === "ReadonlyArray");
}

const LAZY_NAME = /iterator|generator|stream|cursor|readline|reader|walker|paginat/i;

/**
 * A collection that may produce its items on demand (a generator, a stream, a cursor): the loop
 * pulls one item per iteration, and reading them all up front could change what they are or
 * never end.
 */
export function mayBeLazy(file: FileFacts, e: ts.Expression, depth = 0): boolean {
  const x = unwrap(e);
  if (LAZY_NAME.test(x.getText(file.sf))) return true;
  if (ts.isCallExpression(x)) {
    const callee = unwrap(x.expression);
    const name = calleeName(x) ?? "";
    if (LAZY_NAME.test(name)) return true;
    return ts.isIdentifier(callee) && isGeneratorName(file, callee);
  }
  if (ts.isIdentifier(x) && depth < 4) {
    const d = file.scopes.resolve(x);
    const declNode = d.id?.parent;
    if (declNode && ts.isVariableDeclaration(declNode) && declNode.name === d.id && declNode.initializer) return mayBeLazy(file, declNode.initializer, depth + 1);
  }
  return false;
}

function isGeneratorName(file: FileFacts, id: ts.Identifier): boolean {
  const d = file.scopes.resolve(id);
  let fn: ts.Node | undefined = d.init;
  if (fn && ts.isExpression(fn)) fn = unwrap(fn);
  return !!fn && (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && !!fn.asteriskToken;
}
