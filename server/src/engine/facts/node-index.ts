/**
 * The nodes most facts and rules start from — calls, `new`, loops, awaits, functions — collected in
 * one walk of the file the first time anyone asks (`file.nodes`, or `file.get(NodeIndex)`), so
 * rules that each used to walk the whole tree for their starting points share a single walk.
 *
 * Every list is in source order (pre-order), so the entries inside a node are one contiguous run,
 * found by binary search: `within(index.loops, fn)` costs O(log n + hits), not a walk of `fn`.
 */
import { ts } from "ts-morph";
import { isFunctionNode, walk, type FunctionNode } from "../ast";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const isClassLike = ts.isClassLike;

/** The part of FileFacts the index needs (FileFacts itself, or a bare source file in tests). */
export interface HasSourceFile {
  readonly sf: ts.SourceFile;
}

export class NodeIndex {
  readonly calls: readonly ts.CallExpression[];
  readonly news: readonly ts.NewExpression[];
  /** `for`, `for…of` (including `for await`), `for…in`, `while`, `do`. */
  readonly loops: readonly ts.IterationStatement[];
  readonly awaits: readonly ts.AwaitExpression[];
  /** Declarations, expressions, arrows, methods, constructors and accessors. */
  readonly functions: readonly FunctionNode[];

  constructor(file: HasSourceFile) {
    const calls: ts.CallExpression[] = [];
    const news: ts.NewExpression[] = [];
    const loops: ts.IterationStatement[] = [];
    const awaits: ts.AwaitExpression[] = [];
    const functions: FunctionNode[] = [];
    walk(file.sf, (n) => {
      switch (n.kind) {
        case SyntaxKind.CallExpression:
          calls.push(n as ts.CallExpression);
          break;
        case SyntaxKind.NewExpression:
          news.push(n as ts.NewExpression);
          break;
        case SyntaxKind.AwaitExpression:
          awaits.push(n as ts.AwaitExpression);
          break;
        case SyntaxKind.ForStatement:
        case SyntaxKind.ForOfStatement:
        case SyntaxKind.ForInStatement:
        case SyntaxKind.WhileStatement:
        case SyntaxKind.DoStatement:
          loops.push(n as ts.IterationStatement);
          break;
        default:
          if (isFunctionNode(n)) functions.push(n);
      }
    });
    this.calls = calls;
    this.news = news;
    this.loops = loops;
    this.awaits = awaits;
    this.functions = functions;
  }

  /** The entries of `list` (one of this index's lists) that lie inside `node`, `node` itself excluded, in source order. */
  within<T extends ts.Node>(list: readonly T[], node: ts.Node): T[] {
    const out: T[] = [];
    // Pre-order: descendants start at or after node.pos and before node.end. An ancestor can start
    // at the same position (`a.b().c()` holds `a.b()`), so the end decides.
    for (let i = firstAtOrAfter(list, node.pos); i < list.length && list[i].pos < node.end; i++) {
      const n = list[i];
      if (n !== node && n.end <= node.end) out.push(n);
    }
    return out;
  }

  /** Like within(), without the entries inside functions or classes nested in `node` (they run at another time). */
  withinSameFunction<T extends ts.Node>(list: readonly T[], node: ts.Node): T[] {
    return this.within(list, node).filter((n) => !crossesFunction(n, node));
  }
}

function firstAtOrAfter(list: readonly ts.Node[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].pos < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when a function or class lies between `n` and its ancestor `root`. */
function crossesFunction(n: ts.Node, root: ts.Node): boolean {
  for (let p = n.parent; p && p !== root; p = p.parent) if (isFunctionNode(p) || isClassLike(p)) return true;
  return false;
}
