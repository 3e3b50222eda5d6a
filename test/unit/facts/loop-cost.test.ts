import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { LoopCostFacts, isPluralName, lastWord, type IterationSite } from "../../../server/src/engine/facts/loop-cost";
import { TextMarks } from "../../../server/src/engine/facts/loop-cost/text-hints";
import { callNamed, factsFor, nodes } from "./facts-helpers";

function costsFor(code: string, path?: string) {
  const f = factsFor(code, path);
  return { f, c: f.get(LoopCostFacts) };
}

/** The site whose loop / call text starts with `prefix`. */
function site(code: string, prefix: string, path?: string): { site: IterationSite; c: LoopCostFacts; f: ReturnType<typeof factsFor> } {
  const { f, c } = costsFor(code, path);
  const s = c.sites().find((x) => x.node.getText(f.sf).startsWith(prefix));
  if (!s) throw new Error(`no site starting with ${prefix}`);
  return { site: s, c, f };
}

function boundOf(code: string, prefix: string) {
  return site(code, prefix).site.bound;
}

/** The size of the expression `expr` as it appears in `use(expr)` at the end of `code`. */
function sizeOfUse(code: string) {
  const { f, c } = costsFor(code);
  return c.sizeOf(callNamed(f, "use").arguments[0]);
}

function shapeOfUse(code: string) {
  const { f, c } = costsFor(code);
  return c.shapeOf(callNamed(f, "use").arguments[0]);
}

describe("loop cost: bounds", () => {
  const cases: [string, string, string, unknown][] = [
    ["literal count", `for (let i = 0; i < 1000; i++) work(i);`, "for", { kind: "const", count: 1000 }],
    ["inclusive bound with a step", `for (let i = 10; i <= 20; i += 2) work(i);`, "for", { kind: "const", count: 6 }],
    ["named constant with separators", `const N = 5_000; for (let i = 0; i < N; i++) work(i);`, "for", { kind: "const", count: 5000 }],
    ["product in a constant", `const SIZE = 1e3 * 2; for (let i = 0; i < SIZE; i++) work(i);`, "for", { kind: "const", count: 2000 }],
    ["counting down from a constant", `const n = 100; for (let i = n - 1; i >= 0; i--) work(i);`, "for", { kind: "const", count: 100 }],
    ["member of a constant object", `const LIMITS = { rounds: 300 }; for (let i = 0; i < LIMITS.rounds; i++) work(i);`, "for", { kind: "const", count: 300 }],
    ["Math.min caps a data size", `function f(items) { for (let i = 0; i < Math.min(items.length, 50); i++) work(items[i]); }`, "for", { kind: "const", count: 50 }],
    ["while with a counter declared before", `let i = 0; while (i < 64) { work(i); i++; }`, "while", { kind: "const", count: 64 }],
    ["for…of a literal array", `for (const x of [1, 2, 3]) work(x);`, "for", { kind: "const", count: 3 }],
    ["for…in an object literal", `for (const k in { a: 1, b: 2 }) work(k);`, "for", { kind: "const", count: 2 }],
    ["Array.from with a length", `Array.from({ length: 300 }, (_, i) => i * 2);`, "Array.from", { kind: "const", count: 300 }],
    ["new Array(n).fill().map", `new Array(20000).fill(0).map((_, i) => i * i);`, "new Array", { kind: "const", count: 20000 }],
    ["slice(0, 10) of data", `function f(users) { return users.slice(0, 10).map((u) => u.id); }`, "users.slice", { kind: "const", count: 10 }],
    ["while (true)", `while (true) { if (step()) break; }`, "while", { kind: "unbounded" }],
    ["for (;;)", `for (;;) { if (step()) break; }`, "for", { kind: "unbounded" }],
    ["while (!found)", `let found = false; while (!found) found = step();`, "while", { kind: "unbounded" }],
    ["a worklist is not a count", `const queue = [root]; while (queue.length) visit(queue.pop());`, "while", { kind: "unknown" }],
    ["a numeric parameter is not a collection", `function f(n: number) { for (let i = 0; i < n; i++) work(i); }`, "for", { kind: "unknown" }],
    ["a doubling step is not linear", `for (let i = 1; i < 1000; i *= 2) work(i);`, "for", { kind: "unknown" }],
  ];
  for (const [name, code, prefix, want] of cases) {
    it(name, () => assert.deepEqual(boundOf(code, prefix), want));
  }

  it("a counted loop over .length is data-sized and names the collection", () => {
    const { site: s, f } = site(`function f(items) { for (let i = 0; i < items.length; i++) work(items[i]); }`, "for");
    assert.deepEqual(s.bound, { kind: "data" });
    assert.equal(s.collection?.getText(f.sf), "items");
  });

  it("a loop up to an image dimension records it", () => {
    const { site: s, f } = site(`function g(png) { for (let y = 0; y < png.height; y++) work(y); }`, "for");
    assert.deepEqual(s.bound, { kind: "data" });
    assert.equal(s.dimension?.getText(f.sf), "png.height");
  });
});

