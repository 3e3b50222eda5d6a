import { syncIo } from "../../../server/src/engine/rules/sync-io";
import { testRule } from "../../rule-tester";

testRule(syncIo, {
  valid: [
    // Module top level and startup code: runs once before any request.
    { name: "module top level, ESM", code: `import { readFileSync } from "node:fs";\nconst config = JSON.parse(readFileSync("config.json", "utf8"));\nexport default config;` },
    { name: "module top level, CommonJS", filename: "src/config.js", code: `const fs = require("fs");\nmodule.exports = JSON.parse(fs.readFileSync(__dirname + "/config.json", "utf8"));` },
    {
      name: "async main called only from module top level",
      code: `import { readFileSync } from "fs";
import express from "express";
async function main() {
  const cfg = JSON.parse(readFileSync("config.json", "utf8"));
  const app = express();
  await connect(cfg.db);
  app.listen(cfg.port);
}
main().catch((err) => { console.error(err); process.exit(1); });`,
    },
    {
      name: "bootstrap() awaited at top level, init() called only from it",
      filename: "src/server.mjs",
      code: `import fs from "node:fs";
const init = async () => { return fs.readdirSync("./plugins"); };
async function bootstrap() {
  const plugins = await init();
  const key = fs.readFileSync("key.pem");
  startHttps(key, plugins);
}
await bootstrap();`,
    },
    {
      name: "async IIFE at module top level",
      filename: "src/index.js",
      code: `const { execSync } = require("child_process");
(async () => {
  const rev = execSync("git rev-parse HEAD").toString().trim();
  await start(rev);
})();`,
    },
    {
      name: "exported startup function by name",
      code: `import * as fs from "fs";
export async function start(port: number) {
  const tls = { key: fs.readFileSync("key.pem"), cert: fs.readFileSync("cert.pem") };
  await listen(port, tls);
}`,
    },
    {
      name: "app factory that registers routes is setup code",
      code: `import fs from "fs";
import express from "express";
export async function createApp() {
  const app = express();
  const openapi = JSON.parse(fs.readFileSync("openapi.json", "utf8"));
  app.get("/spec", (req, res) => res.json(openapi));
  return app;
}`,
    },
    {
      name: "fastify plugin body runs at registration",
      filename: "src/routes/users.js",
      code: `const fs = require("fs");
module.exports = async function (fastify, opts) {
  const schema = JSON.parse(fs.readFileSync(__dirname + "/user.schema.json", "utf8"));
  fastify.get("/users/:id", { schema }, async (request) => getUser(request.params.id));
};`,
    },
    {
      name: "fastify-plugin wrapped plugin",
      filename: "src/plugins/cache.mjs",
      code: `import { readFileSync } from "node:fs";
import fp from "fastify-plugin";
async function cache(app, opts) {
  const seed = JSON.parse(readFileSync("seed.json", "utf8"));
  app.decorate("cache", new Map(seed));
}
export default fp(cache, { name: "cache" });`,
    },
    {
      name: "NestJS onModuleInit lifecycle hook",
      code: `import { readFileSync } from "fs";
export class TemplatesService {
  private tpl = "";
  async onModuleInit() { this.tpl = readFileSync("mail.hbs", "utf8"); }
}`,
    },
    {
      name: "Next.js getStaticProps runs at build time",
      filename: "pages/blog/[slug].tsx",
      code: `import fs from "fs";
export async function getStaticProps({ params }: any) {
  const source = fs.readFileSync(\`posts/\${params.slug}.md\`, "utf8");
  return { props: { source } };
}`,
    },
    {
      name: "then-callback at startup",
      filename: "src/index.js",
      code: `const fs = require("fs");
db.connect().then(() => {
  fs.writeFileSync("server.pid", String(process.pid));
  app.listen(3000);
});`,
    },
    {
      name: "listen callback",
      code: `import { writeFileSync } from "fs";
server.listen(8080, async () => { writeFileSync(".port", "8080"); });`,
    },
    // CLI and build scripts: nobody waits on their event loop.
    { name: "shebang script", filename: "src/tool.js", code: `#!/usr/bin/env node\nconst fs = require("fs");\nasync function run() { const s = fs.readFileSync(process.argv[2], "utf8"); await upload(s); }\nrun();` },
    { name: "bin folder", filename: "bin/release.js", code: `const { execSync } = require("node:child_process");\nasync function release() { execSync("npm publish", { stdio: "inherit" }); }\nmodule.exports = release;` },
    { name: "scripts folder, TS", filename: "scripts/gen-types.ts", code: `import { writeFileSync } from "node:fs";\nexport async function generate(schema: string) { writeFileSync("types.d.ts", await compile(schema)); }` },
    { name: "require.main === module", filename: "src/migrate.js", code: `const fs = require("fs");\nasync function migrate() { for (const f of fs.readdirSync("sql")) await db.query(fs.readFileSync("sql/" + f, "utf8")); }\nif (require.main === module) migrate();` },
    { name: "commander CLI", filename: "src/cli/commands.ts", code: `import { Command } from "commander";\nimport fs from "fs";\nconst program = new Command();\nprogram.command("build").action(async (dir: string) => { fs.rmSync(dir, { recursive: true, force: true }); });` },
    { name: "build config", filename: "vite.config.ts", code: `import fs from "fs";\nexport default defineConfig(async () => ({ define: { VERSION: JSON.stringify(fs.readFileSync("VERSION", "utf8")) } }));` },
    { name: "test file", filename: "src/user.test.ts", code: `import { readFileSync } from "fs";\nit("parses", async () => { const fixture = readFileSync("fixtures/user.json", "utf8"); expect(await parse(fixture)).toBeTruthy(); });` },
    { name: "migration file", filename: "db/migrations/20240101_seed.js", code: `const fs = require("fs");\nexports.up = async function (knex) { await knex.raw(fs.readFileSync(__dirname + "/seed.sql", "utf8")); };` },
    // Plain synchronous utilities and workers.
    { name: "named synchronous utility", code: `import { readFileSync } from "fs";\nexport function loadTemplate(name: string) { return readFileSync(\`templates/\${name}.html\`, "utf8"); }` },
    { name: "file-local helper called only at startup", code: `import fs from "fs";\nfunction readJson(p: string) { return JSON.parse(fs.readFileSync(p, "utf8")); }\nconst cfg = readJson("cfg.json");\napp.get("/cfg", (req, res) => res.json(cfg));` },
    { name: "helper passed on as a value: callers unknown", code: `import fs from "fs";\nfunction readJson(p: string) { return JSON.parse(fs.readFileSync(p, "utf8")); }\nregistry.add(readJson);\napp.get("/x", (req, res) => res.json(readJson("x.json")));` },
    { name: "class constructor", code: `import fs from "fs";\nexport class Store { data: any; constructor(private file: string) { this.data = JSON.parse(fs.readFileSync(file, "utf8")); } }` },
    { name: "worker file", filename: "src/hash-worker.js", code: `const { parentPort } = require("worker_threads");\nconst crypto = require("crypto");\nparentPort.on("message", async ({ pw, salt }) => { parentPort.postMessage(crypto.scryptSync(pw, salt, 64)); });` },
    {
      name: "worker branch of a dual-role file",
      code: `import { isMainThread, parentPort } from "node:worker_threads";
import { gzipSync } from "node:zlib";
if (!isMainThread) { parentPort!.on("message", (buf: Buffer) => parentPort!.postMessage(gzipSync(buf))); }`,
    },
    // Exit, crash and signal handlers must be synchronous.
    { name: "process exit handler", code: `import fs from "fs";\nprocess.on("exit", () => { fs.writeFileSync("state.json", JSON.stringify(state)); });` },
    { name: "uncaughtException handler", filename: "src/index.js", code: `const fs = require("fs");\nprocess.on("uncaughtException", (err) => { fs.writeSync(2, String(err.stack)); fs.appendFileSync("crash.log", err.stack); process.exit(1); });` },
    { name: "SIGTERM handler", code: `import { unlinkSync } from "fs";\nprocess.once("SIGTERM", async () => { unlinkSync("/tmp/app.sock"); await server.close(); });` },
    // Look-alikes and non-blocking forms.
    { name: "user method named readFileSync", code: `const store = { readFileSync(p: string) { return cache.get(p); } };\nasync function get(p: string) { return store.readFileSync(p); }` },
    { name: "parameter shadowing fs", code: `import * as fs from "fs";\nexport async function load(fs: { readFileSync(p: string): string }) { return fs.readFileSync("x"); }` },
    { name: "fs/promises", code: `import { readFile } from "node:fs/promises";\napp.get("/a", async (req, res) => { res.send(await readFile("a.html", "utf8")); });` },
    { name: "callback API", filename: "src/a.js", code: `const fs = require("fs");\napp.get("/a", (req, res) => { fs.readFile("a.html", (err, buf) => res.end(buf)); });` },
    { name: "promisified exec", code: `import { exec } from "child_process";\nimport { promisify } from "util";\nconst run = promisify(exec);\nexport async function rev() { return (await run("git rev-parse HEAD")).stdout; }` },
    // Judgement calls.
    { name: "existsSync is a single metadata lookup with no drop-in async form", code: `import fs from "fs";\napp.get("/avatar/:id", (req, res) => { if (!fs.existsSync(path(req.params.id))) return res.sendStatus(404); res.sendFile(path(req.params.id)); });` },
    { name: "lazy one-time init with ??=", code: `import { readFileSync } from "fs";\nlet tpl: string | undefined;\nexport async function render(data: object) { tpl ??= readFileSync("page.html", "utf8"); return fill(tpl, data); }` },
    { name: "lazy one-time init with if (!cache)", filename: "src/a.js", code: `const fs = require("fs");\nlet cert;\napp.get("/cert", (req, res) => { if (!cert) cert = fs.readFileSync("cert.pem"); res.send(cert); });` },
    { name: "lazy init with early return", code: `import fs from "fs";\nclass Cfg { private cached?: Config;\n  async get() { if (this.cached) return this.cached;\n    this.cached = JSON.parse(fs.readFileSync("cfg.json", "utf8")); return this.cached; } }` },
    { name: "cache per key", code: `import fs from "fs";\nconst templates = new Map<string, string>();\napp.get("/p/:name", (req, res) => { const n = req.params.name; if (!templates.has(n)) templates.set(n, fs.readFileSync(\`views/\${n}.html\`, "utf8")); res.send(templates.get(n)); });` },
    { name: "small randomFillSync for a nonce", code: `import { randomFillSync } from "crypto";\nexport async function nonce() { return randomFillSync(new Uint8Array(16)); }` },
    { name: "hkdfSync is a few HMACs", code: `import { hkdfSync } from "crypto";\nexport async function derive(k: Buffer) { return hkdfSync("sha256", k, "salt", "info", 32); }` },
    { name: "timer in a CLI script is the script's own work", filename: "bin/watch.js", code: `const fs = require("fs");\nsetInterval(() => { fs.writeFileSync("heartbeat", Date.now().toString()); }, 1000);` },
    // Scheduled jobs: only a scheduler whose origin is known claims the callback.
    { name: "sync callback of an unresolved scheduler at module level runs with the module", code: `import { statSync } from "fs";\nscheduler.every("5m", () => { report(statSync("data.db").size); });` },
    { name: "worker_threads' Worker is not a job queue", code: `import { Worker } from "node:worker_threads";\nimport { readFileSync } from "node:fs";\nexport function spawn(file: string) { return new Worker(file, { workerData: JSON.parse(readFileSync("cfg.json", "utf8")) }); }` },
    { name: "a local class called Worker takes no job processor", code: `import { readFileSync } from "fs";\nclass Worker { constructor(public name: string, public run: () => void) {} }\nexport function make() { return new Worker("w", () => { readFileSync("x"); }); }` },
    // Process signals that stop the process, in a module; and every signal in a script.
    { name: "beforeExit handler", code: `import fs from "fs";\nprocess.on("beforeExit", () => { fs.writeFileSync("stats.json", JSON.stringify(stats)); });` },
    { name: "unhandledRejection handler", filename: "src/index.js", code: `const fs = require("fs");\nprocess.on("unhandledRejection", (err) => { fs.appendFileSync("crash.log", String(err)); process.exit(1); });` },
    { name: "SIGINT handler", code: `import { rmSync } from "fs";\nprocess.on("SIGINT", () => { rmSync("/tmp/app.lock", { force: true }); process.exit(130); });` },
    { name: "SIGHUP in a CLI script is the script's own work", filename: "bin/tail.js", code: `const fs = require("fs");\nprocess.on("SIGHUP", () => { fs.writeFileSync("tail.pos", String(pos)); });` },
    // A CLI script that keeps serving events: its own flow, one-off timers and signal handlers stay the script's.
    {
      name: "daemon script: top-level setup, a one-off timer and a signal handler",
      filename: "bin/mirror.mjs",
      code: `#!/usr/bin/env node
import { watch, mkdirSync, readFileSync, writeFileSync } from "node:fs";
mkdirSync(process.argv[3], { recursive: true });
const state = JSON.parse(readFileSync("state.json", "utf8"));
watch(process.argv[2], async (event, name) => { pending.add(name); });
setTimeout(() => { writeFileSync("started", String(Date.now())); }, 1000);
process.on("SIGUSR1", () => { writeFileSync("dump.json", JSON.stringify(state)); });`,
    },
    { name: "readline callbacks of a daemon script read its own input", filename: "scripts/ingest.js", code: `const fs = require("fs");\nconst chokidar = require("chokidar");\nchokidar.watch("in").on("add", (p) => queue.push(p));\nrl.on("line", (line) => { fs.appendFileSync("seen.txt", line + "\\n"); });` },
    {
      name: "the stream callbacks of a synchronous variant class run inside its blocking calls",
      filename: "src/unpack.js",
      code: `const fs = require("fs");
class Unpack extends Parser { file(entry) { entry.pipe(fs.createWriteStream(entry.path)); } }
class UnpackSync extends Unpack {
  file(entry) {
    const fd = fs.openSync(entry.path, "w");
    entry.on("data", (chunk) => fs.writeSync(fd, chunk));
    entry.on("end", () => fs.closeSync(fd));
  }
}`,
    },
    { name: "element access in a comment or a string is no call", code: `import fs from "fs";\n// fs.readFileSync("a") would block here\nexport async function f() { return "readFileSync"; }` },
  ],
  invalid: [
    {
      name: "express handler, named import",
      code: `import { readFileSync } from "fs";
app.get("/report", (req, res) => {
  res.send(readFileSync("report.html", "utf8"));
});`,
      findings: [{ line: 3, message: "fs.readFileSync blocks the event loop in request handler for GET /report — use await readFile from node:fs/promises" }],
    },
    {
      name: "async function, namespace import",
      code: `import * as fs from "fs";
export async function loadUsers() {
  const raw = fs.readFileSync("users.json", "utf8");
  return JSON.parse(raw);
}`,
      findings: [{ line: 3, message: "in async function loadUsers" }],
    },
    {
      name: "default import with node: prefix, async arrow",
      code: `import fs from "node:fs";
export const save = async (id: string, body: string) => {
  fs.writeFileSync(\`data/\${id}.json\`, body);
};`,
      findings: [{ line: 3, message: "fs.writeFileSync" }],
    },
    {
      name: "named import with alias",
      code: `import { readdirSync as ls } from "fs";
router.get("/files", async (ctx) => { ctx.body = ls("uploads"); });`,
      findings: [{ line: 2, message: "fs.readdirSync blocks the event loop in request handler for GET /files" }],
    },
    {
      name: "CommonJS require in an express handler",
      filename: "src/routes.js",
      code: `const fs = require("fs");
router.post("/upload", (req, res) => {
  fs.writeFileSync("uploads/" + req.params.name, req.body);
  res.sendStatus(201);
});`,
      findings: [{ line: 3, message: "request handler for POST /upload" }],
    },
    {
      name: "destructured require with rename",
      filename: "src/thumbs.js",
      code: `const { execFileSync: run } = require("node:child_process");
app.post("/thumb", (req, res) => {
  run("convert", [req.file.path, "-resize", "200x200", "out.png"]);
  res.end();
});`,
      findings: [{ line: 3, message: "child_process.execFileSync blocks the event loop in request handler for POST /thumb — use await promisify(execFile) from node:child_process" }],
    },
    {
      name: "execSync in an async function",
      filename: "src/deploy.js",
      code: `const cp = require("child_process");
async function currentBranch() {
  return cp.execSync("git branch --show-current").toString();
}
module.exports = { currentBranch };`,
      findings: [{ line: 3, message: "child_process.execSync" }],
    },
    {
      name: "fastify handler",
      code: `import { gzipSync } from "zlib";
fastify.get("/dump", async (request, reply) => {
  reply.header("content-encoding", "gzip").send(gzipSync(JSON.stringify(await dump())));
});`,
      findings: [{ line: 3, message: "zlib.gzipSync blocks the event loop in request handler for GET /dump — use await promisify(gzip) from node:zlib" }],
    },
    {
      name: "fastify route object handler",
      code: `import * as zlib from "zlib";
fastify.route({ method: "POST", url: "/ingest", handler: async (req) => { const body = zlib.gunzipSync(req.body); return store(body); } });`,
      findings: [{ line: 2, message: "zlib.gunzipSync blocks the event loop in a request handler" }],
    },
    {
      name: "koa middleware",
      code: `import fs from "fs";
app.use(async (ctx, next) => {
  ctx.state.flags = JSON.parse(fs.readFileSync("flags.json", "utf8"));
  await next();
});`,
      findings: [{ line: 3, message: "in a request handler" }],
    },
    {
      name: "http.createServer callback",
      filename: "src/server.js",
      code: `const http = require("http");
const fs = require("fs");
http.createServer((req, res) => {
  res.end(fs.readFileSync("." + req.url));
}).listen(8080);`,
      findings: [{ line: 4, message: "fs.readFileSync blocks the event loop in a request handler" }],
    },
    {
      name: "stream 'data' callback",
      code: `import { appendFileSync } from "fs";
socket.on("data", (chunk: Buffer) => {
  appendFileSync("traffic.log", chunk);
});`,
      findings: [{ line: 3, message: "fs.appendFileSync blocks the event loop in a 'data' event callback" }],
    },
    {
      name: "'end' callback registered by name",
      code: `import fs from "fs";
function onEnd() { fs.renameSync("upload.tmp", "upload.bin"); }
req.on("end", onEnd);`,
      findings: [{ line: 2, message: "in an 'end' event callback" }],
    },
    {
      name: "setInterval callback",
      code: `import { statSync } from "fs";
setInterval(() => {
  const { size } = statSync("/var/log/app.log");
  if (size > LIMIT) rotate();
}, 5000);`,
      findings: [{ line: 3, message: "fs.statSync blocks the event loop in a setInterval callback — use await stat from node:fs/promises" }],
    },
    {
      name: "process.on('message') in a forked child",
      filename: "src/child.js",
      code: `const fs = require("fs");
process.on("message", (msg) => { process.send(fs.readFileSync(msg.path, "utf8")); });`,
      findings: [{ line: 2, message: "'message' event callback" }],
    },
    {
      name: "crypto pbkdf2Sync in a login handler",
      code: `import crypto from "node:crypto";
app.post("/login", async (req, res) => {
  const hash = crypto.pbkdf2Sync(req.body.password, user.salt, 310000, 32, "sha256");
  res.json({ ok: hash.equals(user.hash) });
});`,
      findings: [{ line: 3, message: "crypto.pbkdf2Sync blocks the event loop in request handler for POST /login — use await promisify(pbkdf2) from node:crypto" }],
    },
    {
      name: "scryptSync and generateKeyPairSync",
      code: `import { scryptSync, generateKeyPairSync } from "crypto";
export async function register(pw: string) {
  const key = scryptSync(pw, "salt", 64);
  const pair = generateKeyPairSync("rsa", { modulusLength: 4096 });
  return { key, pair };
}`,
      findings: [
        { line: 3, message: "crypto.scryptSync" },
        { line: 4, message: "crypto.generateKeyPairSync" },
      ],
    },
    {
      name: "large randomFillSync",
      code: `import { randomFillSync } from "crypto";
export async function noise(n: number) { return randomFillSync(Buffer.alloc(n)); }`,
      findings: [{ line: 2, message: "crypto.randomFillSync" }],
    },
    {
      name: "fs-extra",
      code: `import fse from "fs-extra";
export async function saveSettings(s: object) { fse.outputJsonSync("settings/user.json", s); }`,
      findings: [{ line: 2, message: "outputJsonSync (fs-extra) blocks the event loop in async function saveSettings — use await outputJson from fs-extra" }],
    },
    {
      name: "graceful-fs",
      filename: "src/a.js",
      code: `const gfs = require("graceful-fs");
exports.handler = async (event) => gfs.readFileSync("/tmp/" + event.key);`,
      findings: [{ line: 2, message: "readFileSync (graceful-fs) blocks the event loop in async function handler — use await readFile from node:fs/promises" }],
    },
    {
      name: "fd-based writeSync names the FileHandle counterpart",
      code: `import fs from "fs";
export async function log(fd: number, line: string) { fs.writeSync(fd, line + "\\n"); }`,
      findings: [{ line: 2, message: "fs.writeSync blocks the event loop in async function log — use await handle.write() on a FileHandle" }],
    },
    {
      name: "require(...).member inline",
      filename: "src/a.js",
      code: `module.exports.read = async (p) => require("fs").readFileSync(p, "utf8");`,
      findings: [{ line: 1, message: "fs.readFileSync" }],
    },
    {
      name: "alias of a member",
      code: `import fs from "fs";
const read = fs.readFileSync;
export async function get(p: string) { return read(p); }`,
      findings: [{ line: 3, message: "fs.readFileSync" }],
    },
    {
      name: "inline array callback inside a handler takes the handler's context",
      code: `import fs from "fs";
app.get("/all", async (req, res) => {
  const docs = await Promise.all(ids.map(async (id) => JSON.parse(fs.readFileSync(\`docs/\${id}.json\`, "utf8"))));
  res.json(docs);
});`,
      findings: [{ line: 3, message: "in request handler for GET /all" }],
    },
    {
      name: "a then-callback in an async function",
      code: `import { readFileSync } from "fs";
export async function load(url: string) {
  return fetch(url).then((r) => r.ok ? r.json() : JSON.parse(readFileSync("fallback.json", "utf8")));
}`,
      findings: [{ line: 3, message: "fs.readFileSync" }],
    },
    {
      name: "async function also called from a handler is not startup",
      code: `import fs from "fs";
async function init() { return JSON.parse(fs.readFileSync("flags.json", "utf8")); }
init();
app.get("/flags", async (req, res) => res.json(await init()));`,
      findings: [{ line: 2, message: "in async function init" }],
    },
    {
      name: "async function passed to a scheduler is not startup",
      code: `import fs from "fs";
async function refresh() { cache = JSON.parse(fs.readFileSync("feed.json", "utf8")); }
queue.process(refresh);`,
      findings: [{ line: 2, message: "in async function refresh" }],
    },
    {
      name: "a request handler in a CLI script still serves requests",
      filename: "bin/serve.js",
      code: `#!/usr/bin/env node
const fs = require("fs");
require("http").createServer((req, res) => res.end(fs.readFileSync("index.html"))).listen(3000);`,
      findings: [{ line: 3, message: "in a request handler" }],
    },
    {
      name: "class method in a service",
      code: `import { readFileSync } from "node:fs";
export class ReportService {
  async build(id: string) {
    const tpl = readFileSync("report.hbs", "utf8");
    return render(tpl, await this.repo.get(id));
  }
}`,
      findings: [{ line: 4, message: "in async method build" }],
    },
    {
      name: "not a one-time init: the guard is a local",
      code: `import { readFileSync } from "fs";
export async function f() { let data; if (!data) data = readFileSync("x"); return data; }`,
      findings: [{ line: 2 }],
    },
    {
      name: "glob.sync",
      filename: "src/a.js",
      code: `const glob = require("glob");
app.get("/assets", (req, res) => res.json(glob.sync("public/**/*.js")));`,
      findings: [{ line: 2, message: "sync (glob) blocks the event loop" }],
    },
    {
      name: "spawnSync",
      code: `import { spawnSync } from "node:child_process";
export async function lint(file: string) { return spawnSync("eslint", [file]).status === 0; }`,
      findings: [{ line: 2, message: "use spawn from node:child_process and await its 'close' event" }],
    },
    {
      name: "file-local sync helper called from a request handler",
      code: `import { execSync } from "node:child_process";
function gitRev() { return execSync("git rev-parse HEAD").toString().trim(); }
app.get("/version", (req, res) => res.json({ rev: gitRev() }));`,
      findings: [{ line: 2, message: "child_process.execSync blocks the event loop in function gitRev, called from request handler for GET /version" }],
    },
    {
      name: "memoised helper called from a handler is a one-time init",
      code: `import { readFileSync } from "fs";
let cached: string | undefined;
const template = () => cached ?? (cached = readFileSync("t.html", "utf8"));
app.get("/", (req, res) => res.send(template()));
app.get("/raw", (req, res) => res.send(readFileSync("raw.txt")));`,
      findings: [{ line: 5, message: "request handler for GET /raw" }],
    },
    {
      name: "fs.watch callback of a server module",
      filename: "src/app.js",
      code: `const fs = require("fs");
fs.watch("routes.json", () => {
  routes = JSON.parse(fs.readFileSync("routes.json", "utf8"));
});
if (require.main === module) app.listen(8080);`,
      findings: [{ line: 3, message: "fs.readFileSync blocks the event loop in a file-watch callback" }],
    },
    {
      name: "map callback inside a handler of a runnable server module",
      filename: "src/app.js",
      code: `const fs = require("fs");
router.get("/logs", async (ctx) => {
  ctx.body = fs.readdirSync("logs").map((f) => fs.statSync("logs/" + f).size);
});
module.exports = app;
if (require.main === module) app.listen(3000);`,
      findings: [
        { line: 3, message: "fs.readdirSync blocks the event loop in request handler for GET /logs" },
        { line: 3, message: "fs.statSync blocks the event loop in request handler for GET /logs" },
      ],
    },
    {
      name: "controller in its own file, recognised by its (req, res) signature",
      filename: "src/controllers/report.controller.js",
      code: `const fs = require("fs");
exports.download = (req, res) => {
  res.type("pdf").send(fs.readFileSync(\`reports/\${req.params.id}.pdf\`));
};`,
      findings: [{ line: 3, message: "fs.readFileSync blocks the event loop in request handler download" }],
    },
    // Scheduled jobs and queue processors run while the process serves.
    {
      name: "node-cron job in an exported setup function",
      code: `import cron from "node-cron";
import { readdirSync, unlinkSync } from "node:fs";
export function scheduleCleanup(dir: string) {
  cron.schedule("*/5 * * * *", () => {
    for (const f of readdirSync(dir)) unlinkSync(dir + "/" + f);
  });
}`,
      findings: [
        { line: 5, message: "fs.readdirSync blocks the event loop in a node-cron job — use await readdir" },
        { line: 5, message: "fs.unlinkSync blocks the event loop in a node-cron job" },
      ],
    },
    {
      name: "node-cron schedule destructured from require, job registered by name",
      filename: "src/jobs.js",
      code: `const { schedule } = require("node-cron");
const { execSync } = require("child_process");
function backup() { execSync("pg_dump app > /backups/app.sql"); }
schedule("0 3 * * *", backup);`,
      findings: [{ line: 3, message: "child_process.execSync blocks the event loop in a node-cron job" }],
    },
    {
      name: "Agenda job definition",
      filename: "src/agenda.js",
      code: `const Agenda = require("agenda");
const zlib = require("zlib");
const agenda = new Agenda({ db: { address: process.env.MONGO } });
agenda.define("compress logs", (job) => {
  store(zlib.gzipSync(collect(job.attrs.data)));
});`,
      findings: [{ line: 5, message: "zlib.gzipSync blocks the event loop in the Agenda job 'compress logs'" }],
    },
    {
      name: "cron's CronJob, constructed and from options",
      code: `import { CronJob } from "cron";
import { statSync, readFileSync } from "fs";
new CronJob("*/10 * * * * *", () => { gauge(statSync("/var/lib/app.db").size); }, null, true);
CronJob.from({ cronTime: "0 * * * *", onTick() { publish(readFileSync("feed.xml")); }, start: true });`,
      findings: [
        { line: 3, message: "fs.statSync blocks the event loop in a cron job" },
        { line: 4, message: "fs.readFileSync blocks the event loop in a cron job" },
      ],
    },
    {
      name: "Bull queue processor",
      code: `import Queue from "bull";
import { pbkdf2Sync } from "crypto";
const hashing = new Queue("hashing", process.env.REDIS_URL!);
export function startProcessing() {
  hashing.process((job) => pbkdf2Sync(job.data.pw, job.data.salt, 310000, 32, "sha256").toString("hex"));
}`,
      findings: [{ line: 5, message: "crypto.pbkdf2Sync blocks the event loop in a queue processor" }],
    },
    {
      name: "BullMQ Worker processor",
      code: `import { Worker } from "bullmq";
import { execFileSync } from "node:child_process";
export function startWorker() {
  return new Worker("thumbnails", (job) => { execFileSync("convert", [job.data.src, "-resize", "200x200", job.data.dest]); });
}`,
      findings: [{ line: 4, message: "child_process.execFileSync blocks the event loop in a BullMQ job processor" }],
    },
    {
      name: "async job processor: async code on the shared loop",
      code: `import { Worker } from "bullmq";
import { readFileSync } from "node:fs";
new Worker("mail", async (job) => { await send(job.data.to, readFileSync("mail.html", "utf8")); });`,
      findings: [{ line: 3, message: "fs.readFileSync blocks the event loop in a BullMQ job processor" }],
    },
    {
      name: "pg-boss work handler",
      code: `import PgBoss from "pg-boss";
import { readFileSync } from "fs";
const boss = new PgBoss(process.env.DATABASE_URL!);
export function register() { boss.work("render", (job: any) => render(readFileSync(job.data.template, "utf8"))); }`,
      findings: [{ line: 4, message: "in a pg-boss job handler" }],
    },
    {
      name: "NestJS BullMQ @Processor class",
      code: `import { Processor, WorkerHost } from "@nestjs/bullmq";
import { readFileSync } from "fs";
@Processor("reports")
export class ReportsProcessor extends WorkerHost {
  process(job: any) { return render(readFileSync(job.data.template, "utf8")); }
}`,
      findings: [{ line: 5, message: "in a @Processor job" }],
    },
    // Signals a serving process handles without stopping.
    {
      name: "SIGHUP log rotation in a server module",
      code: `import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
process.on("SIGHUP", () => {
  writeFileSync("app.log.1.gz", gzipSync(readFileSync("app.log.1")));
});`,
      findings: [
        { line: 4, message: "fs.writeFileSync blocks the event loop in a process 'SIGHUP' handler" },
        { line: 4, message: "zlib.gzipSync blocks the event loop in a process 'SIGHUP' handler" },
        { line: 4, message: "fs.readFileSync blocks the event loop in a process 'SIGHUP' handler" },
      ],
    },
    {
      name: "SIGUSR1 and SIGUSR2 diagnostics",
      filename: "src/diag.js",
      code: `const fs = require("fs");
process.once("SIGUSR1", () => fs.writeFileSync("heap.json", dumpHeap()));
process.on("SIGUSR2", () => { fs.writeFileSync("state.json", JSON.stringify(state)); });`,
      findings: [
        { line: 2, message: "in a process 'SIGUSR1' handler" },
        { line: 3, message: "in a process 'SIGUSR2' handler" },
      ],
    },
    // CLI scripts that are really daemons.
    {
      name: "fs.watch callback of a shebang daemon",
      filename: "src/sync-folder.mjs",
      code: `#!/usr/bin/env node
import { watch, readFileSync, copyFileSync } from "node:fs";
const conf = JSON.parse(readFileSync(".syncrc", "utf8"));
watch(conf.src, { recursive: true }, (event, name) => {
  copyFileSync(conf.src + "/" + name, conf.dest + "/" + name);
});`,
      findings: [{ line: 5, message: "fs.copyFileSync blocks the event loop in a file-watch callback" }],
    },
    {
      name: "chokidar watcher in a bin script, chained registrations",
      filename: "bin/dev-sync.js",
      code: `const chokidar = require("chokidar");
const fs = require("fs-extra");
chokidar.watch("content")
  .on("add", (p) => fs.copySync(p, "public/" + p))
  .on("change", (p) => fs.copySync(p, "public/" + p));`,
      findings: [
        { line: 4, message: "copySync (fs-extra) blocks the event loop in an 'add' event callback" },
        { line: 5, message: "in a 'change' event callback" },
      ],
    },
    {
      name: "chokidar watcher held in a const",
      filename: "scripts/watch-assets.mjs",
      code: `import { watch } from "chokidar";
import { execSync } from "node:child_process";
const watcher = watch("assets/**/*.scss");
watcher.on("change", () => { execSync("sass assets:public"); });`,
      findings: [{ line: 4, message: "child_process.execSync blocks the event loop in a 'change' event callback" }],
    },
    {
      name: "setInterval of a script that also watches files",
      filename: "bin/indexer.js",
      code: `#!/usr/bin/env node
const fs = require("fs");
fs.watch("docs", (event, name) => changed.add(name));
setInterval(() => {
  fs.writeFileSync("index.json", JSON.stringify([...changed]));
}, 30000);`,
      findings: [{ line: 5, message: "fs.writeFileSync blocks the event loop in a setInterval callback" }],
    },
    {
      name: "setInterval of a script that serves HTTP",
      filename: "scripts/mock-server.js",
      code: `const http = require("http");
const fs = require("fs");
http.createServer((req, res) => res.end("ok")).listen(4000);
setInterval(() => { fs.appendFileSync("mock.log", new Date().toISOString() + "\\n"); }, 1000);`,
      findings: [{ line: 4, message: "fs.appendFileSync blocks the event loop in a setInterval callback" }],
    },
    {
      name: "socket callbacks of a script that holds a connection",
      filename: "bin/relay.js",
      code: `const net = require("net");
const fs = require("fs");
const upstream = net.connect(5140, "logs.internal");
upstream.on("data", (chunk) => { fs.appendFileSync("relay.log", chunk); });`,
      findings: [{ line: 4, message: "fs.appendFileSync blocks the event loop in a 'data' event callback" }],
    },
    {
      name: "message callbacks of a WebSocket server started by a script",
      filename: "bin/live-reload.mjs",
      code: `import { WebSocketServer } from "ws";
import { readFileSync } from "node:fs";
const wss = new WebSocketServer({ port: 35729 });
wss.on("connection", (ws) => {
  ws.on("message", (m) => { ws.send(readFileSync(String(m), "utf8")); });
});`,
      findings: [{ line: 5, message: "fs.readFileSync blocks the event loop in a 'message' event callback" }],
    },
    {
      name: "a debounce timer set by a daemon's watch callback",
      filename: "bin/rebuild.js",
      code: `const fs = require("fs");
const { execSync } = require("child_process");
let timer;
fs.watch("src", () => {
  clearTimeout(timer);
  timer = setTimeout(() => { execSync("npm run build"); }, 200);
});`,
      findings: [{ line: 6, message: "child_process.execSync blocks the event loop in a setTimeout callback" }],
    },
    {
      name: "a daemon script's helper called from its watch callback",
      filename: "bin/hasher.mjs",
      code: `import { watch, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
function digest(p) { return createHash("sha1").update(readFileSync(p)).digest("hex"); }
watch("src", (event, name) => { sums.set(name, digest("src/" + name)); });`,
      findings: [{ line: 3, message: "fs.readFileSync blocks the event loop in function digest, called from a file-watch callback" }],
    },
    // Ways of naming the call that the text scan must follow.
    {
      name: "element access with a string key",
      code: `import fs from "fs";
export async function load(p: string) { return fs["readFileSync"](p, "utf8"); }`,
      findings: [{ line: 2, message: "fs.readFileSync" }],
    },
    {
      name: "destructured from an imported namespace under another name",
      code: `import * as fs from "node:fs";
const { statSync: stat } = fs;
app.get("/size", (req, res) => res.json(stat("data.db").size));`,
      findings: [{ line: 3, message: "fs.statSync blocks the event loop in request handler for GET /size" }],
    },
    {
      name: "an alias of an alias",
      filename: "src/a.js",
      code: `const cp = require("child_process");
const run = cp.execSync;
const sh = run;
exports.deploy = async () => sh("make deploy");`,
      findings: [{ line: 4, message: "child_process.execSync" }],
    },
    {
      name: "realpathSync.native",
      code: `import fs from "fs";
export async function real(p: string) { return fs.realpathSync.native(p); }`,
      findings: [{ line: 2, message: "fs.realpathSync.native blocks the event loop in async function real" }],
    },
    {
      name: "range is the call expression",
      code: `import fs from "fs";
app.get("/x", (req, res) => { const s = fs.readFileSync(
  "x.txt",
  "utf8",
); res.send(s); });`,
      findings: [{ line: 2, endLine: 5, column: 41 }],
    },
    // The fix: exact output after the preferred fix of each finding.
    {
      name: "fix: ESM named import → await readFile from fs/promises, in the old import's place",
      code: `import { readFileSync } from "fs";
import { parse } from "./parse";

export async function loadConfig(p: string) {
  return parse(JSON.parse(readFileSync(p, "utf8")));
}`,
      findings: [{ line: 5 }],
      output: `import { readFile } from "fs/promises";
import { parse } from "./parse";

export async function loadConfig(p: string) {
  return parse(JSON.parse(await readFile(p, "utf8")));
}`,
    },
    {
      name: "fix: the rest of the fs import stays; the new import goes next to it, with the node: prefix",
      code: `import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
export async function read(dir: string) {
  const p = path.join(dir, "a.txt");
  return existsSync(p) ? readFileSync(p, "utf8") : "";
}`,
      findings: [{ line: 5 }],
      output: `import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
export async function read(dir: string) {
  const p = path.join(dir, "a.txt");
  return existsSync(p) ? await readFile(p, "utf8") : "";
}`,
    },
    {
      name: "fix: CommonJS fs binding reused as fs.promises",
      filename: "src/routes.js",
      code: `const fs = require("fs");
const path = require("path");
router.get("/footer", async (req, res) => {
  const footer = fs.readFileSync(path.join(__dirname, "footer.txt"), "utf8");
  res.send(footer);
});`,
      findings: [{ line: 4 }],
      output: `const fs = require("fs");
const path = require("path");
router.get("/footer", async (req, res) => {
  const footer = await fs.promises.readFile(path.join(__dirname, "footer.txt"), "utf8");
  res.send(footer);
});`,
    },
    {
      name: "fix: CommonJS destructured require becomes a require of fs/promises",
      filename: "src/store.js",
      code: `"use strict";
const { writeFileSync } = require("fs");
const db = require("./db");
exports.save = async function save(id, body) {
  writeFileSync(\`data/\${id}.json\`, JSON.stringify(body));
  await db.touch(id);
};`,
      findings: [{ line: 5 }],
      output: `"use strict";
const { writeFile } = require("fs/promises");
const db = require("./db");
exports.save = async function save(id, body) {
  await writeFile(\`data/\${id}.json\`, JSON.stringify(body));
  await db.touch(id);
};`,
    },
    {
      name: "fix: an existing fs/promises binding is reused",
      code: `import fsp from "node:fs/promises";
import * as fs from "node:fs";
export async function size(p: string) {
  await fsp.mkdir("out", { recursive: true });
  return fs.statSync(p).size;
}`,
      findings: [{ line: 5 }],
      output: `import fsp from "node:fs/promises";
export async function size(p: string) {
  await fsp.mkdir("out", { recursive: true });
  return (await fsp.stat(p)).size;
}`,
    },
    {
      name: "fix: an existing fs/promises import takes one more name; the fs import only the call used goes",
      code: `import { writeFile } from "node:fs/promises";
import * as fs from "node:fs";
export async function copy(a: string, b: string) {
  await writeFile(b, fs.readFileSync(a));
}`,
      findings: [{ line: 4 }],
      output: `import { writeFile, readFile } from "node:fs/promises";
export async function copy(a: string, b: string) {
  await writeFile(b, await readFile(a));
}`,
    },
    {
      name: "fix: a one-per-line import list gets one more line",
      code: `import {
  writeFile,
  mkdir,
} from "node:fs/promises";
import { readdirSync } from "node:fs";
export async function list(dir: string) {
  await mkdir(dir, { recursive: true });
  await writeFile(dir + "/.keep", "");
  return readdirSync(dir);
}`,
      findings: [{ line: 9 }],
      output: `import {
  writeFile,
  mkdir,
  readdir,
} from "node:fs/promises";
export async function list(dir: string) {
  await mkdir(dir, { recursive: true });
  await writeFile(dir + "/.keep", "");
  return await readdir(dir);
}`,
    },
    {
      name: "fix: await is parenthesised before a member access; a binding still used elsewhere stays",
      code: `import { readFileSync } from "fs";
export async function hash(p: string) {
  return readFileSync(p).toString("base64") + readFileSync;
}`,
      findings: [{ line: 3 }],
      output: `import { readFileSync } from "fs";
import { readFile } from "fs/promises";
export async function hash(p: string) {
  return (await readFile(p)).toString("base64") + readFileSync;
}`,
    },
    {
      name: "fix: inside try, the rejection is caught where the throw was",
      code: `import { readFileSync } from "fs";
export async function maybe(p: string) {
  try {
    return readFileSync(p, "utf8"); // may be missing
  } catch {
    return null;
  }
}`,
      findings: [{ line: 4 }],
      output: `import { readFile } from "fs/promises";
export async function maybe(p: string) {
  try {
    return await readFile(p, "utf8"); // may be missing
  } catch {
    return null;
  }
}`,
    },
    {
      name: "fix: a sync Express handler becomes async (marked for review)",
      filename: "src/app.js",
      code: `const fs = require("fs");
app.get("/report", (req, res) => {
  res.send(fs.readFileSync("report.html", "utf8"));
});`,
      findings: [{ line: 3 }],
      output: `const fs = require("fs");
app.get("/report", async (req, res) => {
  res.send(await fs.promises.readFile("report.html", "utf8"));
});`,
    },
    {
      name: "fix: a node:http request listener becomes async",
      filename: "src/server.mjs",
      code: `import http from "node:http";
import { readFileSync } from "node:fs";
http.createServer(function (req, res) {
  res.end(readFileSync("." + req.url));
}).listen(8080);`,
      findings: [{ line: 4 }],
      output: `import http from "node:http";
import { readFile } from "node:fs/promises";
http.createServer(async function (req, res) {
  res.end(await readFile("." + req.url));
}).listen(8080);`,
    },
    {
      name: "fix: a then-callback becomes async (the chain adopts its promise)",
      code: `import * as fs from "fs";
export function load(url: string) {
  return fetch(url).then((r) => r.ok ? r.json() : JSON.parse(fs.readFileSync("fallback.json", "utf8")));
}`,
      findings: [{ line: 3 }],
      output: `import * as fs from "fs";
export function load(url: string) {
  return fetch(url).then(async (r) => r.ok ? r.json() : JSON.parse(await fs.promises.readFile("fallback.json", "utf8")));
}`,
    },
    {
      name: "fix: execSync(…).toString() → (await execAsync(…)).stdout",
      code: `import { execSync } from "node:child_process";
export async function rev() {
  return execSync("git rev-parse HEAD").toString().trim();
}`,
      findings: [{ line: 3 }],
      output: `import { exec } from "node:child_process";
import { promisify } from "node:util";
const execAsync = promisify(exec);
export async function rev() {
  return (await execAsync("git rev-parse HEAD")).stdout.trim();
}`,
    },
    {
      name: "fix: execSync's Buffer result kept with encoding: \"buffer\"",
      filename: "src/a.js",
      code: `const cp = require("child_process");
module.exports.snapshot = async () => {
  const png = cp.execSync("screencap -p", { cwd: "/tmp" });
  return png;
};`,
      findings: [{ line: 3 }],
      output: `const cp = require("child_process");
const { promisify } = require("util");
const execAsync = promisify(cp.exec);
module.exports.snapshot = async () => {
  const png = (await execAsync("screencap -p", { cwd: "/tmp", encoding: "buffer" })).stdout;
  return png;
};`,
    },
    {
      name: "fix: execFileSync with an encoding → (await execFileAsync(…)).stdout",
      filename: "src/a.js",
      code: `const { execFileSync } = require("child_process");
const os = require("os");
exports.branch = async (dir) => execFileSync("git", ["branch", "--show-current"], { cwd: dir, encoding: "utf8" }).trim();`,
      findings: [{ line: 3 }],
      output: `const { execFile } = require("child_process");
const os = require("os");
const { promisify } = require("util");
const execFileAsync = promisify(execFile);
exports.branch = async (dir) => (await execFileAsync("git", ["branch", "--show-current"], { cwd: dir, encoding: "utf8" })).stdout.trim();`,
    },
    {
      name: "fix: execSync whose output is unused → await execAsync(…)",
      code: `import * as cp from "child_process";
import { promisify } from "util";
export async function build() {
  cp.execSync("make all");
  return promisify;
}`,
      findings: [{ line: 4 }],
      output: `import * as cp from "child_process";
import { promisify } from "util";
const execAsync = promisify(cp.exec);
export async function build() {
  await execAsync("make all");
  return promisify;
}`,
    },
    {
      name: "fix: zlib named import swapped for the callback form, promisified once at module level",
      code: `import { gzipSync } from "node:zlib";
fastify.get("/dump", async (request, reply) => {
  reply.header("content-encoding", "gzip").send(gzipSync(JSON.stringify(await dump())));
});`,
      findings: [{ line: 3 }],
      output: `import { gzip } from "node:zlib";
import { promisify } from "node:util";
const gzipAsync = promisify(gzip);
fastify.get("/dump", async (request, reply) => {
  reply.header("content-encoding", "gzip").send(await gzipAsync(JSON.stringify(await dump())));
});`,
    },
    {
      name: "fix: zlib through a CommonJS namespace",
      filename: "src/ingest.js",
      code: `const zlib = require("zlib");
const store = require("./store");
module.exports = async function ingest(req) {
  const body = zlib.gunzipSync(req.body);
  return store.put(body);
};`,
      findings: [{ line: 4 }],
      output: `const zlib = require("zlib");
const store = require("./store");
const { promisify } = require("util");
const gunzipAsync = promisify(zlib.gunzip);
module.exports = async function ingest(req) {
  const body = await gunzipAsync(req.body);
  return store.put(body);
};`,
    },
    {
      name: "fix: crypto.pbkdf2Sync in TypeScript",
      code: `import crypto from "node:crypto";
app.post("/login", async (req, res) => {
  const hash = crypto.pbkdf2Sync(req.body.password, user.salt, 310000, 32, "sha256");
  res.json({ ok: hash.equals(user.hash) });
});`,
      findings: [{ line: 3 }],
      output: `import crypto from "node:crypto";
import { promisify } from "node:util";
const pbkdf2Async = promisify(crypto.pbkdf2);
app.post("/login", async (req, res) => {
  const hash = await pbkdf2Async(req.body.password, user.salt, 310000, 32, "sha256");
  res.json({ ok: hash.equals(user.hash) });
});`,
    },
    {
      name: "fix: an existing promisified const is reused",
      code: `import { gzip, gzipSync } from "zlib";
import { promisify } from "util";
const gzipAsync = promisify(gzip);
export async function pack(s: string) {
  return gzipSync(s);
}
export const packLater = gzipAsync;`,
      findings: [{ line: 5 }],
      output: `import { gzip } from "zlib";
import { promisify } from "util";
const gzipAsync = promisify(gzip);
export async function pack(s: string) {
  return await gzipAsync(s);
}
export const packLater = gzipAsync;`,
    },
    {
      name: "fix: TypeScript import = require style kept",
      code: `import zlib = require("zlib");
export async function inflate(b: Buffer) {
  return zlib.inflateSync(b);
}`,
      findings: [{ line: 3 }],
      output: `import zlib = require("zlib");
import util = require("util");
const inflateAsync = util.promisify(zlib.inflate);
export async function inflate(b: Buffer) {
  return await inflateAsync(b);
}`,
    },
    {
      name: "fix: CRLF line endings kept",
      code: "import { readFileSync } from \"fs\";\r\nimport x from \"x\";\r\n\r\nexport async function f(p: string) {\r\n  return x(readFileSync(p));\r\n}\r\n",
      findings: [{ line: 5 }],
      output: "import { readFile } from \"fs/promises\";\r\nimport x from \"x\";\r\n\r\nexport async function f(p: string) {\r\n  return x(await readFile(p));\r\n}\r\n",
    },
    {
      name: "fix: comments kept",
      code: `import { readFileSync } from "fs";
export async function f(p: string) {
  // the config
  const s = readFileSync(/* path */ p, "utf8"); // utf8 always
  return s;
}`,
      findings: [{ line: 4 }],
      output: `import { readFile } from "fs/promises";
export async function f(p: string) {
  // the config
  const s = await readFile(/* path */ p, "utf8"); // utf8 always
  return s;
}`,
    },
    {
      name: "fix: a local readFile makes the import an alias",
      code: `import { readFileSync } from "fs";
function readFile(name: string) { return name; }
export async function f(p: string) {
  return readFileSync(readFile(p));
}`,
      findings: [{ line: 4 }],
      output: `import { readFile as readFileAsync } from "fs/promises";
function readFile(name: string) { return name; }
export async function f(p: string) {
  return await readFileAsync(readFile(p));
}`,
    },
    {
      name: "fix: a use in a type keeps the import",
      code: `import { readFileSync } from "fs";
type Reader = typeof readFileSync;
export async function f(p: string) {
  return readFileSync(p);
}`,
      findings: [{ line: 4 }],
      output: `import { readFileSync } from "fs";
import { readFile } from "fs/promises";
type Reader = typeof readFileSync;
export async function f(p: string) {
  return await readFile(p);
}`,
    },
    {
      name: "fix: realpathSync.native",
      filename: "src/a.js",
      code: `const fs = require("fs");
exports.real = async (p) => fs.realpathSync.native(p);`,
      findings: [{ line: 2 }],
      output: `const fs = require("fs");
exports.real = async (p) => await fs.promises.realpath(p);`,
    },
    {
      name: "fix: the file's quotes and missing semicolons are followed",
      code: `import { copyFileSync } from 'fs'
import { join } from 'path'
export async function backup(dir: string) {
  copyFileSync(join(dir, 'db.sqlite'), join(dir, 'db.bak'))
}`,
      findings: [{ line: 4 }],
      output: `import { copyFile } from 'fs/promises'
import { join } from 'path'
export async function backup(dir: string) {
  await copyFile(join(dir, 'db.sqlite'), join(dir, 'db.bak'))
}`,
    },
    {
      name: "fix: scryptSync in JavaScript",
      filename: "src/a.js",
      code: `const { scryptSync } = require("crypto");
exports.hash = async (pw, salt) => scryptSync(pw, salt, 64).toString("hex");`,
      findings: [{ line: 2 }],
      output: `const { scrypt } = require("crypto");
const { promisify } = require("util");
const scryptAsync = promisify(scrypt);
exports.hash = async (pw, salt) => (await scryptAsync(pw, salt, 64)).toString("hex");`,
    },
    {
      name: "fix: require(\"fs\") inline",
      filename: "src/a.js",
      code: `module.exports.read = async (p) => require("fs").readFileSync(p, "utf8");`,
      findings: [{ line: 1 }],
      output: `module.exports.read = async (p) => await require("fs").promises.readFile(p, "utf8");`,
    },
    {
      name: "no fix: a file descriptor where fs/promises wants a path",
      code: `import { readFileSync, writeFileSync, openSync } from "fs";
export async function pipe() {
  const input = readFileSync(0, "utf8");
  const fd = openSync("out.txt", "w");
  writeFileSync(fd, input);
}`,
      findings: [{ line: 3 }, { line: 4 }, { line: 5 }],
      output: null,
    },
    {
      name: "no fix: statSync with throwIfNoEntry: false returns undefined",
      code: `import { statSync } from "fs";
export async function size(p: string) { return statSync(p, { throwIfNoEntry: false })?.size ?? 0; }`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: an event callback whose calls would overlap once async",
      code: `import { appendFileSync } from "fs";
socket.on("data", (chunk: Buffer) => {
  appendFileSync("traffic.log", chunk);
});`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a timer callback",
      code: `import { statSync } from "fs";
setInterval(() => { if (statSync("/var/log/app.log").size > LIMIT) rotate(); }, 5000);`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a sync helper of a handler (its callers would have to await it)",
      code: `import { execSync } from "node:child_process";
function gitRev() { return execSync("git rev-parse HEAD").toString().trim(); }
app.get("/version", (req, res) => res.json({ rev: gitRev() }));`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a map callback inside an async function",
      code: `import { readFileSync } from "fs";
export async function all(names: string[]) { return names.map((n) => readFileSync(n, "utf8")); }`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: openSync, globSync and spawnSync have no same-shaped async form",
      code: `import { openSync, globSync } from "node:fs";
import { spawnSync } from "node:child_process";
export async function f(p: string) { return [openSync(p, "r"), globSync("*.js"), spawnSync("ls").status]; }`,
      findings: [{ line: 3 }, { line: 3 }, { line: 3 }],
      output: null,
    },
    {
      name: "no fix: graceful-fs and fs-extra are other libraries",
      filename: "src/a.js",
      code: `const gfs = require("graceful-fs");
const fse = require("fs-extra");
exports.handler = async (event) => [gfs.readFileSync("/tmp/" + event.key), fse.readJsonSync("x.json")];`,
      findings: [{ line: 3 }, { line: 3 }],
      output: null,
    },
    {
      name: "no fix: scrypt in TypeScript (promisify(scrypt) loses its types)",
      code: `import { scryptSync } from "crypto";
export async function hash(pw: string) { return scryptSync(pw, "salt", 64); }`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: execSync with stdio or input (exec has neither)",
      code: `import { execSync } from "child_process";
export async function release(notes: string) {
  execSync("npm publish", { stdio: "inherit" });
  execSync("git tag -F -", { input: notes });
}`,
      findings: [{ line: 3 }, { line: 4 }],
      output: null,
    },
    {
      name: "no fix: exec options that may hold an encoding",
      code: `import { execSync } from "child_process";
export async function run(cmd: string, opts: object) { return execSync(cmd, opts); }`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a handler with a declared return type",
      code: `import { readFileSync } from "fs";
app.get("/a", (req: Request, res: Response): void => { res.send(readFileSync("a.html")); });`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: a listener registered after the call would miss what comes during the await",
      code: `import { readFileSync } from "fs";
wss.on("connection", async (ws: any) => {
  ws.send(readFileSync("motd.txt", "utf8"));
  ws.on("message", (m: string) => broadcast(m));
});`,
      findings: [{ line: 3 }],
      output: null,
    },
    {
      name: "no fix: a WebSocket 'connection' callback is not made async",
      code: `import { readFileSync } from "fs";
wss.on("connection", (ws: any) => { ws.send(readFileSync("motd.txt", "utf8")); });`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "fix: a hapi route's handler method becomes async (hapi awaits it)",
      filename: "src/server.mjs",
      code: `import { readFileSync } from "node:fs";
server.route({
  method: "GET",
  path: "/version",
  handler(request, h) {
    const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
    return { version: pkg.version };
  },
});`,
      findings: [{ line: 6 }],
      output: `import { readFile } from "node:fs/promises";
server.route({
  method: "GET",
  path: "/version",
  async handler(request, h) {
    const pkg = JSON.parse(await readFile(new URL("./package.json", import.meta.url), "utf8"));
    return { version: pkg.version };
  },
});`,
    },
  ],
});
