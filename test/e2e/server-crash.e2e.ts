/**
 * Issue 6, fault isolation on the client side: the language server is killed with SIGKILL (as the
 * OOM killer would) while a document is open. The client must start a new server process, that
 * server must analyse the open document again (its diagnostics follow an edit), and the user is
 * warned once per session, not once per crash. "Restart Server" is not a crash.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "mocha";
import * as vscode from "vscode";
import type { LoopLensApi } from "../../client/src/server-crashes";
import { FINDINGS } from "./expectations";
import { looplensDiagnostics, openFixture, revert, toRange, waitFor } from "./helpers";

const finding = FINDINGS[0];
const findingLine = toRange(finding.range).start.line;

/** The LoopLens servers this extension host started: its children running out/server.js over Node IPC. */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv.some((a) => a.endsWith("out/server.js")) && argv.includes("--node-ipc")) pids.push(Number(entry));
    } catch {
      // The process ended while we read it.
    }
  }
  return pids;
}

function theServer(what: string, not?: number): Promise<number> {
  return waitFor(
    what,
    () => {
      const pids = serverPids();
      return pids.length === 1 && pids[0] !== not ? pids[0] : undefined;
    },
    30_000,
  );
}

/** Waits until the finding is published on `line` (0-based): only a server that saw the document's latest text puts it there. */
function findingOnLine(document: vscode.TextDocument, line: number, what: string): Promise<vscode.Diagnostic> {
  return waitFor(
    what,
    () => {
      const found = looplensDiagnostics(document.uri);
      return found.length === 1 && found[0].range.start.line === line ? found[0] : undefined;
    },
    30_000,
  );
}

describe("a crashed language server", () => {
  let api: LoopLensApi;
  let document: vscode.TextDocument;

  before(async () => {
    const extension = vscode.extensions.getExtension<LoopLensApi>("looplens.looplens");
    assert.ok(extension, "the LoopLens extension is installed");
    api = await extension.activate();
    document = (await openFixture(finding.file)).document;
    await findingOnLine(document, findingLine, `${finding.file}'s finding before any crash`);
  });

  after(() => revert(document));

  /**
   * SIGKILLs the server, either once it has served the open document or while it is still starting
   * (before it has published anything), and waits until the crash is counted and a new process runs.
   */
  async function killServer(when: "serving" | "starting"): Promise<{ killed: number; restarted: number }> {
    const killed = await theServer("the LoopLens server process");
    if (when === "serving") await findingOnLine(document, findingLine, "the finding published by the server about to be killed");
    else assert.deepEqual(looplensDiagnostics(document.uri), [], "the server is killed before it has published anything");
    const crashes = api.crashes();
    process.kill(killed, "SIGKILL");
    await waitFor("the crash to be counted", () => api.crashes() === crashes + 1, 30_000);
    const restarted = await theServer("a new LoopLens server process", killed);
    return { killed, restarted };
  }

  /**
   * Inserts a line above the finding and waits for the running server to report it one line lower, then
   * deletes the line again (an edit, not a revert: with auto-save on, the inserted line may already be on disk).
   */
  async function editIsAnalysed(what: string): Promise<void> {
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), "// edited after the crash\n")));
    await findingOnLine(document, findingLine + 1, `${what}: the finding moved down a line with the edit`);
    assert.ok(await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0))));
    await findingOnLine(document, findingLine, `${what}: the finding back in place once the line is deleted`);
  }

  it("SIGKILL: a new server process starts, re-reads the open document and follows its edits; the user is warned once", async () => {
    assert.equal(api.crashes(), 0, "no earlier suite crashed the server");
    assert.equal(api.messagesShown(), 0);
    const { killed, restarted } = await killServer("serving");
    assert.notEqual(restarted, killed);
    await findingOnLine(document, findingLine, "the open document's diagnostics published again by the new server");
    await editIsAnalysed("after the first crash");
    assert.equal(api.messagesShown(), 1, "one warning");
  });

  it("a second crash is restarted too, without a second message", async () => {
    await killServer("serving");
    await editIsAnalysed("after the second crash");
    assert.equal(api.crashes(), 2);
    assert.equal(api.messagesShown(), 1, "the warning is shown once per session");
  });

  it("LoopLens: Restart Server replaces the server without counting a crash or showing a message", async () => {
    const before = await theServer("the LoopLens server process");
    await vscode.commands.executeCommand("looplens.restartServer");
    await theServer("the server started by Restart Server", before);
    await editIsAnalysed("after Restart Server");
    assert.equal(api.crashes(), 2);
    assert.equal(api.messagesShown(), 1);
  });

  it("a server that keeps crashing, also while starting, is restarted 5 times, then left stopped with one message until Restart Server", async () => {
    // Restart Server gave a fresh budget: 5 restarts, then the 6th crash within 3 minutes stops it.
    await killServer("serving");
    for (let i = 0; i < 4; i++) await killServer("starting");
    assert.equal(api.messagesShown(), 1, "crashes during start-up add no message of the client library's");
    const last = await theServer("the fifth restarted server");
    process.kill(last, "SIGKILL");
    await waitFor("the sixth crash to be counted", () => api.crashes() === 2 + 6, 30_000);
    // A restart forks within milliseconds of the decision: two seconds without a server process is a refusal.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.deepEqual(serverPids(), [], "no server is started after the 6th crash in 3 minutes");
    assert.deepEqual(looplensDiagnostics(document.uri), [], "a stopped server's diagnostics are cleared, not left stale");
    assert.equal(api.messagesShown(), 2, "the warning, then one message that the server was left stopped");

    await vscode.commands.executeCommand("looplens.restartServer");
    await theServer("the server started by Restart Server");
    await findingOnLine(document, findingLine, "the open document's diagnostics after Restart Server");
    await editIsAnalysed("after Restart Server from stopped");
    assert.equal(api.messagesShown(), 2);
  });
});
