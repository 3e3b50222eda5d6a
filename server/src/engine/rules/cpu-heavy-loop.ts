/**
 * cpu-heavy-loop — loops that burn CPU on the main thread where it hurts.
 *
 * Reports, on a latency-sensitive path (a request handler, an event / timer / cron callback, an
 * async function, or a file-local helper only they call):
 * - quadratic work over data: a search (`.find/.filter/.some/.every/.findIndex`, `.includes` /
 *   `.indexOf` on an array, a matching inner loop, the same through a local helper) over one
 *   data-sized collection on every iteration over another; every pair of one collection compared
 *   (`players.filter((q) => q.score > p.score)` inside `players.map`, `similar(xs[i], xs[j])`);
 *   re-sorting or re-serialising the same data on every iteration; an accumulator copied on every
 *   step (`reduce((acc, x) => ({ ...acc }))`);
 * - a large constant (≥ thresholds.cpuLoopIterations, nested counts multiplied) or unbounded loop
 *   doing arithmetic / hashing / regex work;
 * - per-pixel loops (`y < height`, `x < width`) doing arithmetic over a whole image.
 * Anywhere on the main thread (plain utilities too, and CLI scripts for the batch):
 * - a batch of CPU-heavy synchronous calls (image codecs, compression, key derivation, hashing of
 *   file contents) made one item at a time;
 * - a loop that waits by spinning on the clock.
 *
 * Why: while such a loop runs, nothing else does — every other request, timer and socket waits.
 * Quiet for small constant loops, lookups in a Set/Map, loops that yield (an await inside),
 * worker threads, plain exported utilities, module start-up and CLI scripts (except a batch of
 * codec / compression / key derivation work: a script gains a core per worker), and test files.
 *
 * Invalid:
 *   app.get("/orders", async (req, res) => {
 *     const [orders, users] = await Promise.all([db.orders(), db.users()]);
 *     res.json(orders.map((o) => ({ ...o, user: users.find((u) => u.id === o.userId) })));
 *   });
 * Valid:
 *   const usersById = new Map(users.map((u) => [u.id, u]));
 *   res.json(orders.map((o) => ({ ...o, user: usersById.get(o.userId) })));
 */
import { ts } from "ts-morph";
import type { ExecContext } from "../facts/context";
import type { FileFacts } from "../facts/file-facts";
import { bigO, describeWork, formatCount, hasTextName, hasWork, type HeavyCall, type HiddenScan, isMembershipTest, type IterationSite, labelOf, looksSmall, LoopCostFacts } from "../facts/loop-cost";
import type { RawFinding } from "../types";
import type { Rule } from "./rule";

const TEST_FILE = /(^|\/)__tests__\/|\.(test|spec)\.[cm]?[jt]sx?$/;

export const cpuHeavyLoop: Rule = {
  meta: {
    id: "cpu-heavy-loop",
    description: "Loops that block the event loop with CPU work: quadratic searches over data, large or unbounded computation, per-item codec/hash batches, busy-waits.",
    defaultSeverity: "warning",
    fixable: true,
  },
  detect(file, config) {
    if (TEST_FILE.test(file.path.replace(/\\/g, "/"))) return [];
    const costs = file.get(LoopCostFacts);
    if (!costs.sites().length) return [];
    const check = new Checker(file, costs, config.thresholds.cpuLoopIterations);
    // Explicit nests first: where a nest also holds a scan, the outer structure names the finding.
    for (const site of costs.sites()) check.nestedJoin(site);
    for (const scan of costs.scans()) check.scan(scan, scan.node);
    for (const call of costs.callsToScanningHelpers()) {
      if (costs.blockingChain(call).length) for (const scan of costs.scansThrough(call)) check.scan(scan, call);
    }
    for (const site of costs.sites()) {
      check.accumulatorCopy(site);
      check.largeLoop(site);
      check.batch(site);
      check.pixelNest(site);
      check.busyWait(site);
    }
    return check.findings();
  },
};

