import assert from "node:assert/strict";
import { describe, it } from "mocha";
import * as vscode from "vscode";
import { CLEAN_FILE, FINDINGS, SOURCE_FILES, UNOPENED } from "./expectations";
import { describeRange, diagnosticsOf, fixtureUri, looplensDiagnostics, toRange, waitFor } from "./helpers";

interface ScanResult {
  report: string;
  files: number;
  findings: number;
  errors: number;
  cancelled: boolean;
}

describe("LoopLens: Scan Workspace", () => {
  it("reports every file's findings, including files never opened, in the report and the Problems panel", async () => {
    const unopened = fixtureUri(UNOPENED.file);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()), `${UNOPENED.file} was never opened`);

    const result = await vscode.commands.executeCommand<ScanResult>("looplens.scanWorkspace");
    assert.ok(result, "the command returns the scan's result");
    assert.deepEqual(
      { files: result.files, findings: result.findings, errors: result.errors, cancelled: result.cancelled },
      { files: SOURCE_FILES, findings: FINDINGS.length + 1, errors: 0, cancelled: false },
    );
    const lines = result.report.trimEnd().split("\n");
    const header = lines.indexOf(UNOPENED.file);
    assert.ok(header >= 0, `a header for ${UNOPENED.file} in:\n${result.report}`);
    assert.equal(lines[header + 1], `  ${UNOPENED.range[0]}:${UNOPENED.range[1]}  warning  ${UNOPENED.message}  ${UNOPENED.rule}`);
    assert.match(
      lines[lines.length - 1],
      /^✖ 6 problems \(2 sync-io, 1 await-in-loop, 1 cpu-heavy-loop, 1 sequential-await, 1 unbuffered-write\) in 6 files · 7 files scanned in \d+(ms|\.\ds)$/,
    );
    assert.ok(!result.report.includes("\u001b["), "no colour codes in the report");

    const [d] = await diagnosticsOf(unopened, 1);
    assert.equal(d.message, UNOPENED.message);
    assert.equal(describeRange(d.range), describeRange(toRange(UNOPENED.range)));
    for (const f of FINDINGS) assert.equal(looplensDiagnostics(fixtureUri(f.file)).length, 1, f.file);
    assert.deepEqual(looplensDiagnostics(fixtureUri(CLEAN_FILE)), []);
  });

  it("Show Report opens the report in an output channel highlighted as looplens-report", async () => {
    await vscode.commands.executeCommand("looplens.showReport");
    const channel = await waitFor("the report's output channel", () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === "output" && d.getText().includes(UNOPENED.message)),
    );
    assert.equal(channel.languageId, "looplens-report");
    assert.match(channel.getText(), /^✖ 6 problems .* · 7 files scanned in /m);
  });
});
