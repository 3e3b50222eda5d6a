/**
 * Loop facts: what a loop walks, whether an iteration depends on the one before it (state carried
 * in locals, properties or collections; a cursor handed to the next page), whether it leaves early
 * (break/return), retries or polls, and whether it paces itself (sleep, timers, rate limiters) or
 * yields to the event loop on purpose. Built once per file with `file.get(LoopFacts)`.
 */
import { ts } from "ts-morph";
import { awaitsIn, containingStatement, isAncestor, isFunctionNode, isLoop, unwrap, walk, walkSameFunction } from "../ast";
import { EffectFacts, type Access } from "./effects";
import type { FileFacts } from "./file-facts";
import { isReference, isWrite, type Decl } from "./scope";

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
  node: ts.IterationStatement;
  kind: LoopKind;
  /** Declarations the header binds for each iteration: the for-of element names, a for loop's index. */
  iterationDecls: ReadonlySet<Decl>;
  /** What the loop walks: `xs` in `for (x of xs)` and `for (k in xs)`, `xs` in `i < xs.length`. */
  collection?: ts.Expression;
  /** A for/while loop stepping an index by one towards a bound: `for (let i = 0; i < xs.length; i++)`. */
  indexWalk: boolean;
  /** An index loop that steps by more than one (`i += batchSize`): a walk over batches. */
  stepped: boolean;
  /** True when the body reads an iteration variable (iterations differ in what they work on). */
  usesIterationVar: boolean;
  /** Awaits that run in every iteration's body (nested loops included, nested functions not). */
  bodyAwaits: ts.AwaitExpression[];
  /** Awaits in the part of the header evaluated per iteration (a while condition, a for update). */
  headerAwaits: ts.AwaitExpression[];
  carried: CarriedState[];
  /** A break/return (or labelled continue/break) that leaves this loop from inside its body. */
  earlyExit?: ts.Node;
  /** Counts attempts (`attempt < maxRetries`, `tries`): a retry loop. */
  retry: boolean;
  /** Not a walk over a collection and waits for something to change: `while (!done)`, `for (;;)` with a sleep. */
  polling: boolean;
  /** Carries a cursor / page token / offset from one response to the next request. */
  pagination: boolean;
  /** An awaited sleep, timer promise or rate limiter in the body. */
  pacing?: ts.Node;
  /** An awaited hand-back to the event loop (`new Promise(r => setImmediate(r))`). */
  yielding?: ts.Node;
  /** A generator `yield` in the body: the consumer sets the pace. */
  generatorYield?: ts.Node;
}

