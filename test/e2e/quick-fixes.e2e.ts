import assert from "node:assert/strict";
import { afterEach, describe, it } from "mocha";
import * as vscode from "vscode";
import { FINDINGS, type ExpectedFinding } from "./expectations";
import { codeActions, diagnosticsOf, fixedText, openFixture, revert, waitFor, waitForEqual } from "./helpers";

/** The titles LoopLens offers for a finding, in order: its fixes (the first preferred), then suppressions and docs. */
function expectedTitles(expected: ExpectedFinding): string[] {
  return [
    `quickfix: ${expected.fix.title} (preferred)`,
    ...(expected.alternatives ?? []).map((title) => `quickfix: ${title}`),
    `quickfix: Ignore ${expected.rule} on this line`,
    `quickfix: Ignore ${expected.rule} in this file`,
    `quickfix: Show documentation for ${expected.rule}`,
  ];
}

/** The quick fixes offered on a finding's range, once they are the expected ones for the document as it is now. */
async function actionsFor(expected: ExpectedFinding) {
  const editor = await openFixture(expected.file);
  const [diagnostic] = await diagnosticsOf(editor.document.uri, 1);
  let ours: vscode.CodeAction[] = [];
  const titles = async () => {
    const all = await codeActions(editor.document.uri, diagnostic.range);
    // The API hands back no diagnostics on actions: every quick fix on the finding's range is listed (refactorings are not).
    ours = all.filter((a) => a.kind?.value.startsWith("quickfix"));
    return ours.map((a) => `${a.kind?.value}: ${a.title}${a.isPreferred ? " (preferred)" : ""}`);
  };
  await waitForEqual(`LoopLens's quick fixes for ${expected.rule}`, titles, expectedTitles(expected));
  return { editor, diagnostic, ours };
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" carries its edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}" applied`);
}

describe("quick fixes", () => {
  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
  });

  for (const expected of FINDINGS) {
    it(`${expected.rule}: "${expected.fix.title}" (preferred), ${expected.alternatives ? "its other fixes, " : ""}ignore on this line, ignore in this file, show documentation`, async () => {
      await actionsFor(expected);
    });
  }

  for (const expected of FINDINGS) {
    it(`${expected.rule}: the preferred fix rewrites ${expected.file} exactly, and the finding goes`, async () => {
      const { editor, ours } = await actionsFor(expected);
      await apply(ours.find((a) => a.isPreferred)!);
      assert.equal(editor.document.getText(), fixedText(expected.fix.fixed));
      await diagnosticsOf(editor.document.uri, 0, `${expected.rule} gone after its fix`);
    });
  }

  it("source.fixAll.looplens applies every fix of the file", async () => {
    const expected = FINDINGS[0];
    const editor = await openFixture(expected.file);
    await diagnosticsOf(editor.document.uri, 1);
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const [fixAll, ...more] = await codeActions(editor.document.uri, whole, "source.fixAll.looplens");
    assert.equal(more.length, 0);
    assert.equal(fixAll.kind?.value, "source.fixAll.looplens");
    await apply(fixAll);
    assert.equal(editor.document.getText(), fixedText(expected.fix.fixed));
  });

  it("ignore on this line inserts the comment with the line's indentation, and the finding goes", async () => {
    const expected = FINDINGS.find((f) => f.rule === "sync-io")!;
    const { editor, ours } = await actionsFor(expected);
    const line = expected.range[0] - 1;
    const before = editor.document.getText().split("\n");
    await apply(ours.find((a) => a.title === `Ignore ${expected.rule} on this line`)!);
    const want = [...before.slice(0, line), `  // looplens-ignore-next-line ${expected.rule}`, ...before.slice(line)].join("\n");
    assert.equal(editor.document.getText(), want);
    await diagnosticsOf(editor.document.uri, 0, "the ignored finding gone");
  });

  it("ignore in this file puts the comment at the top, and the finding goes", async () => {
    const expected = FINDINGS.find((f) => f.rule === "unbuffered-write")!;
    const { editor, ours } = await actionsFor(expected);
    const before = editor.document.getText();
    await apply(ours.find((a) => a.title === `Ignore ${expected.rule} in this file`)!);
    assert.equal(editor.document.getText(), `// looplens-ignore-file ${expected.rule}\n${before}`);
    await diagnosticsOf(editor.document.uri, 0, "the ignored finding gone");
  });

  it("show documentation opens the rule's page", async () => {
    const expected = FINDINGS.find((f) => f.rule === "cpu-heavy-loop")!;
    const { ours } = await actionsFor(expected);
    const docs = ours.find((a) => a.title === `Show documentation for ${expected.rule}`)!;
    assert.equal(docs.command?.command, "looplens.openRuleDocs");
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    await waitFor(`docs/rules/${expected.rule}.md open`, () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith(`/docs/rules/${expected.rule}.md`)),
    );
  });
});
