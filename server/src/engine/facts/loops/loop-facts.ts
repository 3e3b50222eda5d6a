/** The loop facts of one file: each loop's LoopAnalysis, and the loops a node runs once per iteration of. */
import { ts } from "ts-morph";
import { isFunctionNode, isLoop } from "../../ast";
import { EffectFacts } from "../effects/effect-facts";
import type { FileFacts } from "../file-facts";
import { LoopAnalysis } from "./loop-analysis";
import { perIterationParts } from "./loop-header";
import type { LoopInfo } from "./loop-info";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const { isClassLike, isDoStatement, isForStatement, isWhileStatement } = ts;

const NO_LOOPS: readonly ts.IterationStatement[] = [];

export class LoopFacts {
  private readonly cache = new Map<ts.IterationStatement, LoopInfo>();
  private readonly loopChains = new Map<ts.Node, readonly ts.IterationStatement[]>();
  private readonly effects: EffectFacts;

  constructor(private readonly file: FileFacts) {
    this.effects = file.get(EffectFacts);
  }

  /** Facts of one loop; each is worked out on first read, so a rule that stops at a cheap one pays for nothing else. */
  of(loop: ts.IterationStatement): LoopInfo {
    let info = this.cache.get(loop);
    if (!info) this.cache.set(loop, (info = new LoopAnalysis(this.file, this.effects, loop)));
    return info;
  }

  /** The loops of the same function in which `node` runs once per iteration, innermost first. */
  enclosingLoops(node: ts.Node): readonly ts.IterationStatement[] {
    // Memoised along the parent chain, so asking for every await of a deeply nested file stays linear.
    const path: ts.Node[] = [];
    let known: readonly ts.IterationStatement[] = NO_LOOPS;
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      const cached = this.loopChains.get(n);
      if (cached) {
        known = cached;
        break;
      }
      path.push(n);
      if (isFunctionNode(n) || isClassLike(n)) break;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i];
      const p = n.parent;
      let chain: readonly ts.IterationStatement[] = NO_LOOPS;
      if (p && !isFunctionNode(n) && !isClassLike(n)) {
        const above = i === path.length - 1 ? known : this.loopChains.get(p)!;
        chain = isLoop(p) && runsPerIteration(p, n) ? [p, ...above] : above;
      }
      this.loopChains.set(n, chain);
    }
    return this.loopChains.get(node)!;
  }

  /** The parts of a loop that run in every iteration: the body, plus a for loop's condition and update or a while condition. */
  perIterationParts(loop: ts.IterationStatement): ts.Node[] {
    return perIterationParts(loop);
  }
}

function runsPerIteration(loop: ts.IterationStatement, child: ts.Node): boolean {
  if (child === loop.statement) return true;
  if (isForStatement(loop)) return child === loop.condition || child === loop.incrementor;
  if (isWhileStatement(loop) || isDoStatement(loop)) return child === loop.expression;
  return false;
}