const NO_LOOPS: readonly ts.IterationStatement[] = [];
const RETRY_WORDS = new Set(["attempt", "attempts", "retry", "retries", "tries", "backoff"]);
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

  of(loop: ts.IterationStatement): LoopInfo {
    let info = this.cache.get(loop);
    if (!info) this.cache.set(loop, (info = this.compute(loop)));
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
    if (ts.isForStatement(loop)) {
      const parts: ts.Node[] = [loop.statement];
      if (loop.condition) parts.push(loop.condition);
      if (loop.incrementor) parts.push(loop.incrementor);
      return parts;
    }
    if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return [loop.statement, loop.expression];
    return [loop.statement];
  }

  private compute(loop: ts.IterationStatement): LoopInfo {
    const kind: LoopKind = ts.isForOfStatement(loop) ? (loop.awaitModifier ? "for-await" : "for-of") : ts.isForInStatement(loop) ? "for-in" : ts.isForStatement(loop) ? "for" : ts.isWhileStatement(loop) ? "while" : "do";
    const header = this.headerShape(loop);
    const body = loop.statement;
    const headerParts = this.perIterationParts(loop).filter((n) => n !== body);
    const info: LoopInfo = {
      node: loop,
      kind,
      iterationDecls: header.decls,
      collection: header.collection,
      indexWalk: header.indexWalk,
      stepped: header.stepped,
      usesIterationVar: false,
      bodyAwaits: awaitsIn(body),
      headerAwaits: headerParts.flatMap((p) => awaitsIn(p)),
      carried: [],
      earlyExit: this.earlyExit(loop),
      retry: false,
      polling: false,
      pagination: false,
    };
    info.usesIterationVar = this.readsAny(body, header.decls);
    info.carried = this.carriedState(loop, header.decls, header.indexDecl);
    for (const aw of info.bodyAwaits) {
      const k = this.effects.awaited(aw).kind;
      if (k === "sleep" && !info.pacing) info.pacing = aw;
      if (k === "yield" && !info.yielding) info.yielding = aw;
    }
    walkSameFunction(body, (n) => {
      if (ts.isYieldExpression(n) && !info.generatorYield) info.generatorYield = n;
    });
    info.retry = this.headerNames(loop).some((name) => nameWords(name).some((w) => RETRY_WORDS.has(w)));
    const walksCollection = kind === "for-of" || kind === "for-in" || kind === "for-await" || info.indexWalk;
    const infinite = (ts.isForStatement(loop) && !loop.condition) || ((ts.isWhileStatement(loop) || ts.isDoStatement(loop)) && loop.expression.kind === ts.SyntaxKind.TrueKeyword);
    info.polling = !walksCollection && (infinite || !!info.pacing || info.headerAwaits.length > 0 || info.carried.some((c) => c.why === "condition"));
    info.pagination = info.carried.some((c) => c.why !== "collection" && (nameWords(c.name.replace(/^this\./, "")).some((w) => PAGINATION_WORDS.has(w)) || this.assignedFromAwait(c.node, body)));
    return info;
  }

  /** Iteration variables, the collection walked, and whether the loop is a plain index walk. */
  private headerShape(loop: ts.IterationStatement): { decls: Set<Decl>; collection?: ts.Expression; indexWalk: boolean; stepped: boolean; indexDecl?: Decl } {
    const decls = new Set<Decl>();
    const scopes = this.file.scopes;
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) {
      // `const { a, b } of xs` declares names; `x of xs` / `[k, v] of xs` assigns existing ones.
      const visit = (n: ts.Node) => {
        if (!ts.isIdentifier(n)) return;
        const d = scopes.declOf(n) ?? (isReference(n) && isWrite(n) ? scopes.resolve(n) : undefined);
        if (d) decls.add(d);
      };
      visit(loop.initializer);
      walk(loop.initializer, visit);
      return { decls, collection: loop.expression, indexWalk: false, stepped: false };
    }
    const cond = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) ? loop.expression : undefined;
    const bound = cond && indexBound(cond);
    if (!bound) {
      if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
        for (const d of loop.initializer.declarations) if (ts.isIdentifier(d.name)) decls.add(scopes.declOf(d.name)!);
      }
      return { decls, indexWalk: false, stepped: false };
    }
    const index = scopes.resolve(bound.index);
    decls.add(index);
    const collection = bound.limit && ts.isPropertyAccessExpression(unwrap(bound.limit)) && (unwrap(bound.limit) as ts.PropertyAccessExpression).name.text === "length" ? (unwrap(bound.limit) as ts.PropertyAccessExpression).expression : undefined;
    if (ts.isForStatement(loop)) {
      const step = loop.incrementor ? stepOf(loop.incrementor, index, scopes.resolve.bind(scopes)) : undefined;
      return { decls, collection, indexWalk: step === 1, stepped: step !== undefined && step !== 1, indexDecl: index };
    }
    // while (i < xs.length) { …; i++; }: the index moves by one, in the body's last statement only.
    const stmts = ts.isBlock(loop.statement) ? loop.statement.statements : undefined;
    const last = stmts?.[stmts.length - 1];
    const step = last && ts.isExpressionStatement(last) ? stepOf(last.expression, index, scopes.resolve.bind(scopes)) : undefined;
    let otherWrites = false;
    walk(loop.statement, (n) => {
      if (ts.isIdentifier(n) && n.text === index.name && isReference(n) && isWrite(n) && scopes.resolve(n) === index && !(last && isAncestor(last, n))) otherWrites = true;
    });
    const indexWalk = step === 1 && !otherWrites;
    if (!indexWalk) return { decls: new Set(), indexWalk: false, stepped: false };
    return { decls, collection, indexWalk, stepped: false, indexDecl: index };
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

  /** The first break / return / labelled jump that leaves `loop` from its body. */
  private earlyExit(loop: ts.IterationStatement): ts.Node | undefined {
    let exit: ts.Node | undefined;
    const visit = (n: ts.Node): boolean | void => {
      if (exit) return false;
      if (ts.isReturnStatement(n)) exit = n;
      else if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) {
        const target = jumpTarget(n);
        if (!target) return;
        if (ts.isBreakStatement(n) ? target === loop || isAncestor(target, loop) : target !== loop && isAncestor(target, loop)) exit = n;
      }
    };
    visit(loop.statement);
    walkSameFunction(loop.statement, visit);
    return exit;
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
  private carriedState(loop: ts.IterationStatement, iterationDecls: ReadonlySet<Decl>, indexDecl: Decl | undefined): CarriedState[] {
    const out: CarriedState[] = [];
    const scopes = this.file.scopes;
    const body = loop.statement;
    const headerParts = this.perIterationParts(loop).filter((n) => n !== body);
    const outside = (d: Decl) => d.kind !== "global" && d.kind !== "import" && d.kind !== "function" && d.kind !== "class" && d.kind !== "enum" && !(d.id && isAncestor(loop, d.id));
    const awaits = awaitsIn(body);
    // Reads before this offset can feed an iteration's awaits; loops without awaits: the whole body.
    const cutoff = awaits.length ? awaits.reduce((end, a) => Math.max(end, a.end), 0) : body.end;

    // Locals
    const writes = new Map<Decl, ts.Identifier[]>();
    const bodyReads = new Map<Decl, ts.Identifier[]>();
    walk(body, (n) => {
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
    const headerReads = new Set<Decl>();
    for (const part of headerParts) {
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

/** How far `expr` moves the index: 1 for `i++` / `i--` / `i += 1`; another number, or NaN for a variable step; undefined if it does not move it. */
function stepOf(expr: ts.Expression, index: Decl, resolve: (id: ts.Identifier) => Decl): number | undefined {
  const e = unwrap(expr);
  const isIndex = (n: ts.Node) => ts.isIdentifier(n) && resolve(n) === index;
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken) && isIndex(unwrap(e.operand))) return 1;
  if (ts.isBinaryExpression(e) && isIndex(unwrap(e.left))) {
    const k = e.operatorToken.kind;
    const right = unwrap(e.right);
    if (k === ts.SyntaxKind.PlusEqualsToken || k === ts.SyntaxKind.MinusEqualsToken) return ts.isNumericLiteral(right) ? Number(right.text) : NaN;
    if (k === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(right) && (right.operatorToken.kind === ts.SyntaxKind.PlusToken || right.operatorToken.kind === ts.SyntaxKind.MinusToken) && isIndex(unwrap(right.left))) {
      const amount = unwrap(right.right);
      return ts.isNumericLiteral(amount) ? Number(amount.text) : NaN;
    }
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return stepOf(e.left, index, resolve) ?? stepOf(e.right, index, resolve);
  return undefined;
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
