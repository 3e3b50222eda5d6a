/**
 * State one iteration hands to a later one, resolved: locals read before they are overwritten, a
 * header counter moved by what the body produced, and collections or properties reached from
 * outside the loop that it both reads and writes.
 */
import { ts } from "ts-morph";
import { containingStatement, isAncestor, unwrap, walk } from "../../ast";
import type { Access } from "../effects/accesses";
import type { EffectFacts } from "../effects/effect-facts";
import { isReference, isWrite, type Decl, type ScopeFacts } from "../scope";
import { isInvariant, perIterationParts, stepOf } from "./loop-header";
import type { CarriedState } from "./loop-info";
import type { CarryCandidates } from "./name-survey";

/**
 * State one iteration leaves for a later one to use. A value counts when a later iteration's
 * awaited work or control flow can see it: the loop header reads it, or the body reads it before
 * its last await (before anything in the same iteration overwrote it). A tally updated after the
 * awaits (`count++`, `bytes += r.size`, merging into a Map) is folded, not carried: the awaited
 * work of every iteration is the same whichever order it runs in.
 */
export function carriedState(scopes: ScopeFacts, effects: EffectFacts, awaits: readonly ts.AwaitExpression[], loop: ts.IterationStatement, iterationDecls: ReadonlySet<Decl>, indexDecl: Decl | undefined, look: CarryCandidates = { locals: true, collections: true }): CarriedState[] {
  const out: CarriedState[] = [];
  const body = loop.statement;
  const headerParts = perIterationParts(loop).filter((n) => n !== body);
  // A for loop's own `let`s are copied into each next iteration, so they are outside the body too.
  const initializer = ts.isForStatement(loop) ? loop.initializer : undefined;
  const outside = (d: Decl) => d.kind !== "global" && d.kind !== "import" && d.kind !== "function" && d.kind !== "class" && d.kind !== "enum" && !(d.id && isAncestor(loop, d.id) && !(initializer && isAncestor(initializer, d.id)));
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
      if (typeof step !== "number" && !(step && isInvariant(loop, step))) out.push({ name: d.name, node: n, why: "update" });
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
    const acc = effects.accesses(part);
    for (const r of acc.reads) if (isOuterPath(scopes, r, loop, iterationDecls) && (inHeader || (r.node.pos < cutoff && !isStandaloneUpdate(r.node)))) readsIn.push(r);
    for (const w of acc.writes) if (isOuterPath(scopes, w, loop, iterationDecls) && w.path.length > 0) writesIn.push(w);
  }
  // A worklist: the body adds to the collection the loop is walking.
  const walked = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? unwrap(loop.expression) : undefined;
  if (walked && (ts.isIdentifier(walked) || ts.isPropertyAccessExpression(walked) || walked.kind === ts.SyntaxKind.ThisKeyword)) {
    for (const r of effects.accesses(walked).reads) if (isOuterPath(scopes, r, loop, iterationDecls)) readsIn.push({ ...r, via: "value" });
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
function isOuterPath(scopes: ScopeFacts, a: Access, loop: ts.IterationStatement, iterationDecls: ReadonlySet<Decl>): boolean {
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
    if (ts.isIdentifier(key) && iterationDecls.has(scopes.resolve(key))) return false;
  }
  for (let n: ts.Node = a.node; ts.isElementAccessExpression(n) || ts.isPropertyAccessExpression(n) || ts.isNonNullExpression(n); n = n.expression) {
    if (ts.isElementAccessExpression(n)) {
      const key = unwrap(n.argumentExpression);
      if (ts.isIdentifier(key) && iterationDecls.has(scopes.resolve(key))) return false;
    }
  }
  return true;
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
