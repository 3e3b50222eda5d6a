/**
 * Where a file iterates: every loop statement and every array-method call with an inline callback
 * (an "iteration site"), which of them run inside which, and which of them give the event loop a
 * turn. Also what later questions look for inside loops: scans, calls to local helpers, awaits and
 * accumulator copies.
 *
 * Most of a file runs no loop, so the index does not walk it all: a text search finds the words a
 * site must contain (`for`, `while`, `do`, `.map`, `.find`…), a descent visits only the nodes
 * around those places, and only the inside of each outermost site is walked in full.
 */
import { ts } from "ts-morph";
import { isAsyncFunction, isFunctionNode, isLoop, unwrap } from "../../ast";
import type { FileFacts } from "../file-facts";
import { callbackLoopOf, scanOf, type CallbackLoop } from "./scan-calls";
import { looksLikeCopy } from "./syntax";
import { visitMarked, type TextHints } from "./text-hints";
import type { Bound, HiddenScan, IterationSite, Measured } from "./types";

/** How sites are measured, on first read (bounds resolve declarations across the file). */
export interface Measurer {
  loopBound(loop: ts.IterationStatement): Measured;
  sizeOf(expr: ts.Expression): Bound;
}

export class SiteIndex {
  private readonly siteList: IterationSite[] = [];
  private readonly siteByNode = new Map<ts.Node, IterationSite>();
  /** Inline callback → the array-method site it is the body of. */
  private readonly siteByCallback = new Map<ts.Node, IterationSite>();
  private readonly scanList: HiddenScan[] = [];
  private readonly awaitNodes: ts.Node[] = [];
  /** `x = [...x, …]`, `x = { ...x }`, `x = x.concat(…)`, `x = Object.assign({}, x, …)` inside loops, checked later. */
  readonly copyCandidates: ts.BinaryExpression[] = [];
  /** Calls inside loops that may reach a local helper: `f(…)` and `this.m(…)`; resolved on demand. */
  readonly helperCandidates: ts.CallExpression[] = [];
  private yielding?: Set<IterationSite>;

  constructor(
    private readonly file: FileFacts,
    private readonly hints: TextHints,
    private readonly measurer: Measurer,
  ) {
    // Down to the outermost sites through the nodes around the words they contain; each is walked whole.
    visitMarked(file.sf, hints.sites, (n) => {
      if (!isLoop(n) && !(n.kind === ts.SyntaxKind.CallExpression && callbackLoopOf(n as ts.CallExpression))) return;
      this.walkInside(n);
      return false;
    });
    const byPos = (a: { node: ts.Node } | ts.Node, b: { node: ts.Node } | ts.Node) => ("node" in a ? a.node : a).pos - ("node" in b ? b.node : b).pos || ("node" in b ? b.node : b).end - ("node" in a ? a.node : a).end;
    this.siteList.sort(byPos);
    this.scanList.sort(byPos);
    this.helperCandidates.sort(byPos);
  }

