/** looplens/scanWorkspace: progress, diagnostics for files never opened, the report, cancellation. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CancellationTokenSource } from "vscode-languageserver/node";
import { runCli, tempTrees } from "../cli/helpers";
import { fileUri, startServer } from "./helpers";

const tree = tempTrees();

const TWO = `declare function a(): Promise<number>;
declare function b(): Promise<number>;
declare function c(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  return x + y;
}
`;
const THREE = TWO.replace("  return x + y;", "  const z = await c();\n  return x + y + z;");
const SYNC_IO = `const fs = require("node:fs");
exports.load = async function load(path) {
  return fs.readFileSync(path, "utf8");
};
`;
const CLEAN = `export const one = 1;\n`;

interface ScanResult {
  report: string;
  files: number;
  findings: number;
  errors: number;
  cancelled: boolean;
}

const withoutTimes = (report: string) => report.replace(/scanned in \d+(\.\d+)?m?s/, "scanned in …");

describe("workspace scan", () => {
  it("reports progress, publishes diagnostics for unopened files, keeps open documents live, and writes the CLI's report", async () => {
    const files = { "package.json": "{}", ".gitignore": "ignored/\n", "src/a.ts": TWO, "src/b.js": SYNC_IO, "src/clean.ts": CLEAN, "ignored/x.ts": TWO, "node_modules/m/index.js": TWO };
    const dir = tree(files);
    const client = await startServer({ folders: [dir] });
    try {
      const a = fileUri(join(dir, "src", "a.ts"));
      const b = fileUri(join(dir, "src", "b.js"));
      client.open(a, THREE); // the editor's text, not the disk's
      await client.diagnostics(a, 1);
      client.watchProgress("scan-1");
      const result = await client.connection.sendRequest<ScanResult>("looplens/scanWorkspace", { workDoneToken: "scan-1" });
      assert.deepEqual({ ...result, report: undefined }, { report: undefined, files: 3, findings: 2, errors: 0, cancelled: false });

      const progress = client.received.filter((m) => m.method === "$/progress" && m.params.token === "scan-1").map((m) => m.params.value);
      assert.equal(progress[0].kind, "begin");
      assert.equal(progress[0].cancellable, true);
      assert.equal(progress.at(-1).kind, "end");
      const reports = progress.filter((v) => v.kind === "report");
      assert.ok(reports.length >= 1);
      assert.equal(reports.at(-1).percentage, 100);
      assert.match(reports.at(-1).message, /^src[/\\](a\.ts|b\.js|clean\.ts)$/);

      assert.equal((await client.diagnostics(b, undefined)).diagnostics[0].code, "sync-io");
      assert.ok(!client.published(a).some((p) => p.version === undefined), "the open document keeps its live diagnostics");
      assert.ok(!client.received.some((m) => m.method === "textDocument/publishDiagnostics" && /ignored|node_modules/.test(m.params.uri)));

      // The CLI on the same files as the editor holds them prints the same report.
      const same = tree({ ...files, "src/a.ts": THREE });
      const cli = runCli(["scan"], { cwd: same, env: { NO_COLOR: "1" } });
      assert.equal(withoutTimes(result.report), withoutTimes(cli.stdout));

      // Closed, a scanned file shows what the disk says again.
      const from = client.received.length;
      client.close(a);
      const { diagnostics } = await client.diagnostics(a, undefined, from);
      assert.match(diagnostics[0].message as string, /^2 independent awaits/);
      assert.equal(client.initializeResult?.serverInfo?.name, "looplens");
    } finally {
      client.kill();
    }
  });

  it("stops when the request is cancelled and answers with what it scanned", async () => {
    const files: Record<string, string> = { "package.json": "{}" };
    for (let i = 0; i < 400; i++) files[`src/m${String(i).padStart(3, "0")}.ts`] = TWO.repeat(3).replace(/function f\(/g, (_m, o: number) => `function f${o}(`);
    const dir = tree(files);
    const client = await startServer({ folders: [dir] });
    try {
      const source = new CancellationTokenSource();
      client.watchProgress("scan-2");
      const pending = client.connection.sendRequest<ScanResult>("looplens/scanWorkspace", { workDoneToken: "scan-2" }, source.token);
      await client.waitFor((m) => m.method === "$/progress" && m.params.token === "scan-2" && m.params.value.kind === "report", "a progress report");
      source.cancel();
      const result = await pending;
      assert.equal(result.cancelled, true);
      assert.ok(result.files > 0 && result.files < 400, `stopped early (${result.files} files)`);
      assert.match(result.report, new RegExp(`Scan cancelled: ${result.files} of 400 files scanned\\.\\n$`));
    } finally {
      client.kill();
    }
  });
});
