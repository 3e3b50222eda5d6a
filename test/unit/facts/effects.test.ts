import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { declaresOrder, EffectFacts, firstWord, isTestFile, nodesAtWord, sqlText, type Access } from "../../../server/src/engine/facts/effects";
import { factsFor, nodes } from "./facts-helpers";

/** The operation each await in `code` waits for, keyed by the awaited expression's text. */
function kinds(code: string, path?: string): Record<string, string> {
  const f = factsFor(code, path);
  const e = f.get(EffectFacts);
  const out: Record<string, string> = {};
  for (const aw of nodes(f, ts.isAwaitExpression)) {
    const op = e.awaited(aw);
    out[aw.expression.getText(f.sf)] = op.started ? "started" : op.kind;
  }
  return out;
}

function show(a: Access): string {
  return [a.root === "this" ? "this" : a.root.name, ...a.path].join(".") + (a.via === "call" ? "()" : "");
}

describe("effect facts: what an awaited call is", () => {
  it("tells reads from mutations by verb, and by whether the result is used", () => {
    const k = kinds(`async function f(db, id) {
  const user = await db.users.findOne(id);
  const n = await repo.countOpen(id);
  const created = await db.users.create({ id });
  const row = await User.findOneAndUpdate({ id }, { x: 1 });
  await reconcileAll();
  const r = await this.mrr(id);
}`);
    assert.equal(k["db.users.findOne(id)"], "read");
    assert.equal(k["repo.countOpen(id)"], "read");
    assert.equal(k["db.users.create({ id })"], "mutation");
    assert.equal(k["User.findOneAndUpdate({ id }, { x: 1 })"], "mutation");
    assert.equal(k["reconcileAll()"], "effect");
    assert.equal(k["this.mrr(id)"], "read");
  });

  it("reads the SQL verb, including BEGIN/COMMIT and SELECT … FOR UPDATE", () => {
    const k = kinds(`async function f(c, sql) {
  await c.query("BEGIN");
  const a = await c.query("SELECT * FROM t");
  const b = await c.query("  -- bump\\nUPDATE t SET x = 1");
  const l = await c.query("SELECT * FROM t WHERE id = $1 FOR UPDATE", [1]);
  const rows = await sql\`SELECT * FROM users\`;
  await c.query({ text: "DELETE FROM t" });
}`);
    assert.equal(k[`c.query("BEGIN")`], "transaction");
    assert.equal(k[`c.query("SELECT * FROM t")`], "read");
    assert.equal(k[`c.query("  -- bump\\nUPDATE t SET x = 1")`], "mutation");
    assert.equal(k[`c.query("SELECT * FROM t WHERE id = $1 FOR UPDATE", [1])`], "transaction");
    assert.equal(k["sql`SELECT * FROM users`"], "read");
    assert.equal(k[`c.query({ text: "DELETE FROM t" })`], "mutation");
  });

  it("knows sleeps, timer promises, rate limiters, drain waits and yields", () => {
    const k = kinds(`import { setTimeout as wait, setImmediate as tick } from "node:timers/promises";
import { once } from "node:events";
import { promisify } from "node:util";
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const nap = promisify(setTimeout);
async function f(limiter, res) {
  await sleep(10);
  await wait(10);
  await tick();
  await pause(5);
  await nap(5);
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => res.once("drain", resolve));
  await once(res, "drain");
  await limiter.removeTokens(1);
  await scheduler.yield();
}`);
    assert.equal(k["sleep(10)"], "sleep");
    assert.equal(k["wait(10)"], "sleep");
    assert.equal(k["tick()"], "yield");
    assert.equal(k["pause(5)"], "sleep");
    assert.equal(k["nap(5)"], "sleep");
    assert.equal(k["new Promise((resolve) => setImmediate(resolve))"], "yield");
    assert.equal(k[`new Promise((resolve) => res.once("drain", resolve))`], "sleep");
    assert.equal(k[`once(res, "drain")`], "sleep");
    assert.equal(k["limiter.removeTokens(1)"], "sleep");
    assert.equal(k["scheduler.yield()"], "yield");
  });

  it("marks promises that were already started, dynamic imports, prompts, commands and UI steps", () => {
    const k = kinds(`import { execa } from "execa";
async function f(p, page, read) {
  const a = await p;
  const b = await p.then((x) => x.data);
  const c = await fetchA().then((r) => r.json());
  const m = await import("./m.js");
  const user = await read.username("Username:");
  const out = await execa("git", ["status"]);
  await page.click("#go");
  const name = await ask("Name? ");
}`);
    assert.equal(k["p"], "started");
    assert.equal(k["p.then((x) => x.data)"], "started");
    assert.equal(k["fetchA().then((r) => r.json())"], "read");
    assert.equal(k[`import("./m.js")`], "import");
    assert.equal(k[`read.username("Username:")`], "ui");
    assert.equal(k[`execa("git", ["status"])`], "command");
    assert.equal(k[`page.click("#go")`], "ui");
    assert.equal(k[`ask("Name? ")`], "ui");
  });

  it("reads a query builder chain by its verb, wherever it sits", () => {
    const k = kinds(`async function f(db, User, t, v, w) {
  const a = await User.find({ x: 1 }).sort({ at: -1 }).limit(10).exec();
  const b = await User.findByIdAndUpdate(1, v).exec();
  const c = await db.insert(t).values(v);
  const d = await db.select().from(t).where(w);
  const e = await db.delete(t).where(w);
  const g = await knex("users").where(w).first();
  const out = await exec("git status");
  const r = await db.exec(w);
}`);
    assert.equal(k["User.find({ x: 1 }).sort({ at: -1 }).limit(10).exec()"], "read");
    assert.equal(k["User.findByIdAndUpdate(1, v).exec()"], "mutation");
    assert.equal(k["db.insert(t).values(v)"], "mutation");
    assert.equal(k["db.select().from(t).where(w)"], "read");
    assert.equal(k["db.delete(t).where(w)"], "mutation");
    assert.equal(k[`knex("users").where(w).first()`], "read");
    assert.equal(k[`exec("git status")`], "command");
    assert.equal(k["db.exec(w)"], "mutation");
  });

  it("treats a POST as a mutation", () => {
    const k = kinds(`async function f(u) {
  const a = await fetch(u);
  const b = await fetch(u, { method: "POST" });
  const c = await axios.delete(u);
}`);
    assert.equal(k["fetch(u)"], "read");
    assert.equal(k[`fetch(u, { method: "POST" })`], "mutation");
    assert.equal(k["axios.delete(u)"], "mutation");
  });
});

