/**
 * The header of a loop read as syntax: the names it binds per iteration, what it walks, and
 * whether it steps an index by one or by a fixed amount. Names, not resolution: binding a file's
 * scopes costs a walk of it.
 */
import { ts } from "ts-morph";
import { isAncestor, unwrap, walk } from "../../ast";
import { assignmentBy } from "../effects/accesses";
import { isReference, isWrite, type Decl, type ScopeFacts } from "../scope";

/** The header read as syntax: names, no resolution (binding a file's scopes costs a walk of it). */
export interface HeaderShape {
  /** Names the header binds per iteration (for…of/in elements, the index, a for loop's own lets). */
  names: ReadonlySet<string>;
  collection?: ts.Expression;
  indexWalk: boolean;
  stepped: boolean;
  /** The index as it appears in the condition. */
  index?: ts.Identifier;
}

/** Iteration names, the collection walked, and whether the loop is a plain or stepped index walk. */
export function headerShape(loop: ts.IterationStatement): HeaderShape {
  const names = new Set<string>();
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
    // `const { a, b } of xs` declares names; `x of xs` / `[k, v] of xs` assigns existing ones.
    const visit = (n: ts.Node) => {
      if (!ts.isIdentifier(n)) return;
      // `{ id: userId = fallback.id }` binds userId only.
      const p = n.parent;
      if (((ts.isBindingElement(p) || ts.isVariableDeclaration(p)) && p.name === n) || (isReference(n) && isWrite(n))) names.add(n.text);
    };
    visit(loop.initializer);
    walk(loop.initializer, visit);
    return { names, collection: loop.expression, indexWalk: false, stepped: false };
  }
  const cond = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) ? loop.expression : undefined;
  const bound = cond && indexBound(cond);
  if (!bound) {
    if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
      for (const d of loop.initializer.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    }
    return { names, indexWalk: false, stepped: false };
  }
  const index = bound.index;
  names.add(index.text);
  // In the header and the body's last statement the index's name can only mean the index.
  const isIndex = (id: ts.Identifier) => id.text === index.text;
  const limit = bound.limit && unwrap(bound.limit);
  const collection = limit && ts.isPropertyAccessExpression(limit) && limit.name.text === "length" ? limit.expression : undefined;
  if (ts.isForStatement(loop)) {
    const step = loop.incrementor ? stepOf(loop.incrementor, isIndex) : undefined;
    const fixed = typeof step === "number" || (step !== undefined && isInvariant(loop, step));
    return { names, collection, indexWalk: step === 1, stepped: fixed && step !== 1, index };
  }
  // while (i < xs.length) { …; i++; }: the index moves by one, in the body's last statement only.
  const stmts = ts.isBlock(loop.statement) ? loop.statement.statements : undefined;
  const last = stmts?.[stmts.length - 1];
  const step = last && ts.isExpressionStatement(last) ? stepOf(last.expression, isIndex) : undefined;
  // Any other write of the name counts, even one a nested function's own variable takes: no walk then.
  let otherWrites = false;
  walk(loop.statement, (n) => {
    if (otherWrites) return false;
    if (ts.isIdentifier(n) && n.text === index.text && isReference(n) && isWrite(n) && !(last && isAncestor(last, n))) otherWrites = true;
  });
  const indexWalk = step === 1 && !otherWrites;
  if (!indexWalk) return { names: new Set(), indexWalk: false, stepped: false };
  return { names, collection, indexWalk, stepped: false, index };
}

/** The declarations behind `iterationNames`. */
export function resolveIterationDecls(loop: ts.IterationStatement, scopes: ScopeFacts, index: ts.Identifier | undefined, iterationNames: ReadonlySet<string>): Set<Decl> {
  const decls = new Set<Decl>();
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
    const visit = (n: ts.Node) => {
      if (!ts.isIdentifier(n)) return;
      const d = scopes.declOf(n) ?? (isReference(n) && isWrite(n) ? scopes.resolve(n) : undefined);
      if (d) decls.add(d);
    };
    visit(loop.initializer);
    walk(loop.initializer, visit);
  } else if (index) {
    if (iterationNames.size) decls.add(scopes.resolve(index));
  } else if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
    for (const d of loop.initializer.declarations) if (ts.isIdentifier(d.name)) decls.add(scopes.declOf(d.name)!);
  }
  return decls;
}

/**
 * True when `expr` has the same value in every iteration: literals, and names or property paths
 * the loop never writes, combined without calls. Read by name, without resolution: a write to
 * the same name anywhere in the loop (even a nested function's own variable) counts.
 */
