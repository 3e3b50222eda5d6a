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
import { isAsyncFunction, unwrap, walk } from "../../ast";
import type { FileFacts } from "../file-facts";
import { CALLBACK_ITERATORS, callbackLoopOf, SCAN_NAMES, scanOf, type CallbackLoop } from "./scan-calls";
import { looksLikeCopy } from "./syntax";
import { visitMarked, type TextHints } from "./text-hints";
import type { Bound, HiddenScan, IterationSite, Measured } from "./types";

// ts-morph exposes the compiler's namespace through getters: the hot walk reads these once.
const { ForStatement, ForOfStatement, ForInStatement, WhileStatement, DoStatement, CallExpression, BinaryExpression, AwaitExpression, YieldExpression, Identifier, PropertyAccessExpression, ElementAccessExpression, ThisKeyword, EqualsToken } = ts.SyntaxKind;
const LOOPS = new Set([ForStatement, ForOfStatement, ForInStatement, WhileStatement, DoStatement]);
/** Functions and classes: code inside runs at another time than the code around it. */
const BOUNDARIES = new Set([ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression]);
/** Wrappers unwrap() looks through. */
const WRAPPERS = new Set([ts.SyntaxKind.ParenthesizedExpression, ts.SyntaxKind.AsExpression, ts.SyntaxKind.NonNullExpression, ts.SyntaxKind.TypeAssertionExpression, ts.SyntaxKind.SatisfiesExpression]);

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
  private readonly scanCalls: ts.CallExpression[] = [];
  private scanList?: HiddenScan[];
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
    visitMarked(file.sf, hints.sites, (n) => {
      if (!LOOPS.has(n.kind) && !(n.kind === CallExpression && callbackLoopOf(n as ts.CallExpression))) return;
      this.walkInside(n);
      return false;
    });
    // Past a few hundred levels the walks go on from an explicit stack, which visits siblings in reverse.
    inSourceOrder(this.siteList);
    inSourceOrder(this.scanCalls);
    inSourceOrder(this.helperCandidates);
  }

  /** Everything inside an outermost site: nested sites, scans, helper calls, awaits, accumulator copies. */
  private walkInside(top: ts.Node) {
    const note = (n: ts.Node): void => {
      switch (n.kind) {
        case ForStatement:
        case ForOfStatement:
        case ForInStatement:
        case WhileStatement:
        case DoStatement:
          this.addLoopSite(n as ts.IterationStatement);
          break;
        case CallExpression: {
          const call = n as ts.CallExpression;
          const callee = WRAPPERS.has(call.expression.kind) ? unwrap(call.expression) : call.expression;
          const kind = callee.kind;
          if (kind === PropertyAccessExpression) {
            const access = callee as ts.PropertyAccessExpression;
            const name = access.name.text;
            if (CALLBACK_ITERATORS.has(name) || name === "from") {
              const loop = callbackLoopOf(call);
              if (loop) this.addCallbackSite(call, loop);
            }
            if (SCAN_NAMES.has(name)) this.scanCalls.push(call);
            if (access.expression.kind === ThisKeyword) this.helperCandidates.push(call);
          } else if (kind === Identifier) {
            const name = (callee as ts.Identifier).text;
            if (name === "structuredClone" || (call.arguments.length >= 2 && SCAN_NAMES.has(name))) this.scanCalls.push(call);
            this.helperCandidates.push(call);
          } else if (kind === ElementAccessExpression) {
            const loop = callbackLoopOf(call);
            if (loop) this.addCallbackSite(call, loop);
            this.scanCalls.push(call);
          }
          break;
        }
        case BinaryExpression: {
          const b = n as ts.BinaryExpression;
          if (b.operatorToken.kind === EqualsToken && unwrap(b.left).kind === Identifier && looksLikeCopy(b.right)) this.copyCandidates.push(b);
          break;
        }
        case AwaitExpression:
        case YieldExpression:
          this.awaitNodes.push(n);
          break;
      }
    };
    note(top);
    walk(top, note);
  }

  /** Every loop and inline array-method callback in the file, in source order. */
  sites(): readonly IterationSite[] {
    return this.siteList;
  }

  /** Every call inside a loop that walks a whole collection (searches, `.includes`, `.sort`, `JSON.stringify`). */
  scans(): readonly HiddenScan[] {
    if (!this.scanList) {
      this.scanList = [];
      for (const call of this.scanCalls) {
        const scan = scanOf(this.file, call, this.hints);
        if (scan) this.scanList.push(scan);
      }
    }
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
      if (LOOPS.has(p.kind)) {
        const site = this.siteByNode.get(p);
        if (site && site.perIteration.includes(child)) out.push(site);
      } else if (BOUNDARIES.has(p.kind)) {
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

  private addLoopSite(loop: ts.IterationStatement) {
    // `for await` pauses the loops around it as an await does.
    if (loop.kind === ForOfStatement && (loop as ts.ForOfStatement).awaitModifier) this.awaitNodes.push(loop);
    let per: ts.Node[];
    if (loop.kind === ForOfStatement || loop.kind === ForInStatement) per = [loop.statement];
    else if (loop.kind === ForStatement) per = [loop.statement, (loop as ts.ForStatement).condition, (loop as ts.ForStatement).incrementor].filter((n) => n !== undefined) as ts.Node[];
    else per = [loop.statement, (loop as ts.WhileStatement | ts.DoStatement).expression];
    this.register(new Site(loop, loop, per, this.measurer));
  }

  private addCallbackSite(call: ts.CallExpression, loop: CallbackLoop) {
    this.register(new Site(call, loop.callback, [loop.callback.body], this.measurer, loop));
  }

  private register(site: Site) {
    this.siteList.push(site);
    this.siteByNode.set(site.node, site);
    if (site.callback) this.siteByCallback.set(site.callback, site);
  }

  /** Sites that give the event loop a turn: one walk up from each await / yield. */
  private yieldingSites(): Set<IterationSite> {
    if (this.yielding) return this.yielding;
    const out = new Set<IterationSite>();
    for (const a of this.awaitNodes) {
      let child: ts.Node = a;
      for (let p = a.parent; p; child = p, p = p.parent) {
        if (LOOPS.has(p.kind)) {
          const site = this.siteByNode.get(p);
          if (site && site.perIteration.includes(child)) out.add(site);
        } else if (BOUNDARIES.has(p.kind)) {
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

/** Sorts in place, unless already sorted (the usual case: the walks go in source order). */
function inSourceOrder<T extends { node: ts.Node } | ts.Node>(list: T[]): void {
  for (let i = 1; i < list.length; i++) {
    if (bySource(list[i - 1], list[i]) > 0) {
      list.sort(bySource);
      return;
    }
  }
}

/** Source order; an enclosing node before the nodes it holds. */
function bySource(a: { node: ts.Node } | ts.Node, b: { node: ts.Node } | ts.Node): number {
  const x = "node" in a ? a.node : a;
  const y = "node" in b ? b.node : b;
  return x.pos - y.pos || y.end - x.end;
}

/** A loop or an array-method callback, measured on first read (bounds resolve declarations across the file). */
class Site implements IterationSite {
  readonly method?: string;
  readonly callback?: CallbackLoop["callback"];
  private readonly receiver?: ts.Expression;
  private measured?: Measured;

  constructor(
    readonly node: IterationSite["node"],
    readonly scope: ts.Node,
    readonly perIteration: ts.Node[],
    private readonly measurer: Measurer,
    loop?: CallbackLoop,
  ) {
    this.method = loop?.method;
    this.callback = loop?.callback;
    this.receiver = loop?.receiver;
  }

  private measure(): Measured {
    if (!this.measured) {
      const { node, receiver } = this;
      // Array.from(x, fn) iterates what Array.from(x) would hold: `{ length: n }` is n items.
      this.measured = receiver ? { bound: this.measurer.sizeOf(this.method === "from" ? (node as ts.CallExpression) : receiver), collection: receiver } : this.measurer.loopBound(node as ts.IterationStatement);
    }
    return this.measured;
  }

  get bound(): Bound {
    return this.measure().bound;
  }

  get collection(): ts.Expression | undefined {
    return this.measure().collection;
  }

  get dimension(): ts.Expression | undefined {
    return this.measure().dimension;
  }
}
