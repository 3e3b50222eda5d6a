/**
 * What a loop's head says about its count before any name is resolved: whether it can count to a
 * constant (a number, a constant declared with one, a literal collection) or walk a collection at
 * all (`.length`, `.size`, an image dimension, `for…of`), and at most how many times a loop written
 * with literals runs. Resolving names binds the file's scopes; these answers let most loops be
 * set aside without it. Each errs towards "maybe" — LoopBounds gives the real bound.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, memberName, unwrap, walk } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import { stepOf } from "./bounds";
import { isDimensionName } from "./names";
import { foldArithmetic, propertyInit } from "./syntax";
import type { IterationSite } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

/** Methods whose result has at most as many items as their receiver. */
const SHRINKING_METHODS = new Set(["map", "filter", "sort", "toSorted", "reverse", "toReversed", "slice", "keys", "values", "entries", "flat"]);

export class CountHints {
  /** Per-site answers: each nest asks them again for every site inside it. */
  private readonly constHints = new Map<IterationSite, boolean>();
  private readonly collectionHints = new Map<IterationSite, boolean>();
  private readonly literalCounts = new Map<IterationSite, number | undefined>();

  constructor(private readonly costs: LoopCostFacts) {}

  /**
   * Cheap pre-check for a constant or unbounded count: loopBound()'s constant and unbounded paths
   * followed by names instead of resolution — a number, a name declared with a number, a constant
   * object or a literal collection, `Infinity`, `while (true)`, `while (!done)`, no condition.
   * Loops over parameters, query results and the `.length` of either fail it without a lookup.
   */
  mayCountConst(site: IterationSite): boolean {
    let hint = this.constHints.get(site);
    if (hint === undefined) this.constHints.set(site, (hint = this.computeMayCountConst(site)));
    return hint;
  }

  private computeMayCountConst(site: IterationSite): boolean {
    const loop = site.node;
    if (ts.isCallExpression(loop)) return this.mayBeConstSize(site.method === "from" ? loop.arguments[0] : (site.callback && unwrap(loop.expression).kind === SK.PropertyAccessExpression ? (unwrap(loop.expression) as ts.PropertyAccessExpression).expression : undefined), 0);
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return this.mayBeConstSize(loop.expression, 0);
    const cond = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
    if (!cond) return this.costs.hints.mentionsHeavyModule;
    return this.mayCountTo(cond, ts.isForStatement(loop) ? loop : undefined);
  }

  /**
   * Cheap pre-check for a collection behind the loop (and so for a data-sized bound): a `for…of`,
   * `for…in` or array-method callback, or a counted loop whose limit names a `.length`, a `.size`,
   * an image dimension, or a name assigned from one of those. Worklists (`while (queue.length)`)
   * and scanners (`while (s[i] === " ")`) have none.
   */
  mayHaveCollection(site: IterationSite): boolean {
    let hint = this.collectionHints.get(site);
    if (hint === undefined) this.collectionHints.set(site, (hint = this.computeMayHaveCollection(site)));
    return hint;
  }

  private computeMayHaveCollection(site: IterationSite): boolean {
    const loop = site.node;
    if (site.callback || ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return true;
    const cond = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
    return !!cond && this.limitMentionsSize(cond, ts.isForStatement(loop) ? loop : undefined);
  }

  private limitMentionsSize(cond: ts.Expression, loop: ts.ForStatement | undefined): boolean {
    const c = unwrap(cond);
    if (!ts.isBinaryExpression(c)) return false;
    const op = c.operatorToken.kind;
    if (op === SK.AmpersandAmpersandToken) return this.limitMentionsSize(c.left, loop) || this.limitMentionsSize(c.right, loop);
    if (op < SK.LessThanToken || op > SK.GreaterThanEqualsToken) return false;
    const left = unwrap(c.left);
    const right = unwrap(c.right);
    if (op === SK.LessThanToken || op === SK.LessThanEqualsToken) return ts.isIdentifier(left) && this.mentionsSize(right);
    if (ts.isIdentifier(right) && !ts.isIdentifier(left)) return this.mentionsSize(left);
    if (!ts.isIdentifier(left)) return false;
    // Counting down from `xs.length - 1`: the start is the size.
    const init = loop?.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === left.text)?.initializer : undefined;
    return init ? this.mentionsSize(init) : this.costs.hints.isSizeAlias(left.text);
  }