describe("loop cost: collection sizes", () => {
  const cases: [string, string, string][] = [
    ["parameter", `function f(users) { use(users); }`, "data"],
    ["awaited result", `async function f() { const rows = await db.query("x"); use(rows); }`, "data"],
    ["destructured from an await", `async function f() { const { rows } = await pool.query("x"); use(rows); }`, "data"],
    ["member of the request", `app.post("/x", (req, res) => { use(req.body.items); });`, "data"],
    ["destructured from the request body", `app.post("/x", (req, res) => { const { items } = req.body; use(items); });`, "data"],
    ["JSON.parse result", `function f(text) { const list = JSON.parse(text); use(list); }`, "data"],
    ["JSON import", `import users from "./users.json"; use(users);`, "data"],
    ["module store grown by a handler", `const sessions = []; app.post("/", (req) => { sessions.push(req.body); }); use(sessions);`, "data"],
    ["result filled in a loop over data", `function f(items) { const seen = []; for (const x of items) seen.push(x.id); use(seen); }`, "data"],
    ["class field typed as an array", `class S { users: User[] = []; m() { use(this.users); } }`, "data"],
    ["lines of a file", `const fs = require("fs"); const lines = fs.readFileSync("a", "utf8").split("\\n"); use(lines);`, "data"],
    ["number-typed parameter", `function f(n: number) { use(n); }`, "unknown"],
    ["named import of a constant", `import { ROLES } from "./roles"; use(ROLES);`, "unknown"],
    ["unknown call", `const things = getThings(); use(things);`, "unknown"],
    ["split of a setting", `function f(header: string) { use(header.split(",")); }`, "unknown"],
  ];
  for (const [name, code, want] of cases) {
    it(name, () => assert.equal(sizeOfUse(code).kind, want));
  }

  it("literal arrays and objects have constant sizes", () => {
    assert.deepEqual(sizeOfUse(`const ROLES = ["a", "b", "c"]; use(ROLES);`), { kind: "const", count: 3 });
    assert.deepEqual(sizeOfUse(`use(Object.keys({ a: 1, b: 2 }));`), { kind: "const", count: 2 });
    assert.deepEqual(sizeOfUse(`use("a,b,c".split(","));`), { kind: "const", count: 5 });
  });

  it("an array pushed to only in a constant loop stays small", () => {
    assert.equal(sizeOfUse(`function f() { const out = []; for (let i = 0; i < 3; i++) out.push(i); use(out); }`).kind, "const");
  });
});

describe("loop cost: array or string", () => {
  const cases: [string, string, string][] = [
    ["string literal", `const s = "abc"; use(s);`, "string"],
    ["template literal", `function f(id) { const key = \`row-\${id}\`; use(key); }`, "string"],
    ["joined list", `function f(xs) { const csv = xs.join(","); use(csv); }`, "string"],
    ["String(…)", `function f(x) { const s = String(x); use(s); }`, "string"],
    ["lower-cased", `function f(t) { const s = t.toLowerCase(); use(s); }`, "string"],
    ["typed string parameter", `function f(s: string) { use(s); }`, "string"],
    ["array literal", `const a = [1, 2]; use(a);`, "array"],
    ["mapped", `function f(xs) { const ids = xs.map((x) => x.id); use(ids); }`, "array"],
    ["typed array parameter", `function f(ids: ReadonlyArray<string>) { use(ids); }`, "array"],
    ["used with array methods elsewhere", `function f(bag) { bag.forEach(log); use(bag); }`, "array"],
    ["used with string methods elsewhere", `function f(bag) { bag.trim(); use(bag); }`, "string"],
    ["plural name", `function f(allowedIds) { use(allowedIds); }`, "array"],
    ["no evidence", `function f(acked) { use(acked); }`, "unknown"],
  ];
  for (const [name, code, want] of cases) {
    it(name, () => assert.equal(shapeOfUse(code), want));
  }

  it("the argument of includes decides when nothing else does", () => {
    const { f, c } = costsFor(`function f(points, acked, haystack, needles) {
      points.filter((p) => acked.includes(p.id));
      needles.some((n) => haystack.includes(n));
    }`);
    const includes = nodes(f, ts.isCallExpression).filter((x) => x.expression.getText(f.sf).endsWith(".includes"));
    const shapes = includes.map((call) => c.searchShape(call, (call.expression as ts.PropertyAccessExpression).expression));
    assert.deepEqual(shapes, ["array", "unknown"]);
  });

  it("name helpers", () => {
    assert.equal(lastWord("allowedUserIds"), "ids");
    assert.equal(lastWord("max_retry_count"), "count");
    assert.ok(isPluralName("orders") && isPluralName("listB") && isPluralName("userIds"));
    assert.ok(!isPluralName("status") && !isPluralName("address") && !isPluralName("contents"));
  });
});

