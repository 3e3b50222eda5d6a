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
    {
      name: "range is the call expression",
      code: `import fs from "fs";
app.get("/x", (req, res) => { const s = fs.readFileSync(
  "x.txt",
  "utf8",
); res.send(s); });`,
      findings: [{ line: 2, endLine: 5, column: 41 }],
    },
  ],
});
