import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { isLoop } from "../../../server/src/engine/ast";
import { LoopFacts, nameWords, type LoopInfo } from "../../../server/src/engine/facts/loops";
import { factsFor, nodes } from "./facts-helpers";

/** Facts of every loop in `code`, outermost first. */
function loopsOf(code: string): LoopInfo[] {
  const f = factsFor(code);
  const facts = f.get(LoopFacts);
  return nodes(f, (n): n is ts.IterationStatement => isLoop(n)).map((l) => facts.of(l));
}

const carriedNames = (info: LoopInfo) => info.carried.map((c) => `${c.name}:${c.why}`);

describe("loop facts: shape", () => {
  it("for…of: kind, element names, collection", () => {
    const [l] = loopsOf(`async function f(users) { for (const { id, name } of users) await save(id, name); }`);
    assert.equal(l.kind, "for-of");
    assert.deepEqual([...l.iterationDecls].map((d) => d.name).sort(), ["id", "name"]);
    assert.equal(l.collection?.getText(), "users");
    assert.equal(l.usesIterationVar, true);
    assert.equal(l.bodyAwaits.length, 1);
  });
  it("for…of assigning an existing variable; defaults in a pattern are not iteration names", () => {
    const [a, b] = loopsOf(`async function f(xs, fallback) { let x; for (x of xs) await g(x); for (const { id = fallback } of xs) await g(id); }`);
    assert.deepEqual([...a.iterationDecls].map((d) => d.name), ["x"]);
    assert.deepEqual([...b.iterationDecls].map((d) => d.name), ["id"]);
  });
  it("an index walk, with its collection", () => {
    const [l] = loopsOf(`async function f(xs) { for (let i = 0; i < xs.length; i++) await g(xs[i]); }`);
    assert.equal(l.kind, "for");
    assert.equal(l.indexWalk, true);
    assert.equal(l.stepped, false);
    assert.equal(l.collection?.getText(), "xs");
  });
  it("a reverse index walk and a walk to a bound", () => {
    const [a, b] = loopsOf(`function f(xs, n) { for (let i = xs.length - 1; i >= 0; i--) g(xs[i]); for (let j = 0; j <= n; j += 1) g(j); }`);
    assert.equal(a.indexWalk, true);
    assert.equal(b.indexWalk, true);
  });
  it("a stepped walk is batches, not an index walk", () => {
    const [l] = loopsOf(`async function f(rows) { for (let i = 0; i < rows.length; i += 100) await put(rows.slice(i, i + 100)); }`);
    assert.equal(l.indexWalk, false);
    assert.equal(l.stepped, true);
  });
  it("while (i < xs.length) with i++ last is an index walk; with other writes it is not", () => {
    const [a, b] = loopsOf(`async function f(xs) {
  let i = 0;
  while (i < xs.length) { await g(xs[i]); i++; }
  let j = 0;
  while (j < xs.length) { if (await skip(xs[j])) j++; j++; }
}`);
    assert.equal(a.indexWalk, true);
    assert.equal(b.indexWalk, false);
  });
  it("awaits in the header run per iteration; a for…of iterable does not", () => {
    const [a, b] = loopsOf(`async function f(c) {
  while (await c.hasNext()) await c.next();
  for (const x of await list()) await g(x);
}`);
    assert.equal(a.headerAwaits.length, 1);
    assert.equal(b.headerAwaits.length, 0);
    assert.equal(b.bodyAwaits.length, 1);
  });
  it("enclosingLoops lists loops innermost first and skips the iterable of an inner for…of", () => {
    const f = factsFor(`async function f(us) { for (const u of us) { for (const o of await orders(u)) { await g(o); } } }`);
    const facts = f.get(LoopFacts);
    const [inAwait, iterAwait] = nodes(f, ts.isAwaitExpression).sort((x, y) => y.pos - x.pos);
    const [outer, inner] = nodes(f, ts.isForOfStatement);
    assert.deepEqual(facts.enclosingLoops(inAwait), [inner, outer]);
    assert.deepEqual(facts.enclosingLoops(iterAwait), [outer]);
  });
  it("enclosingLoops stops at function boundaries", () => {
    const f = factsFor(`async function f(us) { for (const u of us) { setTimeout(async () => { await g(u); }); } }`);
    const [aw] = nodes(f, ts.isAwaitExpression);
    assert.deepEqual(f.get(LoopFacts).enclosingLoops(aw), []);
  });
});

