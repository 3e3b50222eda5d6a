/**
 * Loop facts: what a loop walks, whether an iteration depends on the one before it (state carried
 * in locals, properties or collections; a cursor handed to the next page), whether it leaves early
 * (break/return), retries or polls, and whether it paces itself (sleep, timers, rate limiters) or
 * yields to the event loop on purpose. Built once per file with `file.get(LoopFacts)`; each fact
 * of a loop is worked out on first read, by syntax where that is exact, and names are resolved
 * (which binds the file's scopes) only for the facts that need it.
 */
import { ts } from "ts-morph";
import { awaitsIn, containingStatement, isAncestor, isFunctionNode, isLoop, memberName, unwrap, walk } from "../ast";
import { EffectFacts, nodesAtWord, type Access } from "./effects";
import type { FileFacts } from "./file-facts";
import { isReference, isWrite, type Decl, type ScopeFacts } from "./scope";

export type LoopKind = "for" | "for-of" | "for-await" | "for-in" | "while" | "do";

export interface CarriedState {
  /** The local (`total`) or property path (`this.seen`, `cache.*`) that one iteration hands to the next. */
  name: string;
  /** A write of it inside the loop. */
  node: ts.Node;
  /**
   * update: `x += …` / `x++`; condition: the loop condition reads it; read-before-write: an
   * iteration reads the value the previous one left; collection: an outer collection both read
   * and written (`seen.has` / `seen.add`).
   */
  why: "update" | "condition" | "read-before-write" | "collection";
}

export interface LoopInfo {
  readonly node: ts.IterationStatement;
  readonly kind: LoopKind;
  /** Names of `iterationDecls`, read from the header without resolution (for cheap checks first). */
  readonly iterationNames: ReadonlySet<string>;
  /** Declarations the header binds for each iteration: the for-of element names, a for loop's index. */
  readonly iterationDecls: ReadonlySet<Decl>;
  /** What the loop walks: `xs` in `for (x of xs)` and `for (k in xs)`, `xs` in `i < xs.length`. */
  readonly collection?: ts.Expression;
  /** A for/while loop stepping an index by one towards a bound: `for (let i = 0; i < xs.length; i++)`. */
  readonly indexWalk: boolean;
  /**
   * An index loop that steps by a fixed amount other than one (`i += batchSize`, `offset +=
   * PART_SIZE`, the amount a literal or a name the loop never writes). A step the body computes
   * (`pos += bytesRead`) is carried state instead.
   */
  readonly stepped: boolean;
  /**
   * In a stepped walk, where the body takes the span the step covers, `xs.slice(i, i + n)` or
   * `[from, from + n]`: each iteration handles a batch of items, a deliberate unit of load.
   */
  readonly batchWindow?: ts.Node;
  /** True when the body reads an iteration variable (iterations differ in what they work on). */
  readonly usesIterationVar: boolean;
  /** Awaits that run in every iteration's body (nested loops included, nested functions not). */
  readonly bodyAwaits: ts.AwaitExpression[];
  /** Awaits in the part of the header evaluated per iteration (a while condition, a for update). */
  readonly headerAwaits: ts.AwaitExpression[];
  readonly carried: CarriedState[];
  /** A break/return (or labelled continue/break) that leaves this loop from inside its body. */
  readonly earlyExit?: ts.Node;
  /** Counts attempts (`attempt < maxRetries`, `tries`): a retry loop. */
  readonly retry: boolean;
  /** Not a walk over a collection and waits for something to change: `while (!done)`, `for (;;)` with a sleep. */
  readonly polling: boolean;
  /** Carries a cursor / page token / offset from one response to the next request. */
  readonly pagination: boolean;
  /** An awaited sleep, timer promise or rate limiter in the body. */
  readonly pacing?: ts.Node;
  /** An awaited hand-back to the event loop (`new Promise(r => setImmediate(r))`). */
  readonly yielding?: ts.Node;
  /** A generator `yield` in the body: the consumer sets the pace. */
  readonly generatorYield?: ts.Node;
}

