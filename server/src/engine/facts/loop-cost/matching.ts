/**
 * How an inner iteration relates to the outer ones: whether a value depends on the outer item,
 * whether the inner body matches items by equality (a join an index could replace), computes a
 * metric of every pair (nearest / most similar), or compares the two items with each other.
 */
import { ts } from "ts-morph";
import { calleeName, isAncestor, isFunctionNode, unwrap, walk } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import type { Decl } from "../scope";
import { isIterationVariable, keyOf } from "./syntax";
import type { IterationSite, Side } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

type SideOf = (d: Decl, depth: number) => Side;

export class ItemMatching {
  private readonly writesCache = new Map<IterationSite, Set<Decl>>();
  private readonly namesCache = new Map<IterationSite, Set<string>>();
  private readonly declarationCache = new Map<ts.Node, ts.VariableDeclaration[]>();

  constructor(private readonly costs: LoopCostFacts) {}

  /** True when `node` reads something bound or reassigned per iteration of `site`. */
  dependsOn(node: ts.Node, site: IterationSite): boolean {
    const written = this.writesIn(site);
    for (const decl of this.readsOf(node)) {
      // The node's own locals (a predicate's parameter) are not the loop's.
      if (decl.id && isAncestor(node, decl.id)) continue;
      if (decl.id && isAncestor(site.scope, decl.id)) return true;
      if (written.has(decl)) return true;
    }
    return false;
  }

  /**
   * True when `expr` plainly reads a name bound afresh by `site` — its loop variable, a callback
   * parameter, or a name declared at the top of its body — told from names alone, before any
   * resolution: every such name is declared inside the site, so dependsOn() would say the same.
   */
  surelyDependsOn(expr: ts.Node, site: IterationSite): boolean {
    const names = this.boundNames(site);
    if (!names.size) return false;
    let found = false;
    const check = (n: ts.Node): boolean | void => {
      if (found || isFunctionNode(n)) return false;
      if (ts.isIdentifier(n) && names.has(n.text) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) found = true;
    };
    if (check(expr) !== false) walk(expr, check);
    return found;
  }

  /**
   * Cheap pre-check for equalityJoin / pairwiseMetric / comparesItems / testsPair, by names alone:
   * whether some comparison or call in `body` reads both a value of the inner iteration (`inner`'s
   * own variables, and locals computed from them) and one of an outer iteration in `chain` (their
   * variables, and locals computed from those) — and whether `body` reads any outer value at all
   * (a predicate that reads none is the same on every iteration). A name bound in several places
   * carries every side it has anywhere, so the answer errs towards "maybe".
   */
  relatesItems(body: ts.Node, inner: ts.Node, chain: readonly IterationSite[]): { relates: boolean; readsOuter: boolean } {
    const sides = new Map<string, number>();
    const mark = (b: ts.BindingName, side: number) => {
      if (ts.isIdentifier(b)) sides.set(b.text, (sides.get(b.text) ?? 0) | side);
      else for (const el of b.elements) if (!ts.isOmittedExpression(el)) mark(el.name, side);
    };
    for (const s of chain) for (const b of iterationBindings(s.scope)) mark(b, OUTER);
    for (const b of iterationBindings(inner)) mark(b, INNER);
    // Locals take the sides of what they are computed from; an inner one that may change, or has no
    // initializer, is the inner item's. Twice, for locals computed from ones declared after them.
    const declarations = this.declarationsIn(chain[chain.length - 1].node);
    for (let pass = 0; pass < 2; pass++) {
      for (const d of declarations) {
        const own = isAncestor(inner, d) && (!d.initializer || !(d.parent.flags & ts.NodeFlags.Const)) ? INNER : 0;
        mark(d.name, (d.initializer ? sidesIn(d.initializer, sides, undefined) : 0) | own);
      }
    }
    const found = { relates: false };
    const all = sidesIn(body, sides, found);
    return { relates: found.relates, readsOuter: found.relates || (all & OUTER) !== 0 };
  }

  /** Variable declarations under `node`, in source order (cached: every nest inside one loop asks). */
  private declarationsIn(node: ts.Node): ts.VariableDeclaration[] {
    let list = this.declarationCache.get(node);
    if (!list) {
      const out: ts.VariableDeclaration[] = (list = []);
      walk(node, (n) => void (n.kind === SK.VariableDeclaration && out.push(n as ts.VariableDeclaration)));
      this.declarationCache.set(node, list);
    }
    return list;
  }