class Checker {
  /** One finding per anchor loop; a larger iteration count replaces a smaller one. */
  private readonly byAnchor = new Map<ts.Node, { finding: RawFinding; weight: number }>();

  constructor(
    private readonly file: FileFacts,
    readonly costs: LoopCostFacts,
    private readonly threshold: number,
  ) {}

  findings(): RawFinding[] {
    return [...this.byAnchor.values()].map((v) => v.finding);
  }

  /** A search / sort / serialisation of a data-sized collection inside a loop over another. */
  scan(scan: HiddenScan, at: ts.Node): void {
    const { costs } = this;
    const chain = costs.blockingChain(at);
    // Names first, resolution after: most searches in loops look into the current item's own list.
    if (!chain.length || looksSmall(scan.receiver) || chain.some((s) => costs.surelyDependsOn(scan.receiver, s)) || !this.mayMultiply(chain)) return;
    // A predicate that reads the outer item without relating it to the inner one has no index and is not invariant.
    if (scan.predicate && !scan.via) {
      const related = costs.relatesItems(scan.predicate.body, scan.predicate, chain);
      if (!related.relates && related.readsOuter) return;
    }
    if (costs.sizeOf(scan.receiver).kind !== "data") return;
    if (scan.kind === "equality" && costs.searchShape(scan.node as ts.CallExpression, scan.receiver) !== "array") return;
    // A search in one item's own list (`p.tags.includes(t)`, `o.lines.find(…)`) walks that item's
    // few entries; whatever is quadratic there is the nest around it.
    if (costs.dependsOnAny(scan.receiver, chain)) return;
    const multipliers = chain.filter((s) => this.isBig(s) && !looksSmall(s.collection));
    if (!multipliers.length) return;
    // `return users.find(…)`, `throw new Error(JSON.stringify(list))`: runs once, then leaves.
    if (costs.leavesRightAfter(scan.via ?? scan.node, chain[chain.length - 1])) return;
    let key: string | undefined;
    let invariant = false;
    let metric: string | undefined;
    let pairs: { ordering?: string } | undefined;
    if (scan.via) key = scan.helperKey;
    else if (scan.matcher) {
      key = costs.matcherJoin(scan.matcher, chain);
      invariant = key === undefined && !costs.dependsOnAny(scan.matcher, chain) && !costs.mutatedWithin(scan.receiver, chain[chain.length - 1].node);
      if (key === undefined && !invariant) return;
    } else if (scan.kind === "search") {
      const fn = scan.predicate!;
      key = costs.equalityJoin(fn.body, fn, chain);
      // Loop-invariant only when the loop neither changes the list nor computes it just once.
      invariant = key === undefined && !costs.dependsOnAny(fn, chain) && !costs.mutatedWithin(scan.receiver, chain[chain.length - 1].node) && !costs.isMemoised(scan.node, chain[0]);
      metric = key === undefined && !invariant ? costs.pairwiseMetric(fn.body, fn, chain) : undefined;
      // The list an outer loop walks, searched for items that compare with the current one
      // (`players.filter((q) => q.score > p.score)` inside `players.map`): every pair of it.
      if (key === undefined && !invariant && metric === undefined && multipliers.some((m) => m.collection && costs.sameValue(m.collection, scan.receiver))) pairs = costs.comparesItems(fn.body, fn, chain);
      // A predicate that asks something else of the outer item (ranges, method calls) has no index.
      if (key === undefined && !invariant && metric === undefined && !pairs) return;
    }
    const anchor = this.anchorOf(chain);
    const where = this.onMainThread(anchor.node);
    if (!where) return;
    const inner = labelOf(scan.receiver, this.file.sf);
    const outer = this.outerLabel(anchor, multipliers);
    const what = scan.via
      ? `${labelOf(scan.via.expression, this.file.sf)}() scans ${inner}`
      : scan.kind === "serialise" || scan.method.startsWith("_.")
        ? `${scan.method}(${inner})`
        : `${inner}.${scan.method}()`;
    if (pairs) {
      const remedy = pairs.ordering ? `sort ${inner} by ${pairs.ordering} once before the loop and use positions or a binary search` : "move the pairwise comparison to a worker thread";
      this.report(anchor.node, `${what} inside a loop over ${outer} compares every pair of ${inner}: ${bigO(outer, inner)} work ${where} — ${remedy}`, `Every pair of ${inner} compared: ${bigO(outer, inner)} — ${pairs.ordering ? `sort ${inner} once` : "move it to a worker thread"}`);
      return;
    }
    const remedy = metric !== undefined ? `it computes ${metric}() for every pair; narrow the candidates first (sort, grid or bucket index) or move the matching to a worker thread` : this.scanRemedy(scan, inner, key, invariant, chain);
    this.report(anchor.node, `${what} inside a loop over ${outer} does ${bigO(outer, inner)} work ${where} — ${remedy}`, `${what} for every item of ${outer}: ${bigO(outer, inner)} — ${metric !== undefined ? "narrow the candidates first" : remedy}`);
  }

