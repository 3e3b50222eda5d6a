/**
 * The language server on the hostile workspace: `looplens/scanWorkspace` finishes with the CLI's
 * own report, and the server keeps serving — a normal file opened afterwards still gets its
 * diagnostics, and opening the 50,000-deep and the 4 MB one-line files (answered with nothing, or
 * little) does not stop it from answering the next request.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../cli/helpers";
import { fileUri, startServer, type LspClient } from "../lsp/helpers";
import { buildHostileTree, removeTree } from "./hostile-tree";

const hostile = buildHostileTree();
after(() => removeTree(hostile));

interface ScanResult {
  report: string;
  files: number;
  findings: number;
  errors: number;
  cancelled: boolean;
}

const withoutTimes = (report: string) => report.replace(/scanned in \d+(\.\d+)?m?s/, "scanned in …");
const NORMAL = "app/api-server/src/routes/orders.ts";
const OTHER_NORMAL = "app/queue-worker/src/consumer.ts";

/** Opens `path` from the tree and waits for its first diagnostics; returns how many. */
async function openAndWait(client: LspClient, path: string, languageId = "typescript"): Promise<number> {
  const uri = fileUri(join(hostile.root, path));
  client.open(uri, readFileSync(join(hostile.root, path), "utf8"), languageId);
  return (await client.diagnostics(uri, 1)).diagnostics.length;
}

/** The server still answers a request and is alive. */
async function stillServing(client: LspClient, path: string): Promise<void> {
  const lenses = await client.connection.sendRequest<unknown[] | null>("textDocument/codeLens", { textDocument: { uri: fileUri(join(hostile.root, path)) } });
  assert.ok(Array.isArray(lenses) || lenses === null);
  assert.equal(client.child.exitCode, null, "the server process is alive");
}

describe("a hostile workspace in the language server", () => {
  it("the workspace scan finishes with the CLI's report, and files opened afterwards get their diagnostics", async () => {
    const client = await startServer({ folders: [hostile.root] });
    try {
      const result = await client.connection.sendRequest<ScanResult>("looplens/scanWorkspace", {});
      const errorCount = hostile.expectations.filter((e) => e.kind === "error").length;
      assert.deepEqual({ ...result, report: undefined }, { report: undefined, files: hostile.scannedCount, findings: result.findings, errors: errorCount, cancelled: false });
      const cli = runCli(["scan"], { cwd: hostile.root, env: { NO_COLOR: "1", LOOPLENS_WORKERS: "0" }, timeoutMs: 240_000 });
      assert.equal(withoutTimes(result.report), withoutTimes(cli.stdout));
      assert.ok(result.findings >= 40, `findings: ${result.findings}`);

      assert.ok((await openAndWait(client, NORMAL)) > 0, "a normal file opened after the scan gets diagnostics");
      await stillServing(client, NORMAL);
      assert.equal(await client.stop(), 0, "clean exit on shutdown");
    } finally {
      client.kill();
    }
  });

  for (const [bad, languageId] of [
    ["hostile/deep-arrays.js", "javascript"],
    ["hostile/deep-functions.js", "javascript"],
    ["hostile/bundle.min.js", "javascript"],
    ["hostile/noise.ts", "typescript"],
  ]) {
    it(`opening ${bad} as a document: the server answers for it and keeps serving the next file`, async () => {
      const client = await startServer({ folders: [hostile.root] });
      try {
        const uri = fileUri(join(hostile.root, bad));
        client.open(uri, readFileSync(join(hostile.root, bad), "latin1"), languageId);
        await stillServing(client, bad);
        const actions = await client.connection.sendRequest<unknown[] | null>("textDocument/codeAction", {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } },
          context: { diagnostics: [] },
        });
        assert.ok(Array.isArray(actions) || actions === null);
        // Edited while open: the bad text stays bad, the server stays up.
        client.change(uri, readFileSync(join(hostile.root, bad), "latin1") + "\n// edited\n");
        assert.ok((await openAndWait(client, OTHER_NORMAL)) > 0, "the next file still gets diagnostics");
        assert.ok(!client.published(uri).some((p) => p.diagnostics.length > 0), "nothing reported for the bad file");
        assert.equal(await client.stop(), 0, "clean exit on shutdown");
      } finally {
        client.kill();
      }
    });
  }
});