describe("effect facts: reads and writes", () => {
  it("records declared names, property writes and method receivers", () => {
    const f = factsFor(`class C { async m(orgId) {
  this.user = await this.api.load(orgId);
  const { a, b: [c] } = await get();
  seen.add(orgId);
  out[orgId] = total.n + counts.length;
} }`);
    const e = f.get(EffectFacts);
    const stmts = nodes(f, ts.isExpressionStatement).concat();
    const first = e.accesses(stmts[0]);
    assert.deepEqual(first.writes.map(show), ["this.user"]);
    assert.deepEqual(first.reads.map(show).sort(), ["orgId", "this.api()"]);
    const decl = e.accesses(nodes(f, ts.isVariableStatement)[0]);
    assert.deepEqual(decl.writes.map(show).sort(), ["a", "c"]);
    const add = e.accesses(stmts[1]);
    assert.deepEqual(add.writes.map(show), ["seen.*()"]);
    const assign = e.accesses(stmts[2]);
    assert.deepEqual(assign.writes.map(show), ["out.*"]);
    assert.deepEqual(assign.reads.map(show).sort(), ["counts.*", "orgId", "total.n"]);
  });

  it("finds a data dependency through a property path but not between siblings", () => {
    const f = factsFor(`async function f(res) {
  res.locals.user = await getUser();
  res.locals.perms = await getPerms(res.locals.user.id);
  res.locals.theme = await getTheme();
}`);
    const e = f.get(EffectFacts);
    const [s1, s2, s3] = nodes(f, ts.isExpressionStatement).map((s) => e.accesses(s));
    assert.ok(e.dataDependency(s1, s2), "perms reads the user written before");
    assert.equal(e.dataDependency(s1, s3), undefined);
    assert.equal(e.dataDependency(s2, s3), undefined);
  });

  it("a method call on a receiver may read what was written under it", () => {
    const f = factsFor(`class C { async m() {
  this.config = await readConfig();
  const items = await this.fetchItems();
  const other = await this.svc.list();
} }`);
    const e = f.get(EffectFacts);
    const [a] = nodes(f, ts.isExpressionStatement).map((s) => e.accesses(s));
    const [b, c] = nodes(f, ts.isVariableStatement).map((s) => e.accesses(s));
    assert.ok(e.dataDependency(a, b));
    assert.equal(e.dataDependency(a, c), undefined);
  });
});

