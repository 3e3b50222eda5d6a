/**
 * How much work a loop does, from syntax alone (no type checker): the size of what it iterates
 * (a literal or constant count, a data-sized collection, unbounded), which loops run inside which —
 * counting the hidden loops of array searches (`.find`, `.includes`, `.sort`…) and of inline
 * array-method callbacks — whether an iteration yields to the event loop, what one iteration does
 * (hashing, regex, JSON, arithmetic, calls into known CPU-heavy libraries), and whether a loop
 * waits on the clock by spinning.
 *
 * One fact family per file (`file.get(LoopCostFacts)`), made of parts that each answer one kind of
 * question and share their caches: text hints and count hints (cheap answers read from the text
 * and from names, before any name is resolved — resolving binds the file's scopes), the site index
 * (where the file iterates), bounds, collection sizes, array-or-string shapes, item matching,
 * declaration writes, helper scans, per-iteration work and loop patterns. A rule asks the cheap
 * questions first: most loops are set aside by them.
 */
import type { ts } from "ts-morph";
import type { FileFacts } from "./file-facts";
import { LoopBounds } from "./loop-cost/bounds";
import { CountHints } from "./loop-cost/count-hints";
import { HelperScans } from "./loop-cost/helper-scans";
import { LoopPatterns } from "./loop-cost/loop-patterns";
import { ItemMatching } from "./loop-cost/matching";
import { ValueShapes } from "./loop-cost/shapes";
import { SiteIndex } from "./loop-cost/site-index";
import { CollectionSizes } from "./loop-cost/sizes";
import { TextHints } from "./loop-cost/text-hints";
import type { Bound, HiddenScan, IterationSite, LoopWork, Shape } from "./loop-cost/types";
import { IterationWork } from "./loop-cost/work";
import { DeclWrites } from "./loop-cost/writes";

export type { Bound, HeavyCall, HeavyKind, HiddenScan, InlineFn, IterationSite, LoopWork, ScanKind, Shape } from "./loop-cost/types";
export { bigO, collectionName, formatCount, hasTextName, isPluralName, labelOf, lastWord, looksSmall } from "./loop-cost/names";
export { isMembershipTest } from "./loop-cost/scan-calls";
export { describeWork, hasWork } from "./loop-cost/work";

export class LoopCostFacts {
  readonly writes: DeclWrites;
  readonly bounds: LoopBounds;
  readonly counts: CountHints;
  readonly sizes: CollectionSizes;
  readonly shapes: ValueShapes;
  readonly matching: ItemMatching;
  readonly helpers: HelperScans;
  readonly work: IterationWork;
  readonly patterns: LoopPatterns;
  readonly index: SiteIndex;
  readonly hints: TextHints;

  constructor(readonly file: FileFacts) {
    this.hints = new TextHints(file.sf);
    this.writes = new DeclWrites(file);
    this.bounds = new LoopBounds(this);
    this.counts = new CountHints(this);
    this.sizes = new CollectionSizes(this);
    this.shapes = new ValueShapes(this);
    this.matching = new ItemMatching(this);
    this.helpers = new HelperScans(this);
    this.work = new IterationWork(this);
    this.patterns = new LoopPatterns(this);
    this.index = new SiteIndex(file, this.hints, { loopBound: (loop) => this.bounds.loopBound(loop), sizeOf: (expr) => this.sizes.sizeOf(expr) });
  }

  // ── where the file iterates ──

  /** Every loop and inline array-method callback in the file, in source order. */
  sites(): readonly IterationSite[] {
    return this.index.sites();
  }

  /** Every call inside a loop that walks a whole collection (searches, `.includes`, `.sort`, `JSON.stringify`). */
  scans(): readonly HiddenScan[] {
    return this.index.scans();
  }

  /** The iteration sites `node` runs inside, innermost first, up to the function boundary. */
  enclosingSites(node: ts.Node): IterationSite[] {
    return this.index.enclosingSites(node);
  }

  /** The enclosing sites up to (not including) the first one that yields to the event loop. */
  blockingChain(node: ts.Node): IterationSite[] {
    return this.index.blockingChain(node);
  }

