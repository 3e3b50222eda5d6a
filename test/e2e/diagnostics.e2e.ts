import assert from "node:assert/strict";
import { describe, it } from "mocha";
import * as vscode from "vscode";
import { CLEAN_FILE, FINDINGS } from "./expectations";
import { codeActions, describeRange, diagnosticsOf, fixtureUri, looplensDiagnostics, looplensLenses, openFixture, toRange } from "./helpers";

describe("diagnostics", () => {
  for (const expected of FINDINGS) {
    it(`${expected.rule} in ${expected.file}: one warning with the rule's message, range and docs link`, async () => {
      const editor = await openFixture(expected.file);
      // The first file also waits for the extension to activate and its server to start.
      const [d] = await diagnosticsOf(editor.document.uri, 1, undefined, expected === FINDINGS[0] ? 60_000 : undefined);
      assert.equal(d.message, expected.message);
      assert.equal(describeRange(d.range), describeRange(toRange(expected.range)));
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.source, "looplens");
      assert.ok(typeof d.code === "object" && d.code !== null, `code carries the rule and its docs: ${JSON.stringify(d.code)}`);
      assert.equal(d.code.value, expected.rule);
      assert.match(d.code.target.toString(), new RegExp(`/docs/rules/${expected.rule}\\.md$`));
    });
  }

  it(`nothing in ${CLEAN_FILE}, whose awaits depend on each other and whose sync read runs at startup`, async () => {
    const editor = await openFixture(CLEAN_FILE);
    const uri = editor.document.uri;
    // The server answers requests for a document only after it has it: once lenses and actions come back, its analysis ran.
    await looplensLenses(uri);
    await codeActions(uri, new vscode.Range(0, 0, editor.document.lineCount, 0));
    // Every rule's file has its diagnostic by now, so the server is not simply slow.
    for (const f of FINDINGS) await diagnosticsOf(fixtureUri(f.file), 1);
    assert.deepEqual(looplensDiagnostics(uri), []);
  });
});