describe("loop cost: nesting and yielding", () => {
  it("a search in a map callback runs inside the map's iteration", () => {
    const { f, c } = costsFor(`function f(orders, users) { return orders.map((o) => users.find((u) => u.id === o.userId)); }`);
    const chain = c.enclosingSites(callNamed(f, "users.find"));
    assert.deepEqual(chain.map((s) => s.node.getText(f.sf).slice(0, 10)), ["orders.map"]);
  });

  it("a callback handed to something else is a boundary", () => {
    const { f, c } = costsFor(`function f(orders, users) { for (const o of orders) setTimeout(() => users.find((u) => u.id === o.userId)); }`);
    assert.equal(c.enclosingSites(callNamed(f, "users.find")).length, 0);
  });

  it("the for…of expression is evaluated once, not per iteration", () => {
    const { f, c } = costsFor(`function f(groups) { for (const g of groups) for (const x of load(g)) use(x); }`);
    const chain = c.enclosingSites(callNamed(f, "load"));
    assert.equal(chain.length, 1);
    assert.ok(chain[0].node.getText(f.sf).startsWith("for (const g"));
  });

  it("await inside the loop yields; await in the iterated expression does not", () => {
    const inside = site(`async function f(xs) { for (const x of xs) await save(x); }`, "for");
    assert.equal(inside.c.yields(inside.site), true);
    const s = site(`async function f() { for (const x of await list()) work(x); }`, "for");
    assert.equal(s.c.yields(s.site), false);
  });

  it("for await and async callbacks yield; an inline sync callback inside an awaiting loop does not", () => {
    const a = site(`async function f(s) { for await (const x of s) work(x); }`, "for");
    assert.equal(a.c.yields(a.site), true);
    const b = site(`async function f(xs) { await Promise.all(xs.map(async (x) => { await save(x); })); }`, "xs.map");
    assert.equal(b.c.yields(b.site), true);
    const code = `async function f(bs, users) { for (const b of bs) { b.items.map((i) => users.find((u) => u.id === i.uid)); await save(b); } }`;
    const { f, c } = costsFor(code);
    const chain = c.blockingChain(callNamed(f, "users.find"));
    assert.deepEqual(chain.map((s) => s.node.getText(f.sf).slice(0, 11)), ["b.items.map"]);
  });

  it("dependsOn tells an item's own list from an independent one", () => {
    const { f, c } = costsFor(`function f(orders, users) { for (const o of orders) { use(o.lines); use(users); } }`);
    const loop = c.sites()[0];
    const [lines, users] = nodes(f, ts.isCallExpression).filter((x) => x.expression.getText(f.sf) === "use").map((x) => x.arguments[0]);
    assert.equal(c.dependsOn(lines, loop), true);
    assert.equal(c.dependsOn(users, loop), false);
  });
});

