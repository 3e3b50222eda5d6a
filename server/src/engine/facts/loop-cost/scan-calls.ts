/**
 * Calls that walk a whole collection each time they run: predicate searches (`.find`, `.some`…),
 * equality scans (`.includes`, `.indexOf`), sorts, serialisation (`JSON.stringify`,
 * `structuredClone`) and lodash's searches — and the array methods whose inline callback is a loop.
 */
import { ts } from "ts-morph";
import { calleeName, memberName, unwrap } from "../../ast";
import type { FileFacts } from "../file-facts";
import { inlineFn } from "./syntax";
import type { HiddenScan, InlineFn } from "./types";

const { PropertyAccessExpression, ElementAccessExpression } = ts.SyntaxKind;

/** Array methods that call their first argument once per element. */
export const CALLBACK_ITERATORS = new Set(["map", "forEach", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap", "sort", "toSorted"]);
const PREDICATE_SEARCHES = new Set(["find", "findIndex", "findLast", "findLastIndex", "filter", "some", "every"]);
/** Every name scanOf() can accept a call by, for a cheap first look. */
export const SCAN_NAMES = new Set(["find", "findIndex", "findLast", "findLastIndex", "filter", "some", "every", "includes", "indexOf", "lastIndexOf", "sort", "toSorted", "stringify", "reject"]);
const EQUALITY_SEARCHES = new Set(["includes", "indexOf", "lastIndexOf"]);
const LODASH_MODULES = new Set(["lodash", "underscore", "lodash-es", "lodash/find", "lodash/filter", "lodash/some", "lodash/every", "lodash/findIndex", "lodash/includes", "lodash/reject"]);
const LODASH_SEARCHES = new Set(["find", "filter", "some", "every", "findIndex", "findLast", "reject", "includes", "indexOf"]);

/** The loop an array-method call runs: `xs.map(fn)`, `Array.from(x, fn)`. */
export interface CallbackLoop {
  method: string;
  receiver: ts.Expression;
  callback: InlineFn;
}

export function callbackLoopOf(call: ts.CallExpression): CallbackLoop | undefined {
  // Called on every call inside a loop: cheap kind tests before anything else.
  if (!call.arguments.length) return undefined;
  const callee = unwrap(call.expression);
  if (callee.kind !== PropertyAccessExpression && callee.kind !== ElementAccessExpression) return undefined;
  const method = memberName(callee);
  if (!method) return undefined;
  const first = call.arguments[0];
  if (CALLBACK_ITERATORS.has(method)) {
    const fn = inlineFn(first);
    return fn ? { method, receiver: (callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression, callback: fn } : undefined;
  }
  // Array.from(x, fn), by name: no file redefines `Array`, and reading names is far cheaper than resolving them.
  if (method === "from" && call.arguments[1] && isIdentifierNamed((callee as ts.PropertyAccessExpression).expression, "Array")) {
    const fn = inlineFn(call.arguments[1]);
    if (fn) return { method, receiver: first, callback: fn };
  }
  return undefined;
}

/** The scan `call` performs, if it walks a whole collection; lodash's only when the file imports lodash. */
export function scanOf(file: FileFacts, call: ts.CallExpression, hints: { readonly mentionsLodash: boolean }): HiddenScan | undefined {
  const callee = unwrap(call.expression);
  const first = call.arguments[0];
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const method = memberName(callee);
    const receiver = callee.expression;
    const firstFn = first && inlineFn(first);
    if (method && PREDICATE_SEARCHES.has(method) && firstFn) return { kind: "search", node: call, method, receiver, predicate: firstFn };
    if (method && EQUALITY_SEARCHES.has(method) && first && !ts.isSpreadElement(first)) return { kind: "equality", node: call, method, receiver };
    if (method && (method === "sort" || method === "toSorted") && receiver.kind !== ts.SyntaxKind.ThisKeyword) return { kind: "sort", node: call, method, receiver };
    if (method === "stringify" && first && isIdentifierNamed(callee.expression, "JSON")) return { kind: "serialise", node: call, method: "JSON.stringify", receiver: first };
  }
  if (call.arguments.length >= 2 && LODASH_SEARCHES.has(calleeName(call) ?? "") && hints.mentionsLodash) {
    const lodash = lodashScan(file, call);
    if (lodash) return lodash;
  }
  if (ts.isIdentifier(callee) && callee.text === "structuredClone" && first && file.scopes.resolve(callee).kind === "global") {
    return { kind: "serialise", node: call, method: "structuredClone", receiver: first };
  }
  return undefined;
}

function isIdentifierNamed(e: ts.Expression, name: string): boolean {
  const u = unwrap(e);
  return ts.isIdentifier(u) && u.text === name;
}

/** `_.find(list, fn | { key: value })`, `_.includes(list, x)` from lodash / underscore. */
function lodashScan(file: FileFacts, call: ts.CallExpression): HiddenScan | undefined {
  const api = file.apis.callee(call);
  if (!api || !LODASH_MODULES.has(api.module)) return undefined;
  const method = api.path.length === 1 ? api.path[0] : api.path.length === 0 ? api.module.split("/")[1] : undefined;
  if (!method || !LODASH_SEARCHES.has(method)) return undefined;
  const [receiver, second] = call.arguments;
  if (ts.isSpreadElement(receiver) || ts.isSpreadElement(second)) return undefined;
  const label = `_.${method}`;
  if (method === "includes" || method === "indexOf") return { kind: "equality", node: call, method: label, receiver };
  const fn = inlineFn(second);
  const obj = unwrap(second);
  if (fn) return { kind: "search", node: call, method: label, receiver, predicate: fn };
  if (ts.isObjectLiteralExpression(obj)) return { kind: "search", node: call, method: label, receiver, matcher: obj };
  return undefined;
}

/** `xs.indexOf(v) !== -1`, `xs.indexOf(v) >= 0`: asks only whether v is there. */
export function isMembershipTest(call: ts.Node): boolean {
  let p = call.parent;
  while (p && ts.isParenthesizedExpression(p)) p = p.parent;
  if (!p || !ts.isBinaryExpression(p)) return false;
  const other = unwrap(p.left === call ? p.right : p.left);
  const value = ts.isPrefixUnaryExpression(other) && other.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(other.operand) ? -Number(other.operand.text) : ts.isNumericLiteral(other) ? Number(other.text) : undefined;
  const op = p.operatorToken.kind;
  return value === -1 || (value === 0 && (op === ts.SyntaxKind.GreaterThanEqualsToken || op === ts.SyntaxKind.LessThanToken));
}
