/**
 * Nothing is sent over the network. The CLI (scan in-process and on worker threads, fix) and the
 * language server (open, code actions, workspace scan) run with a preload (NODE_OPTIONS=--require)
 * that records and refuses every way out: net/tls sockets to a host, DNS, http(s) requests, fetch,
 * UDP. Local pipes and unix sockets stay allowed (none is expected: the server talks over stdio,
 * workers over message ports). The preload is first shown to catch each kind of attempt.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, beforeEach, describe, it } from "node:test";
import { REPO, runCli } from "../cli/helpers";
import { fileUri, startServer } from "../lsp/helpers";

const work = mkdtempSync(join(tmpdir(), "looplens-no-network-"));
after(() => rmSync(work, { recursive: true, force: true }));
const PRELOAD = join(work, "refuse-network.cjs");
const LOG = join(work, "network.log");

writeFileSync(
  PRELOAD,
  String.raw`"use strict";
const fs = require("node:fs");
const { threadId } = require("node:worker_threads");
const LOG = process.env.LOOPLENS_NET_LOG;
const note = (what) => fs.appendFileSync(LOG, JSON.stringify({ pid: process.pid, thread: threadId, what }) + "\n");
note("loaded");
function refuse(what) {
  note("attempt: " + what);
  const e = new Error("network refused by the test preload: " + what);
  e.code = "ENETUNREACH";
  throw e;
}
const describe = (x) => { try { return JSON.stringify(x).slice(0, 120); } catch { return String(x); } };
// connect(path), connect({ path }) and the internal normalised [options, cb] form reach a pipe or unix socket.
function isLocal(args) {
  const a = args[0];
  if (Array.isArray(a)) return isLocal(a);
  if (typeof a === "string") return !/^\d+$/.test(a);
  return !!a && typeof a === "object" && typeof a.path === "string" && a.port === undefined;
}
const net = require("node:net");
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  if (isLocal(args)) return connect.apply(this, args);
  return refuse("net.Socket.connect " + describe(args[0]));
};
const tls = require("node:tls");
tls.connect = (...args) => refuse("tls.connect " + describe(args[0]));
for (const name of ["node:http", "node:https"]) {
  const m = require(name);
  m.request = (...args) => refuse(name + ".request " + describe(args[0]));
  m.get = (...args) => refuse(name + ".get " + describe(args[0]));
}
const dns = require("node:dns");
for (const k of Object.keys(dns)) if (typeof dns[k] === "function" && /^(lookup|resolve)/.test(k)) dns[k] = (...args) => refuse("dns." + k + " " + describe(args[0]));
for (const k of Object.keys(dns.promises)) if (typeof dns.promises[k] === "function" && /^(lookup|resolve)/.test(k)) dns.promises[k] = async (...args) => refuse("dns.promises." + k + " " + describe(args[0]));
const dgram = require("node:dgram");
for (const k of ["send", "connect"]) dgram.Socket.prototype[k] = function (...args) { return refuse("dgram." + k); };
if (typeof globalThis.fetch === "function") globalThis.fetch = async (input) => refuse("fetch " + describe(String(input)));
`,
);

const ENV = { NODE_OPTIONS: `--require ${PRELOAD}`, LOOPLENS_NET_LOG: LOG };

interface Entry {
  pid: number;
  thread: number;
  what: string;
}
const log = (): Entry[] => {
  try {
    return readFileSync(LOG, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Entry);
  } catch {
    return [];
  }
};
const attempts = () => log().filter((e) => e.what !== "loaded");

/** A workspace that names hosts everywhere: URL imports, fetch calls, a package.json with a registry and a repository. */
function workspace(): string {
  const dir = mkdtempSync(join(work, "ws-"));
  cpSync(join(REPO, "examples", "sample-workspace"), dir, { recursive: true });
  writeFileSync(
    join(dir, "src", "remote.mjs"),
    `import pad from "https://esm.sh/left-pad@1.3.0";\nimport "http://localhost:9/side-effect.js";\n/// <reference types="https://example.com/types.d.ts" />\nexport async function load(ids) {\n  for (const id of ids) await fetch("https://api.example.com/items/" + id);\n  const a = await fetch("https://a.example.com");\n  const b = await fetch("https://b.example.com");\n  return pad(String(a.status + b.status), 5);\n}\n`,
  );
  writeFileSync(join(dir, ".npmrc"), "registry=https://registry.example.com/\n");
  return dir;
}

describe("nothing is sent over the network", () => {
  beforeEach(() => rmSync(LOG, { force: true }));

  it("(the preload records and refuses every kind of attempt)", () => {
    const probe = `
      const tries = [
        () => require("node:net").connect(80, "example.com"),
        () => require("node:tls").connect(443, "example.com"),
        () => require("node:http").get("http://example.com"),
        () => require("node:https").request("https://example.com"),
        () => require("node:dns").lookup("example.com", () => {}),
        () => require("node:dgram").createSocket("udp4").send("x", 53, "example.com"),
      ];
      for (const t of tries) { try { t(); } catch {} }
      fetch("https://example.com").catch(() => {});
      require("node:dns").promises.lookup("example.com").catch(() => {});
    `;
    const r = spawnSync(process.execPath, ["-e", probe], { env: { ...process.env, ...ENV }, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const kinds = attempts().map((e) => e.what.replace(/^attempt: /, "").split(" ")[0]);
    assert.deepEqual(kinds.sort(), ["dgram.send", "dns.lookup", "dns.promises.lookup", "fetch", "net.Socket.connect", "node:http.get", "node:https.request", "tls.connect"].sort());
  });

  it("the CLI: scan in-process and on worker threads, fix --dry-run and --write", () => {
    const dir = workspace();
    for (const workers of ["0", "2"]) {
      const r = runCli(["scan", "--format", "json"], { cwd: dir, env: { ...ENV, LOOPLENS_WORKERS: workers } });
      assert.equal(r.code, 1, r.stderr);
    }
    assert.ok([0, 1].includes(runCli(["fix", "--dry-run"], { cwd: dir, env: ENV }).code!));
    assert.ok([0, 1].includes(runCli(["fix", "--write", "--unsafe"], { cwd: dir, env: ENV }).code!));
    assert.deepEqual(attempts(), []);
    const loaded = log().filter((e) => e.what === "loaded");
    assert.ok(loaded.length >= 4, "the preload ran in every CLI process");
    assert.ok(loaded.some((e) => e.thread > 0), "and on the scan's worker threads");
  });

  it("the language server: open, code actions, workspace scan", async () => {
    const dir = workspace();
    const client = await startServer({ folders: [dir], env: ENV });
    try {
      const uri = fileUri(join(dir, "src", "remote.mjs"));
      client.open(uri, readFileSync(join(dir, "src", "remote.mjs"), "utf8"), "javascript");
      const { diagnostics } = await client.diagnostics(uri, 1);
      assert.ok(diagnostics.length >= 2, JSON.stringify(diagnostics));
      await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
      const scan = await client.connection.sendRequest<{ findings: number }>("looplens/scanWorkspace", {});
      assert.ok(scan.findings >= 5);
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
    }
    assert.deepEqual(attempts(), []);
    assert.ok(log().some((e) => e.what === "loaded"), "the preload ran in the server");
  });
});
