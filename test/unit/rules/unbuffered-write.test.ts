import { unbufferedWrite } from "../../../server/src/engine/rules/unbuffered-write";
import { testRule } from "../../rule-tester";

testRule(unbufferedWrite, {
  valid: [
    // Distinct destinations: the path depends on the loop variable.
    { name: "one file per user", code: `import fs from "fs";\nfor (const u of users) fs.appendFileSync(\`logs/\${u.id}.log\`, u.line);` },
    { name: "path.join with the loop variable", filename: "src/a.js", code: `const fs = require("fs");\nconst path = require("path");\nfor (const name of names) fs.appendFileSync(path.join(dir, name), "x");` },
    { name: "path chosen inside the loop", code: `import { appendFileSync } from "fs";\nlet file = "";\nfor (const e of events) { file = e.type === "error" ? errLog : outLog; appendFileSync(file, e.msg); }` },
    { name: "indexed files", code: `import fs from "fs";\nfor (let i = 0; i < parts.length; i++) fs.appendFileSync(files[i], parts[i]);` },
    { name: "a stream per iteration", code: `import fs from "fs";\nfor (const f of files) { const out = fs.createWriteStream(f.path); out.write(f.body); out.end(); }` },
    { name: "fd opened per iteration", code: `import fs from "fs";\nfor (const f of files) { const fd = fs.openSync(f, "a"); fs.writeSync(fd, "x"); fs.closeSync(fd); }` },
    // A single write, after or outside the loop.
    { name: "join then write once", code: `import fs from "fs";\nconst lines: string[] = [];\nfor (const r of rows) lines.push(toCsv(r));\nfs.writeFileSync("out.csv", lines.join("\\n"));` },
    { name: "write after the loop", code: `import { appendFileSync } from "fs";\nlet total = 0;\nfor (const r of rows) total += r.n;\nappendFileSync("totals.txt", total + "\\n");` },
    { name: "write followed by break", code: `import fs from "fs";\nfor (const r of rows) { if (r.bad) { fs.appendFileSync("first-bad.txt", r.id); break; } }` },
    { name: "writeFileSync overwrites (a checkpoint), not an append", code: `import fs from "fs";\nfor (const job of jobs) { run(job); fs.writeFileSync("checkpoint.json", JSON.stringify(job.id)); }` },
    // Backpressure handled.
    {
      name: "await drain when write returns false",
      code: `import fs from "fs";
import { once } from "events";
const out = fs.createWriteStream("out.ndjson");
export async function dump(rows: object[]) {
  for (const r of rows) {
    if (!out.write(JSON.stringify(r) + "\\n")) await once(out, "drain");
  }
}`,
    },
    { name: "result kept and checked", code: `import fs from "fs";\nconst out = fs.createWriteStream("o.txt");\nfor (const r of rows) { const ok = out.write(r); if (!ok) break; }` },
    {
      name: "drain promise in the loop",
      filename: "src/a.js",
      code: `const fs = require("fs");
const out = fs.createWriteStream("o.txt");
async function run(rows) {
  for (const r of rows) {
    const ok = out.write(r);
    if (!ok) await new Promise((resolve) => out.once("drain", resolve));
  }
}`,
    },
    { name: "corked stream", code: `import fs from "fs";\nconst out = fs.createWriteStream("o.txt");\nexport function dump(rows: string[]) { out.cork(); for (const r of rows) out.write(r); process.nextTick(() => out.uncork()); }` },
    // Small constant loops.
    { name: "literal array of three", code: `import fs from "fs";\nfor (const h of ["id", "name", "email"]) fs.appendFileSync("out.csv", h + ",");` },
    { name: "const literal list", code: `import { appendFileSync } from "fs";\nconst HEADERS = ["id", "name", "email"];\nHEADERS.forEach((h) => appendFileSync("out.csv", h + ","));` },
    { name: "small counted loop", code: `import fs from "fs";\nfor (let i = 0; i < 3; i++) fs.appendFileSync("sep.txt", "-----\\n");` },
    { name: "keys of a literal object", code: `import fs from "fs";\nconst defaults = { a: 1, b: 2 };\nfor (const k in defaults) fs.appendFileSync(".env", \`\${k}=\${(defaults as any)[k]}\\n\`);` },
    // The iteration does other I/O: the write is not the cost.
    { name: "concatenating files through a variable", code: `import { readFile, appendFile } from "fs/promises";\nexport async function bundle(files: string[]) { for (const f of files) { const src = await readFile(f, "utf8"); await appendFile("bundle.js", src); } }` },
    {
      name: "batches flushed when they fill up",
      code: `import { open } from "fs/promises";
export async function writeBuffered(path: string, rows: string[]) {
  const fh = await open(path, "w");
  let parts: string[] = [];
  let size = 0;
  for (const row of rows) {
    parts.push(row);
    size += row.length;
    if (size >= 65536) { await fh.write(parts.join("")); parts = []; size = 0; }
  }
  if (parts.length) await fh.write(parts.join(""));
}`,
    },
    { name: "one write to each distinct socket (broadcast)", code: `import net from "net";\nconst clients: net.Socket[] = [];\nexport function broadcast(msg: string) { for (const c of clients) c.write(msg); }` },
    { name: "concatenating files", code: `import fs from "fs";\nfor (const f of inputs) fs.appendFileSync("bundle.js", fs.readFileSync(f));` },
    { name: "paced with a sleep", code: `import { appendFile } from "node:fs/promises";\nimport { setTimeout as sleep } from "node:timers/promises";\nexport async function monitor() { while (running) { await appendFile("cpu.log", sample() + "\\n"); await sleep(1000); } }` },
    { name: "chunked copy loop", code: `import fs from "fs";\nconst buf = Buffer.alloc(65536);\nlet n: number;\nwhile ((n = fs.readSync(src, buf, 0, buf.length, null)) > 0) fs.writeSync(dst, buf, 0, n);` },
    { name: "file handle copy loop", code: `import { open } from "fs/promises";\nexport async function copy(a: string, b: string) { const src = await open(a); const dst = await open(b, "w"); const buf = Buffer.alloc(1 << 16); let r; while ((r = await src.read(buf, 0, buf.length)).bytesRead > 0) await dst.write(buf, 0, r.bytesRead); }` },
    // Occasional writes.
    { name: "progress every 1000 items", code: `import fs from "fs";\nfor (let i = 0; i < rows.length; i++) { handle(rows[i]); if (i % 1000 === 0) fs.appendFileSync("progress.log", \`\${i}\\n\`); }` },
    { name: "errors only", code: `import fs from "fs";\nfor (const r of rows) { try { handle(r); } catch (e) { fs.appendFileSync("errors.log", String(e)); } }` },
    // Not write destinations this rule understands.
    { name: "unknown object's write method", code: `for (const r of rows) csv.write(r);` },
    { name: "hash updates", code: `import { createHash } from "crypto";\nconst h = createHash("sha256");\nfor (const c of chunks) h.write(c);` },
    { name: "the request of an http.createServer callback is not a writable", code: `import http from "node:http";\nhttp.createServer((req, res) => { for (const h of hooks) req.write(h); res.end(); });` },
    { name: "user function named appendFileSync", code: `const log = { appendFileSync(p: string, s: string) { buf.push(s); } };\nfor (const r of rows) log.appendFileSync("out", r);` },
    { name: "write to a timer callback inside the loop", code: `import fs from "fs";\nfor (const r of rows) setTimeout(() => fs.appendFileSync("later.log", r), 10);` },
    // A stream variable reassigned in the loop, or to something of unknown origin.
    {
      name: "socket reconnected inside the loop: not one destination",
      filename: "src/a.js",
      code: `const net = require("net");
let sock = net.connect(9000);
function send(lines) {
  for (const l of lines) {
    if (sock.destroyed) sock = net.connect(9000);
    sock.write(l);
  }
}`,
    },
    {
      name: "reassigned from a factory we cannot see: destination unknown",
      filename: "src/a.js",
      code: `const net = require("net");
let sock = net.connect(9000);
function failover() { sock = pool.acquire(); }
function send(lines) { for (const l of lines) sock.write(l); }`,
    },
    // Framework responses.
    {
      name: "reply.raw written with backpressure handled",
      code: `import { once } from "node:events";
app.get("/export", async (req, reply) => {
  for (const row of await rows()) { if (!reply.raw.write(row)) await once(reply.raw, "drain"); }
  reply.raw.end();
});`,
    },
    { name: "the request's raw message is not a writable", code: `app.post("/echo", async (request, reply) => { for (const h of hooks) request.raw.write(h); return reply.send(); });` },
    { name: "raw of an unknown object", code: `export function dump(conn: any, rows: string[]) { for (const r of rows) conn.raw.write(r); }` },
    // process.stdout only counts in a long loop.
    { name: "stdout over a short list of options", filename: "bin/cli.js", code: `for (const [flag, help] of Object.entries(options)) process.stdout.write(\`  \${flag}  \${help}\\n\`);` },
    { name: "progress dots next to awaited work", code: `export async function importAll(rows: Row[]) { for (const row of rows) { await db.insert(row); process.stdout.write("."); } }` },
    { name: "stdout single write", code: `process.stdout.write(rows.map(String).join("\\n"));` },
    { name: "stdout write result checked", code: `for (const line of lines) { if (!process.stdout.write(line + "\\n")) await once(process.stdout, "drain"); }` },
  ],
  invalid: [
    {
      name: "progress appended after each fetch: still one append per item to one file",
      code: `import { appendFile } from "fs/promises";
export async function crawl(urls: string[]) {
  for (const u of urls) { const r = await fetch(u); await appendFile("status.log", \`\${u} \${r.status}\\n\`); }
}`,
      findings: [{ line: 3, message: "await appendFile per item to the same file (status.log)" }],
    },
    {
      name: "for await pumping a readable into a stream ignores backpressure",
      code: `import fs from "fs";
export async function copy(src: NodeJS.ReadableStream) { const out = fs.createWriteStream("copy.bin"); for await (const chunk of src) out.write(chunk); out.end(); }`,
      findings: [{ line: 2, message: "out.write" }],
      output: `import fs from "fs";
import { once } from "events";
export async function copy(src: NodeJS.ReadableStream) { const out = fs.createWriteStream("copy.bin"); for await (const chunk of src) { if (!out.write(chunk)) await once(out, "drain"); } out.end(); }`,
    },
    {
      name: "an index appended per item while each item also gets its own file",
      filename: "scripts/build-icons.mjs",
      code: `import fs from "node:fs";
for (const file of names) {
  const svg = fs.readFileSync(\`src/\${file}\`, "utf8");
  fs.writeFileSync(\`dist/\${file}.js\`, compile(svg));
  fs.appendFileSync("dist/index.js", \`export { default as \${file} } from "./\${file}.js";\\n\`);
}`,
      findings: [{ line: 2, message: "(index.js)" }],
    },
    {
      name: "zlib stream from createGzip",
      code: `import { createGzip } from "node:zlib";
export function compressRows(rows: string[]) { const gz = createGzip(); for (const r of rows) gz.write(r + "\\n"); gz.end(); return gz; }`,
      findings: [{ line: 2, message: "gz.write" }],
    },
    {
      name: "(req, res) handler function in plain JS",
      filename: "src/handlers/export.js",
      code: `module.exports = async function exportCsv(req, res) {
  const rows = await db.all();
  for (const row of rows) res.write(row.join(",") + "\\n");
  res.end();
};`,
      findings: [{ line: 3, message: "res.write" }],
    },
    {
      name: "Express Response-typed parameter",
      code: `import type { Request, Response } from "express";
export async function transcript(req: Request, out: Response) {
  for (const m of await history(req.params.room)) out.write(m.text + "\\n");
  out.end();
}`,
      findings: [{ line: 3, message: "out.write" }],
    },
    {
      name: "new PassThrough",
      code: `import { PassThrough } from "stream";
const body = new PassThrough();
for (const item of items) body.write(JSON.stringify(item));`,
      findings: [{ line: 3, message: "body.write" }],
    },
    {
      name: "socket held in a let that a reconnect function reassigns",
      filename: "src/shipper.mjs",
      code: `import net from "node:net";
let sock = net.connect(5140, "logs");
export function reconnect() { sock = net.connect(5140, "logs"); }
export function ship(entries) {
  for (const e of entries) {
    sock.write(JSON.stringify(e) + "\\n");
  }
}`,
      findings: [{ line: 5, endLine: 7, message: "One sock.write per item to the same stream (sock), ignoring backpressure" }],
    },
    {
      name: "log stream rotated elsewhere, declared without a value",
      code: `import { createWriteStream, WriteStream } from "fs";
let out: WriteStream;
export function rotate(day: string) { out?.end(); out = createWriteStream(\`logs/\${day}.log\`, { flags: "a" }); }
export function flush(lines: string[]) { lines.forEach((l) => out.write(l + "\\n")); }`,
      findings: [{ line: 4, message: "out.write" }],
    },
    {
      name: "Fastify reply.raw",
      code: `app.get("/export.opml", async (req, reply) => {
  const feeds = await db.feeds();
  reply.raw.writeHead(200, { "content-type": "text/x-opml" });
  for (const f of feeds) {
    reply.raw.write(\`<outline xmlUrl="\${f.url}"/>\\n\`);
  }
  reply.raw.end();
  return reply;
});`,
      findings: [{ line: 4, endLine: 6, message: "One reply.raw.write per item to the same stream (reply.raw)" }],
      output: `app.get("/export.opml", async (req, reply) => {
  const feeds = await db.feeds();
  reply.raw.writeHead(200, { "content-type": "text/x-opml" });
  const lines: string[] = [];
  for (const f of feeds) {
    lines.push(\`<outline xmlUrl="\${f.url}"/>\\n\`);
  }
  if (lines.length) reply.raw.write(lines.join(""));
  reply.raw.end();
  return reply;
});`,
    },
    {
      name: "Koa ctx.res",
      code: `router.get("/events.csv", async (ctx) => {
  ctx.respond = false;
  for (const e of await events()) ctx.res.write(toCsv(e));
  ctx.res.end();
});`,
      findings: [{ line: 3, message: "ctx.res.write" }],
    },
    {
      name: "appendFileSync under a destructured alias",
      filename: "src/a.js",
      code: `const { appendFileSync: append } = require("fs");
for (const r of rows) append("out.log", r + "\\n");`,
      findings: [{ line: 2, message: "One appendFileSync per item to the same file (out.log)" }],
    },
    {
      name: "appendFileSync per row, named import",
      code: `import { appendFileSync } from "fs";
for (const row of rows) {
  appendFileSync("out.csv", toCsv(row) + "\\n");
}`,
      findings: [{ line: 2, endLine: 4, message: "One appendFileSync per item to the same file (out.csv) — collect the lines and write once" }],
      output: `import { appendFileSync } from "fs";
const lines: string[] = [];
for (const row of rows) {
  lines.push(toCsv(row) + "\\n");
}
if (lines.length) appendFileSync("out.csv", lines.join(""));`,
    },
    {
      name: "appendFileSync via namespace import in an async function",
      code: `import * as fs from "fs";
export async function exportAll(users: User[], file: string) {
  for (const u of users) fs.appendFileSync(file, \`\${u.id},\${u.email}\\n\`);
}`,
      findings: [{ line: 3, message: "to the same file (file)" }],
    },
    {
      name: "CommonJS require with path.join outside the loop variable",
      filename: "scripts/export.js",
      code: `const fs = require("node:fs");
const path = require("node:path");
const out = path.join(__dirname, "report.txt");
let i = 0;
while (i < items.length) {
  fs.appendFileSync(out, items[i].name + "\\n");
  i++;
}`,
      findings: [{ line: 5, endLine: 8, message: "(out)" }],
    },
    {
      name: "path.join literal inline names the file",
      filename: "src/a.js",
      code: `const { appendFileSync } = require("fs");
const { join } = require("path");
for (const e of entries) appendFileSync(join(__dirname, "audit.log"), JSON.stringify(e));`,
      findings: [{ line: 3, message: "(audit.log)" }],
    },
    {
      name: "writeSync to one fd",
      code: `import fs from "fs";
const fd = fs.openSync("out.txt", "w");
for (const line of lines) fs.writeSync(fd, line + "\\n");
fs.closeSync(fd);`,
      findings: [{ line: 3, message: "One fs.writeSync per item to the same file descriptor (fd)" }],
      output: `import fs from "fs";
const fd = fs.openSync("out.txt", "w");
const chunks: string[] = [];
for (const line of lines) chunks.push(line + "\\n");
fs.writeSync(fd, chunks.join(""));
fs.closeSync(fd);`,
    },
    {
      name: "await appendFile from fs/promises",
      code: `import { appendFile } from "node:fs/promises";
export async function save(lines: string[]) {
  for (const line of lines) {
    await appendFile("events.ndjson", line + "\\n");
  }
}`,
      findings: [{ line: 3, endLine: 5, message: "One await appendFile per item to the same file (events.ndjson)" }],
      output: `import { appendFile } from "node:fs/promises";
export async function save(lines: string[]) {
  if (lines.length) await appendFile("events.ndjson", lines.map((line) => line + "\\n").join(""));
}`,
    },
    {
      name: "fs.promises.appendFile through require",
      filename: "src/a.js",
      code: `const fsp = require("fs").promises;
async function save(rows) { for (const r of rows) await fsp.appendFile(LOG, r + "\\n"); }`,
      findings: [{ line: 2, message: "await appendFile" }],
    },
    {
      name: "callback appendFile in a loop",
      filename: "src/a.js",
      code: `const fs = require("fs");
rows.forEach((r) => fs.appendFile("out.txt", r, (err) => { if (err) throw err; }));`,
      findings: [{ line: 2, message: "One appendFile per item to the same file (out.txt)" }],
      // Callbacks run once per write and in no set order: no rewrite keeps that.
      output: null,
    },
    {
      name: "writeFileSync with an append flag",
      code: `import fs from "fs";
for (const r of records) fs.writeFileSync("all.txt", r + "\\n", { flag: "a" });`,
      findings: [{ line: 2, message: "writeFileSync (append)" }],
    },
    {
      name: "await handle.write on a FileHandle",
      code: `import { open } from "fs/promises";
export async function dump(rows: string[]) {
  const fh = await open("dump.txt", "a");
  for (const r of rows) await fh.write(r + "\\n");
  await fh.close();
}`,
      findings: [{ line: 4, message: "One await fh.write per item to the same file handle (fh)" }],
    },
    {
      name: "stream.write on a createWriteStream result ignoring backpressure",
      code: `import { createWriteStream } from "fs";
const out = createWriteStream("big.ndjson");
for (const doc of docs) {
  out.write(JSON.stringify(doc) + "\\n");
}
out.end();`,
      findings: [{ line: 3, endLine: 5, message: "One out.write per item to the same stream (out), ignoring backpressure" }],
    },
    {
      name: "forEach callback writing to a stream: the range is the call",
      code: `import fs from "fs";
const log = fs.createWriteStream("app.log", { flags: "a" });
entries.forEach((e) => log.write(format(e)));`,
      findings: [{ line: 3, message: "log.write" }],
    },
    {
      name: "socket from net.connect",
      filename: "src/a.js",
      code: `const net = require("net");
const sock = net.connect(9000, "metrics");
for (const m of metrics) sock.write(\`\${m.name} \${m.value}\\n\`);`,
      findings: [{ line: 3, message: "(sock)" }],
    },
    {
      name: "socket of a connection callback",
      code: `server.on("connection", (socket) => {
  for (const msg of backlog) socket.write(msg);
});`,
      findings: [{ line: 2, message: "socket.write" }],
    },
    {
      name: "socket of a net.createServer callback",
      code: `import net from "node:net";
net.createServer((socket) => {
  for (const line of motd) socket.write(line + "\\r\\n");
}).listen(7000);`,
      findings: [{ line: 3, message: "socket.write per item to the same stream (socket)" }],
    },
    {
      name: "HTTP response in an express handler",
      code: `app.get("/export.csv", (req, res) => {
  for (const row of rows) res.write(toCsv(row));
  res.end();
});`,
      findings: [{ line: 2, message: "res.write per item to the same stream (res)" }],
    },
    {
      name: "typed Writable parameter",
      code: `import type { Writable } from "stream";
export function emit(out: Writable, items: string[]) { for (const it of items) out.write(it); }`,
      findings: [{ line: 2, message: "out.write" }],
    },
    {
      name: "process.stdout over the lines of a file",
      filename: "bin/grep.js",
      code: `const text = require("fs").readFileSync(process.argv[2], "utf8");
for (const line of text.split("\\n")) {
  if (line.includes(process.argv[3])) process.stdout.write(line + "\\n");
}`,
      findings: [{ line: 2, endLine: 4, message: "One process.stdout.write per item in a long loop" }],
    },
    {
      name: "process.stdout in nested data loops",
      code: `for (const table of tables) for (const row of table.data) process.stdout.write(row.join("\\t") + "\\n");`,
      findings: [{ line: 1, message: "process.stdout.write" }],
    },
    {
      name: "process.stderr in a large counted loop",
      code: `for (let i = 0; i < 100000; i++) process.stderr.write(".");`,
      findings: [{ line: 1, message: "process.stderr.write" }],
      output: `const chunks: string[] = [];\nfor (let i = 0; i < 100000; i++) chunks.push(".");\nprocess.stderr.write(chunks.join(""));`,
    },
    {
      name: "small inner loop inside a data-sized loop reports the outer loop",
      code: `import fs from "fs";
for (const r of rows) {
  for (const col of ["a", "b", "c"]) fs.appendFileSync("out.tsv", r[col] + "\\t");
}`,
      findings: [{ line: 2, endLine: 4, message: "appendFileSync" }],
    },
    {
      name: "destination varies with the outer loop only: the inner loop is reported",
      code: `import fs from "fs";
for (const t of tables) {
  const file = \`\${t.name}.csv\`;
  for (const row of t.rows) fs.appendFileSync(file, row + "\\n");
}`,
      findings: [{ line: 4, message: "(file)" }],
    },
    {
      name: "do-while",
      code: `import fs from "fs";
let item;
do { item = queue.shift(); fs.appendFileSync("drained.log", String(item)); } while (queue.length);`,
      findings: [{ line: 3 }],
    },
    {
      name: "for-in over data",
      code: `import fs from "fs";
for (const key in env) fs.appendFileSync(".env.out", key + "=" + env[key] + "\\n");`,
      findings: [{ line: 2 }],
    },
    {
      name: "for await over readline with a sync append",
      code: `import fs from "fs";
import readline from "readline";
export async function filter(input: NodeJS.ReadableStream) {
  for await (const line of readline.createInterface({ input })) {
    if (line.startsWith("ERROR")) fs.appendFileSync("errors.txt", line + "\\n");
  }
}`,
      findings: [{ line: 4, endLine: 6, message: "appendFileSync" }],
    },
    {
      name: "two writes to one file in one loop: one finding",
      code: `import fs from "fs";
for (const r of rows) {
  fs.appendFileSync("o.txt", r.a);
  fs.appendFileSync("o.txt", r.b);
}`,
      findings: [{ line: 2 }],
    },
    {
      name: "a const list that is pushed to is data, not a constant",
      code: `import fs from "fs";
const pending = ["start"];
collect(pending);
pending.push(...more);
for (const p of pending) fs.appendFileSync("p.log", p);`,
      findings: [{ line: 5 }],
    },
    {
      name: "a large counted loop",
      code: `import fs from "fs";
for (let i = 0; i < 5000; i++) fs.appendFileSync("numbers.txt", i + "\\n");`,
      findings: [{ line: 2 }],
    },
    {
      name: "write guarded by an ordinary condition still happens per item",
      code: `import fs from "fs";
for (const r of rows) if (r.active) fs.appendFileSync("active.txt", r.id + "\\n");`,
      findings: [{ line: 2 }],
    },
    {
      name: "metadata calls next to the write do not hide it",
      code: `import fs from "fs";
for (const r of rows) { if (!fs.existsSync("out")) fs.mkdirSync("out"); fs.appendFileSync("out/all.txt", r); }`,
      findings: [{ line: 2 }],
    },
  ],
});