  private boundNames(site: IterationSite): Set<string> {
    let names = this.namesCache.get(site);
    if (names) return names;
    names = new Set<string>();
    const addBinding = (b: ts.BindingName) => {
      if (ts.isIdentifier(b)) names!.add(b.text);
      else for (const el of b.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
    };
    const addList = (list: ts.Node | undefined) => {
      if (list && ts.isVariableDeclarationList(list)) for (const d of list.declarations) addBinding(d.name);
    };
    const loop = site.node;
    if (site.callback) for (const p of site.callback.parameters) addBinding(p.name);
    else if (ts.isForStatement(loop) || ts.isForOfStatement(loop) || ts.isForInStatement(loop)) addList(loop.initializer);
    const body = site.callback ? site.callback.body : (loop as ts.IterationStatement).statement;
    if (ts.isBlock(body)) for (const st of body.statements) if (ts.isVariableStatement(st)) addList(st.declarationList);
    this.namesCache.set(site, names);
    return names;
  }

  /** True when `node` reads anything bound or reassigned per iteration of one of `sites`. */
  dependsOnAny(node: ts.Node, sites: readonly IterationSite[]): boolean {
    return sites.some((s) => this.dependsOn(node, s));
  }

  /** True when two expressions name the same collection: the same declaration through the same members. */
  sameValue(a: ts.Expression, b: ts.Expression): boolean {
    const x = unwrap(a);
    const y = unwrap(b);
    if (ts.isIdentifier(x) && ts.isIdentifier(y)) return this.costs.file.scopes.resolve(x) === this.costs.file.scopes.resolve(y);
    if (ts.isPropertyAccessExpression(x) && ts.isPropertyAccessExpression(y)) return x.name.text === y.name.text && (x.expression.kind === SK.ThisKeyword ? y.expression.kind === SK.ThisKeyword : this.sameValue(x.expression, y.expression));
    return false;
  }

  readsOf(node: ts.Node): Decl[] {
    return [...this.costs.file.scopes.refsIn(node).reads.keys()];
  }

  private writesIn(site: IterationSite): Set<Decl> {
    let w = this.writesCache.get(site);
    if (!w) {
      w = new Set();
      for (const n of site.perIteration) for (const d of this.costs.file.scopes.refsIn(n).writes.keys()) w.add(d);
      this.writesCache.set(site, w);
    }
    return w;
  }

  /**
   * When `body` compares a value of the inner iteration (its element, index, or a local computed
   * from them) with a value of an outer iteration — `u.id === o.userId`, `q.links.includes(p.url)` —
   * the property compared on the inner side ("id", "links"), or "" for a whole value. Undefined when
   * it does not: then the inner scan is not a join that an index could replace.
   */
  equalityJoin(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[] | "any"): string | undefined {
    let key: string | undefined;
    const sideOf = this.sideCache(inner, outer);
    const classify = (e: ts.Node) => {
      const found = new Set(this.readsOf(e).map((d) => sideOf(d, 0)));
      return { inner: found.has("inner"), outer: found.has("outer") };
    };
    const visit = (n: ts.Node): boolean | void => {
      if (key !== undefined) return false;
      let a: ts.Expression | undefined;
      let b: ts.Expression | undefined;
      if (ts.isBinaryExpression(n) && (n.operatorToken.kind === SK.EqualsEqualsEqualsToken || n.operatorToken.kind === SK.EqualsEqualsToken)) [a, b] = [n.left, n.right];
      else if (ts.isCallExpression(n) && n.arguments.length >= 1 && ts.isPropertyAccessExpression(n.expression) && /^(includes|has|indexOf)$/.test(n.expression.name.text)) {
        // A membership test joins; a substring search (`c.body.includes(word)`) does not.
        // Only an inner item's list holding an outer value (`q.links.includes(p.url)`) can be
        // inverted into an index; an outer item's list checked per inner value is a subset test.
        const coll = n.expression.expression;
        if (n.expression.name.text !== "has" && this.costs.shapes.searchShape(n, coll) === "string") return;
        const l = classify(coll);
        const r = classify(n.arguments[0]);
        if (l.inner && !r.inner && r.outer) key = keyOf(coll);
        return;
      }
      if (!a || !b) return;
      const l = classify(a);
      const r = classify(b);
      if (l.inner && !r.inner && r.outer) key = keyOf(a);
      else if (r.inner && !l.inner && l.outer) key = keyOf(b);
    };
    if (visit(body) !== false) walk(body, visit);
    return key;
  }

  /**
   * When `body` computes a metric of an inner and an outer item and compares it — `km < bestKm`
   * after `km = haversineKm(o, d)`, `levenshtein(a.name, b.name) <= 2` — the name of the metric's
   * function. That is a nearest / most-similar search over every pair, not a traversal.
   */
  pairwiseMetric(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): string | undefined {
    const sideOf = this.sideCache(inner, outer);
    const readsBoth = (nodes: readonly ts.Node[]) => {
      const found = new Set(nodes.flatMap((n) => this.readsOf(n)).map((d) => sideOf(d, 0)));
      return found.has("inner") && found.has("outer");
    };
    /** Calls of both items inside `e`, looking through locals declared in the inner loop. */
    const metricIn = (e: ts.Node, depth: number): string | undefined => {
      let name: string | undefined;
      const check = (n: ts.Node): boolean | void => {
        if (name) return false;
        if (ts.isCallExpression(n) && n.arguments.length && readsBoth(n.arguments)) name = calleeName(n);
        if (ts.isIdentifier(n) && depth < 3) {
          const d = this.costs.file.scopes.resolve(n);
          if (d.id && isAncestor(inner, d.id) && d.init && ts.isExpression(d.init) && d.kind === "const") name = metricIn(d.init, depth + 1);
        }
      };
      if (check(e) !== false) walk(e, check);
      return name;
    };
    let found: string | undefined;
    const visit = (n: ts.Node): boolean | void => {
      if (found) return false;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= SK.LessThanToken && n.operatorToken.kind <= SK.GreaterThanEqualsToken) {
        found = metricIn(n.left, 0) ?? metricIn(n.right, 0);
      }
    };
    if (visit(body) !== false) walk(body, visit);
    return found;
  }