  private scanRemedy(scan: HiddenScan, inner: string, key: string | undefined, invariant: boolean, chain: IterationSite[]): string {
    if (invariant) return `compute ${scan.method.startsWith("_.") ? `${scan.method}(${inner}, …)` : `${inner}.${scan.method}(…)`} once before the loop`;
    const method = scan.method.replace(/^_\./, "");
    const by = key ? ` by ${key}` : "";
    switch (scan.kind) {
      case "equality": {
        if (method === "includes" || isMembershipTest(scan.node)) return `put ${inner} in a Set once before the loop and use .has()`;
        const dedupe = chain[0]?.method === "filter" && chain[0].collection && labelOf(chain[0].collection, this.file.sf) === inner;
        return dedupe ? `deduplicate with [...new Set(${inner})]` : `map each value of ${inner} to its index in a Map once before the loop`;
      }
      case "sort":
        return `sort ${inner} once before the loop`;
      case "serialise":
        return `serialise ${inner} once before the loop`;
      default:
        if (method === "filter" || method === "reject") return `group ${inner}${by} in a Map once before the loop`;
        if (method === "some" || method === "every") return key ? `put the ${key} values of ${inner} in a Set once before the loop` : `put ${inner} in a Set once before the loop`;
        return `index ${inner}${by} in a Map once before the loop`;
    }
  }

