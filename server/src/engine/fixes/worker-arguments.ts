/**
 * Whether a function changes objects its caller handed it. On a worker thread it gets copies, so a
 * caller that relied on the change (an array sorted in place, a field filled in) would see none:
 * such a function does not move. Values are followed through locals, loop variables, callback
 * parameters and helpers: an object shared with the caller ("alias"), or a fresh container holding
 * shared objects ("shallow": `xs.slice()` may be sorted, its elements may not be changed).
 */
import { ts } from "ts-morph";
import { isAncestor, isFunctionNode, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isReference, type Decl } from "../facts/scope";
import type { Movable } from "./worker-purity";

type Origin = "none" | "shallow" | "alias";

const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin", "set", "add", "delete", "clear"]);
/** Mutators that store their arguments: the receiver then holds shared objects. */
const STORES = new Set(["push", "unshift", "splice", "set", "add", "fill"]);
const COPIES = new Set(["slice", "concat", "filter", "toSorted", "toReversed", "toSpliced", "flat", "map", "flatMap", "values", "entries", "keys"]);
const ELEMENT_GETTERS = new Set(["find", "findLast", "at", "pop", "shift", "get"]);
const ELEMENT_CALLBACKS = new Set(["forEach", "map", "filter", "find", "findIndex", "findLast", "findLastIndex", "some", "every", "flatMap", "sort", "toSorted"]);
const OBJECT_MUTATORS = new Set(["assign", "defineProperty", "defineProperties", "setPrototypeOf", "freeze", "seal", "preventExtensions", "deleteProperty", "set"]);

/**
 * True when `m` may change an argument (those at `params`, every one by default) or anything
 * reachable from it; `helpers` are the other movable functions it calls, followed into.
 */
export function changesArguments(file: FileFacts, m: Movable, helpers: readonly Movable[], params?: ReadonlySet<number>, visiting = new Set<Movable>()): boolean {
  if (visiting.has(m)) return false;
  visiting.add(m);
  const origins = new Map<Decl, Origin>();
  m.fn.parameters.forEach((p, i) => {
    if (!params || params.has(i)) for (const d of boundDecls(file, p.name)) origins.set(d, "alias");
  });
  const originOf = (e: ts.Expression): Origin => expressionOrigin(file, e, origins);

  // Names take their values from aliases: repeat until nothing new is learnt.
  for (let changed = true; changed; ) {
    changed = false;
    const raise = (decls: Decl[], o: Origin) => {
      for (const d of decls) {
        if (o !== "none" && rank(o) > rank(origins.get(d) ?? "none")) {
          origins.set(d, o);
          changed = true;
        }
      }
    };
    walk(m.fn, (n) => {
      if (ts.isVariableDeclaration(n) && n.initializer) {
        const o = originOf(n.initializer);
        raise(boundDecls(file, n.name), ts.isIdentifier(n.name) ? o : o === "none" ? "none" : "alias");
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(n.left))) {
        raise([file.scopes.resolve(unwrap(n.left) as ts.Identifier)], originOf(n.right));
      } else if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && ts.isVariableDeclarationList(n.initializer)) {
        if (ts.isForOfStatement(n) && originOf(n.expression) !== "none") raise(n.initializer.declarations.flatMap((d) => boundDecls(file, d.name)), "alias");
      } else if (ts.isCallExpression(n)) {
        const callee = unwrap(n.expression);
        if (!ts.isPropertyAccessExpression(callee)) return;
        const receiver = originOf(callee.expression);
        const method = callee.name.text;
        const fn = n.arguments[0] && unwrap(n.arguments[0]);
        if (receiver !== "none" && fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ELEMENT_CALLBACKS.has(method) || method === "reduce" || method === "reduceRight")) {
          const element = method === "reduce" || method === "reduceRight" ? 1 : 0;
          const shared = method === "sort" || method === "toSorted" ? [0, 1] : [element, element + 2];
          shared.forEach((i) => fn.parameters[i] && raise(boundDecls(file, fn.parameters[i].name), "alias"));
        }
        // `out.push(item)`: out now holds a shared object.
        if (STORES.has(method) && n.arguments.some((a) => originOf(ts.isSpreadElement(a) ? a.expression : a) !== "none")) {
          const root = rootName(callee.expression);
          if (root) raise([file.scopes.resolve(root)], "shallow");
        }
      }
    });
  }

  let changes = false;
  walk(m.fn, (n) => {
    if (changes) return false;
    if (isWriteTarget(n) && (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && originOf(n.expression) === "alias") changes = true;
    else if (ts.isCallExpression(n)) changes = callChanges(file, n, originOf, helpers, visiting);
  });
  return changes;
}