  /**
   * When `body` compares (`<`, `===`, `!==`…) a value of the inner iteration with one of an outer
   * iteration's item, as a pairwise check does (`a.start < b.end`): which kind of comparison, and
   * for an ordering (`q.score > p.score`) the property ordered on the inner side.
   */
  comparesItems(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): { ordering?: string } | undefined {
    const sideOf = this.sideCache(inner, outer);
    const reads = (e: ts.Node) => new Set(this.readsOf(e).map((d) => sideOf(d, 0)));
    let found: { ordering?: string } | undefined;
    const visit = (n: ts.Node): boolean | void => {
      if (found) return false;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= SK.LessThanToken && n.operatorToken.kind <= SK.ExclamationEqualsEqualsToken) {
        const l = reads(n.left);
        const r = reads(n.right);
        const innerSide = l.has("inner") && r.has("outer") ? n.left : l.has("outer") && r.has("inner") ? n.right : undefined;
        if (!innerSide) return;
        const ordering = n.operatorToken.kind <= SK.GreaterThanEqualsToken;
        found = ordering && keyOf(innerSide) ? { ordering: keyOf(innerSide) } : {};
      }
    };
    if (visit(body) !== false) walk(body, visit);
    return found;
  }

  /**
   * True when `body` branches on a call given both an inner and an outer item — `if (similar(a, b))`,
   * `a.overlaps(b) && …` — a pairwise test whose answer no index can give.
   */
  testsPair(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): boolean {
    const sideOf = this.sideCache(inner, outer);
    let found = false;
    const visit = (n: ts.Node): boolean | void => {
      if (found) return false;
      if (!ts.isCallExpression(n) || !isCondition(n)) return;
      const parts: ts.Node[] = [...n.arguments];
      const callee = unwrap(n.expression);
      if (ts.isPropertyAccessExpression(callee)) parts.push(callee.expression);
      const sides = new Set(parts.flatMap((p) => this.readsOf(p)).map((d) => sideOf(d, 0)));
      found = sides.has("inner") && sides.has("outer");
    };
    if (visit(body) !== false) walk(body, visit);
    return found;
  }

  /** For a lodash matcher `{ id: o.userId }`: the first key whose value comes from an outer item. */
  matcherJoin(matcher: ts.ObjectLiteralExpression, outer: readonly IterationSite[] | "any"): string | undefined {
    for (const p of matcher.properties) {
      const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
      if (!value || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      // Inside a helper any non-literal value comes from the caller.
      const fromOuter = outer === "any" ? this.readsOf(value).some((d) => d.kind !== "global") : this.dependsOnAny(value, outer);
      if (fromOuter) return p.name.text;
    }
    return undefined;
  }

  /** A memoised `sideOf` for one inner / outer pairing. */
  private sideCache(inner: ts.Node, outer: readonly IterationSite[] | "any"): SideOf {
    const sides = new Map<Decl, Side>();
    const sideOf: SideOf = (d, depth) => {
      let s = sides.get(d);
      if (s) return s;
      sides.set(d, "none");
      s = this.sideOf(d, inner, outer, depth, sideOf);
      sides.set(d, s);
      return s;
    };
    return sideOf;
  }

  /**
   * Which iteration a name belongs to: "inner" for the inner loop's own variables (and locals
   * computed from them), "outer" for an outer iteration's, "none" for names that stay the same.
   * `const a = orders[i]` inside the inner loop over j is the outer loop's value.
   */
  private sideOf(d: Decl, inner: ts.Node, outer: readonly IterationSite[] | "any", depth: number, recurse: SideOf): Side {
    if (!d.id || d.kind === "global") return "none";
    const derived = () => {
      if (!d.init || !ts.isExpression(d.init) || depth > 4 || (d.kind !== "const" && this.costs.writes.isReassigned(d))) return undefined;
      const found = this.readsOf(d.init).map((r) => recurse(r, depth + 1));
      return found.includes("inner") ? "inner" : found.includes("outer") ? "outer" : "none";
    };
    if (isAncestor(inner, d.id)) return isIterationVariable(d, inner) ? "inner" : (derived() ?? "inner");
    if (outer === "any") return "outer";
    // Only the outer loop's own element / index, or a value computed from it, is "the outer item";
    // state a loop keeps (a running minimum, a flag) is not.
    for (const s of outer) {
      if (!isAncestor(s.scope, d.id)) continue;
      if (isIterationVariable(d, s.scope)) return "outer";
      return derived() ?? "none";
    }
    return "none";
  }
}

