import { awaitInLoop } from "../../../server/src/engine/rules/await-in-loop";
import { testRule } from "../../rule-tester";

/** The inline helper the bounded fix adds once per file when the project has neither p-map nor p-limit. */
const HELPER_TS = [
  "/** Calls fn for each item, at most `limit` at a time; results keep the items' order, and the first failure rejects (as with Promise.all). */",
  "async function mapConcurrent<T, R>(items: Iterable<T> | ArrayLike<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {",
  "  const list = Array.from(items);",
  "  const results = new Array<R>(list.length);",
  "  let next = 0;",
  "  let failed = false;",
  "  const worker = async (): Promise<void> => {",
  "    while (!failed && next < list.length) {",
  "      const i = next++;",
  "      try {",
  "        results[i] = await fn(list[i], i);",
  "      } catch (error) {",
  "        failed = true;",
  "        throw error;",
  "      }",
  "    }",
  "  };",
  "  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));",
  "  return results;",
  "}",
].join("\n");
const HELPER_JS = HELPER_TS.replace(
  "mapConcurrent<T, R>(items: Iterable<T> | ArrayLike<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]>",
  "mapConcurrent(items, limit, fn)",
)
  .replace("new Array<R>(", "new Array(")
  .replace("async (): Promise<void> =>", "async () =>");