export function isInvariant(loop: ts.IterationStatement, expr: ts.Expression): boolean {
  const names = new Set<string>();
  let pure = true;
  const check = (n: ts.Node): boolean | void => {
    if (!pure) return false;
    if (ts.isIdentifier(n)) {
      if (!ts.isPropertyAccessExpression(n.parent) || n.parent.expression === n) names.add(n.text);
      else names.add("." + n.text);
    } else if (!(ts.isNumericLiteral(n) || ts.isPropertyAccessExpression(n) || ts.isParenthesizedExpression(n) || ts.isBinaryExpression(n) || ts.isPrefixUnaryExpression(n) || n.kind === ts.SyntaxKind.ThisKeyword || ts.isToken(n))) pure = false;
    else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) pure = false;
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) pure = false;
  };
  check(expr);
  walk(expr, check);
  if (!pure) return false;
  let written = false;
  const visit = (n: ts.Node): boolean | void => {
    if (written) return false;
    if (ts.isIdentifier(n) && names.has(n.text) && (isReference(n) ? isWrite(n) : ts.isVariableDeclaration(n.parent) || ts.isBindingElement(n.parent))) written = true;
    else if (ts.isPropertyAccessExpression(n) && names.has("." + n.name.text) && isWrittenMember(n)) written = true;
  };
  for (const part of [loop.statement, ...(ts.isForStatement(loop) && loop.incrementor ? [loop.incrementor] : [])]) {
    visit(part);
    walk(part, visit);
  }
  return !written;
}

/** Names in the header of a loop (for retry detection). */
export function headerNames(loop: ts.IterationStatement): string[] {
  const parts: (ts.Node | undefined)[] = ts.isForStatement(loop) ? [loop.initializer, loop.condition, loop.incrementor] : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? [loop.expression] : ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? [loop.initializer, loop.expression] : [];
  const names: string[] = [];
  for (const p of parts) {
    if (!p) continue;
    if (ts.isIdentifier(p)) names.push(p.text);
    walk(p, (n) => {
      if (ts.isIdentifier(n)) names.push(n.text);
    });
  }
  return names;
}

/** `i < xs.length`, `i <= n`, `n > i`, `i >= 0`, `i !== end`: the index and its limit. */
function indexBound(cond: ts.Expression): { index: ts.Identifier; limit?: ts.Expression } | undefined {
  const c = unwrap(cond);
  if (!ts.isBinaryExpression(c)) return undefined;
  const k = c.operatorToken.kind;
  const relational = k === ts.SyntaxKind.LessThanToken || k === ts.SyntaxKind.LessThanEqualsToken || k === ts.SyntaxKind.GreaterThanToken || k === ts.SyntaxKind.GreaterThanEqualsToken || k === ts.SyntaxKind.ExclamationEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsToken;
  if (!relational) return undefined;
  const left = unwrap(c.left);
  const right = unwrap(c.right);
  if (ts.isIdentifier(left) && !mentions(right, left.text)) return { index: left, limit: right };
  if (ts.isIdentifier(right) && !mentions(left, right.text)) return { index: right, limit: left };
  return undefined;
}

function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  let found = false;
  walk(node, (n) => {
    if (ts.isIdentifier(n) && n.text === name) found = true;
  });
  return found;
}

/**
 * How far `expr` moves the index: a number for `i++` / `i--` / `i += 2` / `i = i + 2`, the step
 * expression for `i += size` / `i = i + size`, undefined when it does not move the index by a step.
 */
export function stepOf(expr: ts.Expression, isIndex: (id: ts.Identifier) => boolean): number | ts.Expression | undefined {
  const e = unwrap(expr);
  const indexAt = (n: ts.Expression) => {
    const x = unwrap(n);
    return ts.isIdentifier(x) && isIndex(x);
  };
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) && indexAt(e.operand)) return 1;
  if (ts.isBinaryExpression(e) && indexAt(e.left)) {
    const k = e.operatorToken.kind;
    const right = unwrap(e.right);
    if (k === ts.SyntaxKind.PlusEqualsToken || k === ts.SyntaxKind.MinusEqualsToken) return ts.isNumericLiteral(right) ? Number(right.text) : right;
    if (k === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(right) && (right.operatorToken.kind === ts.SyntaxKind.PlusToken || right.operatorToken.kind === ts.SyntaxKind.MinusToken) && indexAt(right.left)) {
      const amount = unwrap(right.right);
      return ts.isNumericLiteral(amount) ? Number(amount.text) : amount;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return stepOf(e.left, isIndex) ?? stepOf(e.right, isIndex);
  return undefined;
}

/** `a.b = …`, `a.b += …`, `a.b++`, `delete a.b`, or a destructuring target. */
function isWrittenMember(n: ts.PropertyAccessExpression): boolean {
  let top: ts.Node = n;
  while (top.parent && ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const p = top.parent;
  if (!p) return false;
  if (assignmentBy(p, top)) return true;
  // `[this.a, b] = …` / `({ x: this.a } = …)`: a target inside a destructuring assignment.
  let q: ts.Node = top;
  while (q.parent && (ts.isArrayLiteralExpression(q.parent) || ts.isObjectLiteralExpression(q.parent) || (ts.isPropertyAssignment(q.parent) && q.parent.initializer === q) || ts.isSpreadElement(q.parent) || ts.isParenthesizedExpression(q.parent))) q = q.parent;
  return q !== top && !!q.parent && ts.isBinaryExpression(q.parent) && q.parent.left === q && q.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** The parts of a loop that run in every iteration: the body, plus a for loop's condition and update or a while condition. */
export function perIterationParts(loop: ts.IterationStatement): ts.Node[] {
  if (ts.isForStatement(loop)) {
    const parts: ts.Node[] = [loop.statement];
    if (loop.condition) parts.push(loop.condition);
    if (loop.incrementor) parts.push(loop.incrementor);
    return parts;
  }
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return [loop.statement, loop.expression];
  return [loop.statement];
}
