/** Small, allocation-light helpers over raw TypeScript compiler nodes (the hot path never wraps nodes). */
import { ts } from "ts-morph";

/**
 * `ts` is a namespace object of some 2,000 getters, which V8 keeps in dictionary mode: every
 * `ts.x` read is a hash lookup plus a getter call (~60 ns), and the helpers below run for nearly
 * every node of every walk. They read what they need from it once, here; the SyntaxKind enum
 * itself is an ordinary object with fast properties.
 */
const SyntaxKind = ts.SyntaxKind;
const { canHaveModifiers, getModifiers, isIdentifier, isPropertyAccessExpression, isElementAccessExpression, isStringLiteral, isNoSubstitutionTemplateLiteral } = ts;

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  switch (node.kind) {
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.Constructor:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

export function isAsyncFunction(fn: ts.Node): boolean {
  if (!isFunctionNode(fn)) return false;
  const mods = canHaveModifiers(fn) ? getModifiers(fn) : undefined;
  return !!mods?.some((m) => m.kind === SyntaxKind.AsyncKeyword);
}

/** The nearest function that encloses `node` (not `node` itself), or undefined at module level. */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (isFunctionNode(p)) return p;
  return undefined;
}

export function isLoop(node: ts.Node): node is ts.IterationStatement {
  switch (node.kind) {
    case SyntaxKind.ForStatement:
    case SyntaxKind.ForOfStatement:
    case SyntaxKind.ForInStatement:
    case SyntaxKind.WhileStatement:
    case SyntaxKind.DoStatement:
      return true;
    default:
      return false;
  }
}

/** Strips parentheses, type assertions, `!`, `satisfies` — wrappers that do not change the value. */
export function unwrap(expr: ts.Expression): ts.Expression {
  for (;;) {
    switch (expr.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.TypeAssertionExpression:
      case SyntaxKind.SatisfiesExpression:
        expr = (expr as ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.TypeAssertion | ts.SatisfiesExpression).expression;
        break;
      default:
        return expr;
    }
  }
}

/** Text of a string literal or no-substitution template, else undefined. */
export function stringValue(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** Name of a property access / element access with a literal key: `a.b` and `a["b"]` give "b". */
export function memberName(expr: ts.Node): string | undefined {
  if (isPropertyAccessExpression(expr)) return expr.name.text;
  if (isElementAccessExpression(expr)) return stringValue(expr.argumentExpression);
  return undefined;
}

/** The callee's last name: `a.b.c()` → "c", `f()` → "f". */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (isIdentifier(callee)) return callee.text;
  return memberName(callee);
}

/**
 * Visits every descendant of `node` in source order. Return `false` from the visitor to skip a
 * node's children. Recursive (no allocation per node) down to RECURSION_LIMIT levels, then
 * iterative, so 50,000-deep nesting cannot overflow the stack.
 */
export function walk(node: ts.Node, visit: (n: ts.Node) => boolean | void): void {
  traverse(node, visit, false);
}

/** Like walk(), but does not enter nested functions (their bodies run at another time). */
export function walkSameFunction(node: ts.Node, visit: (n: ts.Node) => boolean | void): void {
  traverse(node, visit, true);
}

/**
 * Each level of recursion costs a few frames inside the compiler's forEachChild, and Node's default
 * stack overflows somewhere past 2,400 levels (cold code has the biggest frames): 256 leaves room
 * for a caller that is itself deep, or a visitor that walks again. Minified bundles (long comma or
 * `+` chains) go deeper and finish on the explicit stack.
 */
const RECURSION_LIMIT = 256;
const forEachChild = ts.forEachChild;
const LAST_TOKEN = SyntaxKind.LastToken;

function isSkippedInSameFunction(n: ts.Node): boolean {
  return isFunctionNode(n) || n.kind === SyntaxKind.ClassDeclaration || n.kind === SyntaxKind.ClassExpression;
}

function traverse(root: ts.Node, visit: (n: ts.Node) => boolean | void, sameFunction: boolean): void {
  let depth = 0;
  // Returns undefined always: a truthy return would stop forEachChild early.
  const enter = (n: ts.Node): undefined => {
    if (sameFunction && isSkippedInSameFunction(n)) return;
    if (visit(n) === false || n.kind <= LAST_TOKEN) return;
    if (depth < RECURSION_LIMIT) {
      depth++;
      forEachChild(n, enter);
      depth--;
    } else traverseIteratively(n, visit, sameFunction);
  };
  forEachChild(root, enter);
}

/** The children of `root` and below, visited from an explicit stack. */
function traverseIteratively(root: ts.Node, visit: (n: ts.Node) => boolean | void, sameFunction: boolean): void {
  const stack: ts.Node[] = [];
  // forEachChild yields in source order; they are pushed reversed so the stack pops them in order.
  const kids: ts.Node[] = [];
  const collect = (c: ts.Node): undefined => {
    kids.push(c);
  };
  const pushChildren = (n: ts.Node) => {
    forEachChild(n, collect);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    kids.length = 0;
  };
  pushChildren(root);
  while (stack.length) {
    const n = stack.pop()!;
    if (sameFunction && isSkippedInSameFunction(n)) continue;
    if (visit(n) !== false && n.kind > LAST_TOKEN) pushChildren(n);
  }
}

export function isAncestor(ancestor: ts.Node, node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** Awaits in `node` that run as part of it (not inside nested functions). */
export function awaitsIn(node: ts.Node): ts.AwaitExpression[] {
  const out: ts.AwaitExpression[] = [];
  if (node.kind === SyntaxKind.AwaitExpression) out.push(node as ts.AwaitExpression);
  walkSameFunction(node, (n) => {
    if (n.kind === SyntaxKind.AwaitExpression) out.push(n as ts.AwaitExpression);
  });
  return out;
}

/** The statement directly inside a block/source file that contains `node`. */
export function containingStatement(node: ts.Node): ts.Statement | undefined {
  for (let p: ts.Node | undefined = node; p && p.parent; p = p.parent) {
    switch (p.parent.kind) {
      case SyntaxKind.Block:
      case SyntaxKind.SourceFile:
      case SyntaxKind.CaseClause:
      case SyntaxKind.DefaultClause:
      case SyntaxKind.ModuleBlock:
        return p as ts.Statement;
    }
  }
  return undefined;
}
