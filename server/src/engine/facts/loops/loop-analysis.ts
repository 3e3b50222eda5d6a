/**
 * One loop's facts, each worked out on first read: the header's shape up front, everything that
 * walks the body (awaits, early exits, pacing, carried state) only when a rule asks for it.
 */
import { ts } from "ts-morph";
import { awaitsIn, isAncestor, isFunctionNode, isLoop, memberName, unwrap, walk } from "../../ast";
import type { EffectFacts } from "../effects/effect-facts";
import { nodesAtWord } from "../effects/nodes-at-word";
import type { FileFacts } from "../file-facts";
import { isReference, isWrite, type Decl, type ScopeFacts } from "../scope";
import { carriedState } from "./carried-state";
import { headerNames, headerShape, perIterationParts, resolveIterationDecls } from "./loop-header";
import type { CarriedState, LoopInfo, LoopKind } from "./loop-info";
import { isDeclaredName, mayCarry } from "./name-survey";

const RETRY_WORDS = new Set(["attempt", "attempts", "retry", "retries", "tries", "backoff"]);
/** Calls that take the items from a position onwards: a batch when the position is a stepped index. */
const SLICE_METHODS = new Set(["slice", "splice", "subarray", "substring", "substr"]);
const PAGINATION_WORDS = new Set(["cursor", "token", "page", "offset", "marker", "next", "after", "continuation", "skip", "since", "start", "more", "evaluated", "from"]);

/** The lower-cased words of a camelCase / snake_case name: maxRetries → ["max", "retries"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** One loop's facts: the header's shape up front, everything that walks the body on first read. */
export class LoopAnalysis implements LoopInfo {
  readonly kind: LoopKind;
  readonly collection?: ts.Expression;
  readonly indexWalk: boolean;
  readonly stepped: boolean;
  readonly iterationNames: ReadonlySet<string>;
  private readonly index?: ts.Identifier;
  private readonly memo = new Map<keyof LoopInfo, unknown>();
  private decls?: ReadonlySet<Decl>;

  constructor(
    private readonly file: FileFacts,
    private readonly effects: EffectFacts,
    readonly node: ts.IterationStatement,
  ) {
    const loop = node;
    this.kind = ts.isForOfStatement(loop) ? (loop.awaitModifier ? "for-await" : "for-of") : ts.isForInStatement(loop) ? "for-in" : ts.isForStatement(loop) ? "for" : ts.isWhileStatement(loop) ? "while" : "do";
    const header = headerShape(loop);
    this.iterationNames = header.names;
    this.collection = header.collection;
    this.indexWalk = header.indexWalk;
    this.stepped = header.stepped;
    this.index = header.index;
  }

  get iterationDecls(): ReadonlySet<Decl> {
    return (this.decls ??= resolveIterationDecls(this.node, this.file.scopes, this.index, this.iterationNames));
  }

  private get indexDecl(): Decl | undefined {
    return this.index && this.file.scopes.resolve(this.index);
  }

  private lazy<K extends keyof LoopInfo>(key: K, make: () => LoopInfo[K]): LoopInfo[K] {
    if (this.memo.has(key)) return this.memo.get(key) as LoopInfo[K];
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  get batchWindow(): ts.Node | undefined {
    return this.lazy("batchWindow", () => {
      const index = this.stepped ? this.indexDecl : undefined;
      return index && this.windowOf(index);
    });
  }
  get usesIterationVar(): boolean {
    return this.lazy("usesIterationVar", () => {
      // Found by name where the names occur; resolved only when the body declares one of them again.
      const body = this.node.statement;
      let reads = false;
      for (const name of this.iterationNames) {
        for (const n of nodesAtWord(this.file.sf, name, body)) {
          if (!ts.isIdentifier(n)) continue;
          if (!isReference(n)) {
            if (isDeclaredName(n)) return this.readsAny(body, this.iterationDecls);
          } else if (!isWrite(n)) reads = true;
        }
      }
      return reads;
    });
  }
  get bodyAwaits(): ts.AwaitExpression[] {
    return this.lazy("bodyAwaits", () => this.ownNodesAt("await").filter(ts.isAwaitExpression));
  }
  get headerAwaits(): ts.AwaitExpression[] {
    return this.lazy("headerAwaits", () => this.headerParts().flatMap((p) => awaitsIn(p)));
  }
  get carried(): CarriedState[] {
    return this.lazy("carried", () => {
      const may = mayCarry(this.node);
      return may.locals || may.collections ? carriedState(this.file.scopes, this.effects, this.bodyAwaits, this.node, this.iterationDecls, this.indexDecl, may) : [];
    });
  }
  get earlyExit(): ts.Node | undefined {
    return this.lazy("earlyExit", () => {
      const loop = this.node;
      let exit: ts.Node | undefined;
      for (const word of ["return", "break", "continue"]) {
        for (const n of this.ownNodesAt(word)) {
          if (exit && exit.pos < n.pos) break;
          if (ts.isReturnStatement(n)) exit = n;
          else if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) {
            const target = jumpTarget(n);
            if (target && (ts.isBreakStatement(n) ? target === loop || isAncestor(target, loop) : target !== loop && isAncestor(target, loop))) exit = n;
          } else continue;
          if (exit === n) break;
        }
      }
      return exit;
    });
  }
  get retry(): boolean {
    return this.lazy("retry", () => headerNames(this.node).some((name) => nameWords(name).some((w) => RETRY_WORDS.has(w))));
  }
  get polling(): boolean {
    return this.lazy("polling", () => {
      const loop = this.node;
      const walksCollection = this.kind === "for-of" || this.kind === "for-in" || this.kind === "for-await" || this.indexWalk || this.stepped;
      const infinite = (ts.isForStatement(loop) && !loop.condition) || ((ts.isWhileStatement(loop) || ts.isDoStatement(loop)) && loop.expression.kind === ts.SyntaxKind.TrueKeyword);
      return !walksCollection && (infinite || !!this.pacing || this.headerAwaits.length > 0 || this.carried.some((c) => c.why === "condition"));
    });
  }
  get pagination(): boolean {
    return this.lazy("pagination", () => this.carried.some((c) => c.why !== "collection" && (nameWords(c.name.replace(/^this\./, "")).some((w) => PAGINATION_WORDS.has(w)) || this.assignedFromAwait(c.node, this.node.statement))));
  }
  get pacing(): ts.Node | undefined {
    return this.lazy("pacing", () => this.bodyAwaits.find((aw) => this.effects.awaited(aw).kind === "sleep"));
  }
  get yielding(): ts.Node | undefined {
    return this.lazy("yielding", () => this.bodyAwaits.find((aw) => this.effects.awaited(aw).kind === "yield"));
  }
  get generatorYield(): ts.Node | undefined {
    return this.lazy("generatorYield", () => this.ownNodesAt("yield").find(ts.isYieldExpression));
  }