describe("loop facts: carried state", () => {
  it("appending results is not carried state", () => {
    const [l] = loopsOf(`async function f(ids) { const out = []; const m = new Map(); for (const id of ids) { out.push(await g(id)); m.set(id, 1); } }`);
    assert.deepEqual(l.carried, []);
  });
  it("a value the next call reads is carried", () => {
    const [l] = loopsOf(`async function f(xs) { let left = 10; for (const x of xs) { const r = await take(x, left); left -= r; } }`);
    assert.deepEqual(carriedNames(l), ["left:update"]);
  });
  it("a tally updated after the awaits is folded, not carried", () => {
    const [l] = loopsOf(`async function f(xs) { let n = 0, bytes = 0; for (const x of xs) { const r = await g(x); n++; bytes += r.size; } }`);
    assert.deepEqual(l.carried, []);
  });
  it("a variable read by the loop condition is carried", () => {
    const [l] = loopsOf(`async function f() { let done = false; while (!done) { done = (await poll()).done; } }`);
    assert.deepEqual(carriedNames(l), ["done:condition"]);
  });
  it("overwritten before it is read: not carried", () => {
    const [l] = loopsOf(`async function f(xs) { let tmp; for (const x of xs) { tmp = x * 2; await g(tmp); } }`);
    assert.deepEqual(l.carried, []);
  });
  it("a Set read before the await and written: carried", () => {
    const [l] = loopsOf(`async function f(rows) { const seen = new Set(); for (const r of rows) { if (seen.has(r.k)) continue; seen.add(r.k); await g(r); } }`);
    assert.deepEqual(carriedNames(l), ["seen.*:collection"]);
  });
  it("slots keyed by a unique index are per iteration", () => {
    const [l] = loopsOf(`async function f(users) { for (let i = 0; i < users.length; i++) users[i] = await enrich(users[i]); }`);
    assert.deepEqual(l.carried, []);
  });
  it("a cache keyed by array elements (which may repeat) is carried", () => {
    const [l] = loopsOf(`async function f(keys) { const c = new Map(); for (const k of keys) { if (!c.has(k)) c.set(k, await load(k)); } }`);
    assert.deepEqual(carriedNames(l), ["c.*:collection"]);
  });
  it("a worklist the body grows is carried", () => {
    const [l] = loopsOf(`async function f(root) { const files = new Set([root]); for (const f of files) { for (const e of await readdir(f)) files.add(e); } }`);
    assert.ok(carriedNames(l).includes("files.*:collection"));
  });
  it("the for loop's own index moved in the body", () => {
    const [l] = loopsOf(`async function f(t) { for (let i = 0; i < t.length; i++) { if (await esc(t[i])) i++; } }`);
    assert.deepEqual(carriedNames(l), ["i:update"]);
  });
  it("a property total on this, read by the next call", () => {
    const [l] = loopsOf(`class C { async m(xs) { for (const x of xs) { this.total += await this.price(x, this.total); } } }`);
    assert.deepEqual(carriedNames(l), ["this.total:collection"]);
  });
});

