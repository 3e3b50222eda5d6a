/**
 * How many times a loop runs: a constant count (`i < 1e6`, `const N = 50_000`), as many as a
 * collection has items (`i < xs.length`, `for (x of xs)`), an image dimension (`y < height`), or
 * unbounded (`while (true)`, `for (;;)`, `while (!found)`).
 */
import { ts } from "ts-morph";
import { calleeName, memberName, unwrap, walk } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import { DIMENSION_WORDS, lastWord } from "./names";
import { foldArithmetic, propertyInit } from "./syntax";
import type { Measured } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

export class LoopBounds {
  constructor(private readonly costs: LoopCostFacts) {}

  loopBound(loop: ts.IterationStatement): Measured {
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return { bound: this.costs.sizes.sizeOf(loop.expression), collection: loop.expression };
    const cond = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
    if (!cond) return { bound: { kind: "unbounded" } };
    const counted = this.countedBound(cond, ts.isForStatement(loop) ? loop : undefined);
    if (counted) return counted;
    const c = unwrap(cond);
    if (c.kind === SK.TrueKeyword || (ts.isNumericLiteral(c) && Number(c.text) !== 0)) return { bound: { kind: "unbounded" } };
    if (ts.isPrefixUnaryExpression(c) && c.operator === SK.ExclamationToken && !hasRelational(c)) {
      const operand = unwrap(c.operand);
      if (ts.isIdentifier(operand) || ts.isCallExpression(operand)) return { bound: { kind: "unbounded" } };
    }
    return { bound: { kind: "unknown" } };
  }

  /** `i < L`, `i <= L`, `L > i`, `i >= 0` with a counter from the initializer; `&&` takes the tighter side. */
  private countedBound(cond: ts.Expression, loop: ts.ForStatement | undefined): Measured | undefined {
    const c = unwrap(cond);
    if (!ts.isBinaryExpression(c)) return undefined;
    const op = c.operatorToken.kind;
    if (op === SK.AmpersandAmpersandToken) {
      const a = this.countedBound(c.left, loop);
      const b = this.countedBound(c.right, loop);
      if (a?.bound.kind === "const") return b?.bound.kind === "const" && b.bound.count < a.bound.count ? b : a;
      if (b?.bound.kind === "const") return b;
      return a ?? b;
    }
    let counter: ts.Expression;
    let limit: ts.Expression;
    let inclusive = false;
    let ascending: boolean;
    switch (op) {
      case SK.LessThanToken:
      case SK.LessThanEqualsToken:
        [counter, limit, ascending, inclusive] = [c.left, c.right, true, op === SK.LessThanEqualsToken];
        break;
      case SK.GreaterThanToken:
      case SK.GreaterThanEqualsToken:
        // `L > i` is ascending; `i > 0` / `i >= 0` counts down from the initializer.
        if (ts.isIdentifier(unwrap(c.right)) && !ts.isIdentifier(unwrap(c.left))) [counter, limit, ascending] = [c.right, c.left, true];
        else [counter, limit, ascending, inclusive] = [c.left, c.right, false, op === SK.GreaterThanEqualsToken];
        break;
      default:
        return undefined;
    }
    counter = unwrap(counter);
    if (!ts.isIdentifier(counter)) return undefined;
    const start = this.counterStart(counter, loop);
    const step = loop ? stepOf(loop.incrementor, counter.text) : 1;
    if (step === undefined) return { bound: { kind: "unknown" } };
    if (ascending) {
      const lim = this.limitBound(limit);
      if (lim.bound.kind === "const") {
        const from = start !== undefined ? this.constValue(start) : undefined;
        const span = lim.bound.count - (from ?? 0) + (inclusive ? 1 : 0);
        return { bound: { kind: "const", count: Math.max(0, Math.ceil(span / Math.abs(step))) } };
      }
      return lim;
    }
    // Counting down: the start is the size.
    if (!start) return { bound: { kind: "unknown" } };
    const from = this.limitBound(start);
    if (from.bound.kind === "const") {
      const to = this.constValue(limit) ?? 0;
      return { bound: { kind: "const", count: Math.max(0, Math.ceil((from.bound.count - to + (inclusive ? 1 : 0)) / Math.abs(step))) } };
    }
    return from;
  }

  /** The counter's initial value: from the for-initializer, else from its declaration. */
  private counterStart(counter: ts.Identifier, loop: ts.ForStatement | undefined): ts.Expression | undefined {
    const init = loop?.initializer;
    if (init && ts.isVariableDeclarationList(init)) {
      for (const d of init.declarations) if (ts.isIdentifier(d.name) && d.name.text === counter.text) return d.initializer;
    } else if (init && ts.isBinaryExpression(init) && ts.isIdentifier(init.left) && init.left.text === counter.text) return init.right;
    const decl = this.costs.file.scopes.resolve(counter);
    const declNode = decl.id?.parent;
    return declNode && ts.isVariableDeclaration(declNode) && declNode.initializer ? declNode.initializer : undefined;
  }