  /** Nodes of the body that begin with `word` and run as part of the iteration (not in a nested function). */
  private ownNodesAt(word: string): ts.Node[] {
    const body = this.node.statement;
    return nodesAtWord(this.file.sf, word, body).filter((n) => {
      for (let p: ts.Node | undefined = n; p && p !== body; p = p.parent) if (isFunctionNode(p) || ts.isClassLike(p)) return false;
      return true;
    });
  }

  private headerParts(): ts.Node[] {
    return perIterationParts(this.node).filter((n) => n !== this.node.statement);
  }

  /** Where a stepped walk's body takes the span from the index onwards: `xs.slice(i, …)`, `i + n`. */
  private windowOf(index: Decl): ts.Node | undefined {
    const scopes = this.file.scopes;
    const isIndex = (e: ts.Expression) => {
      const x = unwrap(e);
      return ts.isIdentifier(x) && x.text === index.name && scopes.resolve(x) === index;
    };
    let found: ts.Node | undefined;
    walk(this.node.statement, (n) => {
      if (found) return false;
      if (ts.isCallExpression(n) && SLICE_METHODS.has(memberName(unwrap(n.expression)) ?? "") && n.arguments.some((a) => isIndex(a) || mentionsDecl(a, index, scopes))) found = n;
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && (isIndex(n.left) || isIndex(n.right))) found = n;
    });
    return found;
  }

  private readsAny(node: ts.Node, decls: ReadonlySet<Decl>): boolean {
    if (!decls.size) return false;
    let found = false;
    walk(node, (n) => {
      if (found) return false;
      if (ts.isIdentifier(n) && isReference(n) && !isWrite(n) && decls.has(this.file.scopes.resolve(n))) found = true;
      else if (ts.isShorthandPropertyAssignment(n) && decls.has(this.file.scopes.resolve(n.name))) found = true;
    });
    return found;
  }

  /** True when the write's right-hand side uses a value some await in the body produced (a next cursor taken from a response). */
  private assignedFromAwait(write: ts.Node, body: ts.Node): boolean {
    const assign = write.parent;
    if (!assign || !ts.isBinaryExpression(assign) || assign.left !== write) return false;
    if (awaitsIn(assign.right).length) return true;
    let from = false;
    walk(assign.right, (n) => {
      if (from || !ts.isIdentifier(n) || !isReference(n)) return;
      const d = this.file.scopes.resolve(n);
      const init = d.init && ts.isExpression(d.init) ? unwrap(d.init) : undefined;
      if (d.id && isAncestor(body, d.id) && init && ts.isAwaitExpression(init)) from = true;
    });
    return from;
  }
}

function mentionsDecl(node: ts.Node, decl: Decl, scopes: ScopeFacts): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (ts.isIdentifier(n) && n.text === decl.name && isReference(n) && scopes.resolve(n) === decl) found = true;
  });
  return found;
}

/** The statement a break/continue jumps out of (or continues). */
function jumpTarget(n: ts.BreakStatement | ts.ContinueStatement): ts.Node | undefined {
  if (n.label) {
    for (let p = n.parent; p; p = p.parent) {
      if (ts.isLabeledStatement(p) && p.label.text === n.label.text) return p.statement;
      if (isFunctionNode(p)) return undefined;
    }
    return undefined;
  }
  for (let p = n.parent; p; p = p.parent) {
    if (isLoop(p)) return p;
    if (ts.isSwitchStatement(p) && ts.isBreakStatement(n)) return p;
    if (isFunctionNode(p)) return undefined;
  }
  return undefined;
}