  /** `xs.length`, `m.size`, `img.width`, `h`, or a name assigned from one of those. */
  private mentionsSize(e: ts.Node): boolean {
    const { hints } = this.costs;
    let found = false;
    const check = (n: ts.Node): boolean | void => {
      if (found || isFunctionNode(n)) return false;
      const name = ts.isIdentifier(n) ? n.text : ts.isPropertyAccessExpression(n) ? n.name.text : undefined;
      if (name !== undefined && (name === "length" || name === "size" || name === "byteLength" || isDimensionName(name) || (ts.isIdentifier(n) && (name === "w" || name === "h" || hints.isSizeAlias(name))))) found = true;
    };
    if (check(e) !== false) walk(e, check);
    return found;
  }

  /**
   * At most how many times a loop written with literals, and constants declared with them, runs —
   * `i < 512`, `i < N` after `const N = 5_000`, `for (x of ROLES)` after `const ROLES = ["a", "b"]`,
   * `Array.from({ length: 300 })` — read without resolving names (a name declared several times
   * counts as its largest value); undefined when anything else is involved.
   */
  literalCount(site: IterationSite): number | undefined {
    if (!this.literalCounts.has(site)) this.literalCounts.set(site, this.computeLiteralCount(site));
    return this.literalCounts.get(site);
  }