  /** An inner loop (or map/forEach/reduce callback) over another collection that matches items of the outer one. */
  nestedJoin(site: IterationSite): void {
    const { costs } = this;
    // Searches with a predicate are reported as scans, with their method name.
    if (site.method && /^(find|findIndex|findLast|findLastIndex|filter|some|every|sort|toSorted)$/.test(site.method)) return;
    // Most loops run inside no other: settle that before measuring anything.
    const chain = costs.blockingChain(site.node);
    if (!chain.length || costs.yields(site)) return;
    // An inner loop over the outer item's own list (`for (const l of o.lines)`) is a traversal.
    const head = site.callback ? (site.node as ts.CallExpression).expression : ts.isForOfStatement(site.node) || ts.isForInStatement(site.node) ? site.node.expression : undefined;
    if ((head && chain.every((s) => costs.surelyDependsOn(head, s))) || !costs.mayHaveCollection(site) || !this.mayMultiply(chain)) return;
    // Matching, metrics and pairwise tests all read an inner and an outer item together.
    if (!costs.relatesItems(site.callback ?? site.node, site.scope, chain).relates) return;
    const collection = site.collection;
    if (!collection || site.bound.kind !== "data" || looksSmall(collection)) return;
    // A scanner that moves its own position (a lexer's lookahead) walks its input once overall.
    const multipliers = chain.filter((s) => this.isBig(s) && !looksSmall(s.collection) && !(s.collection && isText(s.collection, costs)) && !costs.advancesInBody(s) && !costs.dependsOn(collection, s));
    if (!multipliers.length || isText(collection, costs)) return;
    const body = site.callback ?? site.node;
    const key = costs.equalityJoin(body, site.scope, chain);
    const metric = key === undefined ? costs.pairwiseMetric(body, site.scope, chain) : undefined;
    const inner = labelOf(collection, this.file.sf);
    // Every pair of one collection (duplicates, distances, overlaps) is quadratic whatever the
    // test — when the items are compared with each other and the inner loop does not stop at a hit.
    const sameList = multipliers.find((m) => m.collection && labelOf(m.collection, this.file.sf) === inner && costs.sameValue(m.collection, collection));
    const pairs = sameList && key === undefined && metric === undefined ? (!!costs.comparesItems(body, site.scope, chain) || costs.testsPair(body, site.scope, chain)) && !costs.returnsFrom(body) : !!sameList;
    if (key === undefined && metric === undefined && !pairs) return;
    const anchor = this.anchorOf(chain);
    const where = this.onMainThread(anchor.node);
    if (!where) return;
    if (pairs) {
      const remedy = key ? `group ${inner} by ${key} in a Map first and compare only within a group` : "move the pairwise comparison to a worker thread";
      this.report(anchor.node, `nested loops compare every pair of ${inner}: ${bigO(inner, inner)} work ${where} — ${remedy}`, `Nested loops compare every pair of ${inner}: ${bigO(inner, inner)} — ${key ? `group by ${key} first` : "move it to a worker thread"}`);
      return;
    }
    const outer = this.outerLabel(anchor, multipliers);
    if (key === undefined) {
      this.report(anchor.node, `nested loops over ${outer} and ${inner} compute ${metric}() for every pair: ${bigO(outer, inner)} work ${where} — narrow the candidates first (sort, grid or bucket index) or move the matching to a worker thread`, `${metric}() for every pair: ${bigO(outer, inner)} — narrow the candidates first`);
      return;
    }
    const matching = key ? ` on ${key}` : "";
    this.report(anchor.node, `nested loops over ${outer} and ${inner} match items${matching}: ${bigO(outer, inner)} work ${where} — index ${inner}${key ? ` by ${key}` : ""} in a Map once before the loop`, `Nested loops match ${outer} with ${inner}: ${bigO(outer, inner)} — index ${inner} in a Map once`);
  }

  /** `reduce((acc, x) => ({ ...acc, … }))` and `acc = [...acc, x]`: a copy per step. */
  accumulatorCopy(site: IterationSite): void {
    const { costs } = this;
    if (!costs.mayCopyAccumulator(site) || costs.yields(site) || !costs.mayHaveCollection(site) || site.bound.kind !== "data" || !site.collection || looksSmall(site.collection)) return;
    const copies = costs.accumulatorCopies(site);
    if (!copies.length) return;
    const anchor = this.anchorOf([site, ...costs.blockingChain(site.node)]);
    const where = this.onMainThread(anchor.node);
    if (!where) return;
    const items = labelOf(site.collection, this.file.sf);
    const copy = copies[0];
    if (site.callback) {
      this.report(anchor.node, `${items}.${site.method}() copies its accumulator on every step: ${bigO(items, items)} work ${where} — add to the accumulator and return it instead of spreading it into a new one`, `Accumulator copied on every step: ${bigO(items, items)} — add to it in place`);
    } else {
      const acc = ts.isBinaryExpression(copy) ? labelOf(copy.left, this.file.sf) : "the result";
      this.report(anchor.node, `rebuilding ${acc} on every iteration over ${items} copies it each time: ${bigO(items, items)} work ${where} — push or assign into ${acc} instead`, `${acc} copied on every iteration: ${bigO(items, items)} — push into it instead`);
    }
  }