describe("loop facts: header counters and steps", () => {
  it("a fixed step by a name the loop never writes is a stepped walk; the body taking no batch leaves no window", () => {
    const [l] = loopsOf(`const PART = 8 << 20;
async function f(fh, size) {
  for (let n = 1, offset = 0; offset < size; n++, offset += PART) {
    const buf = Buffer.alloc(Math.min(PART, size - offset));
    await fh.read(buf, 0, buf.length, offset);
    await upload(n, buf);
  }
}`);
    assert.equal(l.stepped, true);
    assert.equal(l.indexWalk, false);
    assert.equal(l.batchWindow, undefined);
    assert.deepEqual(l.carried, [], "counters moved by fixed steps carry nothing");
    assert.deepEqual([...l.iterationNames], ["offset"]);
  });
  it("a stepped walk whose body takes the span from the index has a batch window", () => {
    const [a, b] = loopsOf(`async function f(rows, db, max) {
  for (let i = 0; i < rows.length; i += 500) await db.insertMany(rows.slice(i, i + 500));
  for (let from = 0; from <= max; from += 10000) await db.query("UPDATE t SET x = 1 WHERE id > $1 AND id <= $2", [from, from + 10000]);
}`);
    assert.equal(a.batchWindow?.getText(), "rows.slice(i, i + 500)");
    assert.equal(b.batchWindow?.getText(), "from + 10000");
  });
  it("a step the body computes, or a counter moved by anything but a step, is carried", () => {
    const [a, b, c] = loopsOf(`async function f(fh, size, head, n) {
  let bytesRead = 0;
  for (let pos = 0; pos < size; pos += bytesRead) ({ bytesRead } = await fh.read(Buffer.alloc(64), 0, 64, pos));
  for (let i = 0, cur = head; i < n; i++, cur = cur.next) await save(cur.value);
  let step = 1;
  for (let j = 0; j < n; j += step) { await g(j); step *= 2; }
}`);
    assert.equal(a.stepped, false);
    assert.ok(carriedNames(a).includes("pos:update"));
    assert.ok(carriedNames(a).includes("bytesRead:condition"), "the header's update reads what the body wrote");
    assert.deepEqual(carriedNames(b), ["cur:update"]);
    assert.equal(c.stepped, false, "the step changes in the body");
  });
  it("iteration names are the names the header binds, not property names or defaults", () => {
    const [a, b] = loopsOf(`async function f(xs, fallback) {
  for (const { id: userId = fallback.id, tags: [first] } of xs) await g(userId, first);
  for (let i = 0, len = xs.length; i < len; i++) await g(xs[i]);
}`);
    assert.deepEqual([...a.iterationNames].sort(), ["first", "userId"]);
    assert.deepEqual([...a.iterationDecls].map((d) => d.name).sort(), ["first", "userId"]);
    assert.deepEqual([...b.iterationNames], ["i"]);
  });
  it("a body that declares an iteration name again is resolved, not read by name", () => {
    const [l] = loopsOf(`async function f(xs, ys) { for (const x of xs) await Promise.all(ys.map((x) => g(x))); }`);
    assert.equal(l.usesIterationVar, false, "the callback's x is its own parameter");
  });
});

describe("loop facts: exits, retries, polling, pagination, pacing", () => {
  it("break, return and labelled jumps that leave the loop", () => {
    const ls = loopsOf(`async function f(xs, groups) {
  for (const x of xs) { if (await ok(x)) break; }
  for (const x of xs) { if (await ok(x)) return x; }
  for (const x of xs) { switch (x) { case 1: break; } await g(x); }
  for (const x of xs) { if (!x) continue; await g(x); }
  outer: for (const g of groups) { for (const m of g) { if (await bad(m)) continue outer; } }
}`);
    assert.ok(ls[0].earlyExit);
    assert.ok(ls[1].earlyExit);
    assert.equal(ls[2].earlyExit, undefined, "break inside switch");
    assert.equal(ls[3].earlyExit, undefined, "continue");
    assert.equal(ls[4].earlyExit, undefined, "continue outer targets the outer loop itself");
    assert.ok(ls[5].earlyExit, "continue outer leaves the inner loop");
  });
  it("retry loops by their header names", () => {
    const [a, b] = loopsOf(`async function f(xs) {
  for (let attempt = 0; attempt < maxRetries; attempt++) await g();
  for (const [k, v] of Object.entries(xs)) await g(k, v);
}`);
    assert.equal(a.retry, true);
    assert.equal(b.retry, false, "entries is not tries");
  });
  it("polling and pagination", () => {
    const [poll, page] = loopsOf(`async function f(api) {
  while (true) { const s = await api.status(); if (s.done) break; await sleep(500); }
  let cursor;
  do { const r = await api.list({ cursor }); cursor = r.next; } while (cursor);
}`);
    assert.equal(poll.polling, true);
    assert.ok(poll.pacing);
    assert.equal(page.pagination, true);
  });
  it("pacing, yielding and generator yields", () => {
    const [a, b, c] = loopsOf(`async function* f(xs) {
  for (const x of xs) { await g(x); await new Promise((r) => setTimeout(r, 50)); }
  for (let i = 0; i < xs.length; i++) { work(xs[i]); await new Promise((r) => setImmediate(r)); }
  for (const x of xs) yield await g(x);
}`);
    assert.ok(a.pacing);
    assert.ok(b.yielding);
    assert.ok(c.generatorYield);
  });
  it("nameWords", () => {
    assert.deepEqual(nameWords("maxRetries"), ["max", "retries"]);
    assert.deepEqual(nameWords("next_page_token"), ["next", "page", "token"]);
  });
});