function callChanges(file: FileFacts, call: ts.CallExpression, originOf: (e: ts.Expression) => Origin, helpers: readonly Movable[], visiting: Set<Movable>): boolean {
  const callee = unwrap(call.expression);
  const shared = new Set<number>();
  call.arguments.forEach((a, i) => {
    if (originOf(ts.isSpreadElement(a) ? a.expression : a) !== "none") shared.add(i);
  });
  if (ts.isPropertyAccessExpression(callee)) {
    if (MUTATORS.has(callee.name.text) && originOf(callee.expression) === "alias") return true;
    const owner = unwrap(callee.expression);
    if (ts.isIdentifier(owner) && (owner.text === "Object" || owner.text === "Reflect") && OBJECT_MUTATORS.has(callee.name.text) && shared.has(0)) return true;
    return false;
  }
  if (!shared.size || !ts.isIdentifier(callee)) return false;
  const decl = file.scopes.resolve(callee);
  if (decl.kind === "global") return false;
  const helper = helpers.find((h) => h.decl === decl);
  // A local function handed a shared object: follow it only when it is a helper we move.
  return helper ? changesArguments(file, helper, helpers, shared, visiting) : true;
}

/** Where an expression's value comes from, as far as sharing with the caller goes. */
function expressionOrigin(file: FileFacts, e: ts.Expression, origins: ReadonlyMap<Decl, Origin>): Origin {
  const u = unwrap(e);
  const of = (x: ts.Expression) => expressionOrigin(file, x, origins);
  if (ts.isIdentifier(u)) return isReference(u) ? (origins.get(file.scopes.resolve(u)) ?? "none") : "none";
  if (ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) return of(u.expression) === "none" ? "none" : "alias";
  if (ts.isConditionalExpression(u)) return max(of(u.whenTrue), of(u.whenFalse));
  if (ts.isBinaryExpression(u)) {
    const k = u.operatorToken.kind;
    if (k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.CommaToken) return max(of(u.left), of(u.right));
    if (k === ts.SyntaxKind.EqualsToken) return of(u.right);
    return "none";
  }
  if (ts.isArrayLiteralExpression(u)) return u.elements.some((el) => of(ts.isSpreadElement(el) ? el.expression : el) !== "none") ? "shallow" : "none";
  if (ts.isObjectLiteralExpression(u)) {
    return u.properties.some((p) => (ts.isPropertyAssignment(p) ? of(p.initializer) : ts.isShorthandPropertyAssignment(p) ? of(p.name) : ts.isSpreadAssignment(p) ? of(p.expression) : "none") !== "none") ? "shallow" : "none";
  }
  if (ts.isCallExpression(u)) {
    const callee = unwrap(u.expression);
    const args = u.arguments.map((a) => of(ts.isSpreadElement(a) ? a.expression : a));
    if (ts.isPropertyAccessExpression(callee)) {
      const receiver = of(callee.expression);
      const name = callee.name.text;
      const owner = unwrap(callee.expression);
      if (ts.isIdentifier(owner) && (owner.text === "Math" || owner.text === "JSON" || owner.text === "Number" || owner.text === "String")) return "none";
      if (ts.isIdentifier(owner) && owner.text === "Array" && name === "from") return args[0] !== "none" ? "shallow" : "none";
      if (receiver !== "none" && COPIES.has(name)) return "shallow";
      if (receiver !== "none" && ELEMENT_GETTERS.has(name)) return "alias";
      return receiver !== "none" || args.some((a) => a !== "none") ? "alias" : "none";
    }
    if (ts.isIdentifier(callee) && (callee.text === "structuredClone" || callee.text === "String" || callee.text === "Number" || callee.text === "Boolean")) return "none";
    return args.some((a) => a !== "none") ? "alias" : "none";
  }
  return "none";
}

function isWriteTarget(n: ts.Node): boolean {
  let cur = n;
  while (cur.parent && (ts.isParenthesizedExpression(cur.parent) || ts.isNonNullExpression(cur.parent))) cur = cur.parent;
  const p = cur.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p)) return p.left === cur && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  return ts.isDeleteExpression(p) || ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === cur);
}

function boundDecls(file: FileFacts, name: ts.BindingName): Decl[] {
  if (ts.isIdentifier(name)) {
    const d = file.scopes.declOf(name);
    return d ? [d] : [];
  }
  return name.elements.flatMap((el) => (ts.isBindingElement(el) ? boundDecls(file, el.name) : []));
}

function rootName(e: ts.Expression): ts.Identifier | undefined {
  let cur = unwrap(e);
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur)) cur = unwrap(cur.expression);
  return ts.isIdentifier(cur) ? cur : undefined;
}

function rank(o: Origin): number {
  return o === "alias" ? 2 : o === "shallow" ? 1 : 0;
}

function max(a: Origin, b: Origin): Origin {
  return rank(a) >= rank(b) ? a : b;
}

/** True when a `return` of `m` (not of a nested function) hands back a shared object: the caller would now get a copy. */
export function returnsArgument(file: FileFacts, m: Movable): boolean {
  const origins = new Map<Decl, Origin>();
  m.fn.parameters.forEach((p) => boundDecls(file, p.name).forEach((d) => origins.set(d, "alias")));
  const body = m.fn.body;
  if (!body) return false;
  if (!ts.isBlock(body)) return expressionOrigin(file, body, origins) === "alias";
  let found = false;
  walk(body, (n) => {
    if (found || (isFunctionNode(n) && isAncestor(body, n))) return false;
    if (ts.isReturnStatement(n) && n.expression && ts.isIdentifier(unwrap(n.expression)) && expressionOrigin(file, n.expression, origins) === "alias") found = true;
  });
  return found;
}
