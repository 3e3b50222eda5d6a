import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { RULE_IDS } from "../../server/src/engine/types";
import { ts } from "ts-morph";
import { zipEntries, type ZipEntry } from "./zip-entries";

const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
const VSIX = join(ROOT, `${pkg.name}-${pkg.version}.vsix`);

/** What the extension needs at run time, and nothing else (vsce adds the first two, renames README and LICENSE). */
const EXPECTED = [
  "[Content_Types].xml",
  "extension.vsixmanifest",
  "extension/LICENSE.txt",
  "extension/package.json",
  "extension/readme.md",
  "extension/out/extension.js",
  "extension/out/server.js",
  "extension/syntaxes/looplens-report.tmLanguage.json",
  "extension/docs/screenshot.png",
  ...RULE_IDS.map((id) => `extension/docs/rules/${id}.md`),
].sort();

describe("npm run package", () => {
  let entries: ZipEntry[];
  let unpacked: string;
  const file = (name: string) => {
    const entry = entries.find((e) => e.name === name);
    assert.ok(entry, `${name} in the VSIX`);
    return entry.data();
  };

  before(() => {
    rmSync(VSIX, { force: true });
    const r = spawnSync("npm", ["run", "package"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    entries = zipEntries(readFileSync(VSIX));
    // Unpacked far from the repository, so nothing can resolve from its node_modules.
    unpacked = mkdtempSync(join(tmpdir(), "looplens-vsix-"));
    for (const e of entries) {
      mkdirSync(dirname(join(unpacked, e.name)), { recursive: true });
      writeFileSync(join(unpacked, e.name), e.data());
    }
  });
  after(() => unpacked && rmSync(unpacked, { recursive: true, force: true }));

  it(`writes ${pkg.name}-${pkg.version}.vsix at the repository root holding exactly what runs`, () => {
    assert.ok(statSync(VSIX).size > 0);
    assert.deepEqual(entries.map((e) => e.name).sort(), EXPECTED);
  });

  it("carries a manifest with the extension's entry point, activation, capabilities and contributions", () => {
    const m = JSON.parse(file("extension/package.json").toString("utf8"));
    assert.equal(m.main, "./out/extension.js");
    assert.equal(m.engines.vscode, "^1.91.0");
    assert.deepEqual(m.activationEvents, ["onLanguage:javascript", "onLanguage:javascriptreact", "onLanguage:typescript", "onLanguage:typescriptreact"]);
    assert.deepEqual(m.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: false });
    assert.deepEqual(
      m.contributes.commands.map((c: { command: string; title: string; category: string }) => `${c.category}: ${c.title} (${c.command})`),
      ["LoopLens: Scan Workspace (looplens.scanWorkspace)", "LoopLens: Show Report (looplens.showReport)", "LoopLens: Restart Server (looplens.restartServer)"],
    );
    const props = m.contributes.configuration.properties as Record<string, { default: unknown; scope: string; markdownDescription: string; enum?: string[]; enumDescriptions?: string[] }>;
    const defaults = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default]));
    assert.deepEqual(defaults, {
      "looplens.enable": true,
      ...Object.fromEntries(RULE_IDS.map((id) => [`looplens.rules.${id}`, "warning"])),
      "looplens.thresholds.concurrency": 8,
      "looplens.thresholds.cpuLoopIterations": 10000,
      "looplens.thresholds.minSequentialAwaits": 2,
      "looplens.codeLens.enabled": true,
    });
    for (const [key, p] of Object.entries(props)) {
      assert.equal(p.scope, "resource", key);
      assert.ok(p.markdownDescription.length > 20, `${key} is described`);
      if (p.enum) {
        assert.deepEqual(p.enum, ["off", "hint", "info", "warning", "error"], key);
        assert.equal(p.enumDescriptions?.length, p.enum.length, key);
      }
    }
    assert.deepEqual(m.contributes.languages, [{ id: "looplens-report", aliases: ["LoopLens Report"] }]);
    assert.deepEqual(m.contributes.grammars, [{ language: "looplens-report", scopeName: "text.looplens-report", path: "./syntaxes/looplens-report.tmLanguage.json" }]);
    const grammar = JSON.parse(file("extension/syntaxes/looplens-report.tmLanguage.json").toString("utf8"));
    assert.equal(grammar.scopeName, "text.looplens-report");
  });

  it("ships bundles that load nothing from node_modules (the client only needs `vscode` from the editor)", () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((b) => `node:${b}`)]);
    const required = (name: string) => requiredModules(file(name).toString("utf8"));
    assert.deepEqual([...required("extension/out/extension.js")].filter((r) => !builtins.has(r)), ["vscode"]);
    // TypeScript's compiler tries `source-map-support` inside a try/catch, for its own stack traces.
    assert.deepEqual([...required("extension/out/server.js")].filter((r) => !builtins.has(r) && r !== "source-map-support"), []);
  });

  it("has a server that starts from the unpacked VSIX alone and answers initialize over stdio", async () => {
    const server = join(unpacked, "extension", "out", "server.js");
    assert.ok(existsSync(server));
    const child = spawn(process.execPath, [server, "--stdio"], { cwd: unpacked, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const send = (message: object) => {
      const body = JSON.stringify({ jsonrpc: "2.0", ...message });
      child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    const response = new Promise<{ id: number; result?: { capabilities?: Record<string, unknown> } }>((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      child.stdout.on("data", (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const head = buffer.indexOf("\r\n\r\n");
          if (head < 0) return;
          const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, head).toString())?.[1]);
          if (buffer.length < head + 4 + length) return;
          const message = JSON.parse(buffer.subarray(head + 4, head + 4 + length).toString("utf8"));
          buffer = buffer.subarray(head + 4 + length);
          if (message.id === 1) resolve(message);
        }
      });
      child.on("exit", (code) => reject(new Error(`server exited (${code}) before answering:\n${stderr}`)));
    });
    send({ id: 1, method: "initialize", params: { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null } });
    const answer = await Promise.race([response, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in 20s:\n${stderr}`)), 20_000))]).finally(() => {
      child.removeAllListeners("exit");
    });
    assert.ok(answer.result?.capabilities?.textDocumentSync !== undefined, JSON.stringify(answer));
    const exited = new Promise((resolve) => child.on("exit", resolve));
    send({ id: 2, method: "shutdown" });
    send({ method: "exit" });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill();
  });
});

/** Modules a bundle really requires: `require("…")` calls, parsed (generated code in its strings does not count). */
function requiredModules(bundle: string): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      found.add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("bundle.js", bundle, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return found;
}
