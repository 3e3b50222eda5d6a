/** What a function is called, whether it is exported, and whether it is an inline callback: read from syntax alone. */
import { ts } from "ts-morph";
import { unwrap, type FunctionNode } from "../../ast";

export function functionNameId(fn: FunctionNode): ts.Identifier | undefined {
  if (ts.isFunctionDeclaration(fn) && fn.name) return fn.name;
  const p = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name;
  return undefined;
}

export function functionName(fn: FunctionNode): string | undefined {
  const id = functionNameId(fn);
  if (id) return id.text;
  const name = ts.isMethodDeclaration(fn) ? fn.name : ts.isPropertyAssignment(fn.parent) ? fn.parent.name : undefined;
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

export function hasExportModifier(fn: FunctionNode): boolean {
  if (ts.isExportAssignment(fn.parent)) return true;
  // `export const main = async () => …`: the modifier sits on the VariableStatement.
  const holder: ts.Node | undefined = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent.parent?.parent : undefined;
  if (!holder) return false;
  const mods = ts.canHaveModifiers(holder) ? ts.getModifiers(holder) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** `export { main }`, `module.exports = main`, `exports.main = main`, `module.exports = { main }`. */
export function isExportUse(ref: ts.Identifier): boolean {
  const p = ref.parent;
  if (ts.isExportSpecifier(p) || ts.isExportAssignment(p)) return true;
  const assigned = ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p) ? p.parent.parent : p;
  if (!assigned || !ts.isBinaryExpression(assigned) || assigned.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const target = assigned.left.getText().replace(/\s/g, "");
  return target === "module.exports" || target.startsWith("module.exports.") || target.startsWith("exports.");
}

export function isInlineCallback(fn: FunctionNode): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !isAssignedToName(fn);
}

/** `const helper = () => …` or `obj.helper = function () {…}`: a named utility rather than an inline callback. */
export function isAssignedToName(fn: FunctionNode): boolean {
  const p = fn.parent;
  if (!p) return false;
  return ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || (ts.isBinaryExpression(p) && p.right === fn) || ts.isExportAssignment(p);
}

export function describeFunction(fn: FunctionNode): string {
  const id = functionNameId(fn);
  if (id) return `function ${id.text}`;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && ts.isIdentifier(fn.name)) return `method ${fn.name.text}`;
  if (ts.isConstructorDeclaration(fn)) return "constructor";
  // exports.handler = async () => …, { load: async () => … }, class { run = async () => … }
  const p = fn.parent;
  if (ts.isBinaryExpression(p) && p.right === fn && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(p.left)) return `function ${p.left.name.text}`;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && ts.isIdentifier(p.name)) return `${ts.isPropertyDeclaration(p) ? "method" : "function"} ${p.name.text}`;
  return "function";
}

export function isDefaultExport(fn: FunctionNode): boolean {
  if (ts.isExportAssignment(fn.parent)) return true;
  const mods = ts.canHaveModifiers(fn) ? ts.getModifiers(fn) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

export function isFunctionLike(n: ts.Node): boolean {
  const e = ts.isExpression(n) ? unwrap(n) : n;
  return ts.isIdentifier(e) || ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

/** The call whose callee `ref` is (`f()`, `(f)()`), or undefined when the function is used another way. */
export function calleeCall(ref: ts.Identifier): ts.CallExpression | undefined {
  let e: ts.Node = ref;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent))) e = e.parent;
  const call = e.parent;
  return call && ts.isCallExpression(call) && call.expression === e ? call : undefined;
}