describe("effect facts: sessions", () => {
  const sessionsOf = (code: string) => {
    const f = factsFor(code);
    const e = f.get(EffectFacts);
    return nodes(f, ts.isAwaitExpression).map((aw) => [aw.expression.getText(f.sf), e.sessions(aw).size > 0] as const);
  };
  it("a client checked out of a pool, a transaction callback parameter, an option and BEGIN", () => {
    const got = Object.fromEntries(
      sessionsOf(`async function f(pool, db, sequelize, c2) {
  const client = await pool.connect();
  await client.query("SELECT 1");
  await pool.query("SELECT 1");
  await db.transaction(async (t) => { await t.insert(1); });
  const tx = await sequelize.transaction();
  await User.findAll({ transaction: tx });
  await c2.query("BEGIN");
  await c2.query("SELECT 2");
}`),
    );
    assert.equal(got[`client.query("SELECT 1")`], true);
    assert.equal(got[`pool.query("SELECT 1")`], false);
    assert.equal(got["t.insert(1)"], true);
    assert.equal(got["User.findAll({ transaction: tx })"], true);
    assert.equal(got[`c2.query("SELECT 2")`], true);
  });
  it("new pg.Client() is one connection; new Pool() is not", () => {
    const got = Object.fromEntries(
      sessionsOf(`import pg from "pg";
const one = new pg.Client();
const many = new pg.Pool();
async function f() {
  await one.query("SELECT 1");
  await many.query("SELECT 1");
}`),
    );
    assert.equal(got[`one.query("SELECT 1")`], true);
    assert.equal(got[`many.query("SELECT 1")`], false);
  });
});

describe("effect facts: helpers", () => {
  it("firstWord splits camelCase and snake_case", () => {
    assert.equal(firstWord("getUserById"), "get");
    assert.equal(firstWord("_loadAll"), "load");
    assert.equal(firstWord("delete_user"), "delete");
    assert.equal(firstWord("$transaction"), "transaction");
  });
  it("sqlText skips leading comments and ignores non-SQL strings", () => {
    const f = factsFor(`q("/* x */ SELECT 1"); q("hello world");`);
    const [a, b] = nodes(f, ts.isCallExpression);
    assert.equal(sqlText(a), "SELECT 1");
    assert.equal(sqlText(b), undefined);
  });
  it("isTestFile", () => {
    assert.equal(isTestFile("/p/src/users.test.ts"), true);
    assert.equal(isTestFile("/p/src/__tests__/users.ts"), true);
    assert.equal(isTestFile("/p/test/fixtures/corpus/api/src/users.ts"), false);
    assert.equal(isTestFile("/p/src/latest.ts"), false);
  });
  it("declaresOrder reads own-line comments, not end-of-line notes or TODOs", () => {
    const f = factsFor(`async function f() {
  // one at a time: the API rejects parallel calls
  await a();
  await b(); // these run one after another
  // TODO: sequential for now, run these in parallel
  await c();
}`);
    const [s1, s2, s3] = nodes(f, ts.isExpressionStatement);
    assert.equal(declaresOrder(f.sf, [s1]), true);
    assert.equal(declaresOrder(f.sf, [s2]), false);
    assert.equal(declaresOrder(f.sf, [s3]), false);
  });
  it("nodesAtWord finds the nodes a word begins, skipping comments, strings, longer names and for await", () => {
    const f = factsFor(`// await in a comment
async function f(stream, awaited) {
  const s = "await in a string";
  for await (const chunk of stream) use(chunk, awaited);
  const x = await g(/* await */ 1);
  return x + (await h());
}`);
    const found = nodesAtWord(f.sf, "await");
    assert.deepEqual(found.map((n) => ts.SyntaxKind[n.kind]), ["AwaitKeyword", "AwaitExpression", "AwaitExpression"]);
    assert.deepEqual(f.get(EffectFacts).awaits().map((a) => a.getText()), ["await g(/* await */ 1)", "await h()"]);
    const [fn] = nodes(f, ts.isFunctionDeclaration);
    const [ret] = nodes(f, ts.isReturnStatement);
    assert.deepEqual(nodesAtWord(f.sf, "await", ret).map((n) => n.getText()), ["await h()"]);
    assert.deepEqual(nodesAtWord(f.sf, "return", fn.body!).map((n) => ts.SyntaxKind[n.kind]), ["ReturnStatement"]);
  });
  it("child-process and timer APIs reached through any local name decide the kind", () => {
    const k = kinds(`const runScript = require("@npmcli/run-script");
const cp = require("node:child_process");
import * as timers from "node:timers/promises";
async function f(pkg) {
  await runScript({ event: "build", path: pkg });
  await cp.execFile("git", ["status"]);
  await timers.setTimeout(5);
  await tools.exec("x");
}`);
    assert.equal(k[`runScript({ event: "build", path: pkg })`], "command");
    assert.equal(k[`cp.execFile("git", ["status"])`], "command");
    assert.equal(k["timers.setTimeout(5)"], "sleep");
    assert.equal(k[`tools.exec("x")`], "mutation", "exec on some other receiver is not a child process");
  });
  it("indexes awaits and the nodes that hold them, not across function boundaries", () => {
    const f = factsFor(`async function f() { const x = g(async () => { await h(); }); await k(x); }`);
    const e = f.get(EffectFacts);
    assert.equal(e.awaits().length, 2);
    const [decl] = nodes(f, ts.isVariableStatement);
    assert.equal(e.holdsAwait(decl), false);
    const [, second] = nodes(f, ts.isExpressionStatement);
    assert.equal(e.holdsAwait(second), true);
  });
});
