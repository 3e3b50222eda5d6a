/** Small helpers over raw syntax that loop-cost facts share. */
import { ts } from "ts-morph";
import { calleeName, isAncestor, isFunctionNode, memberName, unwrap, walk, type FunctionNode } from "../../ast";
import type { FileFacts } from "../file-facts";
import type { Decl } from "../scope";
import type { InlineFn, Shape } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

/** `a op b` for the operators loop bounds are written with; undefined for anything else. */
export function foldArithmetic(op: ts.SyntaxKind, a: number, b: number): number | undefined {
  switch (op) {
    case SK.PlusToken: return a + b;
    case SK.MinusToken: return a - b;
    case SK.AsteriskToken: return a * b;
    case SK.SlashToken: return b === 0 ? undefined : a / b;
    case SK.AsteriskAsteriskToken: return a ** b;
    case SK.LessThanLessThanToken: return a * 2 ** b;
    default: return undefined;
  }
}

export function enclosingFunctionOf(node: ts.Node): ts.Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (isFunctionNode(p)) return p;
  return undefined;
}

/** `await x`, possibly parenthesised. */
export function isAwaited(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isAwaitExpression(u) || (ts.isParenthesizedExpression(u) && ts.isAwaitExpression(unwrap(u.expression)));
}

export function inlineFn(e: ts.Expression): InlineFn | undefined {
  const u = unwrap(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u) ? u : undefined;
}

/** A loop's own variable (for-initializer, for…of binding) or a callback's parameter. */
export function isIterationVariable(d: Decl, site: ts.Node): boolean {
  if (!d.id) return false;
  if (isFunctionNode(site)) return d.kind === "param" && isAncestor(site, d.id) && site.parameters.some((p) => isAncestor(p, d.id!));
  const init = (site as ts.ForStatement | ts.ForOfStatement | ts.ForInStatement).initializer;
  return !!init && isAncestor(init, d.id);
}

/** The declaration node of a `for…of` / `for…in` variable. */
export function isLoopVariable(declNode: ts.Node): boolean {
  const list = declNode.parent;
  return !!list && ts.isVariableDeclarationList(list) && !!list.parent && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
}

/** The identifier a member chain starts from: `req.body.items[0]` → req. */
export function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  let cur = unwrap(e);
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur) || ts.isCallExpression(cur)) cur = unwrap(cur.expression);
  return ts.isIdentifier(cur) ? cur : undefined;
}

export function propertyInit(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

export function typeShape(t: ts.TypeNode): Shape {
  if (isArrayType(t)) return "array";
  if (t.kind === SK.StringKeyword || (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) return "string";
  if (ts.isUnionTypeNode(t)) {
    const parts = t.types.filter((x) => x.kind !== SK.UndefinedKeyword && !(ts.isLiteralTypeNode(x) && x.literal.kind === SK.NullKeyword)).map(typeShape);
    return parts.length && parts.every((p) => p === parts[0]) ? parts[0] : "unknown";
  }
  return "unknown";
}

export function isArrayType(t: ts.TypeNode): boolean {
  if (ts.isArrayTypeNode(t) || ts.isTupleTypeNode(t)) return true;
  if (ts.isTypeOperatorNode(t) && t.operator === SK.ReadonlyKeyword) return isArrayType(t.type);
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) return t.typeName.text === "Array" || t.typeName.text === "ReadonlyArray";
  return false;
}

export function isThisMember(e: ts.Expression, name: string): boolean {
  const u = unwrap(e);
  return ts.isPropertyAccessExpression(u) && u.expression.kind === SK.ThisKeyword && u.name.text === name;
}

/** The class whose instance `this` is at `node` (arrow functions keep the outer `this`). */
export function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isArrowFunction(p)) continue;
    if (ts.isMethodDeclaration(p) || ts.isConstructorDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isPropertyDeclaration(p)) {
      return ts.isClassLike(p.parent) ? p.parent : undefined;
    }
    if (isFunctionNode(p)) return undefined;
  }
  return undefined;
}

export function thisMethod(access: ts.PropertyAccessExpression): ts.MethodDeclaration | undefined {
  if (access.expression.kind !== SK.ThisKeyword) return undefined;
  const cls = thisClass(access);
  return cls?.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && ts.isIdentifier(m.name) && m.name.text === access.name.text);
}

/** A function declared in this file under `id`'s name: `function f(){}` or `const f = () => …`. */
export function localFunction(file: FileFacts, id: ts.Identifier): FunctionNode | undefined {
  const decl = file.scopes.resolve(id);
  if (decl.kind === "function" && decl.init && isFunctionNode(decl.init)) return decl.init;
  if (decl.kind === "const" && !decl.path && decl.init) {
    const init = ts.isExpression(decl.init) ? unwrap(decl.init) : decl.init;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** The local function a call reaches: `f(…)` or `this.m(…)`. */
export function helperOf(file: FileFacts, call: ts.CallExpression): FunctionNode | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return localFunction(file, callee);
  return ts.isPropertyAccessExpression(callee) ? thisMethod(callee) : undefined;
}

export function returnedValues(fn: InlineFn): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  walk(fn.body, (n) => {
    if (isFunctionNode(n) || ts.isClassLike(n)) return false;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
  });
  return out;
}

/** The property an equality compares on the element side: `u.id` → "id", `u.email.toLowerCase()` → "email". */
export function keyOf(e: ts.Expression): string {
  let cur = unwrap(e);
  for (;;) {
    if (ts.isCallExpression(cur)) cur = unwrap(cur.expression);
    else if (ts.isPropertyAccessExpression(cur) && ts.isCallExpression(cur.parent) && cur.parent.expression === cur) cur = unwrap(cur.expression);
    else break;
  }
  return memberName(cur) ?? "";
}

/** Cheap syntactic pre-filter for an accumulator copy: a spread literal, `.concat(…)` or `Object.assign(…)`. */
export function looksLikeCopy(value: ts.Expression): boolean {
  const v = unwrap(value);
  if (ts.isObjectLiteralExpression(v)) return v.properties.some(ts.isSpreadAssignment);
  if (ts.isArrayLiteralExpression(v)) return v.elements.some(ts.isSpreadElement);
  if (ts.isCallExpression(v)) {
    const name = calleeName(v);
    return name === "concat" || name === "assign";
  }
  return false;
}