testRule(awaitInLoop, {
  valid: [
    {
      name: "for await consumes a stream in order",
      code: `export async function count(stream) {
  let n = 0;
  for await (const chunk of stream) n += await measure(chunk);
  return n;
}`,
    },
    {
      name: "pagination: a cursor carried to the next request (do/while)",
      code: `export async function all(api) {
  const items = [];
  let cursor;
  do {
    const page = await api.list({ cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}`,
    },
    {
      name: "pagination: while (true) with a page token and break",
      code: `export async function listAll(s3, bucket) {
  const keys = [];
  let token = undefined;
  while (true) {
    const res = await s3.listObjectsV2({ Bucket: bucket, ContinuationToken: token });
    keys.push(...res.Contents.map((o) => o.Key));
    if (!res.IsTruncated) break;
    token = res.NextContinuationToken;
  }
  return keys;
}`,
    },
    {
      name: "pagination over numbered pages with a total learnt from the response",
      code: `export async function allPages(client) {
  const out = [];
  let total = 1;
  for (let page = 1; page <= total; page++) {
    const res = await client.get("/items?page=" + page);
    total = res.totalPages;
    out.push(...res.items);
  }
  return out;
}`,
    },
    {
      name: "a running balance each call reads",
      code: `export async function applyCredit(provider, invoices, credit) {
  let left = credit;
  for (const inv of invoices) {
    const applied = await provider.applyCredit(inv.reference, left);
    left -= applied.amountCents;
  }
  return left;
}`,
    },
    {
      name: "the previous result feeds the next call",
      code: `export async function chain(steps, seed) {
  let prev = seed;
  for (const s of steps) {
    prev = await transformWith(s, prev);
  }
  return prev;
}`,
    },
    {
      name: "dedupe with a Set read before the await",
      code: `export async function importAll(rows) {
  const seen = new Set();
  for (const row of rows) {
    if (seen.has(row.email)) continue;
    seen.add(row.email);
    await createContact(row);
  }
}`,
    },
    {
      name: "a cache shared across iterations",
      code: `export async function resolveAll(keys) {
  const cache = new Map();
  const out = [];
  for (const k of keys) {
    let v = cache.get(k);
    if (v === undefined) {
      v = await lookup(k);
      cache.set(k, v);
    }
    out.push(v);
  }
  return out;
}`,
    },
    {
      name: "retry loop with return",
      code: `export async function withRetry(fn) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt === 2) throw err;
    }
  }
}`,
    },
    {
      name: "retry forever with backoff",
      code: `export async function charge(provider, id, cents) {
  let attempt = 0;
  for (;;) {
    try {
      const c = await provider.charge(id, cents);
      return c.id;
    } catch (err) {
      attempt++;
      if (attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}`,
    },
    {
      name: "polling until done",
      code: `import { setTimeout as delay } from "node:timers/promises";
export async function waitForJob(api, id) {
  let done = false;
  while (!done) {
    const s = await api.status(id);
    done = s.state === "finished";
    if (!done) await delay(1000);
  }
}`,
    },
    {
      name: "draining a queue",
      code: `export async function drain(queue) {
  while (queue.length) {
    const item = queue.shift();
    await handle(item);
  }
}`,
    },
    {
      name: "the loop condition awaits",
      code: `export async function consume(cursor) {
  while (await cursor.hasNext()) {
    const doc = await cursor.next();
    await index(doc);
  }
}`,
    },
    {
      name: "walking a linked list",
      code: `export async function visitAll(head) {
  for (let node = head; node; node = node.next) {
    await visit(node);
  }
}`,
    },
    {
      name: "first success among mirrors",
      code: `export async function download(mirrors, file) {
  for (const base of mirrors) {
    try {
      const res = await fetch(base + file);
      if (res.ok) return await res.arrayBuffer();
    } catch {
      // try the next mirror
    }
  }
  throw new Error("all mirrors failed");
}`,
    },
    {
      name: "stops at the first match",
      code: `export async function findAdmin(ids) {
  let admin;
  for (const id of ids) {
    const u = await users.findById(id);
    if (u.role === "admin") {
      admin = u;
      break;
    }
  }
  return admin;
}`,
    },
    {
      name: "labelled break out of both loops",
      code: `export async function anyBlocked(groups) {
  let blocked = false;
  outer: for (const g of groups) {
    for (const member of g.members) {
      if (await isBlocked(member)) {
        blocked = true;
        break outer;
      }
    }
  }
  return blocked;
}`,
    },
    {
      name: "ordered appends to one file",
      code: `import { appendFile } from "node:fs/promises";
export async function saveAll(file, products) {
  for (const p of products) {
    await appendFile(file, JSON.stringify(p) + "\\n");
  }
}`,
    },
    {
      name: "writes to one file handle",
      code: `import { open } from "node:fs/promises";
export async function dump(path, rows) {
  const fh = await open(path, "w");
  for (const row of rows) {
    await fh.write(row.join(",") + "\\n");
  }
  await fh.close();
}`,
    },
    {
      name: "writes to one stream writer",
      code: `export async function pump(out, chunks) {
  const writer = out.getWriter();
  for (const chunk of chunks) await writer.write(chunk);
  writer.releaseLock();
}`,
    },
    {
      name: "sends on one socket",
      code: `export async function replay(socket, messages) {
  for (const m of messages) {
    await socket.send(JSON.stringify(m));
  }
}`,
    },
    {
      name: "migrations run in order",
      code: `export async function migrate(db, migrations) {
  for (const m of migrations) {
    await m.up(db);
    await db.query("INSERT INTO schema_migrations (name) VALUES ($1)", [m.name]);
  }
}`,
    },
    {
      name: "pending migration files through a helper",
      code: `export async function migrateFiles(pendingMigrations) {
  for (const file of pendingMigrations) {
    await runMigrationFile(file);
  }
}`,
    },
    {
      name: "plugins registered in order",
      code: `export async function boot(app, plugins) {
  for (const plugin of plugins) {
    await app.register(plugin);
  }
}`,
    },
    {
      name: "each element is the step",
      code: `export async function runHooks(ctx, beforeHooks) {
  for (const hook of beforeHooks) {
    await hook(ctx);
  }
}`,
    },
    {
      name: "publish order from a topological sort",
      code: `export async function release(pkgs) {
  for (const p of topoOrder(pkgs)) {
    await publishPackage(p.dir);
  }
}`,
    },
    {
      name: "one knex transaction",
      code: `export async function insertAll(knex, rows) {
  await knex.transaction(async (trx) => {
    for (const row of rows) {
      await trx("items").insert(row);
    }
  });
}`,
    },
    {
      name: "statements after BEGIN on one client",
      code: `export async function importRows(pool, rows) {
  const client = await pool.connect();
  await client.query("BEGIN");
  for (const r of rows) {
    await client.query("INSERT INTO items (id, name) VALUES ($1, $2)", [r.id, r.name]);
  }
  await client.query("COMMIT");
  client.release();
}`,
    },
    {
      name: "paced with a sleep helper",
      code: `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export async function crawl(urls) {
  const pages = [];
  for (const url of urls) {
    pages.push(await fetch(url));
    await sleep(200);
  }
  return pages;
}`,
    },
    {
      name: "paced with a rate limiter",
      code: `export async function notifyAll(limiter, users) {
  for (const u of users) {
    await limiter.removeTokens(1);
    await notify(u);
  }
}`,
    },
    {
      name: "yields to the event loop on purpose",
      code: `export async function crunch(items) {
  for (let i = 0; i < items.length; i++) {
    work(items[i]);
    if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}`,
    },
    {
      name: "waits for drain (backpressure)",
      code: `import { once } from "node:events";
export async function stream(res, rows) {
  for (const row of rows) {
    if (!res.write(row + "\\n")) await once(res, "drain");
  }
  res.end();
}`,
    },
    {
      name: "awaits promises that were already started",
      code: `export async function collect(promises) {
  const results = [];
  for (const p of promises) results.push(await p);
  return results;
}`,
    },
    {
      name: "each iteration is already a concurrent batch",
      code: `export async function sendAll(chunks) {
  for (const batch of chunks) {
    await Promise.all(batch.map((m) => send(m)));
  }
}`,
    },
    {
      name: "an index loop stepping by batch size",
      code: `export async function insertBatched(db, rows) {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertMany(rows.slice(i, i + 500));
  }
}`,
    },
    {
      name: "a stepped walk over id ranges: each slice is a deliberate unit of load",
      code: `export async function backfill(client, max) {
  for (let from = 0; from <= max; from += 10_000) {
    await client.query("UPDATE orders SET total = 0 WHERE id > $1 AND id <= $2", [from, from + 10_000]);
  }
}`,
    },
    {
      name: "a step the body computes: each read continues where the last one stopped",
      code: `export async function copy(input, output, size) {
  let bytesRead = 0;
  for (let pos = 0; pos < size; pos += bytesRead) {
    const buf = Buffer.alloc(65536);
    ({ bytesRead } = await input.read(buf, 0, buf.length, pos));
    await output.write(buf.subarray(0, bytesRead));
  }
}`,
    },
    {
      name: "a linked list walked by the header: the next node comes from this one",
      code: `export async function saveChain(head, n) {
  for (let i = 0, node = head; i < n; i++, node = node.next) {
    await store.save(node.value);
  }
}`,
    },
    {
      name: "a file hashed chunk by chunk at fixed offsets: one buffer at a time on purpose",
      code: `import { createHash } from "node:crypto";
export async function digest(fh, size) {
  const hash = createHash("sha256");
  for (let off = 0; off < size; off += 65536) {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, off);
    hash.update(buf.subarray(0, bytesRead));
  }
  return hash.digest("hex");
}`,
    },
    {
      name: "batches cut from the walked list with a stepped index",
      code: `export async function revenue(ids) {
  const out = {};
  for (let i = 0; i < ids.length; i += 10) {
    const part = ids.slice(i, i + 10);
    const sums = await Promise.all(part.map((id) => sumFor(id)));
    part.forEach((id, j) => (out[id] = sums[j]));
  }
  return out;
}`,
    },
    {
      name: "groups keyed by tenant, each group run together",
      filename: "src/jobs.mjs",
      code: `export async function runAll(byTenant) {
  for (const [tenant, jobs] of byTenant) {
    await Promise.all(jobs.map((job) => run(tenant, job)));
  }
}`,
    },
    {
      name: "batches picked by index from a list of batches",
      code: `export async function sendAll(groups) {
  for (let i = 0; i < groups.length; i++) {
    await Promise.all(Array.from(groups[i], (m) => send(m)));
  }
}`,
    },
    {
      name: "the iteration variable is not used: a repeat",
      code: `export async function warm() {
  for (let i = 0; i < 3; i++) {
    await ping();
  }
}`,
    },
    {
      name: "a generator hands out one result at a time",
      code: `export async function* load(ids) {
  for (const id of ids) {
    yield await fetchItem(id);
  }
}`,
    },
    {
      name: "the index moves inside the body",
      code: `export async function scan(tokens) {
  for (let i = 0; i < tokens.length; i++) {
    if (await isEscape(tokens[i])) i++;
  }
}`,
    },
    {
      name: "check, then write to the same store",
      code: `export async function upsertAll(db, items) {
  for (const item of items) {
    const existing = await db.products.findOne({ sku: item.sku });
    if (!existing) await db.products.insertOne(item);
  }
}`,
    },
    {
      name: "UI steps on one page",
      code: `export async function fillForm(page, fields) {
  for (const f of fields) {
    await page.fill(f.selector, f.value);
  }
}`,
    },
    {
      name: "awaits only inside a callback within the loop",
      code: `export async function all(groups) {
  const promises = [];
  for (const g of groups) {
    promises.push(...g.items.map(async (x) => await process(x)));
  }
  return Promise.all(promises);
}`,
    },
    {
      name: "a comment says the order is deliberate",
      code: `export async function syncAll(accounts) {
  // One at a time: the provider bans keys that open parallel sessions.
  for (const a of accounts) {
    await syncAccount(a);
  }
}`,
    },
    {
      name: "test files",
      filename: "test/users.spec.ts",
      code: `it("handles every case", async () => {
  for (const c of cases) {
    expect(await run(c.input)).toEqual(c.output);
  }
});`,
    },
    {
      name: "the instance's own methods, run for their effect",
      code: `export class Workspaces {
  async execAll(args) {
    for (const [name, path] of this.workspaces) {
      await this.publishWorkspace(args, { name, path });
    }
  }
}`,
    },
    {
      name: "a worklist the body grows",
      code: `import { readdir } from "node:fs/promises";
export async function walkTree(root) {
  const dirs = [root];
  for (const d of dirs) {
    for (const e of await readdir(d, { withFileTypes: true })) if (e.isDirectory()) dirs.push(d + "/" + e.name);
  }
  return dirs;
}`,
    },
    {
      name: "a fixed list of named lifecycle steps",
      code: `export async function lifecycle(pkg) {
  for (const name of ["preinstall", "install", "postinstall"]) {
    await runHook(pkg, name);
  }
}`,
    },
    {
      name: "child processes, one after another",
      code: `import { execa } from "execa";
export async function buildAll(dirs) {
  for (const dir of dirs) {
    await execa("npm", ["run", "build"], { cwd: dir });
  }
}`,
    },
    {
      name: "events replayed in order",
      code: `export async function replayEvents(store, events) {
  for (const e of events) {
    await store.apply(e);
  }
}`,
    },
    {
      name: "running balance feeds the call (labelled corpus case)",
      code: `export async function applyCredit(customerId, creditCents) {
  let left = creditCents;
  for (const inv of await openInvoices(customerId)) {
    if (left <= 0) break;
    const applied = await provider.applyCredit(inv.reference, left);
    left -= applied.amountCents;
  }
  return left;
}`,
    },
    {
      name: "deliveries that stop at the first failure",
      code: `export async function drainBacklog(sub, pending) {
  let sent = 0;
  for (const event of pending) {
    if (!(await deliver(sub, event))) break;
    sent++;
  }
  return sent;
}`,
    },
    {
      name: "prompts per item",
      code: `export async function confirmEach(items, rl) {
  const keep = [];
  for (const item of items) {
    const answer = await rl.question("Keep " + item.name + "? ");
    if (answer === "y") keep.push(item);
  }
  return keep;
}`,
    },
    {
      name: "the awaited call is the same in every iteration",
      code: `export async function importItems(items, db) {
  for (const item of items) {
    db.stage(item);
    await db.persistStaged();
  }
}`,
    },
    {
      name: "rows appended to one sheet",
      code: `export async function exportRows(sheet, rows) {
  for (const r of rows) {
    await sheet.appendRow([r.id, r.name]);
  }
}`,
    },
    {
      name: "messages to one chat, in order",
      code: `export async function relay(bot, chatId, lines) {
  for (const line of lines) {
    await bot.sendMessage(chatId, line);
  }
}`,
    },
    {
      name: "fs-extra writes to one path",
      filename: "src/cache.cjs",
      code: `const fse = require("fs-extra");
async function saveAll(file, entries) {
  for (const e of entries) {
    await fse.appendFile(file, JSON.stringify(e) + "\\n");
  }
}
module.exports = { saveAll };`,
    },
    {
      name: "forEach with a synchronous callback",
      code: `export function logAll(xs) {
  xs.forEach((x) => console.log(x));
}`,
    },
    {
      name: "forEach with an async callback that never awaits",
      code: `export function f(xs) {
  xs.forEach(async (x) => {
    console.log(x);
  });
}`,
    },
    {
      name: "Readable#forEach awaits its callback",
      code: `export async function consume(stream) {
  await stream.forEach(async (chunk) => {
    await save(chunk);
  });
}`,
    },
  ],
  invalid: [
    {
      name: "appending results (canonical)",
      code: `export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await fetchUser(id));
  }
  return users;
}`,
      findings: [
        {
          line: 3,
          endLine: 5,
          message: "Each iteration waits for fetchUser() before the next starts, though iterations are independent — run them concurrently (bounded) and keep results in order (in async function loadUsers)",
        },
      ],
    },
    {
      name: "keyed results over for…in",
      code: `export async function prices(skus) {
  const out = {};
  for (const key in skus) {
    out[key] = await priceOf(key);
  }
  return out;
}`,
      findings: [{ line: 3, endLine: 5, message: "priceOf()" }],
    },
    {
      name: "map.set of each result",
      code: `export async function resolveAll(keys) {
  const m = new Map();
  for (const k of keys) m.set(k, await resolveOne(k));
  return m;
}`,
      findings: [{ line: 3 }],
    },
    {
      name: "index-based for loop",
      code: `export async function enrich(users) {
  for (let i = 0; i < users.length; i++) {
    users[i] = await addProfile(users[i]);
  }
  return users;
}`,
      findings: [{ line: 2, endLine: 4, message: "addProfile()" }],
    },
    {
      name: "a while loop that is plainly an index walk",
      code: `export async function notifyEach(subs) {
  let i = 0;
  while (i < subs.length) {
    await notify(subs[i]);
    i++;
  }
}`,
      findings: [{ line: 3, endLine: 6 }],
    },
    {
      name: "an Express handler (CommonJS)",
      filename: "src/routes/users.cjs",
      code: `const router = require("express").Router();
router.get("/users", async (req, res) => {
  const ids = String(req.query.ids).split(",");
  const users = [];
  for (const id of ids) {
    const u = await userRepo.findById(id);
    if (u) users.push(u);
  }
  res.json(users);
});
module.exports = router;`,
      findings: [{ line: 5, endLine: 8, message: "(in request handler for GET /users)" }],
    },
    {
      name: "a class method calling a provider",
      code: `export class Billing {
  async refresh(rows) {
    const out = [];
    for (const inv of rows) {
      const remote = await this.provider.getInvoice(inv.reference);
      out.push({ ...inv, paidAt: remote.paidAt });
    }
    return out;
  }
}`,
      findings: [{ line: 4, message: "this.provider.getInvoice()" }],
    },
    {
      name: "try/catch with continue",
      code: `export async function importAll(files) {
  const failed = [];
  for (const f of files) {
    try {
      await importFile(f);
    } catch (err) {
      failed.push(f);
      continue;
    }
  }
  return failed;
}`,
      findings: [{ line: 3 }],
    },
    {
      name: "counters and tallies after the await are folded, not carried",
      code: `export async function applyFeed(feed) {
  let updated = 0;
  for (const { sku, stock } of feed) {
    const res = await Product.updateOne({ sku }, { $set: { stock } });
    updated += res.modifiedCount;
  }
  return updated;
}`,
      findings: [{ line: 3 }],
    },
    {
      name: "merging into a Map after the read",
      filename: "src/aggregate.mjs",
      code: `import { readFile } from "node:fs/promises";
export async function rollUp(names) {
  const byPath = new Map();
  let bytes = 0;
  for (const name of names) {
    const summary = JSON.parse(await readFile(name, "utf8"));
    bytes += summary.bytes;
    for (const { path, hits } of summary.top) {
      const e = byPath.get(path) ?? { hits: 0 };
      e.hits += hits;
      byPath.set(path, e);
    }
  }
  return { bytes, byPath };
}`,
      findings: [{ line: 5, endLine: 13 }],
    },
    {
      name: "distinct files per iteration",
      code: `import { writeFile } from "node:fs/promises";
import { join } from "node:path";
export async function savePages(dir, pages) {
  for (const [i, page] of pages.entries()) {
    await writeFile(join(dir, i + ".html"), page.html);
  }
}`,
      findings: [{ line: 4 }],
    },
    {
      name: "one update per row",
      code: `export async function deactivate(prisma, users) {
  for (const u of users) {
    await prisma.user.update({ where: { id: u.id }, data: { active: false } });
  }
}`,
      findings: [{ line: 2, message: "prisma.user.update()" }],
    },
    {
      name: "nested loops: only the inner one",
      code: `export async function enrichAll(users) {
  for (const user of users) {
    const orders = await getOrders(user.id);
    for (const o of orders) {
      o.items = await getItems(o.id);
    }
  }
}`,
      findings: [{ line: 4, endLine: 6 }],
    },
    {
      name: "nested loops: the inner one paginates, so the outer one is reported",
      code: `export async function allIssues(repos) {
  const out = [];
  for (const repo of repos) {
    let page = 1;
    while (true) {
      const batch = await listIssues(repo, page);
      out.push(...batch.items);
      if (!batch.next) break;
      page++;
    }
  }
  return out;
}`,
      findings: [{ line: 3, endLine: 11 }],
    },
    {
      name: "continue outer from an inner loop",
      code: `export async function checkAll(groups) {
  const bad = [];
  outer: for (const g of groups) {
    for (const m of g.members) {
      if (await isBanned(m)) {
        bad.push(g);
        continue outer;
      }
    }
  }
  return bad;
}`,
      findings: [{ line: 3, endLine: 10 }],
    },
    {
      name: "Object.entries in JavaScript",
      filename: "lib/sync.js",
      code: `async function syncSettings(settings) {
  for (const [key, value] of Object.entries(settings)) {
    await store.put(key, value);
  }
}
module.exports = { syncSettings };`,
      findings: [{ line: 2, message: "store.put()" }],
    },
    {
      name: "a CLI script",
      filename: "bin/fetch-assets.mjs",
      code: `const manifest = JSON.parse(process.argv[2]);
let fetched = 0;
for (const asset of manifest.assets) {
  const body = await download(asset.url);
  await save(asset.file, body);
  fetched++;
}
console.log(fetched);`,
      findings: [{ line: 3, endLine: 7, message: "(in a CLI script)" }],
    },
    {
      name: "an arrow function with a TypeScript cast",
      code: `type Job = { id: string };
export const runAll = async (jobs: unknown) => {
  for (const job of jobs as Job[]) {
    await markDone(job.id);
  }
};`,
      findings: [{ line: 3 }],
    },
    {
      name: "in-place update while walking a Map's entries",
      code: `export async function refreshAll(byId: Map<string, { url: string }>) {
  for (const [id, entry] of byId.entries()) {
    byId.set(id, await refetch(entry.url));
  }
}`,
      findings: [{ line: 2 }],
    },
    {
      name: "results kept on the instance, read from a service",
      code: `export class Catalog {
  async hydrate(ids) {
    for (const id of ids) {
      this.items.push(await this.api.getItem(id));
    }
  }
}`,
      findings: [{ line: 3, message: "this.api.getItem()" }],
    },
    {
      name: "a throw on bad input does not make iterations dependent",
      code: `import { stat } from "node:fs/promises";
export async function sizes(paths) {
  const out = [];
  for (const p of paths) {
    const s = await stat(p);
    if (!s.isFile()) throw new Error(p + " is not a file");
    out.push(s.size);
  }
  return out;
}`,
      findings: [{ line: 4, message: "stat()" }],
    },
    {
      name: "reads of the previous element are fine",
      code: `export async function diffs(versions) {
  const out = [];
  for (let i = 1; i < versions.length; i++) {
    out.push(await compareVersions(versions[i - 1], versions[i]));
  }
  return out;
}`,
      findings: [{ line: 3 }],
    },
    {
      name: "a nested function in a module-level loop at startup",
      filename: "src/warm.mjs",
      code: `const regions = JSON.parse(process.env.REGIONS ?? "[]");
const clients = {};
for (const r of regions) {
  clients[r] = await connectRegionClient(r);
}
export default clients;`,
      findings: [{ line: 3, message: "(at module top level)" }],
    },
    {
      name: "a keyed store write with a varying key",
      code: `export async function putAll(storage, files) {
  for (const f of files) {
    await storage.writeFile("uploads/" + f.name, f.data);
  }
}`,
      findings: [{ line: 2 }],
    },
    {
      name: "AWS SDK v3 client.send(command) is an API call, not a stream write",
      filename: "src/upload.js",
      code: `const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");
const s3 = new S3Client({});
async function uploadAll(bucket, files) {
  for (const f of files) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: f.key, Body: f.body }));
  }
}
module.exports = { uploadAll };`,
      findings: [{ line: 4, message: "s3.send()" }],
    },
    {
      name: "emails to different people through one transporter",
      code: `export async function mailAll(transporter, users) {
  for (const u of users) {
    await transporter.sendMail({ to: u.email, subject: "Hi", text: "…" });
  }
}`,
      findings: [{ line: 2 }],
    },
    {
      name: "Promise.all over one item's parts still waits item by item",
      code: `export async function enrich(users) {
  const out = [];
  for (const u of users) {
    const [orders, prefs] = await Promise.all([getOrders(u.id), getPrefs(u.id)]);
    out.push({ ...u, orders, prefs });
  }
  return out;
}`,
      findings: [{ line: 3, message: "Promise.all()" }],
    },
    {
      name: "multipart upload: parts read at their own offsets and sent one at a time",
      code: `import { open } from "node:fs/promises";
const PART_SIZE = 8 * 1024 * 1024;
export async function upload(s3: Client, path: string, uploadId: string) {
  const fh = await open(path, "r");
  const { size } = await fh.stat();
  const parts = [];
  for (let n = 1, offset = 0; offset < size; n++, offset += PART_SIZE) {
    const buf = Buffer.alloc(Math.min(PART_SIZE, size - offset));
    await fh.read(buf, 0, buf.length, offset);
    const { ETag } = await s3.send(new UploadPartCommand({ UploadId: uploadId, PartNumber: n, Body: buf }));
    parts.push({ ETag, PartNumber: n });
  }
  await fh.close();
  return parts;
}
interface Client { send(c: unknown): Promise<{ ETag?: string }> }
declare class UploadPartCommand { constructor(input: unknown) }`,
      findings: [{ line: 7, endLine: 12, message: "fh.read()" }],
    },
    {
      name: "offset pages of a known total, fetched one after another (CommonJS)",
      filename: "lib/export.js",
      code: `async function exportAll(api, total, pageSize) {
  const pages = [];
  for (let skip = 0; skip < total; skip += pageSize) {
    pages.push(await api.list({ skip, limit: pageSize }));
  }
  return pages;
}
module.exports = { exportAll };`,
      findings: [{ line: 3, message: "api.list()" }],
    },
    {
      name: "per-record fan-out over a fixed list of sizes: the records still wait for each other",
      filename: "lambda/thumbs.mjs",
      code: `const SIZES = [64, 256, 1024];
export const handler = async (event) => {
  const results = [];
  for (const record of event.Records) {
    const key = record.s3.object.key;
    const input = await download(key);
    const outputs = await Promise.all(SIZES.map(async (size) => upload(key, size, await resize(input, size))));
    results.push({ key, outputs });
  }
  return results;
};`,
      findings: [{ line: 4, endLine: 9, message: "download()" }],
    },
    {
      name: "fan-out over each item's own list is still one item at a time",
      code: `export async function notifyAll(users) {
  for (const user of users) {
    await Promise.all(user.devices.map((d) => push(d, user.id)));
  }
}`,
      findings: [{ line: 2, message: "Promise.all()" }],
    },
    {
      name: "forEach with an async callback is a bug",
      code: `export async function warm(templates) {
  templates.forEach(async (t) => {
    await cache.renderPreview(t);
  });
  return "done";
}`,
      findings: [{ line: 2, endLine: 4, message: "forEach() does not wait for its async callback" }],
    },
    {
      name: "awaited forEach on an array still does not wait",
      code: `export async function saveAll(items) {
  await items.forEach(async (item) => {
    await db.save(item);
  });
}`,
      findings: [{ line: 2, endLine: 4, message: "a rejection goes unhandled" }],
    },
    {
      name: "forEach with a named async function",
      code: `async function sendOne(user) {
  await mailer.sendMail({ to: user.email });
}
export function sendAll(users) {
  users.forEach(sendOne);
}`,
      findings: [{ line: 5, message: "mailer.sendMail()" }],
    },
    {
      name: "lodash forEach",
      filename: "src/jobs.js",
      code: `const _ = require("lodash");
async function run(items) {
  _.forEach(items, async (item) => {
    await handle(item);
  });
}
module.exports = { run };`,
      findings: [{ line: 3, endLine: 5, message: "forEach() does not wait" }],
    },
    // Fixes: the body becomes a callback mapped over the items, at most `concurrency` at a time, results in order.
    {
      name: "fix: results pushed into an array declared right before (TypeScript)",
      code: `import { fetchUser } from "./api";

export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await fetchUser(id));
  }
  return users;
}`,
      findings: [{ line: 5, endLine: 7 }],
      output: `import { fetchUser } from "./api";

${HELPER_TS}

export async function loadUsers(ids: string[]) {
  const users = await mapConcurrent(ids, 8, (id) => fetchUser(id));
  return users;
}`,
    },
    {
      name: "fix: destructured items, several statements, nothing collected (JavaScript)",
      filename: "src/orders.js",
      code: `import { charge, notify } from "./billing.js";

export async function settle(orders) {
  for (const { id, total } of orders) {
    const receipt = await charge(id, total);
    await notify(id, receipt.number);
  }
}`,
      findings: [{ line: 4, endLine: 7 }],
      output: `import { charge, notify } from "./billing.js";

${HELPER_JS}

export async function settle(orders) {
  await mapConcurrent(orders, 8, async ({ id, total }) => {
    const receipt = await charge(id, total);
    await notify(id, receipt.number);
  });
}`,
    },
    {
      name: "fix: index loop reading xs[i] and i",
      code: `export async function label(files: string[]) {
  for (let i = 0; i < files.length; i++) {
    await rename(files[i], \`\${i}-\${files[i]}\`);
  }
}
declare function rename(from: string, to: string): Promise<void>;`,
      findings: [{ line: 2, endLine: 4 }],
      output: `${HELPER_TS}

export async function label(files: string[]) {
  await mapConcurrent(files, 8, async (file, i) => {
    await rename(file, \`\${i}-\${file}\`);
  });
}
declare function rename(from: string, to: string): Promise<void>;`,
    },
    {
      name: "fix: index loop whose first line names the element: the parameter takes that name",
      filename: "lib/copy.js",
      code: `const { readdir } = require("node:fs/promises");
async function copyAll(src, dest, opts) {
  const dir = await readdir(src);
  for (let i = 0; i < dir.length; i++) {
    const item = dir[i];
    await copyFile(src + "/" + item, dest + "/" + item, opts);
  }
}
module.exports = { copyAll };`,
      findings: [{ line: 4, endLine: 7 }],
      output: `const { readdir } = require("node:fs/promises");

${HELPER_JS}

async function copyAll(src, dest, opts) {
  const dir = await readdir(src);
  await mapConcurrent(dir, 8, async (item) => {
    await copyFile(src + "/" + item, dest + "/" + item, opts);
  });
}
module.exports = { copyAll };`,
    },
    {
      name: "fix: index loop writing back into its own slot (any order fills the same slots)",
      filename: "src/enrich.js",
      code: `export async function enrich(users) {
  for (let i = 0; i < users.length; i++) {
    users[i] = await addProfile(users[i]);
  }
  return users;
}`,
      findings: [{ line: 2, endLine: 4 }],
      output: `${HELPER_JS}

export async function enrich(users) {
  await mapConcurrent(users, 8, async (user, i) => {
    users[i] = await addProfile(user);
  });
  return users;
}`,
    },
    {
      name: "fix: for…in walks Object.keys; keys set on an object declared right before come back in order",
      filename: "src/prices.js",
      code: `export async function prices(skus) {
  const out = {};
  for (const key in skus) {
    out[key] = await priceOf(key);
  }
  return out;
}`,
      findings: [{ line: 3, endLine: 5 }],
      output: `${HELPER_JS}

export async function prices(skus) {
  const out = Object.fromEntries(await mapConcurrent(Object.keys(skus), 8, async (key) => [key, await priceOf(key)]));
  return out;
}`,
    },
    {
      name: "fix: Map.set into a Map declared right before keeps its key order (TypeScript)",
      code: `export async function syncPrices(skus: string[]): Promise<Map<string, number>> {
  const prices = new Map<string, number>();
  for (const sku of skus) {
    prices.set(sku, await fetchPrice(sku));
  }
  return prices;
}
declare function fetchPrice(sku: string): Promise<number>;`,
      findings: [{ line: 3, endLine: 5 }],
      output: `${HELPER_TS}

export async function syncPrices(skus: string[]): Promise<Map<string, number>> {
  const prices = new Map<string, number>(await mapConcurrent(skus, 8, async (sku) => [sku, await fetchPrice(sku)] as const));
  return prices;
}
declare function fetchPrice(sku: string): Promise<number>;`,
    },
    {
      name: "fix: continue becomes return",
      filename: "src/sync.mjs",
      code: `export async function syncDirty(rows) {
  for (const row of rows) {
    if (!row.dirty) continue;
    await save(row);
  }
}`,
      findings: [{ line: 2, endLine: 5 }],
      output: `${HELPER_JS}

export async function syncDirty(rows) {
  await mapConcurrent(rows, 8, async (row) => {
    if (!row.dirty) return;
    await save(row);
  });
}`,
    },
    {
      name: "fix: continue to the loop's own label becomes return",
      filename: "src/sync.mjs",
      code: `export async function publishAll(posts) {
  each: for (const post of posts) {
    for (const tag of post.tags) {
      if (tag === "draft") continue each;
    }
    await publish(post.id);
  }
}`,
      findings: [{ line: 2, endLine: 7 }],
      output: `${HELPER_JS}

export async function publishAll(posts) {
  await mapConcurrent(posts, 8, async (post) => {
    for (const tag of post.tags) {
      if (tag === "draft") return;
    }
    await publish(post.id);
  });
}`,
    },
    {
      name: "fix: results appended to an array that already holds items",
      filename: "src/catalog.js",
      code: `export async function hydrate(ids, seed) {
  const items = [...seed];
  console.log("hydrating", ids.length);
  for (const id of ids) {
    const raw = await getItem(id);
    items.push({ id, ...raw });
  }
  return items;
}`,
      findings: [{ line: 4, endLine: 7 }],
      output: `${HELPER_JS}

export async function hydrate(ids, seed) {
  const items = [...seed];
  console.log("hydrating", ids.length);
  items.push(...await mapConcurrent(ids, 8, async (id) => {
    const raw = await getItem(id);
    return { id, ...raw };
  }));
  return items;
}`,
    },
    {
      name: "fix: a result pushed on every path (try and catch) becomes the callback's return on each",
      filename: "src/crawl.mjs",
      code: `export async function crawl(urls) {
  const out = [];
  for (const url of urls) {
    try {
      out.push({ url, html: await getHtml(url) });
    } catch (err) {
      out.push({ url, error: err.message });
    }
  }
  return out;
}`,
      findings: [{ line: 3, endLine: 9 }],
      output: `${HELPER_JS}

export async function crawl(urls) {
  const out = await mapConcurrent(urls, 8, async (url) => {
    try {
      return { url, html: await getHtml(url) };
    } catch (err) {
      return { url, error: err.message };
    }
  });
  return out;
}`,
    },
    {
      name: "fix: a keyed result on every path, where the other path throws",
      code: `export async function sizes(paths: string[]): Promise<Record<string, number>> {
  const bySize: Record<string, number> = {};
  for (const p of paths) {
    const s = await stat(p);
    if (s.isFile()) bySize[p] = s.size;
    else throw new Error(p + " is not a file");
  }
  return bySize;
}
declare function stat(p: string): Promise<{ isFile(): boolean; size: number }>;`,
      findings: [{ line: 3, endLine: 7 }],
      output: `${HELPER_TS}

export async function sizes(paths: string[]): Promise<Record<string, number>> {
  const bySize: Record<string, number> = Object.fromEntries(await mapConcurrent(paths, 8, async (p) => {
    const s = await stat(p);
    if (s.isFile()) return [p, s.size] as const;
    else throw new Error(p + " is not a file");
  }));
  return bySize;
}
declare function stat(p: string): Promise<{ isFile(): boolean; size: number }>;`,
    },
    {
      name: "fix: entries() of an array: the index is the callback's second parameter",
      code: `export async function savePages(dir: string, pages: { html: string }[]) {
  for (const [i, page] of pages.entries()) {
    await writeFile(join(dir, i + ".html"), page.html);
  }
}
declare function writeFile(p: string, d: string): Promise<void>;
declare function join(...p: string[]): string;`,
      findings: [{ line: 2, endLine: 4 }],
      output: `${HELPER_TS}

export async function savePages(dir: string, pages: { html: string }[]) {
  await mapConcurrent(pages, 8, async (page, i) => {
    await writeFile(join(dir, i + ".html"), page.html);
  });
}
declare function writeFile(p: string, d: string): Promise<void>;
declare function join(...p: string[]): string;`,
    },
    {
      name: "fix: a bare counter, and a log line before the first await (printed in item order either way)",
      filename: "bin/fetch-assets.mjs",
      code: `const manifest = JSON.parse(process.argv[2]);
let fetched = 0;
for (const asset of manifest.assets) {
  console.log("fetching", asset.url);
  const body = await download(asset.url);
  await save(asset.file, body);
  fetched++;
}
console.log(fetched);`,
      findings: [{ line: 3, endLine: 8 }],
      output: `${HELPER_JS}

const manifest = JSON.parse(process.argv[2]);
let fetched = 0;
await mapConcurrent(manifest.assets, 8, async (asset) => {
  console.log("fetching", asset.url);
  const body = await download(asset.url);
  await save(asset.file, body);
  fetched++;
});
console.log(fetched);`,
    },
    {
      name: "fix: a one-line loop without braces gets a block",
      filename: "src/warm.mjs",
      code: `export async function warm(urls) {
  for (const url of urls) await fetch(url, { method: "HEAD" });
}`,
      findings: [{ line: 2 }],
      output: `${HELPER_JS}

export async function warm(urls) {
  await mapConcurrent(urls, 8, async (url) => {
    await fetch(url, { method: "HEAD" });
  });
}`,
    },
    {
      name: "fix: a comment in the loop header is carried over",
      filename: "src/warm.mjs",
      code: `export async function warm(urls) {
  for (const url of urls /* already deduplicated */) {
    await fetch(url);
  }
}`,
      findings: [{ line: 2, endLine: 4 }],
      output: `${HELPER_JS}

export async function warm(urls) {
  /* already deduplicated */
  await mapConcurrent(urls, 8, async (url) => {
    await fetch(url);
  });
}`,
    },
    {
      name: "fix: p-map when the project depends on it (import added)",
      dependencies: ["p-map"],
      code: `import { fetchUser } from "./api";

export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await fetchUser(id));
  }
  return users;
}`,
      findings: [{ line: 5, endLine: 7 }],
      output: `import { fetchUser } from "./api";
import pMap from "p-map";

export async function loadUsers(ids: string[]) {
  const users = await pMap(ids, (id) => fetchUser(id), { concurrency: 8 });
  return users;
}`,
    },
    {
      name: "fix: p-map already imported under another name is reused",
      filename: "src/jobs.mjs",
      dependencies: ["p-map"],
      code: `import mapLimit from "p-map";

export async function resize(images) {
  for (const img of images) {
    await sharpen(img.path);
  }
}`,
      findings: [{ line: 4, endLine: 6 }],
      output: `import mapLimit from "p-map";

export async function resize(images) {
  await mapLimit(images, async (img) => {
    await sharpen(img.path);
  }, { concurrency: 8 });
}`,
    },
    {
      name: "fix: p-limit when the project depends on it",
      dependencies: ["p-limit"],
      code: `export async function warm(urls: string[]) {
  for (const url of urls) {
    await fetch(url);
  }
}`,
      findings: [{ line: 2, endLine: 4 }],
      output: `import pLimit from "p-limit";

export async function warm(urls: string[]) {
  const limit = pLimit(8);
  await Promise.all(urls.map((url) => limit(async () => {
    await fetch(url);
  })));
}`,
    },
    {
      name: "fix: p-map is ESM-only, so a CommonJS file gets the helper",
      filename: "lib/warm.js",
      dependencies: ["p-map"],
      code: `const { get } = require("./http");

async function warm(urls) {
  for (const url of urls) {
    await get(url);
  }
}
module.exports = { warm };`,
      findings: [{ line: 4, endLine: 6 }],
      output: `const { get } = require("./http");

${HELPER_JS}

async function warm(urls) {
  await mapConcurrent(urls, 8, async (url) => {
    await get(url);
  });
}
module.exports = { warm };`,
    },
    {
      name: "fix: the concurrency limit comes from the settings",
      filename: "src/warm.mjs",
      settings: { thresholds: { concurrency: 3 } },
      code: `export async function warm(urls) {
  for (const url of urls) {
    await fetch(url);
  }
}`,
      findings: [{ line: 2, endLine: 4 }],
      output: `${HELPER_JS}

export async function warm(urls) {
  await mapConcurrent(urls, 3, async (url) => {
    await fetch(url);
  });
}`,
    },
    {
      name: "fix: the helper's name does not clash with one the file declares",
      filename: "src/warm.mjs",
      code: `const mapConcurrent = (xs, f) => xs.map(f);
export async function warm(urls) {
  for (const url of urls) {
    await fetch(url);
  }
  return mapConcurrent;
}`,
      findings: [{ line: 3, endLine: 5 }],
      output: `${HELPER_JS.replace("function mapConcurrent(", "function mapConcurrent2(")}

const mapConcurrent = (xs, f) => xs.map(f);
export async function warm(urls) {
  await mapConcurrent2(urls, 8, async (url) => {
    await fetch(url);
  });
  return mapConcurrent;
}`,
    },
    {
      name: "fix: a helper an earlier fix added is reused, not added twice",
      filename: "src/warm.mjs",
      code: `${HELPER_JS}

export async function warm(urls) {
  for (const url of urls) {
    await fetch(url);
  }
}`,
      findings: [{ line: 23, endLine: 25 }],
      output: `${HELPER_JS}

export async function warm(urls) {
  await mapConcurrent(urls, 8, async (url) => {
    await fetch(url);
  });
}`,
    },
    {
      name: "fix: no-semicolon style, CRLF line endings and tabs are kept",
      filename: "src/warm.js",
      code: "import { get } from './http'\r\n\r\nexport async function warm(urls) {\r\n\tfor (const url of urls) {\r\n\t\tawait get(url)\r\n\t}\r\n}\r\n",
      findings: [{ line: 4, endLine: 6 }],
      output:
        "import { get } from './http'\r\n\r\n" +
        HELPER_JS.replace(/;$/gm, "").replace(/^( +)/gm, (s) => "\t".repeat(s.length / 2)).replace(/\n/g, "\r\n") +
        "\r\n\r\nexport async function warm(urls) {\r\n\tawait mapConcurrent(urls, 8, async (url) => {\r\n\t\tawait get(url)\r\n\t})\r\n}\r\n",
    },
    {
      name: "fix: forEach(async …) on an array is awaited (not marked safe: the code after it now waits)",
      code: `export async function saveAll(items: Item[]) {
  items.forEach(async (item) => {
    await db.save(item);
  });
  console.log("saved");
}
interface Item { id: string }
declare const db: { save(i: Item): Promise<void> };`,
      findings: [{ line: 2, endLine: 4 }],
      output: `${HELPER_TS}

export async function saveAll(items: Item[]) {
  await mapConcurrent(items, 8, async (item) => {
    await db.save(item);
  });
  console.log("saved");
}
interface Item { id: string }
declare const db: { save(i: Item): Promise<void> };`,
    },
    // No fix (the advice stays) where the body cannot become a callback with the same meaning.
    {
      name: "no fix: output after the await would come out in completion order",
      code: `export async function printAll(ids) {
  for (const id of ids) {
    const u = await fetchUser(id);
    console.log(u.name);
  }
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a write to a response stream after the await",
      code: `export async function stream(ids, res) {
  for (const id of ids) {
    const u = await fetchUser(id);
    res.write(JSON.stringify(u));
  }
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a Map filled in completion order would change its key order",
      code: `export async function index(ids, found) {
  for (const id of ids) {
    const u = await fetchUser(id);
    found.set(u.id, u);
  }
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a property of a shared object written each iteration",
      code: `export async function touchAll(ids, stats) {
  for (const id of ids) {
    const u = await fetchUser(id);
    stats.last = u.id;
  }
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a var loop variable read after the loop",
      filename: "src/touch.js",
      code: `export async function touchAll(ids) {
  for (var id of ids) {
    await touch(id);
  }
  return id;
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a recursive walk (each level would multiply the calls in flight)",
      filename: "lib/copy.mjs",
      code: `import { readdir, stat, copyFile, mkdir } from "node:fs/promises";
export async function copyDir(src, dest) {
  await mkdir(dest, { recursive: true });
  for (const name of await readdir(src)) {
    await copyEntry(src + "/" + name, dest + "/" + name);
  }
}
async function copyEntry(from, to) {
  const s = await stat(from);
  if (s.isDirectory()) return copyDir(from, to);
  return copyFile(from, to);
}`,
      findings: [{ line: 4 }],
      output: null,
    },
    {
      name: "no fix: a logger call after the await",
      filename: "lib/open.js",
      code: `const { log } = require("proc-log");
async function openAll(args, npm) {
  for (const arg of args) {
    const mani = await fetchManifest(arg);
    log.silly("open", "url", mani.homepage);
  }
}
module.exports = { openAll };`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a var declared in the body and read after the loop",
      filename: "src/touch.js",
      code: `export async function lastOf(ids) {
  for (const id of ids) {
    var last = await fetchUser(id);
    await store(last);
  }
  return last;
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: the loop assigns a variable declared outside it",
      filename: "src/touch.js",
      code: `let id;
export async function touchAll(ids) {
  for (id of ids) {
    await touch(id);
  }
}`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a generator's items are pulled one at a time",
      filename: "src/walk.js",
      code: `function* walkIds(root) { yield root; }
export async function touchTree(root) {
  for (const id of walkIds(root)) {
    await touch(id);
  }
}`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a push skipped by continue",
      code: `export async function load(ids) {
  const users = [];
  for (const id of ids) {
    if (id.startsWith("x")) continue;
    users.push(await fetchUser(id));
  }
  return users;
}`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: two pushes per item",
      code: `export async function names(ids) {
  const out = [];
  for (const id of ids) {
    const u = await fetchUser(id);
    out.push(u.first);
    out.push(u.last);
  }
  return out;
}`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a sum that reads the total before the await",
      code: `export async function total(ids) {
  let sum = 0;
  for (const id of ids) {
    sum += await count(id);
  }
  return sum;
}`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a helper of the file that records into module state",
      filename: "src/seen.js",
      code: `const seen = [];
function remember(u) { seen.push(u.id); }
export async function visit(ids) {
  for (const id of ids) {
    const u = await fetchUser(id);
    remember(u);
  }
  return seen;
}`,
      findings: [{ line: 4 }],
      output: null,
    },
    {
      name: "no fix: a conditional push (the results would need filtering)",
      filename: "src/routes/users.cjs",
      code: `const router = require("express").Router();
router.get("/users", async (req, res) => {
  const ids = String(req.query.ids).split(",");
  const users = [];
  for (const id of ids) {
    const u = await userRepo.findById(id);
    if (u) users.push(u);
  }
  res.json(users);
});
module.exports = router;`,
      findings: [{ line: 5 }],
      output: null,
    },
  ],
});