  private computeLiteralCount(site: IterationSite): number | undefined {
    const loop = site.node;
    if (ts.isCallExpression(loop)) return site.method === "from" ? this.literalSize(loop.arguments[0], 0) : site.callback && ts.isPropertyAccessExpression(unwrap(loop.expression)) ? this.literalSize((unwrap(loop.expression) as ts.PropertyAccessExpression).expression, 0) : undefined;
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return this.literalSize(loop.expression, 0);
    if (!ts.isForStatement(loop) || !loop.condition || !loop.initializer || !ts.isVariableDeclarationList(loop.initializer)) return undefined;
    const c = unwrap(loop.condition);
    if (!ts.isBinaryExpression(c) || !ts.isIdentifier(unwrap(c.left))) return undefined;
    const counter = (unwrap(c.left) as ts.Identifier).text;
    const init = loop.initializer.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === counter)?.initializer;
    const start = init && this.literalNumber(init, 0);
    const limit = this.literalNumber(c.right, 0);
    const step = stepOf(loop.incrementor, counter);
    if (start === undefined || limit === undefined || !step) return undefined;
    const op = c.operatorToken.kind;
    if (op === SK.LessThanToken || op === SK.LessThanEqualsToken) return step > 0 ? Math.max(0, Math.ceil((limit - start + (op === SK.LessThanEqualsToken ? 1 : 0)) / step)) : undefined;
    if (op === SK.GreaterThanToken || op === SK.GreaterThanEqualsToken) return step < 0 ? Math.max(0, Math.ceil((start - limit + (op === SK.GreaterThanEqualsToken ? 1 : 0)) / -step)) : undefined;
    return undefined;
  }

  /** A number from literals and constants declared with them, by name. */
  private literalNumber(expr: ts.Expression, depth: number): number | undefined {
    if (depth > 6) return undefined;
    const e = unwrap(expr);
    if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ""));
    if (ts.isPrefixUnaryExpression(e) && e.operator === SK.MinusToken) {
      const v = this.literalNumber(e.operand, depth + 1);
      return v === undefined ? undefined : -v;
    }
    if (ts.isBinaryExpression(e)) {
      const a = this.literalNumber(e.left, depth + 1);
      const b = a === undefined ? undefined : this.literalNumber(e.right, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      return foldArithmetic(e.operatorToken.kind, a, b);
    }
    if (ts.isIdentifier(e)) return this.largestOf(e.text, (init) => this.literalNumber(init, depth + 1));
    // Math.min(xs.length, 100) is at most 100.
    if (ts.isCallExpression(e) && calleeName(e) === "min") {
      const known = e.arguments.map((a) => this.literalNumber(a, depth + 1)).filter((v): v is number => v !== undefined);
      return known.length ? Math.min(...known) : undefined;
    }
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(unwrap(e.expression))) {
      const member = e.name.text;
      return this.largestOf((unwrap(e.expression) as ts.Identifier).text, (init) => {
        const obj = unwrap(init);
        const prop = ts.isObjectLiteralExpression(obj) ? propertyInit(obj, member) : undefined;
        return prop && this.literalNumber(prop, depth + 1);
      });
    }
    return undefined;
  }

  /** The size of a literal collection, or of a constant declared as one, by name. */
  private literalSize(expr: ts.Expression | undefined, depth: number): number | undefined {
    const e = expr && unwrap(expr);
    if (!e || depth > 6) return undefined;
    if (ts.isArrayLiteralExpression(e)) return e.elements.some(ts.isSpreadElement) ? undefined : e.elements.length;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text.length;
    if (ts.isObjectLiteralExpression(e)) {
      const length = e.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "length");
      return length ? this.literalNumber(length.initializer, depth + 1) : e.properties.some(ts.isSpreadAssignment) ? undefined : e.properties.length;
    }
    if (ts.isNewExpression(e) && e.arguments?.length === 1 && ts.isIdentifier(e.expression)) {
      if (e.expression.text === "Array") return this.literalNumber(e.arguments[0], depth + 1);
      if (e.expression.text === "Set" || e.expression.text === "Map") return this.literalSize(e.arguments[0], depth + 1);
    }
    if (ts.isIdentifier(e)) return this.largestOf(e.text, (init) => this.literalSize(init, depth + 1));
    if (ts.isConditionalExpression(e) || (ts.isBinaryExpression(e) && (e.operatorToken.kind === SK.BarBarToken || e.operatorToken.kind === SK.QuestionQuestionToken))) {
      const [a, b] = ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : [e.left, e.right];
      const x = this.literalSize(a, depth + 1);
      const y = x === undefined ? undefined : this.literalSize(b, depth + 1);
      return y === undefined ? undefined : Math.max(x!, y);
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(unwrap(e.expression))) {
      // Object.keys(x), Array.from(x), x.map(…), x.filter(…), x.slice(…): at most as many as x.
      const callee = unwrap(e.expression) as ts.PropertyAccessExpression;
      const owner = unwrap(callee.expression);
      if (ts.isIdentifier(owner) && (owner.text === "Object" || owner.text === "Array")) return /^(keys|values|entries|from)$/.test(callee.name.text) ? this.literalSize(e.arguments[0], depth + 1) : undefined;
      return SHRINKING_METHODS.has(callee.name.text) ? this.literalSize(callee.expression, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(unwrap(e.expression))) {
      const member = e.name.text;
      return this.largestOf((unwrap(e.expression) as ts.Identifier).text, (init) => {
        const obj = unwrap(init);
        const prop = ts.isObjectLiteralExpression(obj) ? propertyInit(obj, member) : undefined;
        return prop && this.literalSize(prop, depth + 1);
      });
    }
    return undefined;
  }

  /** The largest value `read` gives over every declaration of `name`; undefined if any gives none. */
  private largestOf(name: string, read: (init: ts.Expression) => number | undefined): number | undefined {
    const inits = this.costs.hints.initializersOf(name);
    if (!inits?.length) return undefined;
    let max = -Infinity;
    for (const init of inits) {
      const v = read(init);
      if (v === undefined) return undefined;
      max = Math.max(max, v);
    }
    return max;
  }

  private mayCountTo(cond: ts.Expression, loop: ts.ForStatement | undefined): boolean {
    const c = unwrap(cond);
    // Unbounded loops matter only when they hash, which needs a crypto import.
    if (c.kind === SK.TrueKeyword || ts.isNumericLiteral(c)) return this.costs.hints.mentionsHeavyModule;
    if (ts.isPrefixUnaryExpression(c) && c.operator === SK.ExclamationToken) return (ts.isIdentifier(unwrap(c.operand)) || ts.isCallExpression(unwrap(c.operand))) && this.costs.hints.mentionsHeavyModule;
    if (!ts.isBinaryExpression(c)) return false;
    const op = c.operatorToken.kind;
    if (op === SK.AmpersandAmpersandToken) return this.mayCountTo(c.left, loop) || this.mayCountTo(c.right, loop);
    const left = unwrap(c.left);
    const right = unwrap(c.right);
    if (op === SK.LessThanToken || op === SK.LessThanEqualsToken) return ts.isIdentifier(left) && this.mayBeConstNumber(right, 0);
    if (op !== SK.GreaterThanToken && op !== SK.GreaterThanEqualsToken) return false;
    if (ts.isIdentifier(right) && !ts.isIdentifier(left)) return this.mayBeConstNumber(left, 0);
    if (!ts.isIdentifier(left)) return false;
    // Counting down: the start is the count — the for-initializer's, or the counter's declaration.
    const init = loop?.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === left.text)?.initializer : undefined;
    return init ? this.mayBeConstNumber(init, 0) : this.costs.hints.isNumberConst(left.text);
  }

  /** A limit that may come to a constant: a number, a numeric constant's name, `X.length` of a constant collection, `Math.min(…, 100)`. */
  private mayBeConstNumber(expr: ts.Expression, depth: number): boolean {
    const e = unwrap(expr);
    if (depth > 4) return false;
    if (ts.isNumericLiteral(e)) return true;
    if (ts.isIdentifier(e)) return e.text === "Infinity" || (this.costs.hints.isNumberConst(e.text) && this.literalNumber(e, depth) !== undefined);
    if (ts.isPrefixUnaryExpression(e)) return this.mayBeConstNumber(e.operand, depth + 1);
    // `N * 2` is constant only when both sides are; `xs.length - 1` is as large as xs.
    if (ts.isBinaryExpression(e)) return this.mayBeConstNumber(e.left, depth + 1) && this.mayBeConstNumber(e.right, depth + 1);
    if (ts.isCallExpression(e)) return calleeName(e) === "min" && e.arguments.some((a) => this.mayBeConstNumber(a, depth + 1));
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = memberName(e);
      if (name === "MAX_SAFE_INTEGER" || name === "POSITIVE_INFINITY") return true;
      if (name === "length" || name === "size" || name === "byteLength") return this.mayBeConstSize(e.expression, depth + 1);
      // LIMITS.rounds after `const LIMITS = { rounds: 300 }`.
      const root = unwrap(e.expression);
      return ts.isIdentifier(root) && this.costs.hints.isConstCollection(root.text) && this.literalNumber(e, depth) !== undefined;
    }
    return false;
  }

  /** A collection that may have a constant size: a literal, a constant collection's name, `Array.from({ length: n })`, `.slice(0, 10)`… */
  private mayBeConstSize(expr: ts.Expression | undefined, depth: number): boolean {
    if (!expr || depth > 6) return false;
    const e = unwrap(expr);
    if (ts.isArrayLiteralExpression(e)) return e.elements.every((el) => !ts.isSpreadElement(el) || this.mayBeConstSize(el.expression, depth + 1));
    if (ts.isObjectLiteralExpression(e)) return !e.properties.some(ts.isSpreadAssignment);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
    // A name counts only through a literal declaration: `const ROLES = ["a", "b"]`, not `const q = [root, ...rest]`.
    if (ts.isIdentifier(e)) return this.costs.hints.isConstCollection(e.text) && this.literalSize(e, depth) !== undefined;
    // `a || b`, `c ? a : b`: constant only when both are (a data side makes it data).
    if (ts.isConditionalExpression(e)) return this.mayBeConstSize(e.whenTrue, depth + 1) && this.mayBeConstSize(e.whenFalse, depth + 1);
    if (ts.isBinaryExpression(e)) return this.mayBeConstSize(e.left, depth + 1) && this.mayBeConstSize(e.right, depth + 1);
    if (ts.isNewExpression(e)) return !!e.arguments?.length && (this.mayBeConstNumber(e.arguments[0], depth + 1) || this.mayBeConstSize(e.arguments[0], depth + 1));
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (ts.isIdentifier(callee)) return callee.text === "Array" && e.arguments.some((a) => this.mayBeConstNumber(a, depth + 1));
      if (!ts.isPropertyAccessExpression(callee)) return false;
      const method = callee.name.text;
      // .slice(0, 10), .slice(-5): at most that many; .slice(2) is as large as its receiver.
      if (method === "slice") return e.arguments.length === 2 ? e.arguments.every((a) => this.mayBeConstNumber(a, depth + 1)) : e.arguments.length === 1 && ts.isPrefixUnaryExpression(unwrap(e.arguments[0]));
      // Array.from / Array.of / Object.keys / new Set(…): as large as their argument.
      if (ts.isIdentifier(callee.expression) && (callee.expression.text === "Array" || callee.expression.text === "Object")) return method === "of" || e.arguments.some((a) => this.mayBeConstSize(a, depth + 1));
      return this.mayBeConstSize(callee.expression, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const root = unwrap(e.expression);
      return ts.isIdentifier(root) && this.costs.hints.isConstCollection(root.text) && this.literalSize(e, depth) !== undefined;
    }
    return false;
  }
}
