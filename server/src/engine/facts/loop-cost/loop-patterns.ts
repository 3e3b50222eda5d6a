/**
 * Shapes of loop code that change what a nest costs: a scanner that moves its own counter, a
 * search that leaves right after, a result memoised on the first iteration, a list the loop
 * changes, and accumulators copied on every step.
 */
import { ts } from "ts-morph";
import { isAncestor, isFunctionNode, unwrap, walk } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import type { Decl } from "../scope";
import { looksLikeCopy, returnedValues } from "./syntax";
import type { IterationSite } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

export class LoopPatterns {
  private withCopies?: Set<IterationSite>;

  constructor(private readonly costs: LoopCostFacts) {}

  /** Cheap pre-check for accumulatorCopies(): a reduce returning a copy-shaped value, or a copy-shaped assignment in the loop. */
  mayCopyAccumulator(site: IterationSite): boolean {
    if (site.callback && (site.method === "reduce" || site.method === "reduceRight")) return returnedValues(site.callback).some(looksLikeCopy);
    if (!this.withCopies) {
      this.withCopies = new Set();
      for (const n of this.costs.index.copyCandidates) for (const s of this.costs.index.enclosingSites(n)) this.withCopies.add(s);
    }
    return this.withCopies.has(site);
  }

  /**
   * True when the loop's counter is also moved inside its body (`i = end`, `i += len`), or it has
   * no counter of its own (`while`): a scanner handing positions to its inner loops, which
   * together walk the input once.
   */
  advancesInBody(site: IterationSite): boolean {
    const loop = site.node;
    if (site.callback || ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
    if (!ts.isForStatement(loop) || !loop.initializer || !ts.isVariableDeclarationList(loop.initializer)) return true;
    for (const decl of loop.initializer.declarations) {
      if (!ts.isIdentifier(decl.name)) continue;
      const d = this.costs.file.scopes.resolve(decl.name);
      if (this.costs.writes.writesOf(d).some((w) => isAncestor(loop.statement, w))) return true;
    }
    return false;
  }

  /**
   * True when `node` runs at most once per call of the function around `outermost`: it is in, or
   * right before, a `throw` or a `return` of that function. A `return` inside an inline callback
   * only ends that callback's iteration.
   */
  leavesRightAfter(node: ts.Node, outermost: IterationSite): boolean {
    let exit: "return" | "throw" | undefined;
    const note = (st: ts.Node) => {
      if (ts.isThrowStatement(st)) exit = "throw";
      else if (ts.isReturnStatement(st)) exit ??= "return";
    };
    for (let p: ts.Node | undefined = node; p && p !== outermost.node; p = p.parent) {
      if (isFunctionNode(p) || ts.isClassLike(p)) {
        if (!this.costs.index.siteOfCallback(p)) return false;
        if (exit === "return") exit = undefined;
        continue;
      }
      note(p);
      const parent = p.parent;
      if (parent && (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent))) {
        const stmts = parent.statements;
        for (let i = stmts.indexOf(p as ts.Statement) + 1; i < stmts.length; i++) note(stmts[i]);
      }
    }
    return exit !== undefined;
  }

  /** True when `node` holds a `return` of its own function (a search that stops at the first hit). */
  returnsFrom(node: ts.Node): boolean {
    let found = false;
    walk(node, (n) => {
      if (found || isFunctionNode(n) || ts.isClassLike(n)) return false;
      if (ts.isReturnStatement(n)) found = true;
    });
    return found;
  }

  /** True when the value `expr` names may change inside `node`: it is reassigned or mutated there. */
  mutatedWithin(expr: ts.Expression, node: ts.Node): boolean {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return true;
    const d = this.costs.file.scopes.resolve(e);
    return this.costs.writes.writesOf(d).some((w) => isAncestor(node, w)) || this.costs.writes.mutationsOf(d).some((c) => isAncestor(node, c));
  }

  /**
   * `if (!cache) cache = xs.filter(…)`, `cache ??= xs.filter(…)`: a result computed on the first
   * iteration only.
   */
  isMemoised(node: ts.Node, site: IterationSite): boolean {
    let p = node.parent;
    while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
    if (!p || !ts.isBinaryExpression(p) || !ts.isIdentifier(p.left)) return false;
    const op = p.operatorToken.kind;
    if (op === SK.QuestionQuestionEqualsToken || op === SK.BarBarEqualsToken) return true;
    if (op !== SK.EqualsToken) return false;
    const target = this.costs.file.scopes.resolve(p.left);
    for (let q: ts.Node | undefined = p.parent; q && q !== site.node; q = q.parent) {
      if (ts.isIfStatement(q) && this.costs.matching.readsOf(q.expression).includes(target)) return true;
    }
    return false;
  }

  /**
   * Copies of an accumulator made on every iteration — `reduce((acc, x) => ({ ...acc, [x.id]: x }))`,
   * `acc = [...acc, x]`, `acc = acc.concat(x)` — which make the loop quadratic in what it builds.
   */
  accumulatorCopies(site: IterationSite): ts.Node[] {
    const { scopes } = this.costs.file;
    const out: ts.Node[] = [];
    if (site.callback && (site.method === "reduce" || site.method === "reduceRight")) {
      const accParam = site.callback.parameters[0];
      if (!accParam || !ts.isIdentifier(accParam.name)) return out;
      const acc = scopes.resolve(accParam.name);
      for (const ret of returnedValues(site.callback)) if (this.copiesOf(ret, acc)) out.push(ret);
      return out;
    }
    for (const n of this.costs.index.copyCandidates) {
      if (!site.perIteration.some((root) => isAncestor(root, n)) || !this.costs.index.enclosingSites(n).includes(site)) continue;
      const acc = scopes.resolve(unwrap(n.left) as ts.Identifier);
      if (acc.id && !isAncestor(site.scope, acc.id) && this.copiesOf(n.right, acc)) out.push(n);
    }
    return out;
  }

  private copiesOf(value: ts.Expression, acc: Decl): boolean {
    const v = unwrap(value);
    const isAcc = (e: ts.Expression) => {
      const u = unwrap(e);
      return ts.isIdentifier(u) && this.costs.file.scopes.resolve(u) === acc;
    };
    if (ts.isObjectLiteralExpression(v)) return v.properties.some((p) => ts.isSpreadAssignment(p) && isAcc(p.expression));
    if (ts.isArrayLiteralExpression(v)) return v.elements.some((el) => ts.isSpreadElement(el) && isAcc(el.expression));
    if (ts.isCallExpression(v)) {
      const callee = unwrap(v.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "concat" && isAcc(callee.expression)) return true;
      if (this.costs.file.apis.is(callee, "global", "Object", "assign") && v.arguments.length >= 2 && ts.isObjectLiteralExpression(unwrap(v.arguments[0])) && v.arguments.slice(1).some(isAcc)) return true;
    }
    return false;
  }
}