const NO_LOOPS: readonly ts.IterationStatement[] = [];
const RETRY_WORDS = new Set(["attempt", "attempts", "retry", "retries", "tries", "backoff"]);
/** Methods that add to or change the collection they are called on (as EffectFacts counts them). */
const WRITE_METHOD_NAMES = new Set(["push", "unshift", "pop", "shift", "splice", "add", "set", "delete", "clear", "append", "sort", "reverse", "fill", "copyWithin", "assign", "setItem", "removeItem"]);
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
      if (isFunctionNode(n) || ts.isClassLike(n)) break;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i];
      const p = n.parent;
      let chain: readonly ts.IterationStatement[] = NO_LOOPS;
      if (p && !isFunctionNode(n) && !ts.isClassLike(n)) {
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

/** The parts of a loop that run in every iteration: the body, plus a for loop's condition and update or a while condition. */
function perIterationParts(loop: ts.IterationStatement): ts.Node[] {
  if (ts.isForStatement(loop)) {
    const parts: ts.Node[] = [loop.statement];
    if (loop.condition) parts.push(loop.condition);
    if (loop.incrementor) parts.push(loop.incrementor);
    return parts;
  }
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return [loop.statement, loop.expression];
  return [loop.statement];
}

/** What one walk of a loop body finds about names, by syntax only. */
interface NameSurvey {
  /** Names declared in the body with let/const, as parameters, functions or classes (nested functions included). */
  declared: Set<string>;
  /** Names the body assigns: `x = …`, `x++`, `[a, b] = …`. */
  plainWritten: Set<string>;
  /** Root names (or "this") of properties and collections the body writes: `a.b = …`, `out.push(…)`. */
  memberWritten: Set<string>;
  /** Root names (or "this") the body reads, nested functions included. */
  reads: Set<string>;
}

/** Which halves of the carried-state analysis could find anything, judged by names. */
interface CarryCandidates {
  locals: boolean;
  collections: boolean;
}

/** The header read as syntax: names, no resolution (binding a file's scopes costs a walk of it). */
interface HeaderShape {
  /** Names the header binds per iteration (for…of/in elements, the index, a for loop's own lets). */
  names: ReadonlySet<string>;
  collection?: ts.Expression;
  indexWalk: boolean;
  stepped: boolean;
  /** The index as it appears in the condition. */
  index?: ts.Identifier;
}

/** One loop's facts: the header's shape up front, everything that walks the body on first read. */
class LoopAnalysis implements LoopInfo {
  readonly kind: LoopKind;
  readonly collection?: ts.Expression;
  readonly indexWalk: boolean;
  readonly stepped: boolean;
  readonly iterationNames: ReadonlySet<string>;
  private readonly index?: ts.Identifier;
  private readonly memo = new Map<keyof LoopInfo, unknown>();
  private decls?: ReadonlySet<Decl>;
  private surveyed?: NameSurvey;

  constructor(
    private readonly file: FileFacts,
    private readonly effects: EffectFacts,
    readonly node: ts.IterationStatement,
  ) {
    const loop = node;
    this.kind = ts.isForOfStatement(loop) ? (loop.awaitModifier ? "for-await" : "for-of") : ts.isForInStatement(loop) ? "for-in" : ts.isForStatement(loop) ? "for" : ts.isWhileStatement(loop) ? "while" : "do";
    const header = this.headerShape(loop);
    this.iterationNames = header.names;
    this.collection = header.collection;
    this.indexWalk = header.indexWalk;
    this.stepped = header.stepped;
    this.index = header.index;
  }

  get iterationDecls(): ReadonlySet<Decl> {
    return (this.decls ??= this.resolveIterationDecls());
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
      const may = this.mayCarry();
      return may.locals || may.collections ? this.carriedState(this.node, this.iterationDecls, this.indexDecl, may) : [];
    });
  }

  /**
   * Which halves of the carried-state analysis could find anything, judged by names alone: a name
   * the loop assigns, or a property or collection it writes, that it also reads; a header counter
   * the body moves or the header moves by other than a fixed step. A loop that only appends
   * results (`out.push(await f(x))`) is settled here without resolving a name.
   */
  private mayCarry(): CarryCandidates {
    const loop = this.node;
    const incrementor = ts.isForStatement(loop) ? loop.incrementor : undefined;
    const parts = perIterationParts(loop).filter((p) => p !== incrementor && p !== loop.statement);
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) parts.push(loop.expression);
    const survey = this.nameSurvey();
    const memberWritten = new Set<string>(survey.memberWritten);
    const reads = new Set<string>(survey.reads);
    // The header's own counters, each moved by a fixed step, hand nothing over; any other update does.
    const counters = new Set<string>();
    if (incrementor) {
      const visit = (n: ts.Node) => {
        if (ts.isIdentifier(n) && isReference(n) && isWrite(n)) counters.add(n.text);
      };
      visit(incrementor);
      walk(incrementor, visit);
      for (const name of counters) {
        const step = stepOf(incrementor, (id) => id.text === name);
        if (typeof step !== "number" && !(step && this.isInvariant(step))) return { locals: true, collections: true };
      }
      const visitReads = (n: ts.Node) => {
        if (ts.isIdentifier(n) && isReference(n) && !counters.has(n.text)) reads.add(n.text);
      };
      visitReads(incrementor);
      walk(incrementor, visitReads);
    }
    const visit = (n: ts.Node) => noteUse(n, new Set(), reads, memberWritten);
    for (const part of parts) {
      visit(part);
      walk(part, visit);
    }
    // A name the body declares is the iteration's own (let/const) or shared in a way the resolved
    // analysis ignores too (a var hoisted out of the body); its uses carry nothing.
    const candidate = (names: Iterable<string>) => {
      for (const name of names) if ((reads.has(name) || counters.has(name)) && !survey.declared.has(name)) return true;
      return false;
    };
    return { locals: candidate(survey.plainWritten), collections: candidate(memberWritten) };
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
    return this.lazy("retry", () => this.headerNames(this.node).some((name) => nameWords(name).some((w) => RETRY_WORDS.has(w))));
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

  /** Root names the body writes and reads, and the names it declares: one walk, by syntax only. */
  private nameSurvey(): NameSurvey {
    if (this.surveyed) return this.surveyed;
    const s: NameSurvey = { declared: new Set(), plainWritten: new Set(), memberWritten: new Set(), reads: new Set() };
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n)) {
        if (isReference(n)) noteUse(n, s.plainWritten, s.reads, s.memberWritten);
        // A `var` may share its binding with one outside the loop; only block-scoped names count as the body's own.
        else if (isDeclaredName(n) && !isVarName(n)) s.declared.add(n.text);
      } else if (n.kind === ts.SyntaxKind.ThisKeyword) noteUse(n, s.plainWritten, s.reads, s.memberWritten);
    };
    visit(this.node.statement);
    walk(this.node.statement, visit);
    return (this.surveyed = s);
  }

  private headerParts(): ts.Node[] {
    return perIterationParts(this.node).filter((n) => n !== this.node.statement);
  }

  /** Iteration names, the collection walked, and whether the loop is a plain or stepped index walk. */
  private headerShape(loop: ts.IterationStatement): HeaderShape {
    const names = new Set<string>();
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
      // `const { a, b } of xs` declares names; `x of xs` / `[k, v] of xs` assigns existing ones.
      const visit = (n: ts.Node) => {
        if (!ts.isIdentifier(n)) return;
        // `{ id: userId = fallback.id }` binds userId only.
        const p = n.parent;
        if (((ts.isBindingElement(p) || ts.isVariableDeclaration(p)) && p.name === n) || (isReference(n) && isWrite(n))) names.add(n.text);
      };
      visit(loop.initializer);
      walk(loop.initializer, visit);
      return { names, collection: loop.expression, indexWalk: false, stepped: false };
    }
    const cond = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) ? loop.expression : undefined;
    const bound = cond && indexBound(cond);
    if (!bound) {
      if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
        for (const d of loop.initializer.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      }
      return { names, indexWalk: false, stepped: false };
    }
    const index = bound.index;
    names.add(index.text);
    // In the header and the body's last statement the index's name can only mean the index.
    const isIndex = (id: ts.Identifier) => id.text === index.text;
    const limit = bound.limit && unwrap(bound.limit);
    const collection = limit && ts.isPropertyAccessExpression(limit) && limit.name.text === "length" ? limit.expression : undefined;
    if (ts.isForStatement(loop)) {
      const step = loop.incrementor ? stepOf(loop.incrementor, isIndex) : undefined;
      const fixed = typeof step === "number" || (step !== undefined && this.isInvariant(step));
      return { names, collection, indexWalk: step === 1, stepped: fixed && step !== 1, index };
    }
    // while (i < xs.length) { …; i++; }: the index moves by one, in the body's last statement only.
    const stmts = ts.isBlock(loop.statement) ? loop.statement.statements : undefined;
    const last = stmts?.[stmts.length - 1];
    const step = last && ts.isExpressionStatement(last) ? stepOf(last.expression, isIndex) : undefined;
    // Any other write of the name counts, even one a nested function's own variable takes: no walk then.
    let otherWrites = false;
    walk(loop.statement, (n) => {
      if (otherWrites) return false;
      if (ts.isIdentifier(n) && n.text === index.text && isReference(n) && isWrite(n) && !(last && isAncestor(last, n))) otherWrites = true;
    });
    const indexWalk = step === 1 && !otherWrites;
    if (!indexWalk) return { names: new Set(), indexWalk: false, stepped: false };
    return { names, collection, indexWalk, stepped: false, index };
  }

  /** The declarations behind `iterationNames`. */
  private resolveIterationDecls(): Set<Decl> {
    const decls = new Set<Decl>();
    const loop = this.node;
    const scopes = this.file.scopes;
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
      const visit = (n: ts.Node) => {
        if (!ts.isIdentifier(n)) return;
        const d = scopes.declOf(n) ?? (isReference(n) && isWrite(n) ? scopes.resolve(n) : undefined);
        if (d) decls.add(d);
      };
      visit(loop.initializer);
      walk(loop.initializer, visit);
    } else if (this.index) {
      if (this.iterationNames.size) decls.add(scopes.resolve(this.index));
    } else if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
      for (const d of loop.initializer.declarations) if (ts.isIdentifier(d.name)) decls.add(scopes.declOf(d.name)!);
    }
    return decls;
  }

  /**
   * True when `expr` has the same value in every iteration: literals, and names or property paths
   * the loop never writes, combined without calls. Read by name, without resolution: a write to
   * the same name anywhere in the loop (even a nested function's own variable) counts.
   */
  private isInvariant(expr: ts.Expression): boolean {
    const names = new Set<string>();
    let pure = true;
    const check = (n: ts.Node): boolean | void => {
      if (!pure) return false;
      if (ts.isIdentifier(n)) {
        if (!ts.isPropertyAccessExpression(n.parent) || n.parent.expression === n) names.add(n.text);
        else names.add("." + n.text);
      } else if (!(ts.isNumericLiteral(n) || ts.isPropertyAccessExpression(n) || ts.isParenthesizedExpression(n) || ts.isBinaryExpression(n) || ts.isPrefixUnaryExpression(n) || n.kind === ts.SyntaxKind.ThisKeyword || ts.isToken(n))) pure = false;
      else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) pure = false;
      else if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) pure = false;
    };
    check(expr);
    walk(expr, check);
    if (!pure) return false;
    const loop = this.node;
    let written = false;
    const visit = (n: ts.Node): boolean | void => {
      if (written) return false;
      if (ts.isIdentifier(n) && names.has(n.text) && (isReference(n) ? isWrite(n) : ts.isVariableDeclaration(n.parent) || ts.isBindingElement(n.parent))) written = true;
      else if (ts.isPropertyAccessExpression(n) && names.has("." + n.name.text) && isWrittenMember(n)) written = true;
    };
    for (const part of [loop.statement, ...(ts.isForStatement(loop) && loop.incrementor ? [loop.incrementor] : [])]) {
      visit(part);
      walk(part, visit);
    }
    return !written;
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

  /** Names in the header of a loop (for retry detection). */
  private headerNames(loop: ts.IterationStatement): string[] {
    const parts: (ts.Node | undefined)[] = ts.isForStatement(loop) ? [loop.initializer, loop.condition, loop.incrementor] : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? [loop.expression] : ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? [loop.initializer, loop.expression] : [];
    const names: string[] = [];
    for (const p of parts) {
      if (!p) continue;
      if (ts.isIdentifier(p)) names.push(p.text);
      walk(p, (n) => {
        if (ts.isIdentifier(n)) names.push(n.text);
      });
    }
    return names;
  }

  /**
   * State one iteration leaves for a later one to use. A value counts when a later iteration's
   * awaited work or control flow can see it: the loop header reads it, or the body reads it before
   * its last await (before anything in the same iteration overwrote it). A tally updated after the
   * awaits (`count++`, `bytes += r.size`, merging into a Map) is folded, not carried: the awaited
   * work of every iteration is the same whichever order it runs in.
   */
  private carriedState(loop: ts.IterationStatement, iterationDecls: ReadonlySet<Decl>, indexDecl: Decl | undefined, look: CarryCandidates = { locals: true, collections: true }): CarriedState[] {
    const out: CarriedState[] = [];
    const scopes = this.file.scopes;
    const body = loop.statement;
    const headerParts = perIterationParts(loop).filter((n) => n !== body);
    // A for loop's own `let`s are copied into each next iteration, so they are outside the body too.
    const initializer = ts.isForStatement(loop) ? loop.initializer : undefined;
    const outside = (d: Decl) => d.kind !== "global" && d.kind !== "import" && d.kind !== "function" && d.kind !== "class" && d.kind !== "enum" && !(d.id && isAncestor(loop, d.id) && !(initializer && isAncestor(initializer, d.id)));
    const awaits = this.bodyAwaits;
    // Reads before this offset can feed an iteration's awaits; loops without awaits: the whole body.
    const cutoff = awaits.length ? awaits.reduce((end, a) => Math.max(end, a.end), 0) : body.end;

    // Locals
    const writes = new Map<Decl, ts.Identifier[]>();
    const bodyReads = new Map<Decl, ts.Identifier[]>();
    if (look.locals) walk(body, (n) => {
      if (!ts.isIdentifier(n) || !isReference(n)) return;
      const d = scopes.resolve(n);
      if (iterationDecls.has(d)) {
        // The for loop's own index moved inside the body: the next iteration starts where this one left off.
        if (d === indexDecl && isWrite(n) && ts.isForStatement(loop)) out.push({ name: d.name, node: n, why: "update" });
        return;
      }
      if (!outside(d)) return;
      if (isWrite(n)) push(writes, d, n);
      // `count++;` / `total += x;` as statements read the old value only to update it.
      if (!isWrite(n) || (isCompoundTarget(n) && !isStandaloneUpdate(n))) push(bodyReads, d, n);
    });
    // The header's own update: a counter moved by a fixed step is the same whatever the body did;
    // `pos += bytesRead` or `node = node.next` hands the next iteration what this one produced.
    if (ts.isForStatement(loop) && loop.incrementor) {
      const inc = loop.incrementor;
      const resolve = scopes.resolve.bind(scopes);
      const moved = new Set<Decl>();
      const visitInc = (n: ts.Node) => {
        if (!ts.isIdentifier(n) || !isReference(n) || !isWrite(n)) return;
        const d = scopes.resolve(n);
        if (d.kind === "global" || moved.has(d)) return;
        moved.add(d);
        const step = stepOf(inc, (id) => resolve(id) === d);
        if (typeof step !== "number" && !(step && this.isInvariant(step))) out.push({ name: d.name, node: n, why: "update" });
      };
      visitInc(inc);
      walk(inc, visitInc);
    }
    const headerReads = new Set<Decl>();
    if (look.locals) for (const part of headerParts) {
      const visit = (n: ts.Node) => {
        if (ts.isIdentifier(n) && isReference(n)) headerReads.add(scopes.resolve(n));
      };
      visit(part);
      walk(part, visit);
    }
    for (const [d, ws] of writes) {
      if (d === indexDecl) continue;
      if (headerReads.has(d)) {
        out.push({ name: d.name, node: ws[0], why: "condition" });
        continue;
      }
      const kill = definiteWrite(body, ws);
      const seen = (bodyReads.get(d) ?? []).find((r) => r.pos < cutoff && (!kill || r.pos < kill.end));
      if (seen) out.push({ name: d.name, node: ws.find(isCompoundTarget) ?? ws[0], why: ws.some(isCompoundTarget) ? "update" : "read-before-write" });
    }

    // Properties and collections reached from outside the loop (`seen.has` + `seen.add`, `this.total += …`).
    const writesIn: Access[] = [];
    const readsIn: Access[] = [];
    if (!look.collections) return out;
    for (const part of [body, ...headerParts]) {
      const inHeader = part !== body;
      const acc = this.effects.accesses(part);
      for (const r of acc.reads) if (this.isOuterPath(r, loop, iterationDecls) && (inHeader || (r.node.pos < cutoff && !isStandaloneUpdate(r.node)))) readsIn.push(r);
      for (const w of acc.writes) if (this.isOuterPath(w, loop, iterationDecls) && w.path.length > 0) writesIn.push(w);
    }
    // A worklist: the body adds to the collection the loop is walking.
    const walked = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? unwrap(loop.expression) : undefined;
    if (walked && (ts.isIdentifier(walked) || ts.isPropertyAccessExpression(walked) || walked.kind === ts.SyntaxKind.ThisKeyword)) {
      for (const r of this.effects.accesses(walked).reads) if (this.isOuterPath(r, loop, iterationDecls)) readsIn.push({ ...r, via: "value" });
    }
    for (const w of writesIn) {
      const r = readsIn.find((r) => r.root === w.root && carriedOverlap(r, w));
      if (r) {
        const rootName = w.root === "this" ? "this" : w.root.name;
        out.push({ name: [rootName, ...w.path].join("."), node: w.node, why: "collection" });
        break;
      }
    }
    return out;
  }

  /** An access through a value that outlives one iteration, not keyed by the iteration's own (unique) key. */
  private isOuterPath(a: Access, loop: ts.IterationStatement, iterationDecls: ReadonlySet<Decl>): boolean {
    if (a.root !== "this") {
      const d = a.root;
      if (d.kind === "global" || d.kind === "import" || d.kind === "function" || d.kind === "class" || iterationDecls.has(d)) return false;
      if (d.id && isAncestor(loop, d.id)) return false;
    }
    if (!hasUniqueKeys(loop)) return true;
    // out[i] = … / prices[key] = … / byId.set(key, …): each iteration touches its own slot.
    const call = a.node.parent;
    if (call && ts.isCallExpression(call) && call.expression === a.node && call.arguments[0]) {
      const key = unwrap(call.arguments[0]);
      if (ts.isIdentifier(key) && iterationDecls.has(this.file.scopes.resolve(key))) return false;
    }
    for (let n: ts.Node = a.node; ts.isElementAccessExpression(n) || ts.isPropertyAccessExpression(n) || ts.isNonNullExpression(n); n = n.expression) {
      if (ts.isElementAccessExpression(n)) {
        const key = unwrap(n.argumentExpression);
        if (ts.isIdentifier(key) && iterationDecls.has(this.file.scopes.resolve(key))) return false;
      }
    }
    return true;
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

/** An index walk, for…in, or for…of over keys()/entries(): no two iterations share a key. */
function hasUniqueKeys(loop: ts.IterationStatement): boolean {
  if (ts.isForInStatement(loop) || ts.isForStatement(loop) || ts.isWhileStatement(loop)) return true;
  if (!ts.isForOfStatement(loop)) return false;
  const e = unwrap(loop.expression);
  if (!ts.isCallExpression(e)) return false;
  const callee = unwrap(e.expression);
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === "keys" || callee.name.text === "entries");
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function runsPerIteration(loop: ts.IterationStatement, child: ts.Node): boolean {
  if (child === loop.statement) return true;
  if (ts.isForStatement(loop)) return child === loop.condition || child === loop.incrementor;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return child === loop.expression;
  return false;
}

/** `i < xs.length`, `i <= n`, `n > i`, `i >= 0`, `i !== end`: the index and its limit. */
function indexBound(cond: ts.Expression): { index: ts.Identifier; limit?: ts.Expression } | undefined {
  const c = unwrap(cond);
  if (!ts.isBinaryExpression(c)) return undefined;
  const k = c.operatorToken.kind;
  const relational = k === ts.SyntaxKind.LessThanToken || k === ts.SyntaxKind.LessThanEqualsToken || k === ts.SyntaxKind.GreaterThanToken || k === ts.SyntaxKind.GreaterThanEqualsToken || k === ts.SyntaxKind.ExclamationEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsToken;
  if (!relational) return undefined;
  const left = unwrap(c.left);
  const right = unwrap(c.right);
  if (ts.isIdentifier(left) && !mentions(right, left.text)) return { index: left, limit: right };
  if (ts.isIdentifier(right) && !mentions(left, right.text)) return { index: right, limit: left };
  return undefined;
}

function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  let found = false;
  walk(node, (n) => {
    if (ts.isIdentifier(n) && n.text === name) found = true;
  });
  return found;
}