describe("loop cost: matching", () => {
  function joinIn(code: string, innerPrefix: string) {
    const { f, c } = costsFor(code);
    const inner = c.sites().find((s) => s.node.getText(f.sf).startsWith(innerPrefix))!;
    const chain = c.enclosingSites(inner.node);
    return { f, c, inner, chain, key: c.equalityJoin(inner.callback ?? inner.node, inner.scope, chain) };
  }

  it("an equality between the inner and the outer item, with its key", () => {
    assert.equal(joinIn(`function f(orders, users) { orders.map((o) => users.find((u) => u.id === o.userId)); }`, "users.find").key, "id");
    assert.equal(joinIn(`function f(a, b) { for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) if (a[i].key === b[j].key) m(); }`, "for (let j").key, "key");
  });

  it("locals computed from the loop indexes belong to their loop", () => {
    assert.equal(joinIn(`function f(xs) { for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) { const a = xs[i]; const b = xs[j]; if (a.email === b.email) m(); } }`, "for (let j").key, "email");
  });

  it("the inner item's list holding an outer value joins; the outer item's list does not", () => {
    assert.equal(joinIn(`function f(pages) { pages.map((p) => pages.filter((q) => q.links.includes(p.url))); }`, "pages.filter").key, "links");
    assert.equal(joinIn(`function f(products, wanted) { products.filter((p) => wanted.every((t) => p.tags.includes(t))); }`, "wanted.every").key, undefined);
  });

  it("range predicates and loop state are not joins", () => {
    assert.equal(joinIn(`function f(events, windows) { events.map((e) => windows.find((w) => w.start <= e.at && e.at < w.end)); }`, "windows.find").key, undefined);
    assert.equal(joinIn(`function f(input) { let m = 0; for (let k = 0; k < 9; k++) { for (const v of input) if (v === m) m++; } }`, "for (const v").key, undefined);
  });

  it("a metric of both items that is compared", () => {
    const { c, inner, chain } = joinIn(`function f(orders, drivers) { for (const o of orders) { let best = Infinity; for (const d of drivers) { const km = dist(o, d); if (km < best) best = km; } } }`, "for (const d");
    assert.equal(c.pairwiseMetric(inner.node, inner.scope, chain), "dist");
  });

  it("a comparison of the two items, with the property an ordering compares", () => {
    const rank = joinIn(`function f(players) { players.map((p) => players.filter((q) => q.score > p.score)); }`, "players.filter");
    assert.deepEqual(rank.c.comparesItems(rank.inner.callback!.body, rank.inner.scope, rank.chain), { ordering: "score" });
    const other = joinIn(`function f(ms) { ms.map((m) => ms.filter((o) => o !== m)); }`, "ms.filter");
    assert.deepEqual(other.c.comparesItems(other.inner.callback!.body, other.inner.scope, other.chain), {});
    const none = joinIn(`function f(ms, limit) { ms.map((m) => ms.filter((o) => o.size > limit)); }`, "ms.filter");
    assert.equal(none.c.comparesItems(none.inner.callback!.body, none.inner.scope, none.chain), undefined);
  });

  it("a branch on a call given both items is a pairwise test; a stored result is not", () => {
    const tested = joinIn(`function f(xs) { for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (!seen && similar(xs[i], xs[j])) m(); }`, "for (let j");
    assert.equal(tested.c.testsPair(tested.inner.node, tested.inner.scope, tested.chain), true);
    const method = joinIn(`function f(zs) { for (const a of zs) for (const b of zs) if (a.touches(b)) m(); }`, "for (const b");
    assert.equal(method.c.testsPair(method.inner.node, method.inner.scope, method.chain), true);
    const stored = joinIn(`function f(xs) { for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) { const d = combine(xs[i], xs[j]); if (d) m(); } }`, "for (let j");
    assert.equal(stored.c.testsPair(stored.inner.node, stored.inner.scope, stored.chain), false);
  });

  it("a lodash matcher keyed by an outer value", () => {
    const { f, c } = costsFor(`import _ from "lodash"; function f(orders, users) { orders.map((o) => _.find(users, { id: o.userId })); }`);
    const scan = c.scans().find((s) => s.method === "_.find")!;
    assert.equal(c.matcherJoin(scan.matcher!, c.enclosingSites(scan.node)), "id");
    assert.equal(scan.receiver.getText(f.sf), "users");
  });
});