  /** True when an iteration gives the event loop a turn (an await, `for await`), or hands control back (`yield`). */
  yields(site: IterationSite): boolean {
    return this.index.yields(site);
  }

  // ── sizes and shapes ──

  /** How many items iterating `expr` visits. */
  sizeOf(expr: ts.Expression): Bound {
    return this.sizes.sizeOf(expr);
  }

  /** Whether `.includes` / `.indexOf` on `expr` scans an array (rather than searching a string). */
  shapeOf(expr: ts.Expression): Shape {
    return this.shapes.shapeOf(expr);
  }

  /** Whether `.includes(x)` / `.indexOf(x)` at `call` scans an array, the argument helping. */
  searchShape(call: ts.CallExpression, receiver: ts.Expression): Shape {
    return this.shapes.searchShape(call, receiver);
  }

  /** A number known from literals and constants. */
  constValue(expr: ts.Expression): number | undefined {
    return this.bounds.constValue(expr);
  }

  // ── inner against outer iterations ──

  dependsOn(node: ts.Node, site: IterationSite): boolean {
    return this.matching.dependsOn(node, site);
  }

  relatesItems(body: ts.Node, inner: ts.Node, chain: readonly IterationSite[]): { relates: boolean; readsOuter: boolean } {
    return this.matching.relatesItems(body, inner, chain);
  }

  surelyDependsOn(expr: ts.Node, site: IterationSite): boolean {
    return this.matching.surelyDependsOn(expr, site);
  }

  mayCountConst(site: IterationSite): boolean {
    return this.counts.mayCountConst(site);
  }

  mayHaveCollection(site: IterationSite): boolean {
    return this.counts.mayHaveCollection(site);
  }

  literalCount(site: IterationSite): number | undefined {
    return this.counts.literalCount(site);
  }

  dependsOnAny(node: ts.Node, sites: readonly IterationSite[]): boolean {
    return this.matching.dependsOnAny(node, sites);
  }

  sameValue(a: ts.Expression, b: ts.Expression): boolean {
    return this.matching.sameValue(a, b);
  }

  equalityJoin(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[] | "any"): string | undefined {
    return this.matching.equalityJoin(body, inner, outer);
  }

  pairwiseMetric(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): string | undefined {
    return this.matching.pairwiseMetric(body, inner, outer);
  }

  comparesItems(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): { ordering?: string } | undefined {
    return this.matching.comparesItems(body, inner, outer);
  }

  testsPair(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): boolean {
    return this.matching.testsPair(body, inner, outer);
  }

  matcherJoin(matcher: ts.ObjectLiteralExpression, outer: readonly IterationSite[] | "any"): string | undefined {
    return this.matching.matcherJoin(matcher, outer);
  }

  // ── helpers, patterns and work ──

  callsToScanningHelpers(): readonly ts.CallExpression[] {
    return this.helpers.callsToScanningHelpers();
  }

  scansThrough(call: ts.CallExpression): HiddenScan[] {
    return this.helpers.scansThrough(call);
  }

  advancesInBody(site: IterationSite): boolean {
    return this.patterns.advancesInBody(site);
  }

  leavesRightAfter(node: ts.Node, outermost: IterationSite): boolean {
    return this.patterns.leavesRightAfter(node, outermost);
  }

  returnsFrom(node: ts.Node): boolean {
    return this.patterns.returnsFrom(node);
  }

  mutatedWithin(expr: ts.Expression, node: ts.Node): boolean {
    return this.patterns.mutatedWithin(expr, node);
  }

  isMemoised(node: ts.Node, site: IterationSite): boolean {
    return this.patterns.isMemoised(node, site);
  }

  mayCopyAccumulator(site: IterationSite): boolean {
    return this.patterns.mayCopyAccumulator(site);
  }

  accumulatorCopies(site: IterationSite): ts.Node[] {
    return this.patterns.accumulatorCopies(site);
  }

  mayCallHeavyApis(): boolean {
    return this.work.mayCallHeavyApis();
  }

  workOf(site: IterationSite): LoopWork {
    return this.work.workOf(site);
  }

  spinsOnClock(site: IterationSite): boolean {
    return this.work.spinsOnClock(site);
  }

  busyWaits(site: IterationSite): boolean {
    return this.work.busyWaits(site);
  }
}