/**
 * How far `expr` moves the index: a number for `i++` / `i--` / `i += 2` / `i = i + 2`, the step
 * expression for `i += size` / `i = i + size`, undefined when it does not move the index by a step.
 */
function stepOf(expr: ts.Expression, isIndex: (id: ts.Identifier) => boolean): number | ts.Expression | undefined {
  const e = unwrap(expr);
  const indexAt = (n: ts.Expression) => {
    const x = unwrap(n);
    return ts.isIdentifier(x) && isIndex(x);
  };
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) && indexAt(e.operand)) return 1;
  if (ts.isBinaryExpression(e) && indexAt(e.left)) {
    const k = e.operatorToken.kind;
    const right = unwrap(e.right);
    if (k === ts.SyntaxKind.PlusEqualsToken || k === ts.SyntaxKind.MinusEqualsToken) return ts.isNumericLiteral(right) ? Number(right.text) : right;
    if (k === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(right) && (right.operatorToken.kind === ts.SyntaxKind.PlusToken || right.operatorToken.kind === ts.SyntaxKind.MinusToken) && indexAt(right.left)) {
      const amount = unwrap(right.right);
      return ts.isNumericLiteral(amount) ? Number(amount.text) : amount;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return stepOf(e.left, isIndex) ?? stepOf(e.right, isIndex);
  return undefined;
}

/** Records the root name of the access chain `n` starts (an identifier reference or `this`) as written and/or read. */
function noteUse(n: ts.Node, plainWritten: Set<string>, reads: Set<string>, memberWritten: Set<string>): void {
  let name: string;
  if (n.kind === ts.SyntaxKind.ThisKeyword) name = "this";
  else if (ts.isIdentifier(n) && isReference(n)) name = n.text;
  else return;
  const use = chainUse(n);
  // The name itself assigned (as EffectFacts and the binder see it), or something under it.
  if (ts.isIdentifier(n) && isWrite(n)) plainWritten.add(name);
  else if (use !== "read") memberWritten.add(name);
  if (use !== "write") reads.add(name);
}

/** A name declared by `var` (directly or in a destructuring pattern). */
function isVarName(n: ts.Identifier): boolean {
  let p: ts.Node | undefined = n.parent;
  while (p && (ts.isBindingElement(p) || ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p))) p = p.parent;
  if (!p || !ts.isVariableDeclaration(p) || !ts.isVariableDeclarationList(p.parent)) return false;
  return (p.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
}

/** The name a variable, parameter, function, class or catch binding declares. */
function isDeclaredName(n: ts.Identifier): boolean {
  const p = n.parent;
  return !!p && (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassLike(p));
}

/**
 * How an access chain starting at `root` is used: "write" when it is only assigned (`x = …`,
 * `a.b = …`) or added to (`out.push(…)`, `m.set(…)`), "both" for updates (`x += …`, `n++`,
 * `delete a[k]`), "read" otherwise. Mirrors EffectFacts' access paths, by syntax only.
 */
function chainUse(root: ts.Node): "read" | "write" | "both" {
  let top: ts.Node = root;
  let members = 0;
  for (;;) {
    const p: ts.Node | undefined = top.parent;
    if (p && ((ts.isPropertyAccessExpression(p) && p.expression === top) || (ts.isElementAccessExpression(p) && p.expression === top))) {
      members++;
      top = p;
    } else if (p && (ts.isNonNullExpression(p) || ts.isParenthesizedExpression(p))) top = p;
    else break;
  }
  const p = top.parent;
  if (!p) return "read";
  if (members > 0 && ts.isCallExpression(p) && p.expression === top) return WRITE_METHOD_NAMES.has(memberName(unwrap(top as ts.Expression)) ?? "") ? "write" : "read";
  if (ts.isBinaryExpression(p) && p.left === top) {
    const k = p.operatorToken.kind;
    if (k === ts.SyntaxKind.EqualsToken) return "write";
    if (k >= ts.SyntaxKind.FirstCompoundAssignment && k <= ts.SyntaxKind.LastCompoundAssignment) return "both";
  }
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return "both";
  if (ts.isDeleteExpression(p)) return "both";
  // Destructuring targets and for…of/in heads: treat as both, the resolved analysis sorts them out.
  if (ts.isArrayLiteralExpression(p) || ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === top) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p) || ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === top)) return members > 0 || (ts.isIdentifier(root) && isWrite(root)) ? "both" : "read";
  return "read";
}

