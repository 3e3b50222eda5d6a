/**
 * The nodes most facts and rules start from — calls, `new`, loops, awaits, functions, imports,
 * and the scope binder's identifiers and declarations — collected in one walk of the file the
 * first time anyone asks (`file.nodes`, or `file.get(NodeIndex)`), so facts and rules that each
 * used to walk the whole tree for their starting points share a single walk.
 *
 * Every list is in source order (pre-order), so the entries inside a node are one contiguous run,
 * found by binary search: `within(index.loops, fn)` costs O(log n + hits), not a walk of `fn`.
 */
import { ts } from "ts-morph";
import { isAncestor, isFunctionNode, walk, type FunctionNode } from "../ast";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isClassLike, isTypeNode } = ts;

/** The part of FileFacts the index needs (FileFacts itself, or a bare source file in tests). */
export interface HasSourceFile {
  readonly sf: ts.SourceFile;
}

/** Which list a node of each kind goes to: one table read per node instead of a chain of comparisons. */
const enum Slot {
  None,
  Call,
  New,
  Await,
  Loop,
  Function,
  Import,
}

const SLOT = new Uint8Array(SyntaxKind.Count);
SLOT[SyntaxKind.CallExpression] = Slot.Call;
SLOT[SyntaxKind.NewExpression] = Slot.New;
SLOT[SyntaxKind.AwaitExpression] = Slot.Await;
for (const k of [SyntaxKind.ForStatement, SyntaxKind.ForOfStatement, SyntaxKind.ForInStatement, SyntaxKind.WhileStatement, SyntaxKind.DoStatement]) SLOT[k] = Slot.Loop;
for (const k of [SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ArrowFunction, SyntaxKind.MethodDeclaration, SyntaxKind.Constructor, SyntaxKind.GetAccessor, SyntaxKind.SetAccessor]) SLOT[k] = Slot.Function;
SLOT[SyntaxKind.ImportDeclaration] = Slot.Import;

/** Kinds the scope binder declares names from (DeclarationBinder.collect). */
const DECLARES = new Uint8Array(SyntaxKind.Count);
for (const k of [SyntaxKind.VariableDeclaration, SyntaxKind.Parameter, SyntaxKind.FunctionDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.EnumDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ClassExpression, SyntaxKind.CatchClause, SyntaxKind.ImportDeclaration, SyntaxKind.ImportEqualsDeclaration]) DECLARES[k] = 1;

/** Code that only exists for the type checker (interfaces, type aliases, type annotations, type-only imports): it binds no values. */
export function isTypeOnly(n: ts.Node): boolean {
  switch (n.kind) {
    case SyntaxKind.InterfaceDeclaration:
    case SyntaxKind.TypeAliasDeclaration:
      return true;
    case SyntaxKind.ImportDeclaration:
      return !!(n as ts.ImportDeclaration).importClause?.isTypeOnly;
    default:
      return isTypeNode(n);
  }
}

export class NodeIndex {
  readonly calls: readonly ts.CallExpression[];
  readonly news: readonly ts.NewExpression[];
  /** `for`, `for…of` (including `for await`), `for…in`, `while`, `do`. */
  readonly loops: readonly ts.IterationStatement[];
  readonly awaits: readonly ts.AwaitExpression[];
  /** Declarations, expressions, arrows, methods, constructors and accessors. */
  readonly functions: readonly FunctionNode[];
  /** `import … from "…"` declarations, wherever the parser put them. */
  readonly imports: readonly ts.ImportDeclaration[];
  /** For the scope binder: the identifiers outside type-only code. */
  readonly identifiers: readonly ts.Identifier[];
  /** For the scope binder: the nodes outside type-only code it declares names from. */
  readonly declarations: readonly ts.Node[];

  constructor(file: HasSourceFile) {
    const calls: ts.CallExpression[] = [];
    const news: ts.NewExpression[] = [];
    const loops: ts.IterationStatement[] = [];
    const awaits: ts.AwaitExpression[] = [];
    const functions: FunctionNode[] = [];
    const imports: ts.ImportDeclaration[] = [];
    const identifiers: ts.Identifier[] = [];
    const declarations: ts.Node[] = [];
    // The type-only node being walked through, if any: pre-order visits its descendants before anything after it.
    let typeOnly: ts.Node | undefined;
    walk(file.sf, (n) => {
      const kind = n.kind;
      switch (SLOT[kind]) {
        case Slot.Call:
          calls.push(n as ts.CallExpression);
          break;
        case Slot.New:
          news.push(n as ts.NewExpression);
          break;
        case Slot.Await:
          awaits.push(n as ts.AwaitExpression);
          break;
        case Slot.Loop:
          loops.push(n as ts.IterationStatement);
          break;
        case Slot.Function:
          functions.push(n as FunctionNode);
          break;
        case Slot.Import:
          imports.push(n as ts.ImportDeclaration);
          break;
      }
      if (typeOnly && (n.pos < typeOnly.end || (n.pos === typeOnly.end && isAncestor(typeOnly, n)))) return;
      typeOnly = undefined;
      if (kind === SyntaxKind.Identifier) identifiers.push(n as ts.Identifier);
      else if (isTypeOnly(n)) typeOnly = n;
      else if (DECLARES[kind]) declarations.push(n);
    });
    this.calls = calls;
    this.news = news;
    this.loops = loops;
    this.awaits = awaits;
    this.functions = functions;
    this.imports = imports;
    this.identifiers = identifiers;
    this.declarations = declarations;
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
