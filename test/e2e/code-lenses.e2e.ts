import assert from "node:assert/strict";
import { afterEach, describe, it } from "mocha";
import * as vscode from "vscode";
import { FINDINGS } from "./expectations";
import { diagnosticsOf, fixedText, looplensLenses, openFixture, revert, toRange, waitFor, waitForEqual } from "./helpers";

/** What a lens shows and what its click sends to the server. */
async function lensesOf(document: vscode.TextDocument) {
  return (await looplensLenses(document.uri)).map((l) => ({ line: l.range.start.line + 1, title: l.command?.title, command: l.command?.command, arguments: l.command?.arguments }));
}

describe("code lenses", () => {
  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) await revert(document);
  });

  for (const expected of FINDINGS) {
    it(`${expected.rule}: "${expected.lens}" above the finding, and a click applies "${expected.fix.title}"`, async () => {
      const editor = await openFixture(expected.file);
      const document = editor.document;
      await diagnosticsOf(document.uri, 1);
      const range = toRange(expected.range);
      const [lens] = await waitForEqual(`the lens of ${expected.file}`, () => lensesOf(document), [
        {
          line: expected.range[0],
          title: expected.lens,
          command: "looplens.applyFix",
          arguments: [
            {
              uri: document.uri.toString(),
              version: document.version,
              rule: expected.rule,
              range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
              fixIndex: 0,
            },
          ],
        },
      ]);
      await vscode.commands.executeCommand(lens.command!, ...(lens.arguments ?? []));
      const want = fixedText(expected.fix.fixed);
      await waitFor("the lens's fix applied", () => document.getText() === want);
      await diagnosticsOf(document.uri, 0, `${expected.rule} gone after the lens's fix`);
    });
  }

  it("a lens whose document changed since it was computed does not apply a stale edit", async () => {
    const expected = FINDINGS[0];
    const editor = await openFixture(expected.file);
    await diagnosticsOf(editor.document.uri, 1);
    const [lens] = await waitFor("a lens", async () => {
      const found = await looplensLenses(editor.document.uri);
      return found.length === 1 && found;
    });
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), "// edited after the lens was computed\n"));
    const before = editor.document.getText();
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    // The command has returned: the server checked the version and refused, so nothing changed.
    assert.equal(editor.document.getText(), before);
  });
});
