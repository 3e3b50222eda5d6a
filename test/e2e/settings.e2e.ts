import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { after, describe, it } from "mocha";
import * as vscode from "vscode";
import { FINDINGS } from "./expectations";
import { codeActions, diagnosticsOf, fixtureUri, looplensLenses, openFixture, waitFor } from "./helpers";

const settings = () => vscode.workspace.getConfiguration("looplens");
const set = (key: string, value: unknown) => settings().update(key, value, vscode.ConfigurationTarget.Workspace);
const syncIo = FINDINGS.find((f) => f.rule === "sync-io")!;
const cpu = FINDINGS.find((f) => f.rule === "cpu-heavy-loop")!;
const fixable = FINDINGS.find((f) => f.fix)!;

async function severityOf(file: string, severity: vscode.DiagnosticSeverity): Promise<void> {
  const uri = fixtureUri(file);
  await waitFor(`${file}'s finding as ${vscode.DiagnosticSeverity[severity]}`, () => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === "looplens");
    return found.length === 1 && found[0].severity === severity;
  });
}

describe("settings", () => {
  after(async () => {
    rmSync(fixtureUri(".looplensrc.json").fsPath, { force: true });
    for (const key of ["rules.sync-io", "rules.cpu-heavy-loop", "codeLens.enabled", "thresholds.concurrency", "enable"]) await set(key, undefined);
  });

  it("a rule turned off loses its diagnostics; set to error, they come back as errors", async () => {
    const editor = await openFixture(syncIo.file);
    await diagnosticsOf(editor.document.uri, 1);
    await set("rules.sync-io", "off");
    await diagnosticsOf(editor.document.uri, 0, "sync-io gone once the rule is off");
    await set("rules.sync-io", "error");
    await severityOf(syncIo.file, vscode.DiagnosticSeverity.Error);
    await set("rules.sync-io", undefined);
    await severityOf(syncIo.file, vscode.DiagnosticSeverity.Warning);
  });

  it("the project's .looplensrc.json wins over the editor setting, so the editor shows what CI reports", async () => {
    await openFixture(cpu.file);
    writeFileSync(fixtureUri(".looplensrc.json").fsPath, JSON.stringify({ rules: { "cpu-heavy-loop": "error" } }));
    await set("rules.cpu-heavy-loop", "hint");
    await severityOf(cpu.file, vscode.DiagnosticSeverity.Error);
  });

  it("looplens.codeLens.enabled: false removes the lenses", async () => {
    const editor = await openFixture(fixable.file);
    await waitFor("a lens", async () => (await looplensLenses(editor.document.uri)).length === 1);
    await set("codeLens.enabled", false);
    await waitFor("no lens", async () => (await looplensLenses(editor.document.uri)).length === 0);
    await set("codeLens.enabled", undefined);
    await waitFor("the lens back", async () => (await looplensLenses(editor.document.uri)).length === 1);
  });

  it("looplens.thresholds.concurrency reaches the advice and the generated code", async () => {
    const loop = FINDINGS.find((f) => f.rule === "await-in-loop")!;
    const editor = await openFixture(loop.file);
    await set("thresholds.concurrency", 4);
    await waitFor("the lens with the new limit", async () => (await looplensLenses(editor.document.uri))[0]?.command?.title === loop.lens.replace("run 8 at once", "run 4 at once"));
    const [diagnostic] = await diagnosticsOf(editor.document.uri, 1);
    const preferred = (await codeActions(editor.document.uri, diagnostic.range)).find((a) => a.isPreferred);
    const inserted = preferred?.edit?.entries().flatMap(([, edits]) => edits.map((e) => e.newText)).join("") ?? "";
    assert.ok(inserted.includes("await mapConcurrent(skus, 4, (sku) => fetchPrice(sku))"), inserted);
    await set("thresholds.concurrency", undefined);
    await waitFor("the lens with the default limit", async () => (await looplensLenses(editor.document.uri))[0]?.command?.title === loop.lens);
  });

  it("looplens.enable: false clears every diagnostic", async () => {
    const editor = await openFixture(fixable.file);
    await diagnosticsOf(editor.document.uri, 1);
    await set("enable", false);
    await diagnosticsOf(editor.document.uri, 0, "diagnostics cleared when LoopLens is disabled");
    await set("enable", undefined);
    await diagnosticsOf(editor.document.uri, 1, "diagnostics back when LoopLens is enabled again");
  });
});
