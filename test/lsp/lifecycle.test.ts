/** Start, `looplens lsp --stdio` for any LSP editor, shutdown and exit. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { CodeAction, CodeLens } from "vscode-languageserver/node";
import { runCli, tempTrees } from "../cli/helpers";
import { applyWorkspaceEdit, fileUri, startServer } from "./helpers";

const tree = tempTrees();

const SEQUENTIAL = `async function f(a, b) {
  const x = await a();
  const y = await b();
  return x + y;
}
`;

describe("server lifecycle", () => {
  it("out/server.js: shutdown then exit ends the process with status 0", async () => {
    const client = await startServer();
    const caps = client.initializeResult!.capabilities;
    assert.deepEqual(caps.executeCommandProvider?.commands, ["looplens.applyFix", "looplens.openRuleDocs"]);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ["quickfix", "source.fixAll.looplens"], resolveProvider: false });
    assert.equal(await client.stop(), 0);
  });

  it("exit without shutdown ends it with status 1, as LSP says", async () => {
    const client = await startServer();
    const exited = new Promise((resolve) => client.child.once("exit", resolve));
    await client.connection.sendNotification("exit");
    assert.equal(await exited, 1);
    client.connection.dispose();
  });

  it("looplens lsp --stdio serves an editor that is not VS Code: versioned diagnostics, edits in quick fixes, commands on lenses", async () => {
    const dir = tree({ "package.json": "{}" });
    // A minimal client (Neovim-like): no workspace/configuration, no documentChanges, no progress.
    const client = await startServer({ via: "cli", folders: [dir], capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
    const uri = fileUri(join(dir, "job.js"));
    client.open(uri, SEQUENTIAL, "javascript", 3);
    const { diagnostics } = await client.diagnostics(uri, 3);
    assert.equal(diagnostics[0].code, "sequential-await");
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.command, undefined, "the quick fix is an edit, not a command");
    assert.equal(applyWorkspaceEdit(SEQUENTIAL, fix.edit!, uri), SEQUENTIAL.replace("  const x = await a();\n  const y = await b();\n", "  const [x, y] = await Promise.all([a(), b()]);\n"));
    const lenses = await client.connection.sendRequest<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    assert.equal(lenses[0].command?.command, "looplens.applyFix");
    assert.equal(await client.stop(), 0);
  });

  it("looplens lsp without --stdio is a usage error", () => {
    const r = runCli(["lsp"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lsp needs --stdio/);
    assert.match(runCli(["--help"]).stdout, /lsp --stdio\s+run the language server/);
  });
});