describe("loop cost: scans", () => {
  it("collects searches, equality scans, sorts and serialisations inside loops", () => {
    const { c } = costsFor(`function f(xs, a, b, c, d) { top.includes(a); for (const x of xs) { a.find((x) => x); b.includes(1); c.sort(); JSON.stringify(d); e.find({ id: 1 }); } }`);
    assert.deepEqual(c.scans().map((s) => `${s.kind}:${s.method}`), ["search:find", "equality:includes", "sort:sort", "serialise:JSON.stringify"]);
  });

  it("finds every site, however it is written, and none in strings or comments", () => {
    const { f, c } = costsFor(`// for each map, do this
const s = "while (x) xs.map(f)";
function f(xs, ys) {
  for (;;) break;
  do { ys = ys.slice(1); } while (ys.length);
  xs
    .filter((x) => x)
    ?.["map"]((x) => x);
  Array.from(xs, (x) => x);
}`);
    assert.deepEqual(c.sites().map((x) => x.node.getText(f.sf).replace(/\s+/g, " ").slice(0, 12)), ["for (;;) bre", "do { ys = ys", "xs .filter((", "xs .filter((", "Array.from(x"]);
  });

  it("a helper's scan over its parameter is reported over the argument", () => {
    const { f, c } = costsFor(`const byId = (list, id) => list.find((x) => x.id === id); function g(orders, users) { orders.map((o) => byId(users, o.userId)); }`);
    const call = callNamed(f, "byId");
    const [scan] = c.scansThrough(call);
    assert.equal(scan.receiver.getText(f.sf), "users");
    assert.equal(scan.helperKey, "id");
  });

  it("a recursive call and a helper's own locals are not helper scans", () => {
    const rec = costsFor(`function key(s) { const runs = s.runs.map((r) => key(r.state)); return runs.sort().join(); }`);
    assert.deepEqual(rec.c.scansThrough(callNamed(rec.f, "key")), []);
    const local = costsFor(`function first(m) { const keys = Object.keys(m); return keys.find((k) => k === "x"); } function g(ms) { ms.map((m) => first(m)); }`);
    assert.deepEqual(local.c.scansThrough(callNamed(local.f, "first")), []);
  });

  it("a scan right before a return runs once; a return inside a callback ends one iteration", () => {
    const once = costsFor(`function f(orders, users) { for (const o of orders) { if (o.x) return users.find((u) => u.id === o.userId); } }`);
    assert.equal(once.c.leavesRightAfter(callNamed(once.f, "users.find"), once.c.sites()[0]), true);
    const each = costsFor(`function f(orders, users) { return orders.map((o) => { return users.find((u) => u.id === o.userId); }); }`);
    assert.equal(each.c.leavesRightAfter(callNamed(each.f, "users.find"), each.c.sites()[0]), false);
  });

  it("memoised and mutated lists", () => {
    const { f, c } = costsFor(`function f(acc, values) { let cache; const stack = []; for (const a of acc) { if (!cache) cache = values.filter((v) => v); stack.push(a); } }`);
    const loop = c.sites().find((s) => s.node.kind === ts.SyntaxKind.ForOfStatement)!;
    assert.equal(c.isMemoised(callNamed(f, "values.filter"), loop), true);
    const stack = nodes(f, ts.isIdentifier).find((i) => i.text === "stack" && ts.isPropertyAccessExpression(i.parent))!;
    assert.equal(c.mutatedWithin(stack, loop.node), true);
    const values = nodes(f, ts.isIdentifier).find((i) => i.text === "values" && ts.isPropertyAccessExpression(i.parent))!;
    assert.equal(c.mutatedWithin(values, loop.node), false);
  });

  it("a scanner moves its own counter; a plain counted loop does not", () => {
    const scanner = site(`function f(xs) { for (let i = 0; i < xs.length; ) { let j = i + 1; i = j; } }`, "for");
    assert.equal(scanner.c.advancesInBody(scanner.site), true);
    const plain = site(`function f(xs) { for (let i = 0; i < xs.length; i++) work(xs[i]); }`, "for");
    assert.equal(plain.c.advancesInBody(plain.site), false);
  });
});

