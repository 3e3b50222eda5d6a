import { poolDeclarationText, poolModuleText } from "../../../server/src/engine/fixes/worker-pool-module";
import { cpuHeavyLoop } from "../../../server/src/engine/rules/cpu-heavy-loop";
import { testRule } from "../../rule-tester";

// The pool module's own behaviour (threads, queue, errors, exit) is tested by running it: test/unit/fixes/worker-offload-pool.test.ts.
const ESM_POOL = poolModuleText("esm", false, "\n");

testRule(cpuHeavyLoop, {
  valid: [
    // ── lookups that are already O(1) ──
    {
      name: "Map index built once, then .get in the loop",
      code: `app.get("/orders", async (req, res) => {
  const [orders, users] = await Promise.all([db.orders(), db.users()]);
  const byId = new Map(users.map((u) => [u.id, u]));
  res.json(orders.map((o) => ({ ...o, user: byId.get(o.userId) })));
});`,
    },
    {
      name: "Set.has inside a filter",
      code: `export async function visible(items: Item[], hiddenIds: string[]) {
  const hidden = new Set(hiddenIds);
  return items.filter((i) => !hidden.has(i.id));
}`,
    },
    // ── small or constant collections ──
    {
      name: ".includes on a small literal array",
      code: `export async function shippable(orders: Order[]) {
  return orders.filter((o) => ["paid", "packed"].includes(o.status));
}`,
    },
    {
      name: ".includes on a module-level constant array",
      code: `const FINAL_STATES = ["delivered", "cancelled", "refunded"];
export async function open(orders: Order[]) {
  return orders.filter((o) => !FINAL_STATES.includes(o.state));
}`,
    },
    {
      name: "outer loop over a small literal list",
      code: `export async function byRole(users: User[]) {
  const out: Record<string, User[]> = {};
  for (const role of ["admin", "editor", "viewer"]) out[role] = users.filter((u) => u.role === role);
  return out;
}`,
    },
    {
      name: "outer loop over the first few items only",
      code: `export async function preview(users: User[], orders: Order[]) {
  return users.slice(0, 5).map((u) => ({ u, orders: orders.filter((o) => o.userId === u.id) }));
}`,
    },
    {
      name: "a configuration-sized collection (columns)",
      code: `export function toCsv(rows: Row[], columns: Column[]) {
  return rows.map((r) => columns.map((c) => r.cells.find((cell) => cell.key === c.key)?.value ?? "").join(","));
}`,
    },
    {
      name: "small constant loop in a request handler",
      code: `app.get("/retry", async (req, res) => {
  let total = 0;
  for (let i = 0; i < 10; i++) total += i * 2;
  res.json({ total });
});`,
    },
    {
      name: "constant loop below the threshold",
      code: `export async function warm(cache: Map<number, number>) {
  for (let i = 0; i < 5000; i++) cache.set(i, i * i);
}`,
    },
    {
      name: "large loop that only fills an array",
      code: `export async function slots() {
  const slots: number[] = [];
  for (let i = 0; i < 100000; i++) slots.push(i);
  return slots;
}`,
    },
    // ── strings, not arrays ──
    {
      name: ".includes on a lower-cased string",
      code: `app.post("/comments", (req, res) => {
  const text = req.body.comment.toLowerCase();
  const bad = req.body.words.filter((w) => text.includes(w));
  res.json({ bad });
});`,
    },
    {
      name: ".includes on a joined string",
      code: `export function tagged(items: Item[], tags: string[]) {
  const csv = tags.join(",");
  return items.filter((i) => csv.includes(i.tag));
}`,
    },
    {
      name: ".indexOf on a string parameter typed string",
      code: `export function positions(needles: string[], haystack: string) {
  return needles.map((n) => haystack.indexOf(n));
}`,
    },
    {
      name: ".includes on String(…) and template literals",
      code: `export function matches(rows, id) {
  const key = String(id);
  const label = \`row-\${id}\`;
  return rows.filter((r) => key.includes(r.prefix) || label.includes(r.code));
}`,
      filename: "src/match.js",
    },
    // ── traversals, not searches ──
    {
      name: "loop over each order's own lines (a traversal)",
      code: `export async function totals(orders: Order[]) {
  let sum = 0;
  for (const o of orders) for (const l of o.lines) sum += l.qty * l.price;
  return sum;
}`,
    },
    {
      name: "search inside the outer item's own collection",
      code: `app.get("/skus", async (req, res) => {
  const orders = await db.orders();
  res.json(orders.map((o) => o.lines.find((l) => l.sku === req.query.sku)));
});`,
    },
    {
      name: "matrix walk whose inner bound is the row",
      code: `export function sum(grid: number[][]) {
  let s = 0;
  for (let i = 0; i < grid.length; i++) for (let j = 0; j < grid[i].length; j++) s += grid[i][j];
  return s;
}`,
    },
    {
      name: "cartesian product that builds the output (no matching)",
      code: `export async function variants(products: Product[], warehouses: Warehouse[]) {
  const rows = [];
  for (const p of products) for (const w of warehouses) rows.push({ product: p.id, warehouse: w.id });
  return rows;
}`,
    },
    {
      name: "applying every rule to every order",
      code: `export function validate(orders: Order[], rules: Rule[]) {
  for (const order of orders) for (const rule of rules) rule.check(order);
}`,
    },
    {
      name: "range search (no equality to index on)",
      code: `export function bucket(events: Ev[], windows: Win[]) {
  return events.map((e) => windows.find((w) => w.start <= e.at && e.at < w.end));
}`,
    },
    {
      name: "predicate that calls into the outer item",
      code: `export function applicable(orders: Order[], promos: Promo[]) {
  return orders.map((o) => promos.filter((p) => p.appliesTo(o)));
}`,
    },
    {
      name: "BFS worklist with each node's children",
      code: `export function reachable(root: Node) {
  const queue = [root];
  const seen = new Set<Node>();
  while (queue.length) {
    const n = queue.shift()!;
    for (const c of n.children) if (!seen.has(c)) { seen.add(c); queue.push(c); }
  }
  return seen;
}`,
    },
    {
      name: "database query methods are not array searches",
      code: `app.get("/orders", (req, res) => {
  res.json(req.body.orders.map((o) => User.find({ _id: o.userId })));
});`,
    },
    {
      name: "collection from an unknown call (size not known)",
      code: `export function link(users: User[]) {
  for (const o of loadOrders()) o.user = users.find((u) => u.id === o.userId);
}`,
    },
    // ── loops that yield ──
    {
      name: "await inside the loop",
      code: `export async function notifyAll(orders: Order[], users: User[]) {
  for (const o of orders) {
    const u = users.find((x) => x.id === o.userId);
    await mailer.send(u!.email, "shipped");
  }
}`,
    },
    {
      name: "setImmediate chunking",
      code: `export async function link(orders: Order[], users: User[]) {
  for (let i = 0; i < orders.length; i++) {
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
    orders[i].user = users.find((u) => u.id === orders[i].userId);
  }
}`,
    },
    {
      name: "async map callbacks that await",
      code: `export async function enrich(orders: Order[], users: User[]) {
  return Promise.all(orders.map(async (o) => {
    const u = users.find((x) => x.id === o.userId);
    return { ...o, avatar: await avatars.get(u!.id) };
  }));
}`,
    },
    {
      name: "for await",
      code: `export async function scan(stream: AsyncIterable<Row>, ids: string[]) {
  for await (const row of stream) if (ids.includes(row.id)) console.log(row);
}`,
    },
    // ── places where blocking is not this rule's concern ──
    {
      name: "worker thread",
      code: `const { parentPort } = require("worker_threads");
parentPort.on("message", ({ orders, users }) => {
  parentPort.postMessage(orders.map((o) => users.find((u) => u.id === o.userId)));
});`,
      filename: "src/join-worker.js",
    },
    {
      name: "large constant loop in a worker thread",
      code: `import { parentPort } from "node:worker_threads";
import { createHash } from "node:crypto";
parentPort!.on("message", async (seed: string) => {
  for (let i = 0; i < 1_000_000; i++) createHash("sha256").update(seed + i).digest();
});`,
      filename: "src/hash-worker.ts",
    },
    {
      name: "CLI script doing quadratic work",
      code: `const users = require("./users.json");
const orders = require("./orders.json");
async function main() {
  for (const o of orders) o.user = users.find((u) => u.id === o.userId);
}
main();`,
      filename: "bin/report.js",
    },
    {
      name: "CLI script with a large arithmetic loop",
      code: `#!/usr/bin/env node
async function main() {
  let x = 0;
  for (let i = 0; i < 10_000_000; i++) x += Math.sqrt(i);
  console.log(x);
}
main();`,
      filename: "scripts/bench.js",
    },
    {
      name: "CLI script hashing files (as fast as reading them)",
      code: `const fs = require("fs");
const crypto = require("crypto");
for (const f of fs.readdirSync("dist")) {
  console.log(f, crypto.createHash("sha1").update(fs.readFileSync("dist/" + f)).digest("hex"));
}`,
      filename: "scripts/hash-dist.js",
    },
    {
      name: "lookup table built at module start-up",
      code: `const TABLE = new Uint32Array(65536);
for (let i = 0; i < 65536; i++) TABLE[i] = (i * 2654435761) >>> 0;
export const lookup = (x: number) => TABLE[x & 0xffff];`,
    },
    {
      name: "start-up merge of two data files at module top level",
      code: `import defaults from "./defaults.json";
import overrides from "./overrides.json";
export const settings = defaults.map((d) => overrides.find((o) => o.key === d.key) ?? d);`,
    },
    {
      name: "large constant loop in a plain synchronous utility",
      code: `export function crcTable() {
  const t = new Int32Array(256 * 256);
  for (let i = 0; i < 65536; i++) t[i] = i ^ (i >>> 1);
  return t;
}`,
    },
    {
      name: "test files",
      code: `it("joins", () => {
  const out = orders.map((o) => users.find((u) => u.id === o.userId));
});
function join(orders, users) { return orders.map((o) => users.find((u) => u.id === o.userId)); }`,
      filename: "src/join.test.js",
    },
    // ── accumulators and per-item work that are fine ──
    {
      name: "reduce that assigns into its accumulator",
      code: `export function index(items: Item[]) {
  return items.reduce((acc, x) => { acc[x.id] = x; return acc; }, {} as Record<string, Item>);
}`,
    },
    {
      name: "spread of the item, not the accumulator",
      code: `export async function tag(items: Item[]) {
  return items.map((i) => ({ ...i, seen: true }));
}`,
    },
    {
      name: "reduce with spread over a literal list",
      code: `export function flags() {
  return ["a", "b", "c"].reduce((acc, k) => ({ ...acc, [k]: true }), {});
}`,
    },
    {
      name: "md5 of a short string per user (cheap)",
      code: `const crypto = require("crypto");
app.get("/avatars", async (req, res) => {
  const users = await db.users();
  res.json(users.map((u) => crypto.createHash("md5").update(u.email).digest("hex")));
});`,
      filename: "src/avatars.js",
    },
    {
      name: "Node's own sync KDF in a handler is sync-io's finding",
      code: `import { pbkdf2Sync } from "node:crypto";
app.post("/import", (req, res) => {
  for (const u of req.body.users) u.hash = pbkdf2Sync(u.password, u.salt, 100000, 64, "sha512");
  res.end();
});`,
    },
    {
      name: "async image library awaited per file",
      code: `import sharp from "sharp";
export async function thumbs(files: string[]) {
  for (const f of files) await sharp(f).resize(200).toFile(f + ".thumb.jpg");
}`,
    },
    {
      name: "sort of the outer item's own list",
      code: `export async function ranked(groups: Group[]) {
  groups.forEach((g) => g.members.sort((a, b) => a.score - b.score));
  return groups;
}`,
    },
    // ── the clock ──
    {
      name: "time-sliced processing (a budget, not a wait)",
      code: `export function step(items: Item[], start: number) {
  let i = 0;
  while (i < items.length && performance.now() - start < 8) process(items[i++]);
  return i;
}`,
    },
    {
      name: "polling that awaits",
      code: `export async function waitFor(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}`,
    },
    {
      name: "generator yields one match at a time",
      code: `export function* pairs(a: Item[], b: Item[]) {
  for (const x of a) for (const y of b) if (x.id === y.id) yield [x, y];
}`,
    },
    {
      name: "substring search of an outer item's text for each banned word",
      code: `export function clean(comments, banned) {
  return comments.filter((c) => !banned.some((b) => c.body.toLowerCase().includes(b)));
}`,
      filename: "src/clean.js",
    },
    {
      name: "untyped text parameter searched for each needle",
      code: `export function containsAny(haystack, needles) {
  return needles.some((n) => haystack.includes(n));
}`,
      filename: "src/text.js",
    },
    {
      name: "threshold table by comparison (no per-pair metric)",
      code: `export function tierOf(orders: Order[], tiers: Tier[]) {
  return orders.map((o) => {
    let best = tiers[0];
    for (const t of tiers) if (o.total >= t.min) best = t;
    return best.name;
  });
}`,
    },
    {
      name: "per-pair call whose result is not compared",
      code: `export function applyAll(orders: Order[], discounts: Discount[]) {
  for (const o of orders) for (const d of discounts) apply(d, o);
}`,
    },
    {
      name: "a tag check inside one item's own tag list",
      code: `export function tagged(products: Product[], wanted: string[]) {
  return products.filter((p) => wanted.every((t) => p.tags.includes(t)));
}`,
    },
    {
      name: "a single loop over an image row",
      code: `export function rowSum(img: Img, y: number) {
  let s = 0;
  for (let x = 0; x < img.width; x++) s += img.data[y * img.width + x];
  return s;
}`,
    },
    {
      name: "per-pixel loops in a worker thread",
      code: `import { parentPort } from "node:worker_threads";
parentPort!.on("message", (img: Img) => {
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) img.data[y * img.width + x] *= 0.5;
  parentPort!.postMessage(img);
});`,
      filename: "src/workers/dim.ts",
    },
    {
      name: "constant week × hour grid over events",
      code: `export async function week(events: Ev[]) {
  const grid: Ev[][][] = [];
  for (let d = 0; d < 7; d++) {
    grid[d] = [];
    for (let h = 0; h < 24; h++) grid[d][h] = events.filter((e) => e.day === d && e.hour === h);
  }
  return grid;
}`,
    },
    {
      name: "a lexer: inner lookahead loops over the same string",
      code: `export function tokens(source: string) {
  const out = [];
  let i = 0;
  while (i < source.length) {
    let j = i;
    while (j < source.length && source[j] !== " ") j++;
    out.push(source.slice(i, j));
    i = j + 1;
  }
  return out;
}`,
    },
    {
      name: "a counted scanner that moves its own index",
      code: `export function runs(items: Item[]) {
  const out = [];
  for (let i = 0; i < items.length; ) {
    let j = i + 1;
    for (; j < items.length; j++) if (items[j].kind !== items[i].kind) break;
    out.push(items.slice(i, j));
    i = j;
  }
  return out;
}`,
    },
    {
      name: "a loop that keeps state rather than pairing items",
      code: `export function encode(input: number[]) {
  let n = 128;
  let handled = 0;
  while (handled < input.length) {
    let m = Infinity;
    for (const v of input) if (v >= n && v < m) m = v;
    n = m;
    handled++;
  }
}`,
    },
    {
      name: "a search that returns from the function",
      code: `export function firstKnown(orders: Order[], users: User[]) {
  for (const o of orders) {
    if (o.userId) return users.find((u) => u.id === o.userId);
  }
}`,
    },
    {
      name: "serialising inside a throw",
      code: `export function check(items: Item[], schema: Schema[]) {
  items.forEach((item) => {
    if (!item.type) throw new TypeError("bad item in " + JSON.stringify(schema));
  });
}`,
    },
    {
      name: "a filter memoised on the first iteration",
      code: `export function expand(acc: string[], values: string[]) {
  let nonEmpty: string[] | undefined;
  const out = [];
  for (const a of acc) {
    let vs = values;
    if (!a) {
      if (!nonEmpty) nonEmpty = values.filter((v) => v);
      vs = nonEmpty;
    }
    for (const v of vs) out.push(a + v);
  }
  return out;
}`,
    },
    {
      name: "a list the loop itself changes is not loop-invariant",
      code: `export function balanced(text: string[]) {
  const stack: string[] = [];
  for (const c of text) {
    if (c === "(") stack.push(c);
    else if (stack.some((t) => t === "(")) stack.pop();
  }
  return stack.length === 0;
}`,
    },
    {
      name: "a recursive walk is not a helper scan",
      code: `export function key(state: State): string {
  const runs = state.runs.map((r) => key(r.state));
  return runs.sort().join("|");
}`,
    },
    {
      name: "a helper searching a list it builds from its own argument",
      code: `function firstDotted(mapping: Record<string, unknown>) {
  const keys = Object.keys(mapping);
  for (let i = 0; i < keys.length; i++) if (keys[i].charCodeAt(0) === 46) return keys[i];
  return undefined;
}
export function scanAll(fields: Record<string, unknown>[]) {
  return fields.map((f) => firstDotted(f));
}`,
    },
    {
      name: "pairs without comparing the two items",
      code: `export function merge(parts: string[][]) {
  for (let i = 0; i < parts.length - 1; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const m = combine(parts[i], parts[j]);
      if (m) { parts[i] = []; parts[j] = m; break; }
    }
  }
}`,
    },
    {
      name: "a list spread from a small constant",
      code: `const SEPARATORS = ["/", ":"];
export function trim(glob: string, seps = SEPARATORS) {
  let n = glob.length;
  for (; n > 1 && [...seps, undefined].includes(glob[n - 1]); n--);
  return glob.slice(0, n);
}`,
    },
    {
      name: "small named constants multiplied stay below the threshold",
      code: `const N = 10;
export async function tiny() {
  let s = 0;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) s += i * j;
  return s;
}`,
    },
    // ── plain utilities: quadratic work is reported (their inputs can be any size), startup-only helpers are not ──
    {
      name: "a helper called only while the module starts",
      code: `const routes = require("./routes.json");
const handlers = require("./handlers.json");
function bind(rs, hs) {
  return rs.map((r) => ({ ...r, handler: hs.find((h) => h.name === r.handler) }));
}
const table = bind(routes, handlers);
module.exports = { table };`,
      filename: "src/table.js",
    },
    {
      name: "per-pixel loops in an exported synchronous utility",
      code: `export function invert(img: Img) {
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) img.data[y * img.width + x] = 255 - img.data[y * img.width + x];
}`,
    },
    // ── every pair of one list: only when the two items are tested together ──
    {
      name: "ranking only the first few of a list against all of it",
      code: `export async function podium(players: Player[]) {
  const top = players.slice(0, 3);
  return top.map((p) => ({ id: p.id, rank: players.filter((q) => q.score > p.score).length + 1 }));
}`,
    },
    {
      name: "a pairwise call whose result is stored, not tested",
      code: `export async function distances(points: Point[]) {
  const out = [];
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) out.push(dist(points[i], points[j]));
  return out;
}`,
    },
    {
      name: "a pairwise test across two different lists (a cross product, no index)",
      code: `export async function reachable(users: User[], doors: Door[]) {
  const out = [];
  for (const u of users) for (const d of doors) if (canOpen(u, d)) out.push([u.id, d.id]);
  return out;
}`,
    },
    {
      name: "suppressed with a comment",
      code: `export function join(orders: Order[], users: User[]) {
  // looplens-ignore-next-line cpu-heavy-loop
  return orders.map((o) => users.find((u) => u.id === o.userId));
}`,
    },
  ],

  invalid: [
    {
      name: "a join in an exported synchronous utility",
      code: `export function withOverrides(labels: Label[], overrides: Label[]) {
  return labels.map((l) => overrides.find((o) => o.key === l.key) ?? l);
}`,
      findings: [{ line: 2, message: "on the main thread in synchronous function withOverrides" }],
    },
    {
      name: "a nested-loop join in a module.exports utility (plain JS)",
      code: `function pairUp(left, right) {
  const out = [];
  for (const l of left) for (const r of right) if (l.id === r.id) out.push([l, r]);
  return out;
}
module.exports = { pairUp };`,
      filename: "src/pair.js",
      findings: [{ line: 3, message: "on the main thread in synchronous function pairUp" }],
    },
    // ── hidden inner loops ──
    {
      name: "users.find inside orders.map in an express handler",
      code: `app.get("/orders", async (req, res) => {
  const orders = await db.query("select * from orders");
  const users = await db.query("select * from users");
  res.json(orders.map((o) => ({ ...o, user: users.find((u) => u.id === o.userId) })));
});`,
      findings: [{ line: 4, column: 12, message: "users.find() inside a loop over orders does O(orders × users) work on the event loop in request handler for GET /orders — index users by id in a Map once before the loop" }],
    },
    {
      name: "listB.includes inside a for…of over listA, in a helper only a handler calls (plain JS)",
      code: `function common(listA, listB) {
  const out = [];
  for (const a of listA) {
    if (listB.includes(a)) out.push(a);
  }
  return out;
}
app.post("/common", (req, res) => res.json(common(req.body.a, req.body.b)));`,
      filename: "src/lists.js",
      findings: [{ line: 3, endLine: 5, message: "listB.includes() inside a loop over listA does O(listA × listB) work on the event loop in function common, called from request handler for POST /common — put listB in a Set once before the loop" }],
    },
    {
      name: "destructured Promise.all results, for…of with find",
      code: `export async function attachUsers() {
  const [orders, users] = await Promise.all([Order.findAll(), User.findAll()]);
  for (const order of orders) {
    order.user = users.find((u) => u.id === order.userId);
  }
  return orders;
}`,
      findings: [{ line: 3, endLine: 5, message: "async function attachUsers" }],
    },
    {
      name: "rows destructured from pg results",
      code: `router.get("/report", async (req, res) => {
  const { rows: sales } = await pool.query("select * from sales");
  const { rows: products } = await pool.query("select * from products");
  const report = sales.map((s) => ({ ...s, product: products.find((p) => p.sku === s.sku)?.name }));
  res.json(report);
});`,
      findings: [{ line: 4, message: "index products by sku in a Map" }],
    },
    {
      name: "filter join (group by)",
      code: `export async function ordersWithLines(orders: Order[], lines: Line[]) {
  return orders.map((o) => ({ ...o, lines: lines.filter((l) => l.orderId === o.id) }));
}`,
      findings: [{ line: 2, message: "group lines by orderId in a Map once before the loop" }],
    },
    {
      name: ".some join inside .filter",
      code: `export async function active(users: User[], bans: Ban[]) {
  return users.filter((u) => !bans.some((b) => b.userId === u.id));
}`,
      findings: [{ line: 2, message: "bans.some() inside a loop over users" }],
    },
    {
      name: "indexOf dedupe idiom",
      code: `export async function unique(emails: string[]) {
  return emails.filter((e, i) => emails.indexOf(e) === i);
}`,
      findings: [{ line: 2, message: "O(emails²) work on the event loop in async function unique — deduplicate with [...new Set(emails)]" }],
    },
    {
      name: "seen-list dedupe with includes + push",
      code: `export async function dedupe(events: Event[]) {
  const seen = [];
  const out = [];
  for (const e of events) {
    if (!seen.includes(e.id)) {
      seen.push(e.id);
      out.push(e);
    }
  }
  return out;
}`,
      findings: [{ line: 4, endLine: 9, message: "seen.includes() inside a loop over events" }],
    },
    {
      name: "loop-invariant filter recomputed per item",
      code: `app.get("/feed", async (req, res) => {
  const posts = await Post.all();
  const authors = await Author.all();
  const out = posts.map((p) => ({ ...p, activeAuthors: authors.filter((a) => a.active).length }));
  res.json(out);
});`,
      findings: [{ line: 4, message: "compute authors.filter(…) once before the loop" }],
    },
    {
      name: "sort of the same array on every iteration",
      code: `export async function cheapestFor(queries: Query[], products: Product[]) {
  const out = [];
  for (const q of queries) {
    const sorted = products.sort((a, b) => a.price - b.price);
    out.push(sorted.find((p) => p.category === q.category));
  }
  return out;
}`,
      findings: [{ line: 3, endLine: 6, message: "products.sort() inside a loop over queries" }],
    },
    {
      name: "JSON.stringify of the whole list per item",
      code: `export async function snapshot(items: Item[], cache: Map<string, string>) {
  items.forEach((item) => cache.set(item.id, JSON.stringify(items)));
}`,
      findings: [{ line: 2, message: "JSON.stringify(items) inside a loop over items does O(items²)" }],
    },
    {
      name: "class field store searched per request item",
      code: `class UserService {
  private users: User[] = [];
  add(u: User) { this.users.push(u); }
  async hydrate(orders: Order[]) {
    return orders.map((o) => ({ ...o, user: this.users.find((u) => u.id === o.userId) }));
  }
}`,
      findings: [{ line: 5, message: "this.users.find() inside a loop over orders" }],
    },
    {
      name: "module-level store filled by requests",
      code: `const sessions = [];
app.post("/login", (req, res) => { sessions.push({ id: req.body.id, user: req.body.user }); res.end(); });
app.post("/broadcast", (req, res) => {
  for (const id of req.body.ids) {
    const s = sessions.find((x) => x.id === id);
    if (s) notify(s.user);
  }
  res.end();
});`,
      filename: "src/sessions.js",
      findings: [{ line: 4, endLine: 7, message: "request handler for POST /broadcast" }],
    },
    {
      name: "triple nest reported at the outermost data loop",
      code: `export async function plan(orders: Order[], stock: Stock[]) {
  for (const o of orders) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const s = stock.find((x) => x.sku === o.sku && x.qty > attempt);
      if (s) { o.stock = s; break; }
    }
  }
}`,
      findings: [{ line: 2, endLine: 7, message: "stock.find() inside a loop over orders" }],
    },
    {
      name: "outer loop awaits: the blocking nest is the inner one",
      code: `export async function process(batches: Batch[], users: User[]) {
  for (const batch of batches) {
    for (const o of batch.orders) {
      o.user = users.find((u) => u.id === o.userId);
    }
    await save(batch);
  }
}`,
      findings: [{ line: 3, endLine: 5, message: "users.find() inside a loop over batch.orders" }],
    },
    {
      name: "typed array parameters in a class method",
      code: `export class Matcher {
  async match(leads: Lead[], customers: ReadonlyArray<Customer>): Promise<Lead[]> {
    return leads.filter((l) => customers.some((c) => c.email.toLowerCase() === l.email.toLowerCase()));
  }
}`,
      findings: [{ line: 3, message: "put the email values of customers in a Set once before the loop" }],
    },
    {
      name: "event callback",
      code: `import { EventEmitter } from "node:events";
export function wire(bus: EventEmitter, catalog: Product[]) {
  bus.on("cart", (cart: Cart) => {
    cart.total = cart.items.reduce((sum, it) => sum + catalog.find((p) => p.id === it.productId)!.price * it.qty, 0);
  });
}`,
      findings: [{ line: 4, message: /on the event loop in (a )?'cart' event callback/ }],
    },
    {
      name: "lookup through a local helper over a module store",
      code: `const users = [];
export function register(u) { users.push(u); }
function findUser(id) {
  return users.find((u) => u.id === id);
}
app.get("/orders", async (req, res) => {
  const orders = await db.orders();
  res.json(orders.map((o) => ({ ...o, user: findUser(o.userId) })));
});`,
      filename: "src/orders.js",
      findings: [{ line: 8, message: "findUser() scans users inside a loop over orders" }],
    },
    {
      name: "a method helper reached through this",
      code: `class Repo {
  private users: User[] = [];
  add(u: User) { this.users.push(u); }
  private byId(id: string) { return this.users.find((u) => u.id === id); }
  async hydrate(orders: Order[]) {
    return orders.map((o) => ({ ...o, user: this.byId(o.userId) }));
  }
}`,
      findings: [{ line: 6, message: "this.byId() scans this.users inside a loop over orders" }],
    },
    {
      name: "an inner loop bounded by a length kept in a local",
      code: `export async function link(orders: Order[], users: User[]) {
  const n = users.length;
  for (let i = 0; i < orders.length; i++) {
    for (let j = 0; j < n; j++) if (orders[i].userId === users[j].id) orders[i].user = users[j];
  }
}`,
      findings: [{ line: 3, endLine: 5, message: "nested loops over orders and users match items on id" }],
    },
    {
      name: "helper that searches its parameter",
      code: `const byId = (list: User[], id: string) => list.find((x) => x.id === id);
export async function link(orders: Order[], users: User[]) {
  orders.forEach((o) => { o.user = byId(users, o.userId); });
}`,
      findings: [{ line: 3, message: "byId() scans users inside a loop over orders" }],
    },
    {
      name: "helper with an explicit search loop",
      code: `function indexOfUser(users, id) {
  for (let i = 0; i < users.length; i++) if (users[i].id === id) return i;
  return -1;
}
export async function positions(orders, users) {
  return orders.map((o) => indexOfUser(users, o.userId));
}`,
      filename: "src/pos.js",
      findings: [{ line: 6, message: "indexOfUser() scans users inside a loop over orders" }],
    },
    // ── explicit nested loops that match ──
    {
      name: "nested for…of join",
      code: `app.post("/sync", (req, res) => {
  const { orders, customers } = req.body;
  for (const o of orders) {
    for (const c of customers) {
      if (c.id === o.customerId) o.customer = c;
    }
  }
  res.json(orders);
});`,
      findings: [{ line: 3, endLine: 7, message: "nested loops over orders and customers match items on id: O(orders × customers) work on the event loop in request handler for POST /sync — index customers by id in a Map once before the loop" }],
    },
    {
      name: "counted nested loops with indexes",
      code: `export async function merge(a: Row[], b: Row[]) {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (a[i].key === b[j].key) a[i].extra = b[j].value;
    }
  }
}`,
      findings: [{ line: 2, endLine: 6, message: "nested loops over a and b match items on key" }],
    },
    {
      name: "pairwise duplicate check",
      code: `export async function duplicates(people: Person[]) {
  const dups = [];
  for (let i = 0; i < people.length; i++)
    for (let j = i + 1; j < people.length; j++)
      if (people[i].email === people[j].email) dups.push(people[j]);
  return dups;
}`,
      findings: [{ line: 3, endLine: 5, message: "O(people²)" }],
    },
    {
      name: "forEach inside forEach with a match",
      code: `export async function attach(posts, comments) {
  posts.forEach((p) => {
    comments.forEach((c) => { if (c.postId === p.id) (p.comments ||= []).push(c); });
  });
}`,
      filename: "src/attach.js",
      findings: [{ line: 2, endLine: 4, message: "index comments by postId" }],
    },
    // ── accumulators copied per step ──
    {
      name: "reduce with an object spread of the accumulator",
      code: `app.get("/index", async (req, res) => {
  const products = await Product.find();
  const byId = products.reduce((acc, p) => ({ ...acc, [p.id]: p }), {});
  res.json(byId);
});`,
      findings: [{ line: 3, message: "products.reduce() copies its accumulator on every step: O(products²) work on the event loop in request handler for GET /index" }],
    },
    {
      name: "reduce with an array spread of the accumulator",
      code: `export async function flatten(groups: Group[]) {
  return groups.reduce((all, g) => [...all, ...g.items], [] as Item[]);
}`,
      findings: [{ line: 2, message: "groups.reduce() copies its accumulator" }],
    },
    {
      name: "concat reassigned in a loop",
      code: `export async function allTags(posts: Post[]) {
  let tags: string[] = [];
  for (const p of posts) tags = tags.concat(p.tags);
  return tags;
}`,
      findings: [{ line: 3, message: "rebuilding tags on every iteration over posts copies it each time" }],
    },
    // ── large constant or unbounded work ──
    {
      name: "a million hashes in an async function",
      code: `import { createHash } from "node:crypto";
export async function digestAll(seed: string) {
  let h = seed;
  for (let i = 0; i < 1_000_000; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}`,
      findings: [{ line: 4, message: "1,000,000 iterations of hashing in async function digestAll block the event loop — move the work to a worker thread" }],
    },
    {
      name: "nested constant bounds multiply",
      code: `app.get("/mandelbrot", (req, res) => {
  const img = [];
  for (let y = 0; y < 400; y++) {
    for (let x = 0; x < 400; x++) img.push(iterate(x / 200 - 1.5, y / 200 - 1));
  }
  res.json(img);
});`,
      findings: [{ line: 3, endLine: 5, message: "160,000 iterations of calls to iterate() in request handler for GET /mandelbrot block the event loop" }],
    },
    {
      name: "named constant bound with regex work in a data event",
      code: `const ROUNDS = 50_000;
socket.on("data", (chunk) => {
  let hits = 0;
  for (let i = 0; i < ROUNDS; i++) if (/^\\d+$/.test(chunk + i)) hits++;
  socket.write(String(hits));
});`,
      filename: "src/sock.js",
      findings: [{ line: 4, message: /50,000 iterations of regex matching in (a )?'data' event callback/ }],
    },
    {
      name: "Array.from with a large length",
      code: `export async function table() {
  return Array.from({ length: 200_000 }, (_, i) => Math.sqrt(i) * Math.sin(i));
}`,
      findings: [{ line: 2, message: "200,000 iterations of arithmetic in async function table" }],
    },
    {
      name: "a named literal collection times a counted loop",
      code: `const SIZES = [16, 32, 64, 128];
export async function sprites(sheet: Sheet) {
  for (const s of SIZES) for (let i = 0; i < 5000; i++) sheet.draw(s, i);
}`,
      findings: [{ line: 3, message: "20,000 iterations of calls to draw() in async function sprites" }],
    },
    {
      name: "a constant declared elsewhere bounds both loops of a grid",
      code: `const N = 300;
app.get("/heat", (req, res) => {
  let acc = 0;
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) acc += Math.sin(x) * Math.cos(y);
  res.json({ acc });
});`,
      findings: [{ line: 4, message: "90,000 iterations of arithmetic in request handler for GET /heat" }],
    },
    {
      name: "threshold from settings",
      code: `export async function warm(cache: Map<number, number>) {
  for (let i = 0; i < 5000; i++) cache.set(i, fib(i % 30));
}`,
      settings: { thresholds: { cpuLoopIterations: 1000 } },
      findings: [{ line: 2, message: "5,000 iterations of calls to fib()" }],
    },
    {
      name: "unbounded proof-of-work loop",
      code: `const crypto = require("crypto");
async function mine(block) {
  let nonce = 0;
  while (true) {
    const h = crypto.createHash("sha256").update(block + nonce).digest("hex");
    if (h.startsWith("0000")) return nonce;
    nonce++;
  }
}
module.exports = { mine };`,
      filename: "src/mine.js",
      findings: [{ line: 4, endLine: 8, message: "an unbounded loop of hashing in async function mine" }],
    },
    // ── per-item batches of heavy work ──
    {
      name: "jpeg decode/encode per uploaded image",
      code: `import jpeg from "jpeg-js";
app.post("/thumbs", (req, res) => {
  const out = req.body.images.map((img) => jpeg.encode(shrink(jpeg.decode(Buffer.from(img, "base64"))), 70).data);
  res.json(out.map((b) => b.toString("base64")));
});`,
      findings: [{ line: 3, message: "jpeg.encode() (image codec) runs for each item of req.body.images one after another on the event loop in request handler for POST /thumbs" }],
    },
    {
      name: "image codec through a helper in a sync utility",
      code: `const fs = require("fs");
const { PNG } = require("pngjs");
function thumbnail(buf) {
  const png = PNG.sync.read(buf);
  return PNG.sync.write(scale(png, 0.25));
}
function thumbnails(files) {
  return files.map((f) => thumbnail(fs.readFileSync(f)));
}
module.exports = { thumbnails };`,
      filename: "src/thumbs.js",
      findings: [{ line: 8, message: "PNG.sync.read() (image codec) runs for each item of files one after another on the main thread in synchronous function thumbnails" }],
    },
    {
      name: "bcrypt hashSync per user in a handler",
      code: `const bcrypt = require("bcryptjs");
app.post("/import", async (req, res) => {
  const users = req.body.users.map((u) => ({ ...u, hash: bcrypt.hashSync(u.password, 12) }));
  await db.insert(users);
  res.end();
});`,
      filename: "src/import.js",
      findings: [{ line: 3, message: "bcrypt.hashSync() (key derivation)" }],
    },
    {
      name: "hashing each file's contents in a synchronous utility",
      code: `import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
export function fingerprints(paths: string[]) {
  return paths.map((p) => createHash("sha256").update(readFileSync(p)).digest("hex"));
}`,
      findings: [{ line: 4, message: "createHash() (file hashing) runs for each item of paths one after another on the main thread in synchronous function fingerprints" }],
    },
    {
      name: "image batch in a CLI script (a pool would use every core)",
      code: `#!/usr/bin/env node
const fs = require("fs");
const jpeg = require("jpeg-js");
for (const f of fs.readdirSync(process.argv[2])) {
  const img = jpeg.decode(fs.readFileSync(f));
  fs.writeFileSync(f + ".small.jpg", jpeg.encode(half(img), 60).data);
}`,
      filename: "tools/shrink.js",
      findings: [{ line: 4, endLine: 7, message: "jpeg.decode() (image codec) runs for each item of fs.readdirSync(process.argv[2]) one at a time on a single core in a CLI script" }],
    },
    {
      name: "Node zlib sync per item in a synchronous utility",
      code: `import { gzipSync } from "node:zlib";
export function packAll(chunks: Buffer[]) {
  return chunks.map((c) => gzipSync(c));
}`,
      findings: [{ line: 3, message: "gzipSync() (compression) runs for each item of chunks one after another on the main thread" }],
    },
    // ── more matching shapes ──
    {
      name: "nearest neighbour: a distance for every pair, then compared",
      code: `export async function assign(orders: Order[], drivers: Driver[]) {
  const out = new Map<string, string>();
  for (const o of orders) {
    let best: Driver | undefined;
    let bestKm = Infinity;
    for (const d of drivers) {
      const km = haversineKm(o, d);
      if (km < bestKm) { bestKm = km; best = d; }
    }
    if (best) out.set(o.id, best.id);
  }
  return out;
}`,
      findings: [{ line: 3, endLine: 11, message: "nested loops over orders and drivers compute haversineKm() for every pair: O(orders × drivers) work on the event loop in async function assign" }],
    },
    {
      name: "similarity search in a predicate",
      code: `export async function similar(titles: string[], catalog: Product[]) {
  return titles.map((t) => catalog.filter((p) => levenshtein(p.title, t) <= 2));
}`,
      findings: [{ line: 2, message: "it computes levenshtein() for every pair" }],
    },
    {
      name: "every pair of one collection, compared through locals",
      code: `router.get("/dupes", async (req, res) => {
  const { rows: orders } = await pool.query("select * from orders");
  const dupes = [];
  for (let i = 0; i < orders.length; i++) {
    for (let j = i + 1; j < orders.length; j++) {
      const a = orders[i];
      const b = orders[j];
      if (Math.abs(a.at - b.at) < 60000 && a.total === b.total) dupes.push([a.id, b.id]);
    }
  }
  res.json(dupes);
});`,
      findings: [{ line: 4, endLine: 10, message: "nested loops compare every pair of orders: O(orders²) work on the event loop in request handler for GET /dupes — group orders by total in a Map first" }],
    },
    {
      name: "every pair without a key to group on",
      code: `export async function overlaps(meetings: Meeting[]) {
  const out = [];
  for (const a of meetings) for (const b of meetings) if (a !== b && a.start < b.end && b.start < a.end) out.push([a, b]);
  return out;
}`,
      findings: [{ line: 3, message: "move the pairwise comparison to a worker thread" }],
    },
    {
      name: "every pair of one list tested by a helper (j = i + 1) in an async function",
      code: `export async function flagDuplicates() {
  const contacts = await crm.contacts();
  const dupes = [];
  for (let i = 0; i < contacts.length; i++) {
    for (let j = i + 1; j < contacts.length; j++) {
      if (looksAlike(contacts[i], contacts[j])) dupes.push([contacts[i].id, contacts[j].id]);
    }
  }
  return dupes;
}`,
      findings: [{ line: 4, endLine: 8, message: "nested loops compare every pair of contacts: O(contacts²) work on the event loop in async function flagDuplicates — move the pairwise comparison to a worker thread" }],
    },
    {
      name: "every pair of one list (j = 0) tested in an express handler",
      code: `app.post("/merge", (req, res) => {
  const rows = req.body.rows;
  const merged = new Set();
  for (let i = 0; i < rows.length; i++)
    for (let j = 0; j < rows.length; j++)
      if (!merged.has(j) && sameCustomer(rows[i], rows[j])) merged.add(j);
  res.json({ merged: merged.size });
});`,
      filename: "src/merge.js",
      findings: [{ line: 4, endLine: 6, message: "nested loops compare every pair of rows: O(rows²) work on the event loop in request handler for POST /merge" }],
    },
    {
      name: "every pair of one list tested by a method of one item",
      code: `export async function touching(zones: Zone[]) {
  const out = new Set<string>();
  for (const a of zones) for (const b of zones) if (a.intersects(b)) out.add(a.id);
  return out;
}`,
      findings: [{ line: 3, message: "nested loops compare every pair of zones" }],
    },
    {
      name: "a list ranked against itself inside its own map, in a ws message callback",
      code: `import { WebSocketServer } from "ws";
const wss = new WebSocketServer({ port: 8080 });
wss.on("connection", (ws) => {
  ws.on("message", (raw) => {
    const { players } = JSON.parse(String(raw));
    const ranked = players.map((p) => ({ id: p.id, rank: players.filter((q) => q.score > p.score).length + 1 }));
    ws.send(JSON.stringify(ranked));
  });
});`,
      findings: [{ line: 6, message: "players.filter() inside a loop over players compares every pair of players: O(players²) work on the event loop in a 'message' event callback — sort players by score once before the loop" }],
    },
    {
      name: "a list ranked against itself in a plain async function",
      code: `export async function leaderboard(players: Player[]) {
  return players.map((p) => ({ ...p, behind: players.filter((q) => q.points > p.points).length }));
}`,
      findings: [{ line: 2, message: "O(players²) work on the event loop in async function leaderboard — sort players by points once" }],
    },
    {
      name: "overlaps of one list with itself through .some",
      code: `app.get("/clashes", async (req, res) => {
  const meetings = await db.meetings();
  res.json(meetings.filter((m) => meetings.some((o) => o !== m && o.start < m.end && m.start < o.end)));
});`,
      findings: [{ line: 3, message: "meetings.some() inside a loop over meetings compares every pair of meetings" }],
    },
    {
      name: "includes join: each page's links scanned for every page",
      code: `export async function backlinks(pages) {
  return pages.map((p) => ({ url: p.url, inbound: pages.filter((q) => q.links.includes(p.url)).length }));
}`,
      filename: "src/rank.js",
      findings: [{ line: 2, message: "pages.filter() inside a loop over pages does O(pages²)" }],
    },
    {
      name: "untyped list searched for each element of another",
      code: `export async function intersection(a, b) {
  return a.filter((x) => b.includes(x));
}`,
      filename: "src/sets.js",
      findings: [{ line: 2, message: "b.includes() inside a loop over a" }],
    },
    {
      name: "id looked up in an untyped list",
      code: `async function unacked(points, acked) {
  return points.filter((p) => !acked.includes(p.id));
}
module.exports = { unacked };`,
      filename: "src/spool.js",
      findings: [{ line: 2, message: "acked.includes()" }],
    },
    {
      name: "indexOf membership test gets the Set remedy",
      code: `async function prune(subscribers, userIds) {
  for (let i = subscribers.length - 1; i >= 0; i--) {
    if (userIds.indexOf(subscribers[i].userId) !== -1) subscribers.splice(i, 1);
  }
}`,
      filename: "src/prune.js",
      findings: [{ line: 2, endLine: 4, message: "put userIds in a Set once before the loop and use .has()" }],
    },
    {
      name: "destructured from JSON.parse in a stream callback",
      code: `req.on("end", () => {
  const { items, exclude } = JSON.parse(body);
  res.end(JSON.stringify(items.filter((i) => !exclude.includes(i.id))));
});`,
      filename: "src/end.js",
      findings: [{ line: 3, message: "exclude.includes() inside a loop over items" }],
    },
    {
      name: "per-pixel loops in a helper called from a request handler",
      code: `import { PNG } from "pngjs";
function grayscale(png: PNG) {
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (png.width * y + x) << 2;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = (png.data[i] + png.data[i + 1] + png.data[i + 2]) / 3;
    }
  }
}
app.post("/gray", (req, res) => {
  const png = PNG.sync.read(req.body);
  grayscale(png);
  res.send(PNG.sync.write(png));
});`,
      findings: [{ line: 3, endLine: 8, message: /^per-pixel loops over png.height × png.width do arithmetic for every pixel on the event loop in .*grayscale/ }],
    },
    {
      name: "lodash find with an object matcher",
      code: `import _ from "lodash";
export async function owners(orders: Order[], users: User[]) {
  return orders.map((o) => _.find(users, { id: o.userId }));
}`,
      findings: [{ line: 3, message: "_.find(users) inside a loop over orders does O(orders × users) work on the event loop in async function owners — index users by id in a Map once before the loop" }],
    },
    {
      name: "a module-level object store searched through Object.values",
      code: `const cache: Record<string, Product> = {};
export function remember(p: Product) { cache[p.id] = p; }
app.get("/p", async (req, res) => {
  const ids: string[] = req.body.ids;
  res.json(ids.map((id) => Object.values(cache).find((p) => p.id === id)));
});`,
      findings: [{ line: 5, message: "Object.values(cache).find() inside a loop over ids" }],
    },
    {
      name: "while loop with an index and includes",
      code: `export async function tagNew(posts: Post[], known: string[]) {
  let i = 0;
  while (i < posts.length) {
    if (!known.includes(posts[i].slug)) posts[i].isNew = true;
    i++;
  }
}`,
      findings: [{ line: 3, endLine: 6, message: "known.includes() inside a loop over posts" }],
    },
    {
      name: "for…in over a data object with a find per key",
      code: `export async function attach(byName: Record<string, number>, users: User[]) {
  for (const name in byName) {
    const u = users.find((x) => x.name === name);
    if (u) u.score = byName[name];
  }
}`,
      findings: [{ line: 2, endLine: 5, message: "index users by name in a Map" }],
    },
    {
      name: "findIndex + splice removal per item",
      code: `export async function removeAll(list: Item[], toRemove: Item[]) {
  for (const r of toRemove) {
    const idx = list.findIndex((i) => i.id === r.id);
    if (idx !== -1) list.splice(idx, 1);
  }
}`,
      findings: [{ line: 2, endLine: 5, message: "list.findIndex() inside a loop over toRemove" }],
    },
    // ── spinning on the clock ──
    {
      name: "busy-wait sleep helper",
      code: `export function sleepSync(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
}`,
      findings: [{ line: 3, message: "busy-wait loop spins on the clock on the main thread in synchronous function sleepSync" }],
    },
    {
      name: "busy-wait in a handler with performance.now",
      code: `app.get("/slow", (req, res) => {
  const t0 = performance.now();
  do { /* wait */ } while (performance.now() - t0 < 200);
  res.end("ok");
});`,
      findings: [{ line: 3, message: "request handler for GET /slow" }],
    },
    // ── fixes: an index built once before the loop ──
    {
      name: "fix: .find in a map callback becomes a Map lookup (JS)",
      filename: "src/routes/report.js",
      code: `router.get("/orders/report", async (req, res) => {
  const orders = await db.orders.list();
  const users = await db.users.all();
  const rows = orders.map((o) => ({ id: o.id, user: users.find((u) => u.id === o.userId) }));
  res.send(JSON.stringify(rows));
});`,
      findings: [{ line: 4, message: "index users by id in a Map" }],
      output: `router.get("/orders/report", async (req, res) => {
  const orders = await db.orders.list();
  const users = await db.users.all();
  // reverse(): where ids repeat, the first of users wins, as with find()
  const usersById = new Map(users.map((u) => [u.id, u]).reverse());
  const rows = orders.map((o) => ({ id: o.id, user: usersById.get(o.userId) }));
  res.send(JSON.stringify(rows));
});`,
    },
    {
      name: "fix: .find in a for…of becomes a Map lookup (TS, typed tuple, comment above the loop kept with it)",
      code: `export async function attach(orders: Order[], customers: Customer[]) {
  // link each order to its customer
  for (const o of orders) {
    const c = customers.find((c) => c.id === o.customerId);
    o.customerName = c?.name ?? "unknown";
  }
  return orders;
}`,
      findings: [{ line: 3, endLine: 6, message: "customers.find() inside a loop over orders" }],
      output: `export async function attach(orders: Order[], customers: Customer[]) {
  // reverse(): where ids repeat, the first of customers wins, as with find()
  const customersById = new Map(customers.map((c) => [c.id, c] as const).reverse());
  // link each order to its customer
  for (const o of orders) {
    const c = customersById.get(o.customerId);
    o.customerName = c?.name ?? "unknown";
  }
  return orders;
}`,
    },
    {
      name: "fix: two lookups of one array by the same key share one Map; the name avoids one in use",
      code: `export async function route(legs: Leg[], airports: Airport[]) {
  const airportsByCode = "taken";
  return legs.map((l) => [airports.find((a) => a.code === l.from), airports.find((x) => x.code === l.to), airportsByCode]);
}`,
      findings: [{ line: 3, message: "airports.find() inside a loop over legs" }],
      output: `export async function route(legs: Leg[], airports: Airport[]) {
  const airportsByCode = "taken";
  // reverse(): where codes repeat, the first of airports wins, as with find()
  const airportsByCode2 = new Map(airports.map((a) => [a.code, a] as const).reverse());
  return legs.map((l) => [airportsByCode2.get(l.from), airportsByCode2.get(l.to), airportsByCode]);
}`,
    },
    {
      name: "fix: .some by key becomes a Set of keys",
      code: `export async function active(users: User[], bans: Ban[]) {
  return users.filter((u) => !bans.some((b) => b.userId === u.id));
}`,
      findings: [{ line: 2, message: "put the userId values of bans in a Set" }],
      output: `export async function active(users: User[], bans: Ban[]) {
  const banUserIds = new Set(bans.map((b) => b.userId));
  return users.filter((u) => !banUserIds.has(u.id));
}`,
    },
    {
      name: "fix: .includes becomes Set.has (typed array: safe)",
      code: `export async function visible(items: Item[], hiddenIds: string[]) {
  return items.filter((i) => !hiddenIds.includes(i.id));
}`,
      findings: [{ line: 2, message: "put hiddenIds in a Set" }],
      output: `export async function visible(items: Item[], hiddenIds: string[]) {
  const hiddenIdsSet = new Set(hiddenIds);
  return items.filter((i) => !hiddenIdsSet.has(i.id));
}`,
    },
    {
      name: "fix: .indexOf(x) === -1 becomes !Set.has(x), in a semicolon-free file",
      filename: "src/lists.js",
      code: `function missing(wanted, stock) {
  const out = []
  for (const w of wanted) {
    if (stock.indexOf(w.sku) === -1) out.push(w)
  }
  return out
}
app.post("/missing", (req, res) => res.json(missing(req.body.wanted, req.body.stock)))`,
      findings: [{ line: 3, endLine: 5, message: "stock.indexOf() inside a loop over wanted" }],
      output: `function missing(wanted, stock) {
  const out = []
  const stockSet = new Set(stock)
  for (const w of wanted) {
    if (!stockSet.has(w.sku)) out.push(w)
  }
  return out
}
app.post("/missing", (req, res) => res.json(missing(req.body.wanted, req.body.stock)))`,
    },
    {
      name: "fix: -1 < xs.indexOf(x) and CRLF line endings",
      code: "export async function known(events: Ev[], ids: string[]) {\r\n  return events.filter((e) => -1 < ids.indexOf(e.id));\r\n}\r\n",
      findings: [{ line: 2, message: "ids.indexOf() inside a loop over events" }],
      output: "export async function known(events: Ev[], ids: string[]) {\r\n  const idsSet = new Set(ids);\r\n  return events.filter((e) => idsSet.has(e.id));\r\n}\r\n",
    },
    {
      name: "fix: an untyped list searched with .includes is offered, but asks to check it is an array",
      filename: "src/lists.js",
      code: `function common(listA, listB) {
  const out = [];
  for (const a of listA) {
    if (listB.includes(a)) out.push(a);
  }
  return out;
}
app.post("/common", (req, res) => res.json(common(req.body.a, req.body.b)));`,
      findings: [{ line: 3, endLine: 5, message: "put listB in a Set" }],
      output: `function common(listA, listB) {
  const out = [];
  const listBSet = new Set(listB);
  for (const a of listA) {
    if (listBSet.has(a)) out.push(a);
  }
  return out;
}
app.post("/common", (req, res) => res.json(common(req.body.a, req.body.b)));`,
    },
    {
      name: "no index fix: == compares loosely (a Map would not)",
      code: `export async function link(orders: Order[], users: User[]) {
  return orders.map((o) => users.find((u) => u.id == o.userId));
}`,
      findings: [{ line: 2, message: "users.find() inside a loop over orders" }],
      output: null,
    },
    {
      name: "no index fix: the key is computed, not a property path",
      code: `export async function link(orders: Order[], users: User[]) {
  return orders.map((o) => users.find((u) => u.email.toLowerCase() === o.email));
}`,
      findings: [{ line: 2, message: "users.find() inside a loop over orders" }],
      output: null,
    },
    {
      name: "no index fix: the compared value is a call, evaluated once per element",
      code: `export async function link(orders: Order[], users: User[]) {
  return orders.map((o) => users.find((u) => u.id === keyOf(o)));
}`,
      findings: [{ line: 2, message: "users.find() inside a loop over orders" }],
      output: null,
    },
    {
      name: "no index fix: the loop adds to the array it searches",
      code: `export async function merge(incoming: Row[], rows: Row[]) {
  for (const r of incoming) {
    const existing = rows.find((x) => x.id === r.id);
    if (!existing) rows.push(r);
  }
}`,
      findings: [{ line: 2, endLine: 5, message: "rows.find() inside a loop over incoming" }],
      output: null,
    },
    {
      name: "no index fix: the loop changes the key of an element",
      code: `export async function rename(changes: Change[], users: User[]) {
  for (const ch of changes) {
    const u = users.find((x) => x.id === ch.from);
    if (u) u.id = ch.to;
  }
}`,
      findings: [{ line: 2, endLine: 5, message: "users.find() inside a loop over changes" }],
      output: null,
    },
    // ── fixes: the function moves to a worker thread ──
    {
      name: "fix: a hashing helper of an ESM handler moves to a worker module, with its import and constant",
      filename: "src/login.mjs",
      code: `import { createHash } from "node:crypto";

const ROUNDS = 100_000;

/** Stretches a password hash. */
function stretch(password, salt) {
  let h = \`\${salt}:\${password}\`;
  for (let i = 0; i < ROUNDS; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}

app.post("/login", async (req, res) => {
  const hash = stretch(req.body.password, req.body.user);
  res.json({ ok: hash === (await db.hashOf(req.body.user)) });
});`,
      findings: [{ line: 8, message: "100,000 iterations of hashing in function stretch" }],
      output: `import { runInWorker } from "./looplens-worker-pool.mjs";

/** Stretches a password hash. */
function stretch(password, salt) {
  // Runs on a worker thread (stretch.worker.mjs): the loop no longer blocks the event loop.
  return runInWorker("./stretch.worker.mjs", "stretch", [password, salt]);
}

app.post("/login", async (req, res) => {
  const hash = await stretch(req.body.password, req.body.user);
  res.json({ ok: hash === (await db.hashOf(req.body.user)) });
});`,
      newFiles: {
        "stretch.worker.mjs": `// stretch() moved here from login.mjs by looplens: it runs on a worker thread (see looplens-worker-pool.mjs),
// so the event loop stays free while it works.

import { createHash } from "node:crypto";

const ROUNDS = 100_000;

/** Stretches a password hash. */
export function stretch(password, salt) {
  let h = \`\${salt}:\${password}\`;
  for (let i = 0; i < ROUNDS; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}
`,
        "looplens-worker-pool.mjs": ESM_POOL,
      },
    },
    {
      name: "fix: with piscina among the dependencies the pool is piscina",
      filename: "src/login.mjs",
      dependencies: ["piscina"],
      code: `import { createHash } from "node:crypto";
function stretch(seed) {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}
app.get("/t", async (req, res) => res.send(stretch(req.query.s)));`,
      findings: [{ line: 4, message: "100,000 iterations of hashing in function stretch" }],
      output: `import { runInWorker } from "./looplens-worker-pool.mjs";
function stretch(seed) {
  // Runs on a worker thread (stretch.worker.mjs): the loop no longer blocks the event loop.
  return runInWorker("./stretch.worker.mjs", "stretch", [seed]);
}
app.get("/t", async (req, res) => res.send(await stretch(req.query.s)));`,
      newFiles: {
        "stretch.worker.mjs": `// stretch() moved here from login.mjs by looplens: it runs on a worker thread (see looplens-worker-pool.mjs),
// so the event loop stays free while it works.

import { createHash } from "node:crypto";

export function stretch(seed) {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}
`,
        "looplens-worker-pool.mjs": poolModuleText("esm", true, "\n"),
      },
    },
    {
      name: "fix: CommonJS keeps require, and a call used as an operand is awaited in parentheses",
      filename: "src/fp.js",
      code: `const crypto = require("node:crypto");

function fingerprint(text) {
  let h = text;
  for (let i = 0; i < 50000; i++) h = crypto.createHash("sha1").update(h).digest("hex");
  return h;
}

router.get("/fp", async (req, res) => {
  res.send(fingerprint(req.query.text).slice(0, 8));
});
module.exports = router;`,
      findings: [{ line: 5, message: "50,000 iterations of hashing in function fingerprint" }],
      output: `const { runInWorker } = require("./looplens-worker-pool.js");

function fingerprint(text) {
  // Runs on a worker thread (fingerprint.worker.js): the loop no longer blocks the event loop.
  return runInWorker("./fingerprint.worker.js", "fingerprint", [text]);
}

router.get("/fp", async (req, res) => {
  res.send((await fingerprint(req.query.text)).slice(0, 8));
});
module.exports = router;`,
      newFiles: {
        "fingerprint.worker.js": `// fingerprint() moved here from fp.js by looplens: it runs on a worker thread (see looplens-worker-pool.js),
// so the event loop stays free while it works.

const crypto = require("node:crypto");

function fingerprint(text) {
  let h = text;
  for (let i = 0; i < 50000; i++) h = crypto.createHash("sha1").update(h).digest("hex");
  return h;
}

module.exports = { fingerprint };
`,
        "looplens-worker-pool.js": poolModuleText("cjs", false, "\n"),
      },
    },
    {
      name: "fix: TypeScript gets a typed async wrapper that loads the .mjs pool, and a worker module with types erased",
      filename: "src/primes.ts",
      code: `const LIMIT = 500_000;

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n > 1;
}

function countPrimes(offset: number) {
  let count = 0;
  for (let n = 0; n < LIMIT; n++) if (isPrime(n + offset)) count++;
  return count;
}

export async function handle(offset: number) {
  return { primes: countPrimes(offset) };
}`,
      findings: [{ line: 10, message: "500,000 iterations of calls to isPrime() in function countPrimes" }],
      output: `async function countPrimes(offset: number): Promise<number> {
  // Runs on a worker thread (count-primes.worker.mjs): the loop no longer blocks the event loop.
  const { runInWorker } = await import("./looplens-worker-pool.mjs");
  return runInWorker("./count-primes.worker.mjs", "countPrimes", [offset]);
}

export async function handle(offset: number) {
  return { primes: await countPrimes(offset) };
}`,
      newFiles: {
        "count-primes.worker.mjs": `// countPrimes() moved here from primes.ts by looplens: it runs on a worker thread (see looplens-worker-pool.mjs),
// so the event loop stays free while it works.

const LIMIT = 500_000;

function isPrime(n) {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return n > 1;
}

export function countPrimes(offset) {
  let count = 0;
  for (let n = 0; n < LIMIT; n++) if (isPrime(n + offset)) count++;
  return count;
}
`,
        "looplens-worker-pool.mjs": ESM_POOL,
        "looplens-worker-pool.d.mts": poolDeclarationText("\n"),
      },
    },
    {
      name: "no worker fix: the function changes module state",
      filename: "src/t.mjs",
      code: `import { createHash } from "node:crypto";
let calls = 0;
function stretch(seed) {
  calls++;
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}
app.get("/t", async (req, res) => res.send(stretch(req.query.s)));`,
      findings: [{ line: 6, message: "function stretch" }],
      output: null,
    },
    {
      name: "no worker fix: the function reads this",
      filename: "src/t.mjs",
      code: `import { createHash } from "node:crypto";
function stretch(seed) {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h + this.pepper).digest("hex");
  return h;
}
app.get("/t", async (req, res) => res.send(stretch(req.query.s)));`,
      findings: [{ line: 4, message: "function stretch" }],
      output: null,
    },
    {
      name: "no worker fix: one caller is a synchronous handler (it cannot await)",
      filename: "src/t.mjs",
      code: `import { createHash } from "node:crypto";
function stretch(seed) {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}
app.get("/t", async (req, res) => res.send(stretch(req.query.s)));
app.get("/u", (req, res) => res.send(stretch(req.query.u)));`,
      findings: [{ line: 4, message: "function stretch" }],
      output: null,
    },
    {
      name: "no worker fix: the function sorts the caller's array in place (a worker would sort a copy)",
      code: `function normalise(scores: number[]) {
  scores.sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i < 100000; i++) total += Math.sqrt(scores[i % scores.length]);
  return total;
}
export async function handle(scores: number[]) {
  return normalise(scores);
}`,
      findings: [{ line: 4, message: "function normalise" }],
      output: null,
    },
    {
      name: "no worker fix: a parameter is a callback (functions cannot go to another thread)",
      filename: "src/t.mjs",
      code: `import { createHash } from "node:crypto";
function stretch(seed, done) {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return done(h);
}
app.get("/t", async (req, res) => res.send(stretch(req.query.s, (h) => h.slice(0, 8))));`,
      findings: [{ line: 4, message: "function stretch" }],
      output: null,
    },
    {
      name: "no fix: the loop is inside the handler itself (nothing to move as it is)",
      code: `app.get("/heat", (req, res) => {
  let acc = 0;
  for (let y = 0; y < 300; y++) for (let x = 0; x < 300; x++) acc += Math.sin(x) * Math.cos(y);
  res.json({ acc });
});`,
      findings: [{ line: 3, message: "90,000 iterations of arithmetic" }],
      output: null,
    },
    {
      name: "no index fix: a store other handlers fill, and the loop calls code that may reach them",
      filename: "src/sessions.js",
      code: `const sessions = [];
app.post("/login", (req, res) => { sessions.push({ id: req.body.id, user: req.body.user }); res.end(); });
app.post("/broadcast", (req, res) => {
  for (const id of req.body.ids) {
    const s = sessions.find((x) => x.id === id);
    if (s) notify(s.user);
  }
  res.end();
});`,
      findings: [{ line: 4, endLine: 7, message: "request handler for POST /broadcast" }],
      output: null,
    },
  ],
});