  /** Everything inside an outermost site: nested sites, scans, helper calls, awaits, accumulator copies. */
  private walkInside(top: ts.Node) {
    const stack: ts.Node[] = [top];
    const push = (c: ts.Node) => {
      stack.push(c);
    };
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.kind) {
        case ts.SyntaxKind.ForStatement:
        case ts.SyntaxKind.ForOfStatement:
        case ts.SyntaxKind.ForInStatement:
        case ts.SyntaxKind.WhileStatement:
        case ts.SyntaxKind.DoStatement:
          this.addLoopSite(n as ts.IterationStatement);
          break;
        case ts.SyntaxKind.CallExpression:
          this.addCall(n as ts.CallExpression);
          break;
        case ts.SyntaxKind.BinaryExpression: {
          const b = n as ts.BinaryExpression;
          if (b.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(b.left)) && looksLikeCopy(b.right)) this.copyCandidates.push(b);
          break;
        }
        case ts.SyntaxKind.AwaitExpression:
        case ts.SyntaxKind.YieldExpression:
          this.awaitNodes.push(n);
          break;
      }
      n.forEachChild(push);
    }
  }

  /** Every loop and inline array-method callback in the file, in source order. */
  sites(): readonly IterationSite[] {
    return this.siteList;
  }

  /** Every call inside a loop that walks a whole collection (searches, `.includes`, `.sort`, `JSON.stringify`). */
  scans(): readonly HiddenScan[] {
    return this.scanList;
  }

  siteOf(node: ts.Node): IterationSite | undefined {
    return this.siteByNode.get(node);
  }

  /** The array-method site whose inline callback `fn` is. */
  siteOfCallback(fn: ts.Node): IterationSite | undefined {
    return this.siteByCallback.get(fn);
  }

  /**
   * The iteration sites `node` runs inside, innermost first: enclosing loops (when `node` is in
   * their per-iteration part) and array-method callbacks, up to the function boundary — a callback
   * handed to anything else runs at another time.
   */
  enclosingSites(node: ts.Node): IterationSite[] {
    const out: IterationSite[] = [];
    let child: ts.Node = node;
    let p: ts.Node | undefined = node.parent;
    while (p) {
      if (isLoop(p)) {
        const site = this.siteByNode.get(p);
        if (site && site.perIteration.includes(child)) out.push(site);
      } else if (isFunctionNode(p) || ts.isClassLike(p)) {
        const site = this.siteByCallback.get(p);
        if (!site) break;
        out.push(site);
        child = site.node;
        p = site.node.parent;
        continue;
      }
      child = p;
      p = p.parent;
    }
    return out;
  }

  /** The enclosing sites up to (not including) the first one that yields to the event loop. */
  blockingChain(node: ts.Node): IterationSite[] {
    const out: IterationSite[] = [];
    for (const s of this.enclosingSites(node)) {
      if (this.yields(s)) break;
      out.push(s);
    }
    return out;
  }

  /** True when an iteration gives the event loop a turn (an await, `for await`), or hands control back (`yield`). */
  yields(site: IterationSite): boolean {
    return this.yieldingSites().has(site);
  }

  private addCall(call: ts.CallExpression) {
    const loop = callbackLoopOf(call);
    if (loop) this.addCallbackSite(call, loop);
    const scan = scanOf(this.file, call, this.hints.mentionsLodash);
    if (scan) this.scanList.push(scan);
    const callee = unwrap(call.expression);
    if ((ts.isIdentifier(callee) && !(scan && scan.method === "structuredClone")) || (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword)) {
      this.helperCandidates.push(call);
    }
  }

  private addLoopSite(loop: ts.IterationStatement) {
    if (ts.isForOfStatement(loop) && loop.awaitModifier) this.awaitNodes.push(loop);
    let per: ts.Node[];
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) per = [loop.statement];
    else if (ts.isForStatement(loop)) per = [loop.statement, loop.condition, loop.incrementor].filter((n) => n !== undefined) as ts.Node[];
    else per = [(loop as ts.WhileStatement | ts.DoStatement).statement, (loop as ts.WhileStatement | ts.DoStatement).expression];
    this.addSite(loop, loop, per, () => this.measurer.loopBound(loop));
  }

  private addCallbackSite(call: ts.CallExpression, loop: CallbackLoop) {
    // Array.from(x, fn) iterates what Array.from(x) would hold: `{ length: n }` is n items.
    const measured = loop.method === "from" ? call : loop.receiver;
    this.addSite(call, loop.callback, [loop.callback.body], () => ({ bound: this.measurer.sizeOf(measured), collection: loop.receiver }), { method: loop.method, callback: loop.callback });
  }

  private addSite(node: IterationSite["node"], scope: ts.Node, perIteration: ts.Node[], measure: () => Measured, extra: Pick<IterationSite, "method" | "callback"> = {}) {
    let measured: Measured | undefined;
    const site: IterationSite = {
      node,
      scope,
      perIteration,
      ...extra,
      get bound() {
        return (measured ??= measure()).bound;
      },
      get collection() {
        return (measured ??= measure()).collection;
      },
      get dimension() {
        return (measured ??= measure()).dimension;
      },
    };
    this.siteList.push(site);
    this.siteByNode.set(node, site);
    if (extra.callback) this.siteByCallback.set(extra.callback, site);
  }

  /** Sites that give the event loop a turn: one walk up from each await / yield. */
  private yieldingSites(): Set<IterationSite> {
    if (this.yielding) return this.yielding;
    const out = new Set<IterationSite>();
    for (const a of this.awaitNodes) {
      let child: ts.Node = a;
      for (let p = a.parent; p; child = p, p = p.parent) {
        if (isLoop(p)) {
          const site = this.siteByNode.get(p);
          if (site && site.perIteration.includes(child)) out.add(site);
        } else if (isFunctionNode(p) || ts.isClassLike(p)) {
          // An await pauses only its own function: an async inline callback yields, its caller does not.
          const site = this.siteByCallback.get(p);
          if (site && isAsyncFunction(p)) out.add(site);
          break;
        }
      }
    }
    for (const site of this.siteList) if (ts.isForOfStatement(site.node) && site.node.awaitModifier) out.add(site);
    return (this.yielding = out);
  }
}
