import { sequentialAwait } from "../../../server/src/engine/rules/sequential-await";
import { testRule } from "../../rule-tester";

testRule(sequentialAwait, {
  valid: [
    {
      name: "the second await needs the first result",
      code: `export async function load(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(user.accountId);
  return { user, orders };
}`,
    },
    {
      name: "a destructured name feeds the next call",
      code: `async function f() {
  const { id, region } = await createSession();
  const quota = await readQuota(region);
  return { id, quota };
}`,
    },
    {
      name: "a property written by the first await is read by the second",
      code: `class Profile {
  async refresh() {
    this.user = await api.loadUser();
    this.perms = await api.loadPerms(this.user.id);
  }
}`,
    },
    {
      name: "a method on the receiver whose property the first await set may read it",
      code: `class Store {
  async init() {
    this.config = await readConfig();
    const items = await this.fetchItems();
    return items;
  }
}`,
    },
    {
      name: "a closure in the second call reads the first result",
      code: `async function f() {
  const token = await getToken();
  const data = await withRetry(() => callApi(token));
  return data;
}`,
    },
    {
      name: "awaiting promises that were already started",
      code: `async function headline(orgId) {
  const ticketsP = countTickets(orgId);
  const mrrP = mrr(orgId);
  const tickets = await ticketsP;
  const total = await mrrP;
  return { tickets, total };
}`,
    },
    {
      name: "then() on an already started promise",
      code: `async function f(p, q) {
  const a = await p.then((r) => r.data);
  const b = await q.then((r) => r.data);
  return [a, b];
}`,
    },
    {
      name: "a guard clause between the awaits",
      code: `app.get("/users/:id", async (req, res) => {
  const user = await users.findById(req.params.id);
  if (!user) return res.sendStatus(404);
  const prefs = await users.preferences(req.params.id);
  res.json({ user, prefs });
});`,
    },
    {
      name: "a transaction: BEGIN and its statements on one client",
      code: `async function transfer(pool, from, to, cents) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const a = await client.query("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE", [from]);
    const b = await client.query("SELECT balance FROM accounts WHERE id = $1", [to]);
    await client.query("COMMIT");
    return [a, b];
  } finally {
    client.release();
  }
}`,
    },
    {
      name: "reads on one checked-out connection run in order anyway",
      code: `async function report(pool) {
  const conn = await pool.getConnection();
  const [users] = await conn.execute("SELECT * FROM users");
  const [orders] = await conn.execute("SELECT * FROM orders");
  conn.release();
  return { users, orders };
}`,
    },
    {
      name: "an interactive Prisma transaction",
      code: `async function audit(prisma) {
  return prisma.$transaction(async (db) => {
    const users = await db.user.findMany();
    const posts = await db.post.findMany();
    return { users, posts };
  });
}`,
    },
    {
      name: "queries that pass the same Sequelize transaction",
      code: `async function snapshot(sequelize) {
  const t = await sequelize.transaction();
  const users = await User.findAll({ transaction: t });
  const posts = await Post.findAll({ transaction: t });
  await t.commit();
  return { users, posts };
}`,
    },
    {
      name: "a write then a read of the same file",
      code: `import { readFile, writeFile } from "node:fs/promises";
export async function roundTrip(path: string, data: string) {
  await writeFile(path, data);
  const back = await readFile(path, "utf8");
  return back;
}`,
    },
    {
      name: "sends on one socket",
      code: `async function greet(ws) {
  await ws.send("hello");
  await ws.send("world");
}`,
    },
    {
      name: "UI automation steps on one page",
      code: `async function login(page) {
  await page.goto("https://example.com/login");
  await page.fill("#user", "me");
  await page.click("#submit");
  const title = await page.title();
  const html = await page.content();
  return { title, html };
}`,
    },
    {
      name: "a sleep between two reads",
      code: `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function f() {
  const a = await getA();
  await sleep(100);
  const b = await getB();
  return [a, b];
}`,
    },
    {
      name: "two mutations through the same receiver",
      code: `async function clear(redis, id) {
  await redis.del("user:" + id);
  await redis.del("posts:" + id);
}`,
    },
    {
      name: "a mutation then a read of the same table",
      code: `async function rename(db, id, name) {
  const updated = await db.users.update({ where: { id }, data: { name } });
  const all = await db.users.findMany();
  return { updated, all };
}`,
    },
    {
      name: "connect, then use the same client",
      code: `async function start(redis) {
  await redis.connect();
  await redis.set("boot", Date.now());
}`,
    },
    {
      name: "creates that depend on each other through shared data",
      code: `async function signup(input) {
  const user = await User.create(input);
  const profile = await Profile.create({ userId: user.id });
  return { user, profile };
}`,
    },
    {
      name: "POST requests change state",
      code: `async function f(a, b) {
  const r1 = await fetch(a, { method: "POST", body: "{}" });
  const r2 = await fetch(b, { method: "POST", body: "{}" });
  return [r1, r2];
}`,
    },
    {
      name: "a discarded check is a guard for what follows",
      code: `async function show(user, docId) {
  await assertCanView(user, docId);
  const doc = await loadDoc(docId);
  return doc;
}`,
    },
    {
      name: "a lock taken before the read",
      code: `async function f(mutex) {
  await mutex.acquire();
  const a = await getA();
  mutex.release();
  return a;
}`,
    },
    {
      name: "awaits behind ?: and ??",
      code: `async function f(cond, cache, k) {
  const a = cond ? await x() : await y();
  const v = (await cache.get(k)) ?? (await load(k));
  return [a, v];
}`,
    },
    {
      name: "prompts answered in order",
      code: `const readline = require("node:readline/promises");
async function ask() {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const name = await rl.question("Name? ");
  const age = await rl.question("Age? ");
  rl.close();
  return { name, age };
}`,
    },
    {
      name: "consuming an iterator twice",
      code: `async function firstTwo(it) {
  const first = await it.next();
  const second = await it.next();
  return [first, second];
}`,
    },
    {
      name: "the same call twice returns different things",
      code: `async function ids() {
  const a = await nextId();
  const b = await nextId();
  return [a, b];
}`,
    },
    {
      name: "dynamic imports evaluate modules in order",
      code: `async function plugins() {
  const a = await import("./a.js");
  const b = await import("./b.js");
  return [a, b];
}`,
    },
    {
      name: "already concurrent",
      code: `async function f(id) {
  const [user, posts] = await Promise.all([getUser(id), getPosts(id)]);
  return { user, posts };
}`,
    },
    {
      name: "a comment says the order is deliberate",
      code: `async function f() {
  // Sequential on purpose: the upstream API rejects concurrent calls from one key.
  const a = await api.getA();
  const b = await api.getB();
  return [a, b];
}`,
    },
    {
      name: "awaits in different branches",
      code: `async function f(flag) {
  if (flag) {
    return await getA();
  } else {
    return await getB();
  }
}`,
    },
    {
      name: "a call between two awaited operands",
      code: `async function f() {
  return combine(await getA(), log("between"), await getB());
}`,
    },
    {
      name: "a single await",
      code: `async function f() {
  const a = await getA();
  return a;
}`,
    },
    {
      name: "test files await in order on purpose",
      filename: "src/users.test.ts",
      code: `it("loads", async () => {
  const a = await api.get("/a");
  const b = await api.get("/b");
  expect(a).toEqual(b);
});`,
    },
    {
      name: "loaders awaited for their effect on the instance may depend on each other",
      code: `export class Config {
  async load() {
    await this.loadProjectConfig();
    await this.loadUserConfig();
  }
}`,
    },
    {
      name: "a loader fills the receiver the next call is given",
      code: `export async function scripts(arb, npm) {
  await arb.loadActual();
  const unreviewed = await checkAllowScripts({ arb, npm });
  return unreviewed;
}`,
    },
    {
      name: "questions put to the user",
      code: `export async function credentials(read, creds) {
  const username = await read.username("Username:", creds.username);
  const password = await read.password("Password:", creds.password);
  return { username, password };
}`,
    },
    {
      name: "child processes",
      code: `import { execa } from "execa";
export async function info() {
  const { stdout: branch } = await execa("git", ["rev-parse", "--abbrev-ref", "HEAD"]);
  const { stdout: sha } = await execa("git", ["rev-parse", "HEAD"]);
  return { branch, sha };
}`,
    },
    {
      name: "below the configured group size",
      settings: { thresholds: { minSequentialAwaits: 3 } },
      code: `async function f() {
  const a = await getA();
  const b = await getB();
  return [a, b];
}`,
    },
  ],
  invalid: [
    {
      name: "contract: two independent awaits, one finding over lines 4–5",
      code: `declare function a(): Promise<number>;
declare function b(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  return x + y;
}`,
      findings: [{ line: 4, endLine: 5, message: "2 independent awaits run one after another in async function f — start them together with Promise.all" }],
    },
    {
      name: "after a chain of dependent reads, the last two are independent of each other",
      code: `export async function page(id: string) {
  const user = await getUser(id);
  const team = await getTeam(user.teamId);
  const plan = await getPlan(team.planId);
  const flags = await getFlags(id);
  return { user, team, plan, flags };
}`,
      findings: [{ line: 4, endLine: 5, message: "2 independent awaits" }],
    },
    {
      name: "a read whose result only the next statement needs can still start with the one before it",
      filename: "src/report.mjs",
      code: `export async function report(id) {
  const a = await getA(id);
  const b = await getB(id);
  const c = await getC(b.key);
  return [a, b, c];
}`,
      findings: [{ line: 2, endLine: 3, message: "2 independent awaits" }],
    },
    {
      name: "three reads in an Express handler (CommonJS)",
      filename: "src/routes/users.js",
      code: `const express = require("express");
const router = express.Router();
router.get("/users/:id", async (req, res) => {
  const id = req.params.id;
  const profile = await userRepo.profile(id);
  const roles = await userRepo.roles(id);
  const lastLogin = await redis.get("last-login:" + id);
  res.json({ profile, roles, lastLogin });
});
module.exports = router;`,
      findings: [{ line: 5, endLine: 7, message: /^3 independent awaits run one after another in request handler for GET \/users\/:id/ }],
    },
    {
      name: "destructuring declarations of two SELECTs",
      code: `import { pool } from "./db";
export async function overview(orgId: string) {
  const { rows: orders } = await pool.query("SELECT * FROM orders WHERE org_id = $1", [orgId]);
  const { rows: customers } = await pool.query("SELECT * FROM customers WHERE org_id = $1", [orgId]);
  return { orders, customers };
}`,
      findings: [{ line: 3, endLine: 4 }],
    },
    {
      name: "assignments to outer variables",
      code: `export async function f() {
  let a, b;
  a = await getA();
  b = await getB();
  return [a, b];
}`,
      findings: [{ line: 3, endLine: 4 }],
    },
    {
      name: "properties set from independent services in a class method",
      code: `export class Dashboard {
  async load() {
    this.users = await this.api.listUsers();
    this.teams = await this.api.listTeams();
  }
}`,
      findings: [{ line: 3, endLine: 4, message: "in async method load" }],
    },
    {
      name: "five reads, one wrapped in Number(… ?? 0)",
      code: `export class DashboardService {
  async forOrg(orgId: string) {
    const openTickets = await this.countOpenTickets(orgId);
    const mrrCents = await this.mrr(orgId);
    const activeUsers = Number((await this.cache.get("active:" + orgId)) ?? 0);
    const incidents = await this.statusPage.get("/incidents");
    const deploys = await this.recentDeploys(orgId);
    return { openTickets, mrrCents, activeUsers, incidents, deploys };
  }
}`,
      findings: [{ line: 3, endLine: 7, message: "5 independent awaits" }],
    },
    {
      name: "operands of an array literal",
      code: `export async function f() {
  const [a, b] = [await getA(), await getB()];
  return a + b;
}`,
      findings: [{ line: 2, endLine: 2, message: "2 independent awaits" }],
    },
    {
      name: "operands of +, through property chains",
      code: `export async function revenue(pool, month) {
  return (await pool.query("SELECT sum(total) AS v FROM sales WHERE month = $1", [month])).rows[0].v +
    (await pool.query("SELECT sum(total) AS v FROM adjustments WHERE month = $1", [month])).rows[0].v;
}`,
      findings: [{ line: 2, endLine: 3 }],
    },
    {
      name: "call arguments",
      code: `export async function page(id) {
  return render(await loadLayout(), await loadContent(id));
}`,
      findings: [{ line: 2 }],
    },
    {
      name: "object literal values",
      code: `export const handler = async (event) => {
  return {
    user: await getUser(event.userId),
    settings: await getSettings(event.userId),
  };
};`,
      findings: [{ line: 3, endLine: 4 }],
    },
    {
      name: "then() chained on a fresh call",
      code: `app.get("/healthz", async (_req, res) => {
  const dbOk = await pool.query("SELECT 1").then(() => true, () => false);
  const cacheOk = await redis.ping().then(() => true, () => false);
  res.json({ dbOk, cacheOk });
});`,
      findings: [{ line: 2, endLine: 3, message: "request handler for GET /healthz" }],
    },
    {
      name: "top-level await in an ES module",
      filename: "src/config.mjs",
      code: `import { readFile } from "node:fs/promises";
const defaults = JSON.parse(await readFile(new URL("./defaults.json", import.meta.url), "utf8"));
const overrides = JSON.parse(await readFile(new URL("./overrides.json", import.meta.url), "utf8"));
export default { ...defaults, ...overrides };`,
      findings: [{ line: 2, endLine: 3, message: "at module top level" }],
    },
    {
      name: "a dependent third await starts a new group",
      code: `export async function f(id) {
  const a = await getA(id);
  const b = await getB(id);
  const c = await getC(a);
  const d = await getD(id);
  return [a, b, c, d];
}`,
      findings: [
        { line: 2, endLine: 3 },
        { line: 4, endLine: 5 },
      ],
    },
    {
      name: "two groups around a statement",
      code: `export async function f(id) {
  const a = await getA(id);
  const b = await getB(id);
  log(a, b);
  const c = await getC(id);
  const d = await getD(id);
  return [c, d];
}`,
      findings: [
        { line: 2, endLine: 3 },
        { line: 5, endLine: 6 },
      ],
    },
    {
      name: "inside try, in an arrow function",
      code: `export const load = async (id: string) => {
  try {
    const user = await fetchUser(id);
    const feed = await fetchFeed(id);
    return { user, feed };
  } catch (err) {
    return null;
  }
};`,
      findings: [{ line: 3, endLine: 4, message: "in async function load" }],
    },
    {
      name: "inside a switch case",
      code: `export async function f(kind, id) {
  switch (kind) {
    case "full": {
      const a = await getA(id);
      const b = await getB(id);
      return [a, b];
    }
    default:
      return [];
  }
}`,
      findings: [{ line: 4, endLine: 5 }],
    },
    {
      name: "several declarators in one statement",
      code: `export async function f() {
  const a = await getA(),
    b = await getB();
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
    },
    {
      name: "a group of three meets a configured minimum of 3",
      settings: { thresholds: { minSequentialAwaits: 3 } },
      code: `export async function f() {
  const a = await getA();
  const b = await getB();
  const c = await getC();
  return [a, b, c];
}`,
      findings: [{ line: 2, endLine: 4, message: "3 independent awaits" }],
    },
    {
      name: "different pool-level queries are not a session",
      filename: "src/report.cjs",
      code: `const { Pool } = require("pg");
const pool = new Pool();
async function totals(month) {
  const sales = await pool.query("SELECT sum(total) FROM sales WHERE month = $1", [month]);
  const refunds = await pool.query("SELECT sum(total) FROM refunds WHERE month = $1", [month]);
  return { sales, refunds };
}
module.exports = { totals };`,
      findings: [{ line: 4, endLine: 5 }],
    },
  ],
});