describe("loop cost: per-iteration work", () => {
  it("hashing, regex, JSON and arithmetic", () => {
    const { c } = costsFor(`import { createHash } from "crypto"; for (let i = 0; i < 10; i++) { createHash("md5").update(String(i)).digest(); /a+/.test(s); JSON.parse(t); x = i * 2; }`);
    const w = c.workOf(c.sites()[0]);
    assert.deepEqual([w.hashing, w.regex, w.json, w.arithmetic], [true, true, true, true]);
    assert.deepEqual(w.heavy, []);
  });

  it("cheap built-ins are not work; other calls are", () => {
    const { c } = costsFor(`for (let i = 0; i < 10; i++) { out.push(i); m.set(i, i); score(i); }`);
    assert.deepEqual(c.workOf(c.sites()[0]).calls, ["score"]);
  });

  it("known heavy calls, directly and one helper deep", () => {
    const { c } = costsFor(`const jpeg = require("jpeg-js"); function thumb(b) { return jpeg.encode(jpeg.decode(b), 50); } function all(files) { return files.map((f) => thumb(f)); }`, "/virtual/src/t.js");
    const heavy = c.workOf(c.sites()[0]).heavy;
    assert.deepEqual(heavy.map((h) => `${h.label}:${h.kind}`), ["jpeg.encode:image codec", "jpeg.decode:image codec"]);
  });

  it("hashing a file's contents is heavy; hashing a short string is not", () => {
    const files = costsFor(`const crypto = require("crypto"); const fs = require("fs"); function f(ps) { ps.map((p) => crypto.createHash("sha1").update(fs.readFileSync(p)).digest("hex")); }`, "/virtual/src/h.js");
    assert.deepEqual(files.c.workOf(files.c.sites()[0]).heavy.map((h) => h.kind), ["file hashing"]);
    const emails = costsFor(`const crypto = require("crypto"); function f(us) { us.map((u) => crypto.createHash("md5").update(u.email).digest("hex")); }`, "/virtual/src/h.js");
    assert.deepEqual(emails.c.workOf(emails.c.sites()[0]).heavy, []);
  });

  it("Node's own sync APIs are marked as such", () => {
    const { c } = costsFor(`import { gzipSync } from "node:zlib"; function f(bs) { return bs.map((b) => gzipSync(b)); }`);
    const [h] = c.workOf(c.sites()[0]).heavy;
    assert.equal(h.kind, "compression");
    assert.equal(h.nodeSyncApi, true);
  });

  it("spinning on the clock", () => {
    const spin = site(`function f(ms) { const end = Date.now() + ms; while (Date.now() < end) {} }`, "while");
    assert.equal(spin.c.spinsOnClock(spin.site), true);
    const polite = site(`async function f(ms) { const end = Date.now() + ms; while (Date.now() < end) await sleep(10); }`, "while");
    assert.equal(polite.c.spinsOnClock(polite.site), false);
  });

  it("accumulators copied on every step", () => {
    const spread = site(`function f(items) { return items.reduce((acc, x) => ({ ...acc, [x.id]: x }), {}); }`, "items.reduce");
    assert.equal(spread.c.accumulatorCopies(spread.site).length, 1);
    const assign = site(`function f(items) { return items.reduce((acc, x) => { acc[x.id] = x; return acc; }, {}); }`, "items.reduce");
    assert.equal(assign.c.accumulatorCopies(assign.site).length, 0);
    const concat = site(`function f(posts) { let tags = []; for (const p of posts) tags = tags.concat(p.tags); return tags; }`, "for");
    assert.equal(concat.c.accumulatorCopies(concat.site).length, 1);
  });
});