  /** The size a loop limit stands for: a constant, `xs.length`, `Math.min(xs.length, 100)`. */
  private limitBound(limit: ts.Expression, depth = 0): Measured {
    const e = unwrap(limit);
    const n = this.constValue(e);
    if (n !== undefined) return { bound: Number.isFinite(n) ? { kind: "const", count: n } : { kind: "unbounded" } };
    if (depth > 4) return { bound: { kind: "unknown" } };
    // An image's width or height: as many iterations as the picture has rows or columns.
    const dimName = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (dimName && (DIMENSION_WORDS.has(lastWord(dimName)) || (ts.isIdentifier(e) && (dimName === "w" || dimName === "h")))) return { bound: { kind: "data" }, dimension: e };
    if ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && /^(length|size|byteLength)$/.test(memberName(e) ?? "")) {
      return { bound: this.costs.sizes.sizeOf(e.expression), collection: e.expression };
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === SK.MinusToken || e.operatorToken.kind === SK.PlusToken)) {
      const l = this.limitBound(e.left, depth + 1);
      if (l.bound.kind === "data" && this.constValue(e.right) !== undefined) return l;
    }
    if (ts.isCallExpression(e) && calleeName(e) === "min" && this.costs.file.apis.is(e.expression, "global", "Math", "min")) {
      const parts = e.arguments.map((a) => this.limitBound(a, depth + 1));
      const consts = parts.flatMap((p) => (p.bound.kind === "const" ? [p.bound.count] : []));
      if (consts.length) return { bound: { kind: "const", count: Math.min(...consts) } };
      return parts.find((p) => p.bound.kind === "data") ?? { bound: { kind: "unknown" } };
    }
    if (ts.isIdentifier(e)) {
      const decl = this.costs.file.scopes.resolve(e);
      if ((decl.kind === "const" || ((decl.kind === "let" || decl.kind === "var") && !this.costs.writes.isReassigned(decl))) && decl.init && !decl.path && ts.isExpression(decl.init)) {
        return this.limitBound(decl.init, depth + 1);
      }
    }
    return { bound: { kind: "unknown" } };
  }

  /** A number known from literals and constants: `1e6`, `1_000 * 1_000`, `const N = 50_000`. */
  constValue(expr: ts.Expression, depth = 0): number | undefined {
    if (depth > 8) return undefined;
    const e = unwrap(expr);
    if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ""));
    if (ts.isPrefixUnaryExpression(e)) {
      const v = this.constValue(e.operand, depth + 1);
      if (v === undefined) return undefined;
      if (e.operator === SK.MinusToken) return -v;
      if (e.operator === SK.PlusToken) return v;
      return undefined;
    }
    if (ts.isBinaryExpression(e)) {
      const a = this.constValue(e.left, depth + 1);
      const b = a === undefined ? undefined : this.constValue(e.right, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      return foldArithmetic(e.operatorToken.kind, a, b);
    }
    if (ts.isIdentifier(e)) {
      const decl = this.costs.file.scopes.resolve(e);
      if (e.text === "Infinity" && decl.kind === "global") return Infinity;
      if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return undefined;
      return this.constValue(decl.init, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e)) {
      if ((e.name.text === "MAX_SAFE_INTEGER" || e.name.text === "POSITIVE_INFINITY") && this.costs.file.apis.is(e.expression, "global", "Number")) return Infinity;
      const owner = this.constObject(e.expression);
      const prop = owner && propertyInit(owner, e.name.text);
      return prop ? this.constValue(prop, depth + 1) : undefined;
    }
    return undefined;
  }

  /** `LIMITS` when it is `const LIMITS = { … }`. */
  constObject(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.costs.file.scopes.resolve(e);
    if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return undefined;
    const init = unwrap(decl.init);
    return ts.isObjectLiteralExpression(init) ? init : undefined;
  }
}

function hasRelational(n: ts.Node): boolean {
  let found = false;
  walk(n, (c) => {
    if (ts.isBinaryExpression(c) && c.operatorToken.kind >= SK.LessThanToken && c.operatorToken.kind <= SK.GreaterThanEqualsToken) found = true;
    if (ts.isPropertyAccessExpression(c) && c.name.text === "length") found = true;
  });
  return found;
}

/** The counter's step: `i++` → 1, `i += 2` → 2, `i--` → -1; undefined for `i *= 2` and the like. */
export function stepOf(incr: ts.Expression | undefined, counter: string): number | undefined {
  if (!incr) return 1;
  const e = unwrap(incr);
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && ts.isIdentifier(e.operand) && e.operand.text === counter) {
    return e.operator === SK.PlusPlusToken ? 1 : e.operator === SK.MinusMinusToken ? -1 : undefined;
  }
  if (ts.isBinaryExpression(e) && ts.isIdentifier(e.left) && e.left.text === counter) {
    const k = e.operatorToken.kind;
    const r = unwrap(e.right);
    if ((k === SK.PlusEqualsToken || k === SK.MinusEqualsToken) && ts.isNumericLiteral(r)) return Number(r.text) * (k === SK.MinusEqualsToken ? -1 : 1);
    if (k === SK.PlusEqualsToken || k === SK.MinusEqualsToken) return 1;
    if (k === SK.EqualsToken && ts.isBinaryExpression(r) && ts.isIdentifier(r.left) && r.left.text === counter && ts.isNumericLiteral(r.right)) {
      if (r.operatorToken.kind === SK.PlusToken) return Number(r.right.text);
      if (r.operatorToken.kind === SK.MinusToken) return -Number(r.right.text);
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === SK.CommaToken) return stepOf(e.left, counter) ?? stepOf(e.right, counter);
  return 1;
}