  /** A constant-bound nest of ≥ threshold iterations, or an unbounded loop hashing until it finds something. */
  largeLoop(site: IterationSite): void {
    const { costs } = this;
    const chain = costs.blockingChain(site.node);
    const nest = [site, ...chain];
    // A constant count is written somewhere in the nest's heads (a number, a constant's name); when
    // only literals are, their product says whether the nest is large before anything is resolved.
    const hinted = nest.filter((s) => costs.mayCountConst(s));
    if (!hinted.length) return;
    const literal = hinted.map((s) => costs.literalCount(s));
    if (literal.every((n) => n !== undefined) && literal.reduce((a, b) => a * b, 1) < this.threshold) return;
    const bound = site.bound;
    if ((bound.kind !== "const" && (bound.kind !== "unbounded" || !costs.mayCallHeavyApis())) || costs.yields(site)) return;
    let count = 1;
    for (const s of nest) if (s.bound.kind === "const") count *= s.bound.count;
    if (bound.kind === "const" && count < this.threshold) return;
    const work = costs.workOf(site);
    const anchor = [...nest].reverse().find((s) => s.bound.kind === "const" || s.bound.kind === "data" || s.bound.kind === "unbounded")!;
    if (bound.kind === "unbounded") {
      if (!work.hashing) return;
      const ctx = this.file.context.at(anchor.node);
      if (!ctx.latencySensitive) return;
      this.report(anchor.node, `an unbounded loop of hashing in ${ctx.description} blocks the event loop until it finds a match — move the work to a worker thread`, "Unbounded hashing loop blocks the event loop — move it to a worker thread", Infinity);
      return;
    }
    if (!hasWork(work)) return;
    const ctx = this.file.context.at(anchor.node);
    if (!ctx.latencySensitive) return;
    const perItem = anchor.bound.kind === "data" && anchor.collection ? ` for each item of ${labelOf(anchor.collection, this.file.sf)}` : "";
    this.report(anchor.node, `${formatCount(count)} iterations of ${describeWork(work)}${perItem} in ${ctx.description} block the event loop — move the work to a worker thread`, `${formatCount(count)} iterations block the event loop — move them to a worker thread`, count);
  }

  /** CPU-heavy synchronous calls made one item at a time over data: the image-per-item case. */
  batch(site: IterationSite): void {
    const { costs } = this;
    if (!costs.mayCallHeavyApis() || !costs.workOf(site).heavy.length) return;
    if (!costs.mayHaveCollection(site) || site.bound.kind !== "data" || !site.collection || looksSmall(site.collection) || costs.yields(site)) return;
    const candidates = costs.workOf(site).heavy;
    const ctx = this.file.context.at(site.node);
    const heavy = candidates.filter((h) => batchApplies(h, ctx));
    if (!heavy.length) return;
    const anchor = this.anchorOf([site, ...costs.blockingChain(site.node)]);
    const items = labelOf(site.collection, this.file.sf);
    const h = heavy[0];
    const call = `${h.label}() (${h.kind})`;
    if (ctx.kind === "script") {
      this.report(anchor.node, `${call} runs for each item of ${items} one at a time on a single core in a CLI script — a worker pool (node:worker_threads) would process the items in parallel`, `${h.label}() runs item by item on one core — a worker pool uses them all`);
      return;
    }
    const where = this.onMainThread(anchor.node);
    if (!where) return;
    this.report(anchor.node, `${call} runs for each item of ${items} one after another ${where} — move the per-item work to a worker pool (node:worker_threads)`, `${h.label}() per item blocks the thread — move it to a worker pool`);
  }

  /** `for (y < height) for (x < width)` with arithmetic: per-pixel work over a whole image. */
  pixelNest(site: IterationSite): void {
    const { costs } = this;
    // Only counted loops have a dimension, and a pixel nest needs an outer one.
    if (site.callback || ts.isForOfStatement(site.node) || ts.isForInStatement(site.node) || !costs.hints.mentionsDimension) return;
    const chain = costs.blockingChain(site.node);
    if (!chain.length || costs.yields(site) || !costs.mayHaveCollection(site) || !site.dimension) return;
    const outer = chain.find((s) => s.dimension);
    if (!outer || !costs.workOf(site).arithmetic) return;
    const anchor = this.anchorOf(chain);
    const where = this.hotPath(anchor.node);
    if (!where) return;
    const dims = `${labelOf(outer.dimension!, this.file.sf)} × ${labelOf(site.dimension, this.file.sf)}`;
    this.report(anchor.node, `per-pixel loops over ${dims} do arithmetic for every pixel ${where} — move the image processing to a worker thread`, `Per-pixel loops over ${dims} block the thread — move them to a worker thread`);
  }

