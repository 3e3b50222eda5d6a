import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callNamed, factsFor } from "./facts-helpers";

function contextOfCall(code: string, callText: string, path?: string) {
  const f = factsFor(code, path);
  return f.context.at(callNamed(f, callText));
}

describe("execution context", () => {
  it("module top level is startup", () => {
    const c = contextOfCall(`load();`, "load");
    assert.equal(c.kind, "startup");
    assert.equal(c.latencySensitive, false);
  });
  it("async function", () => {
    const c = contextOfCall(`async function getUser() { load(); }`, "load");
    assert.equal(c.kind, "async");
    assert.equal(c.description, "async function getUser");
  });
  it("express route handler", () => {
    const c = contextOfCall(`app.get("/users", (req, res) => { load(); });`, "load");
    assert.equal(c.kind, "handler");
    assert.equal(c.description, "request handler for GET /users");
  });
  it("event callback registered by name", () => {
    const c = contextOfCall(`function onData(chunk) { load(); }\nstream.on("data", onData);`, "load");
    assert.equal(c.kind, "handler");
    assert.equal(c.description, "a 'data' event callback");
  });
  it("http.createServer callback", () => {
    const c = contextOfCall(`const http = require("http"); http.createServer((req, res) => { load(); });`, "load");
    assert.equal(c.kind, "handler");
  });
  it("array callback inherits the async context", () => {
    const c = contextOfCall(`async function f(xs) { xs.map((x) => load(x)); }`, "load");
    assert.equal(c.kind, "async");
  });
  it("named sync utility", () => {
    const c = contextOfCall(`function readConfig() { load(); }`, "load");
    assert.equal(c.kind, "sync");
    assert.equal(c.latencySensitive, false);
  });
  it("shebang file is a CLI script", () => {
    const c = contextOfCall(`#!/usr/bin/env node\nasync function main() { load(); }\nmain();`, "load");
    assert.equal(c.kind, "script");
  });
  it("bin/ folder is a CLI script", () => {
    const c = contextOfCall(`async function main() { load(); }`, "load", "/repo/bin/tool.js");
    assert.equal(c.kind, "script");
  });
  it("a server started by a script still has handlers", () => {
    const c = contextOfCall(`#!/usr/bin/env node\nserver.on("request", (req, res) => { load(); });`, "load");
    assert.equal(c.kind, "handler");
  });
  it("worker file", () => {
    const c = contextOfCall(`const { parentPort } = require("worker_threads"); parentPort.on("message", (m) => { load(m); });`, "load");
    assert.equal(c.kind, "worker");
  });
  it("else branch of if (isMainThread)", () => {
    const c = contextOfCall(
      `import { isMainThread, parentPort } from "node:worker_threads";\nif (isMainThread) { run(); } else { parentPort.on("message", (m) => { load(m); }); }`,
      "load",
    );
    assert.equal(c.kind, "worker");
    assert.equal(contextOfCall(`import { isMainThread } from "node:worker_threads";\nif (isMainThread) { app.get("/", () => { load(); }); }`, "load").kind, "handler");
  });
  it("*.worker.ts is a worker thread, unless it is a job-queue worker", () => {
    assert.equal(contextOfCall(`module.exports = async ({ file }) => load(file);`, "load", "/repo/src/resize.worker.js").kind, "worker");
    assert.equal(contextOfCall(`import { Worker } from "bullmq";\nnew Worker("q", async (job) => load(job));`, "load", "/repo/src/email.worker.ts").kind, "async");
  });
  it("worker branch of a dual-role file", () => {
    const c = contextOfCall(
      `const { isMainThread, parentPort } = require("worker_threads");\nif (!isMainThread) { parentPort.on("message", (m) => { load(m); }); }`,
      "load",
    );
    assert.equal(c.kind, "worker");
  });

  describe("startup code in an ordinary module", () => {
    it("async main called only from module top level", () => {
      const c = contextOfCall(`async function main() { load(); app.listen(3000); }\nmain().catch(fail);`, "load");
      assert.equal(c.kind, "startup");
      assert.equal(c.latencySensitive, false);
      assert.equal(c.description, "startup function main");
    });
    it("a function called only from startup code is startup too", () => {
      const c = contextOfCall(`const readConfig = async () => { load(); };\nasync function boot() { await readConfig(); }\nboot();`, "load");
      assert.equal(c.kind, "startup");
    });
    it("recursion does not stop a function from being startup", () => {
      const c = contextOfCall(`async function start(n) { load(); if (n) await start(n - 1); }\nstart(3);`, "load");
      assert.equal(c.kind, "startup");
    });
    it("called from a handler as well: async", () => {
      const c = contextOfCall(`async function init() { load(); }\ninit();\napp.get("/x", async () => { await init(); });`, "load");
      assert.equal(c.kind, "async");
    });
    it("mutual recursion with a handler caller stays async", () => {
      const c = contextOfCall(`async function a() { load(); await b(); }\nasync function b() { await a(); }\na();\nsetInterval(() => b(), 1000);`, "load");
      assert.equal(c.kind, "async");
    });
    it("never called: async", () => {
      assert.equal(contextOfCall(`async function helper() { load(); }`, "load").kind, "async");
    });
    it("exported under an ordinary name: async (callers unknown)", () => {
      assert.equal(contextOfCall(`export async function getUser() { load(); }\ngetUser();`, "load").kind, "async");
    });
    it("exported under a startup name: startup", () => {
      assert.equal(contextOfCall(`async function bootstrap() { load(); }\nmodule.exports = { bootstrap };`, "load").kind, "startup");
    });
    it("async IIFE at module level", () => {
      assert.equal(contextOfCall(`(async () => { load(); })();`, "load").kind, "startup");
    });
    it("async IIFE inside a handler takes the handler's context", () => {
      const c = contextOfCall(`app.post("/jobs", (req, res) => { (async () => { load(); })(); res.end(); });`, "load");
      assert.equal(c.kind, "handler");
      assert.equal(c.description, "request handler for POST /jobs");
    });
    it("a function that registers routes is setup code", () => {
      const c = contextOfCall(`export async function buildApp() { load(); const app = express(); app.get("/", (req, res) => res.end()); return app; }`, "load");
      assert.equal(c.kind, "startup");
    });
    it("an async callback to an unknown API at module level stays async", () => {
      assert.equal(contextOfCall(`cron.schedule("* * * * *", async () => { load(); });`, "load").kind, "async");
    });
    it("Next.js getStaticProps is build time, getServerSideProps is per request", () => {
      assert.equal(contextOfCall(`export async function getStaticProps() { load(); }`, "load", "/repo/pages/a.tsx").kind, "startup");
      assert.equal(contextOfCall(`export async function getServerSideProps() { load(); }`, "load", "/repo/pages/a.tsx").kind, "async");
    });
  });

  describe("process lifecycle and script roles", () => {
    it("exit and signal handlers are not latency-sensitive", () => {
      for (const event of ["exit", "uncaughtException", "SIGINT", "SIGTERM"]) {
        const c = contextOfCall(`process.on("${event}", () => { load(); });`, "load");
        assert.equal(c.latencySensitive, false, event);
        assert.equal(c.description, `a process '${event}' handler`);
      }
    });
    it("other process events are handlers", () => {
      assert.equal(contextOfCall(`process.on("message", (m) => { load(m); });`, "load").kind, "handler");
    });
    it("an emitter's own 'exit' event is a handler", () => {
      assert.equal(contextOfCall(`child.on("exit", (code) => { load(code); });`, "load").kind, "handler");
    });
    it("stream callbacks inside a CLI script are the script's work", () => {
      assert.equal(contextOfCall(`#!/usr/bin/env node\nrl.on("line", (line) => { load(line); });`, "load").kind, "script");
    });
    it("test files are scripts, even their route handlers", () => {
      const c = contextOfCall(`app.get("/x", (req, res) => { load(); });`, "load", "/repo/src/api.test.ts");
      assert.equal(c.kind, "script");
      assert.equal(c.description, "a test file");
    });
    it("a module importing a CLI parser is a CLI", () => {
      assert.equal(contextOfCall(`const { program } = require("commander");\nprogram.action(async () => { load(); });`, "load", "/repo/src/cli.js").kind, "script");
    });
    it("files under a test folder are test code", () => {
      assert.equal(contextOfCall(`export async function seedDb() { load(); }`, "load", "/repo/test/helpers/db.ts").kind, "script");
      assert.equal(contextOfCall(`export async function seedDb() { load(); }`, "load", "/repo/src/latest/db.ts").kind, "async");
    });
  });

  describe("framework handlers", () => {
    it("NestJS route decorators", () => {
      const c = contextOfCall(`@Controller("files") export class FilesController { @Get(":id") find(@Param("id") id: string) { return load(id); } }`, "load");
      assert.equal(c.kind, "handler");
      assert.equal(c.description, "request handler for GET :id");
    });
    it("NestJS scheduled job", () => {
      assert.equal(contextOfCall(`export class Jobs { @Cron("0 * * * *") sweep() { load(); } }`, "load").kind, "handler");
    });
    it("Next.js pages/api default export, direct or by name", () => {
      assert.equal(contextOfCall(`export default function handler(req, res) { load(); }`, "load", "/repo/pages/api/users.ts").kind, "handler");
      assert.equal(contextOfCall(`const handler = (req, res) => { load(); };\nexport default handler;`, "load", "/repo/src/pages/api/u.js").kind, "handler");
    });
    it("Next.js app router route exports named after methods", () => {
      const c = contextOfCall(`export function GET(request: Request) { return load(); }`, "load", "/repo/app/api/items/route.ts");
      assert.equal(c.kind, "handler");
      assert.equal(c.description, "request handler for GET");
      assert.equal(contextOfCall(`export function helper() { return load(); }`, "load", "/repo/app/api/items/route.ts").kind, "sync");
    });
    it("a default export outside a route folder is not a handler", () => {
      assert.equal(contextOfCall(`export default function handler(event) { load(); }`, "load", "/repo/src/lib/x.ts").kind, "sync");
    });
    it("h3 / Nuxt defineEventHandler", () => {
      assert.equal(contextOfCall(`export default defineEventHandler((event) => load(event));`, "load", "/repo/server/api/x.ts").kind, "handler");
    });
  });

  describe("promise callbacks", () => {
    it("a then-callback in a sync utility runs later, as async code", () => {
      const c = contextOfCall(`export function f() { return get().then((r) => load(r)); }`, "load");
      assert.equal(c.kind, "async");
      assert.equal(c.description, "a promise callback");
    });
    it("a then-callback at startup is startup", () => {
      assert.equal(contextOfCall(`db.connect().then(() => { load(); });`, "load").kind, "startup");
    });
    it("a sync map callback in a sync utility is that utility", () => {
      assert.equal(contextOfCall(`export function f(xs) { return xs.map((x) => load(x)); }`, "load").kind, "sync");
    });
  });

  describe("request-handler signature", () => {
    it("an exported (req, res) controller is a request handler", () => {
      const c = contextOfCall(`exports.getUser = (req, res) => { load(); };`, "load", "/repo/src/controllers/users.js");
      assert.equal(c.kind, "handler");
      assert.equal(c.description, "request handler getUser");
    });
    it("fastify's (request, reply)", () => {
      assert.equal(contextOfCall(`export function show(request, reply) { load(); }`, "load").kind, "handler");
    });
    it("other two-parameter functions are not", () => {
      assert.equal(contextOfCall(`export function merge(a, b) { load(); }`, "load").kind, "sync");
      assert.equal(contextOfCall(`export function fromRequest(req, opts) { load(); }`, "load").kind, "sync");
    });
  });

  describe("scheduled jobs and queue processors", () => {
    it("a node-cron job is an event callback, wherever it is scheduled", () => {
      const c = contextOfCall(`import cron from "node-cron";\nexport function schedule() { cron.schedule("* * * * *", () => { load(); }); }`, "load");
      assert.equal(c.kind, "handler");
      assert.equal(c.latencySensitive, true);
      assert.equal(c.description, "a node-cron job");
    });
    it("an async job stays async code, described as the job", () => {
      const c = contextOfCall(`const cron = require("node-cron");\ncron.schedule("0 * * * *", async () => { load(); });`, "load", "/repo/src/jobs.js");
      assert.equal(c.kind, "async");
      assert.equal(c.description, "a node-cron job");
    });
    it("Agenda, cron, Bull, BullMQ, pg-boss, node-schedule", () => {
      const cases: [string, string][] = [
        [`const Agenda = require("agenda");\nconst agenda = new Agenda();\nagenda.define("sweep", () => { load(); });`, "the Agenda job 'sweep'"],
        [`import { CronJob } from "cron";\nnew CronJob("* * * * *", () => { load(); });`, "a cron job"],
        [`import * as cron from "cron";\ncron.CronJob.from({ cronTime: "* * * * *", onTick: () => { load(); } });`, "a cron job"],
        [`import Queue from "bull";\nconst q = new Queue("q");\nq.process(5, (job) => { load(job); });`, "a queue processor"],
        [`import kue from "kue";\nconst jobs = kue.createQueue();\njobs.process("email", (job, done) => { load(job); done(); });`, "a queue processor"],
        [`import { Worker } from "bullmq";\nnew Worker("q", (job) => { load(job); });`, "a BullMQ job processor"],
        [`import PgBoss from "pg-boss";\nconst boss = new PgBoss("postgres://");\nboss.work("q", (job) => { load(job); });`, "a pg-boss job handler"],
        [`import schedule from "node-schedule";\nschedule.scheduleJob("0 0 * * *", () => { load(); });`, "a node-schedule job"],
      ];
      for (const [code, description] of cases) {
        const c = contextOfCall(code, "load");
        assert.equal(c.kind, "handler", code);
        assert.equal(c.description, description, code);
      }
    });
    it("the same calls on objects of unknown origin are not claimed", () => {
      assert.equal(contextOfCall(`export function f() { queue.process((job) => { load(job); }); }`, "load").kind, "sync");
      assert.equal(contextOfCall(`export function f() { registry.define("x", () => { load(); }); }`, "load").kind, "sync");
      assert.equal(contextOfCall(`import { Worker } from "node:worker_threads";\nexport function f() { new Worker("./w.js", { env: (() => load())() }); }`, "load").kind, "sync");
    });
  });

  describe("process signals", () => {
    it("signals a serving process handles and survives are event callbacks", () => {
      for (const event of ["SIGHUP", "SIGUSR1", "SIGUSR2"]) {
        const c = contextOfCall(`process.on("${event}", () => { load(); });`, "load");
        assert.equal(c.kind, "handler", event);
        assert.equal(c.description, `a process '${event}' handler`);
      }
    });
    it("shutdown and crash paths are not", () => {
      for (const event of ["exit", "beforeExit", "SIGINT", "SIGTERM", "SIGQUIT", "uncaughtException", "unhandledRejection"]) {
        assert.equal(contextOfCall(`process.once("${event}", () => { load(); });`, "load").latencySensitive, false, event);
      }
    });
    it("a signal handler in a script is the script's own work", () => {
      assert.equal(contextOfCall(`#!/usr/bin/env node\nprocess.on("SIGHUP", () => { load(); });`, "load").kind, "script");
    });
  });

  describe("CLI scripts that keep serving events", () => {
    const daemon = `#!/usr/bin/env node\nconst fs = require("fs");\n`;
    it("a watcher's callback is latency-sensitive", () => {
      const c = contextOfCall(`${daemon}fs.watch("src", (e, name) => { load(name); });`, "load");
      assert.equal(c.kind, "handler");
      assert.equal(c.description, "a file-watch callback");
    });
    it("chokidar watchers, directly, chained or through a variable", () => {
      assert.equal(contextOfCall(`const chokidar = require("chokidar");\nchokidar.watch("a").on("change", (p) => { load(p); });`, "load", "/repo/bin/w.js").kind, "handler");
      assert.equal(contextOfCall(`import { watch } from "chokidar";\nconst w = watch("a");\nw.on("add", () => {}).on("unlink", (p) => { load(p); });`, "load", "/repo/scripts/w.mjs").kind, "handler");
    });
    it("a socket's callbacks are latency-sensitive", () => {
      assert.equal(contextOfCall(`import WebSocket from "ws";\nconst ws = new WebSocket("wss://feed");\nws.on("message", (m) => { load(m); });`, "load", "/repo/bin/feed.mjs").kind, "handler");
    });
    it("a repeating timer counts once the script watches, serves or connects", () => {
      assert.equal(contextOfCall(`${daemon}setInterval(() => { load(); }, 1000);`, "load").kind, "script");
      assert.equal(contextOfCall(`${daemon}fs.watch("src", () => {});\nsetInterval(() => { load(); }, 1000);`, "load").kind, "handler");
      assert.equal(contextOfCall(`${daemon}app.listen(3000);\nsetInterval(() => { load(); }, 1000);`, "load").kind, "handler");
    });
    it("one-off timers, signal handlers and the top-level flow stay the script's", () => {
      const setup = `${daemon}fs.watch("src", () => {});\n`;
      assert.equal(contextOfCall(`${setup}setTimeout(() => { load(); }, 10);`, "load").kind, "script");
      assert.equal(contextOfCall(`${setup}process.on("SIGUSR2", () => { load(); });`, "load").kind, "script");
      assert.equal(contextOfCall(`${setup}load();`, "load").kind, "script");
      assert.equal(contextOfCall(`${setup}async function main() { load(); }\nmain();`, "load").kind, "script");
    });
    it("callbacks registered while serving an event serve it too", () => {
      const c = contextOfCall(`#!/usr/bin/env node\nimport { WebSocketServer } from "ws";\nnew WebSocketServer({ port: 8080 }).on("connection", (ws) => { ws.on("message", (m) => { load(m); }); });`, "load");
      assert.equal(c.kind, "handler");
      assert.equal(c.description, "a 'message' event callback");
      assert.equal(contextOfCall(`${daemon}rl.on("line", (l) => { parts.on("data", (d) => { load(d); }); });`, "load").kind, "script");
    });
    it("a script's helper called from a daemon callback runs in that callback", () => {
      const c = contextOfCall(`${daemon}function sync(name) { load(name); }\nfs.watch("src", (e, name) => sync(name));\nsync("all");`, "load");
      assert.equal(c.latencySensitive, true);
      assert.equal(c.description, "function sync, called from a file-watch callback");
    });
  });

  it("a synchronous variant class's event callbacks run inside its blocking calls", () => {
    const c = contextOfCall(`class ParseSync extends Parse { run(s) { s.on("data", (d) => { load(d); }); } }`, "load");
    assert.equal(c.kind, "sync");
    assert.equal(contextOfCall(`class DataSync extends Base { run(s) { s.on("data", (d) => { load(d); }); } }`, "load").kind, "handler");
  });

  it("classifies the file only when asked", () => {
    const f = factsFor(`#!/usr/bin/env node\nload();`);
    assert.equal(f.context.fileRole, "script");
    assert.equal(factsFor(`load();`, "/repo/src/x.worker.ts").context.fileRole, "worker");
    assert.equal(factsFor(`import Queue from "bull";\nload();`, "/repo/src/x.worker.ts").context.fileRole, "module");
    assert.equal(factsFor(`import { program } from "commander";\nload();`, "/repo/src/main.ts").context.fileRole, "script");
    assert.equal(factsFor(`// uses "commander" style flags\nload();`, "/repo/src/main.ts").context.fileRole, "module");
  });

  describe("synchronous helpers", () => {
    it("a file-local helper called from a handler runs in that handler", () => {
      const c = contextOfCall(`function read() { return load(); }\napp.get("/a", (req, res) => res.send(read()));`, "load");
      assert.equal(c.kind, "handler");
      assert.equal(c.latencySensitive, true);
      assert.equal(c.description, "function read, called from request handler for GET /a");
    });
    it("a helper called only at startup is startup code", () => {
      const c = contextOfCall(`function read() { return load(); }\nconst x = read();`, "load");
      assert.equal(c.kind, "startup");
      assert.equal(c.latencySensitive, false);
    });
    it("an exported helper's callers are unknown", () => {
      assert.equal(contextOfCall(`export function read() { return load(); }\napp.get("/a", (req, res) => res.send(read()));`, "load").kind, "sync");
    });
  });
});