describe("loop cost: cheap answers before resolution", () => {
  it("text marks tell which ranges hold a word", () => {
    const marks = TextMarks.matching("a.find(x); b.map(y)", /\.(?:find|map)\b/g);
    assert.equal(marks.holds(0, 2), true);
    assert.equal(marks.holds(2, 11), false);
    assert.equal(marks.holds(11, 20), true);
  });

  it("functions declared under a name, found without resolving a call", () => {
    const f = factsFor(`function byId(xs, id) { return xs.find((x) => x.id === id); }
const lookup = (m, k) => m.get(k);
let notAFunction = 1;`);
    const hints = f.get(LoopCostFacts).hints;
    assert.equal(hints.functionsNamed("byId").length, 1);
    assert.equal(hints.functionsNamed("lookup").length, 1);
    assert.deepEqual(hints.functionsNamed("notAFunction"), []);
    assert.equal(hints.scansIn(hints.functionsNamed("byId")[0]).empty, false);
    assert.equal(hints.scansIn(hints.functionsNamed("lookup")[0]).empty, true);
  });

  it("a count may be constant only where a head names a number or a literal collection", () => {
    const mayCount = (code: string, prefix: string) => site(code, prefix).c.mayCountConst(site(code, prefix).site);
    assert.equal(mayCount(`for (let i = 0; i < 1000; i++) work(i);`, "for"), true);
    assert.equal(mayCount(`const N = 5_000; function f() { for (let i = 0; i < N; i++) work(i); }`, "for"), true);
    assert.equal(mayCount(`const ROLES = ["a", "b"]; for (const r of ROLES) work(r);`, "for"), true);
    assert.equal(mayCount(`function f(items) { for (let i = 0; i < items.length; i++) work(items[i]); }`, "for"), false);
    assert.equal(mayCount(`function f(users) { for (const u of users) work(u); }`, "for"), false);
    // A name declared with a spread is not a literal collection.
    assert.equal(mayCount(`function f(rest) { const q = [1, ...rest]; for (const x of q) work(x); }`, "for"), false);
  });

  it("literal counts, through constants, are upper bounds read without resolution", () => {
    const count = (code: string, prefix: string) => {
      const { site: s, c } = site(code, prefix);
      return c.literalCount(s);
    };
    assert.equal(count(`for (let i = 0; i < 512; i += 2) work(i);`, "for"), 256);
    assert.equal(count(`const SIZE = 1 << 10; for (let i = 0; i < SIZE; i++) work(i);`, "for"), 1024);
    assert.equal(count(`const ROLES = ["a", "b", "c"]; ROLES.map((r) => r);`, "ROLES.map"), 3);
    assert.equal(count(`Array.from({ length: 300 }, (_, i) => i);`, "Array.from"), 300);
    assert.equal(count(`function f(xs) { for (let i = 0; i < Math.min(xs.length, 20); i++) work(i); }`, "for"), 20);
    assert.equal(count(`function f(xs) { for (const x of xs) work(x); }`, "for"), undefined);
  });

  it("a loop may walk a collection only when its head names one", () => {
    const may = (code: string, prefix: string) => site(code, prefix).c.mayHaveCollection(site(code, prefix).site);
    assert.equal(may(`function f(xs) { for (let i = 0; i < xs.length; i++) work(i); }`, "for"), true);
    assert.equal(may(`function f(xs) { const n = xs.length; for (let i = 0; i < n; i++) work(i); }`, "for"), true);
    assert.equal(may(`function f(img) { for (let y = 0; y < img.height; y++) work(y); }`, "for"), true);
    assert.equal(may(`function f(q) { while (q.pending()) work(q.next()); }`, "while"), false);
    assert.equal(may(`function f(s) { let i = 0; while (s[i] === " ") i++; }`, "while"), false);
  });

  it("names bound by an iteration, told without resolving them", () => {
    const { f, c } = costsFor(`function f(orders, users) { for (const o of orders) { const id = o.userId; use(o.lines); use(id); use(users); } }`);
    const loop = c.sites()[0];
    const args = nodes(f, ts.isCallExpression).filter((x) => x.expression.getText(f.sf) === "use").map((x) => x.arguments[0]);
    assert.deepEqual(args.map((a) => c.surelyDependsOn(a, loop)), [true, true, false]);
  });

  it("whether an inner and an outer item are read together, through locals", () => {
    const rel = (code: string, innerPrefix: string) => {
      const { f, c } = costsFor(code);
      const inner = c.sites().find((s) => s.node.getText(f.sf).startsWith(innerPrefix))!;
      return c.relatesItems(inner.callback ?? inner.node, inner.scope, c.enclosingSites(inner.node));
    };
    assert.equal(rel(`function f(xs) { for (let i = 0; i < xs.length; i++) for (let j = 0; j < xs.length; j++) { const a = xs[i]; const b = xs[j]; if (a.k === b.k) m(); } }`, "for (let j").relates, true);
    assert.equal(rel(`function f(os, ds) { for (const o of os) for (const d of ds) { const km = dist(o, d); if (km < 5) m(); } }`, "for (const d").relates, true);
    const traversal = rel(`function f(os, rules) { for (const o of os) for (const r of rules) total += r.weight; }`, "for (const r");
    assert.deepEqual(traversal, { relates: false, readsOuter: false });
    const invariant = rel(`function f(ps, as) { ps.map((p) => as.filter((a) => a.active)); }`, "as.filter");
    assert.deepEqual(invariant, { relates: false, readsOuter: false });
    const range = rel(`function f(es, ws) { es.map((e) => ws.find((w) => w.start <= e.at)); }`, "ws.find");
    assert.equal(range.relates, true);
  });
});