  busyWait(site: IterationSite): void {
    if (!this.costs.busyWaits(site)) return;
    const where = this.onMainThread(site.node);
    if (!where) return;
    this.report(site.node, `busy-wait loop spins on the clock ${where}, blocking everything else until the deadline — await a timer (setTimeout from node:timers/promises) instead`, "Busy-wait burns the CPU until the deadline — await a timer instead");
  }

  // ── helpers ──

  /** Cheap pre-check: one of the sites may be big — data-sized, or counting to a constant. */
  private mayMultiply(chain: readonly IterationSite[]): boolean {
    return chain.some((s) => this.costs.mayHaveCollection(s) || this.costs.mayCountConst(s));
  }

  private isBig(site: IterationSite): boolean {
    const b = site.bound;
    return b.kind === "data" || (b.kind === "const" && b.count >= this.threshold);
  }

  /** The outermost loop of the nest that iterates over data (or a large count). */
  private anchorOf(chain: IterationSite[]): IterationSite {
    for (let i = chain.length - 1; i >= 0; i--) if (this.isBig(chain[i])) return chain[i];
    return chain[0];
  }

  private outerLabel(anchor: IterationSite, multipliers: IterationSite[]): string {
    const site = multipliers.includes(anchor) ? anchor : multipliers[0];
    if (site.bound.kind === "const") return `${formatCount(site.bound.count)} iterations`;
    return site.collection ? labelOf(site.collection, this.file.sf) : "the items";
  }

  /**
   * Where the code runs, for the message, when it is on a latency-sensitive path (a request
   * handler, an event callback, an async function, or a helper only they call); undefined
   * elsewhere. Used for work whose size is set by a constant: it only hurts where others wait.
   */
  private hotPath(node: ts.Node): string | undefined {
    const ctx = this.file.context.at(node);
    return ctx.latencySensitive ? `on the event loop in ${ctx.description}` : undefined;
  }

  /**
   * As hotPath, and also in synchronous functions: for work that is wrong wherever it runs — a
   * busy-wait, a batch of codec calls, and quadratic work over data, since a utility's inputs can
   * be any size (startup code, scripts and workers stay quiet).
   */
  private onMainThread(node: ts.Node): string | undefined {
    const ctx = this.file.context.at(node);
    if (ctx.latencySensitive) return `on the event loop in ${ctx.description}`;
    if (ctx.kind === "sync") return `on the main thread in ${ctx.description}`;
    return undefined;
  }

  private report(node: ts.Node, message: string, lens: string, weight = 0): void {
    const prev = this.byAnchor.get(node);
    if (prev && prev.weight >= weight) return;
    this.byAnchor.set(node, { finding: { node, message, lens }, weight });
  }
}

/**
 * Where a per-item batch of heavy calls is worth a finding: on the event loop (Node's own `*Sync`
 * APIs there are sync-io's to report), in synchronous utilities, and in CLI scripts for the work a
 * worker pool parallelises well — not for hashing files, which is as fast as reading them.
 */
function batchApplies(h: HeavyCall, ctx: ExecContext): boolean {
  if (ctx.latencySensitive) return !h.nodeSyncApi;
  if (ctx.kind === "sync") return true;
  if (ctx.kind === "script") return h.kind !== "file hashing";
  return false;
}

/** A string (or a name that says text): nested loops over it are parsing, not pairing items. */
function isText(expr: ts.Expression, costs: LoopCostFacts): boolean {
  return costs.shapeOf(expr) === "string" || hasTextName(expr);
}