/** `a.b = …`, `a.b += …`, `a.b++`, `delete a.b`, or a destructuring target. */
function isWrittenMember(n: ts.PropertyAccessExpression): boolean {
  let top: ts.Node = n;
  while (top.parent && ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const p = top.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && p.left === top && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  if (ts.isDeleteExpression(p)) return true;
  // `[this.a, b] = …` / `({ x: this.a } = …)`: a target inside a destructuring assignment.
  let q: ts.Node = top;
  while (q.parent && (ts.isArrayLiteralExpression(q.parent) || ts.isObjectLiteralExpression(q.parent) || (ts.isPropertyAssignment(q.parent) && q.parent.initializer === q) || ts.isSpreadElement(q.parent) || ts.isParenthesizedExpression(q.parent))) q = q.parent;
  return q !== top && !!q.parent && ts.isBinaryExpression(q.parent) && q.parent.left === q && q.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

function mentionsDecl(node: ts.Node, decl: Decl, scopes: ScopeFacts): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (ts.isIdentifier(n) && n.text === decl.name && isReference(n) && scopes.resolve(n) === decl) found = true;
  });
  return found;
}

/** `x++;` or `x.n += 1;` as a statement of its own: the old value is read only to be updated. */
function isStandaloneUpdate(target: ts.Node): boolean {
  let n = target;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  const isUpdate = ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) || (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstCompoundAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastCompoundAssignment);
  if (!isUpdate) return false;
  let top: ts.Node = p;
  while (top.parent && ts.isParenthesizedExpression(top.parent)) top = top.parent;
  return !!top.parent && ts.isExpressionStatement(top.parent);
}

function isCompoundTarget(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** The first statement directly in the loop body that always assigns the name (`x = …;` at the top level of the body). */
function definiteWrite(body: ts.Statement, writes: ts.Identifier[]): ts.Statement | undefined {
  let best: ts.Statement | undefined;
  for (const w of writes) {
    const stmt = containingStatement(w);
    if (!stmt || (ts.isBlock(body) ? stmt.parent !== body : stmt !== body)) continue;
    if (!ts.isExpressionStatement(stmt)) continue;
    const e = unwrap(stmt.expression);
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !isAncestor(e.left, w)) continue;
    if (!best || stmt.pos < best.pos) best = stmt;
  }
  return best;
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

/**
 * Whether a read and a write inside a loop can see each other across iterations. A method call on
 * a receiver (`this.load()`) is taken to read the receiver's own entries, not everything below them.
 */
function carriedOverlap(read: Access, write: Access): boolean {
  if (read.via === "call" && write.path.length > read.path.length + 1) return false;
  const n = Math.min(read.path.length, write.path.length);
  for (let i = 0; i < n; i++) if (read.path[i] !== write.path[i] && read.path[i] !== "*" && write.path[i] !== "*") return false;
  return true;
}
