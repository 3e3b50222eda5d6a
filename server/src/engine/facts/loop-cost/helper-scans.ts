/**
 * Scans hidden one call away: `findUser(id)` whose body is `return users.find((u) => u.id === id)`,
 * or a helper whose loop looks for a matching element. A scan over one of the helper's parameters
 * is seen from the call site, over the argument.
 */
import { ts } from "ts-morph";
import { isAncestor, isAsyncFunction, isFunctionNode, isLoop, unwrap, type FunctionNode } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import { scanOf } from "./scan-calls";
import { helperOf, thisMethod } from "./syntax";
import { visitMarked } from "./text-hints";
import type { HiddenScan } from "./types";

export class HelperScans {
  private readonly helperCache = new Map<FunctionNode, HiddenScan[]>();
  private localCallList?: ts.CallExpression[];

  constructor(private readonly costs: LoopCostFacts) {}

  /**
   * Calls inside loops to a function of this file whose body holds a scan word: the only calls
   * scansThrough() can find anything behind. Told by name, without resolving the callee.
   */
  callsToScanningHelpers(): readonly ts.CallExpression[] {
    return (this.localCallList ??= this.costs.index.helperCandidates.filter((call) => this.mayScan(call)));
  }

  private mayScan(call: ts.CallExpression): boolean {
    return this.namedHelpers(call).some((fn) => !this.costs.hints.scansIn(fn).empty);
  }

  /** The functions `call` can reach by its callee's name: same-named local functions, or `this`'s method. */
  private namedHelpers(call: ts.CallExpression): readonly FunctionNode[] {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) return this.costs.hints.functionsNamed(callee.text);
    const method = ts.isPropertyAccessExpression(callee) ? thisMethod(callee) : undefined;
    return method ? [method] : [];
  }

  private ownScans(fn: FunctionNode): HiddenScan[] {
    let inner = this.helperCache.get(fn);
    if (!inner) {
      inner = this.helperScans(fn);
      this.helperCache.set(fn, inner);
    }
    return inner;
  }

  /**
   * Scans that run when a local helper is called. Only scans at the helper's own top level count
   * (a loop inside the helper is its own nest).
   */
  scansThrough(call: ts.CallExpression): HiddenScan[] {
    // The helpers its name can reach, looked into before the callee is resolved: most hide no scan.
    if (!this.namedHelpers(call).some((fn) => !isAncestor(fn, call) && this.ownScans(fn).length)) return [];
    const fn = helperOf(this.costs.file, call);
    // A recursive call walks the same data again by design; its cost is the recursion's.
    if (!fn || !fn.body || isAncestor(fn, call)) return [];
    const inner = this.ownScans(fn);
    const { scopes } = this.costs.file;
    const out: HiddenScan[] = [];
    for (const s of inner) {
      const r = unwrap(s.receiver);
      let receiver: ts.Expression = s.receiver;
      if (ts.isIdentifier(r)) {
        const idx = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && scopes.resolve(r).id === p.name);
        if (idx >= 0) {
          const arg = call.arguments[idx];
          if (!arg || ts.isSpreadElement(arg)) continue;
          receiver = arg;
        } else if (fn.parameters.some((p) => isAncestor(p, scopes.resolve(r).id ?? p))) continue;
      }
      // Anything else the helper computes itself (from its arguments) is new on every call.
      if (receiver === s.receiver && this.costs.matching.readsOf(s.receiver).some((d) => d.id && isAncestor(fn, d.id))) continue;
      out.push({ ...s, receiver, via: call });
    }
    return out;
  }

  /** Scans and matching loops at the helper's own level (not inside its loops or nested functions); only around scan words. */
  private helperScans(fn: FunctionNode): HiddenScan[] {
    const out: HiddenScan[] = [];
    if (!fn.body || isAsyncFunction(fn) || ("asteriskToken" in fn && fn.asteriskToken)) return out;
    const { file, hints, index, matching } = this.costs;
    visitMarked(fn.body, hints.scansIn(fn), (n) => {
      if (isFunctionNode(n) || ts.isClassLike(n)) return false;
      if (ts.isCallExpression(n)) {
        const scan = scanOf(file, n, hints);
        if (!scan || index.enclosingSites(n).length) return;
        if (scan.kind === "search") {
          // Only an equality (`===`, `.includes`, `.has`) can key an index on what the caller passes.
          if (scan.predicate && !hints.equalities.inside(scan.predicate.body)) return;
          const key = scan.predicate ? matching.equalityJoin(scan.predicate.body, scan.predicate, "any") : scan.matcher && matching.matcherJoin(scan.matcher, "any");
          if (key !== undefined) out.push({ ...scan, helperKey: key });
        } else if (scan.kind === "equality" || scan.kind === "sort") out.push(scan);
        return;
      }
      const site = isLoop(n) ? index.siteOf(n) : undefined;
      if (!site || !hints.equalities.inside(n) || index.enclosingSites(n).length || index.yields(site) || !site.collection) return;
      const key = matching.equalityJoin(site.node, site.scope, "any");
      if (key !== undefined) out.push({ kind: "loop", node: site.node, method: ts.isForOfStatement(site.node) ? "for…of" : "for", receiver: site.collection, helperKey: key });
    });
    return out.sort((a, b) => (a.kind === "loop" ? 1 : 0) - (b.kind === "loop" ? 1 : 0) || a.node.pos - b.node.pos);
  }
}