/** True when the value of `e` decides a branch: an `if` / `while` / ternary condition, directly or through `!`, `&&`, `||`. */
function isCondition(e: ts.Node): boolean {
  let cur = e;
  for (let p = cur.parent; p; cur = p, p = p.parent) {
    if (ts.isParenthesizedExpression(p)) continue;
    if (ts.isPrefixUnaryExpression(p) && p.operator === SK.ExclamationToken) continue;
    if (ts.isBinaryExpression(p) && (p.operatorToken.kind === SK.AmpersandAmpersandToken || p.operatorToken.kind === SK.BarBarToken)) continue;
    break;
  }
  const p = cur.parent;
  if (!p) return false;
  if (ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return p.expression === cur;
  if (ts.isConditionalExpression(p)) return p.condition === cur;
  return ts.isForStatement(p) && p.condition === cur;
}

/** The names a loop head or a callback binds afresh on each iteration. */
function iterationBindings(scope: ts.Node): ts.BindingName[] {
  if (isFunctionNode(scope)) return scope.parameters.map((p) => p.name);
  const init = ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope) ? scope.initializer : undefined;
  return init && ts.isVariableDeclarationList(init) ? init.declarations.map((d) => d.name) : [];
}

const INNER = 1;
const OUTER = 2;

/**
 * The sides (INNER, OUTER) of the names read under `node`, in one bottom-up pass; when `found` is
 * given, notes whether some comparison or call reads both. Past a few hundred levels it answers
 * "both" without looking further: a guess towards "maybe" costs only a closer look.
 */
function sidesIn(node: ts.Node, sides: ReadonlyMap<string, number>, found: { relates: boolean } | undefined): number {
  let depth = 0;
  const visit = (n: ts.Node): number => {
    if (n.kind === SK.Identifier) return ts.isPropertyAccessExpression(n.parent) && n.parent.name === n ? 0 : (sides.get((n as ts.Identifier).text) ?? 0);
    if (++depth > 400) {
      depth--;
      if (found) found.relates = true;
      return INNER | OUTER;
    }
    let side = 0;
    ts.forEachChild(n, (c) => {
      side |= visit(c);
    });
    depth--;
    if (found && side === (INNER | OUTER) && (n.kind === SK.CallExpression || (n.kind === SK.BinaryExpression && (n as ts.BinaryExpression).operatorToken.kind >= SK.LessThanToken && (n as ts.BinaryExpression).operatorToken.kind <= SK.ExclamationEqualsEqualsToken))) found.relates = true;
    return side;
  };
  return visit(node);
}
