/** Quick fixes, fix all, suppression comments and docs actions: edits applied and compared exactly. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import type { CodeAction, Range } from "vscode-languageserver/node";
import { tempTrees } from "../cli/helpers";
import { applyWorkspaceEdit, fileUri, startServer, type LspClient } from "./helpers";

const tree = tempTrees();

const SEQUENTIAL = `declare function a(): Promise<number>;
declare function b(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  return x + y;
}
`;

const WHOLE: Range = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };

describe("code actions", () => {
  let client: LspClient;
  let dir: string;
  let n = 0;
  before(async () => {
    dir = tree({ "package.json": "{}" });
    client = await startServer({ folders: [dir] });
  });
  after(() => client.kill());

  async function openDoc(text: string, name = `doc${++n}.ts`): Promise<string> {
    const uri = fileUri(join(dir, name));
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    return uri;
  }

  function actions(uri: string, range: Range = WHOLE, only?: string[]): Promise<CodeAction[]> {
    return client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics: [], only } });
  }

  it("offers the fix as a preferred quick fix whose versioned edit gives the exact rewrite", async () => {
    const uri = await openDoc(SEQUENTIAL);
    const list = await actions(uri, { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } });
    assert.deepEqual(
      list.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ["Run the 2 awaits together with Promise.all", "quickfix", true],
        ["Ignore sequential-await on this line", "quickfix", false],
        ["Ignore sequential-await in this file", "quickfix", false],
        ["Show documentation for sequential-await", "quickfix", false],
      ],
    );
    const fix = list[0];
    assert.equal(fix.diagnostics?.[0].code, "sequential-await");
    const change = fix.edit!.documentChanges![0];
    assert.ok("textDocument" in change && change.textDocument.version === 1, "the edit names the version it was made for");
    assert.equal(
      applyWorkspaceEdit(SEQUENTIAL, fix.edit!, uri),
      SEQUENTIAL.replace("  const x = await a();\n  const y = await b();\n", "  const [x, y] = await Promise.all([a(), b()]);\n"),
    );
    assert.deepEqual(list[3].command, { title: "Show documentation for sequential-await", command: "looplens.openRuleDocs", arguments: ["sequential-await"] });
  });

  it("offers nothing away from the findings", async () => {
    const uri = await openDoc(SEQUENTIAL);
    assert.deepEqual(await actions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, ["quickfix"]), []);
  });

  it("ignores a rule on a line with the line's indentation, joining an existing comment", async () => {
    const uri = await openDoc(SEQUENTIAL);
    const ignore = (await actions(uri)).find((a) => a.title === "Ignore sequential-await on this line")!;
    const ignored = applyWorkspaceEdit(SEQUENTIAL, ignore.edit!, uri);
    assert.equal(ignored, SEQUENTIAL.replace("  const x = await a();", "  // looplens-ignore-next-line sequential-await\n  const x = await a();"));

    const withOther = SEQUENTIAL.replace("  const x = await a();", "  // looplens-ignore-next-line sync-io -- read once\n  const x = await a();");
    const uri2 = await openDoc(withOther);
    const join = (await actions(uri2)).find((a) => a.title === "Ignore sequential-await on this line")!;
    assert.equal(applyWorkspaceEdit(withOther, join.edit!, uri2), withOther.replace("sync-io -- read once", "sync-io sequential-await -- read once"));
  });

  it("offers no line comment where the finding's line starts inside a template literal", async () => {
    const text = `import { readFileSync } from "node:fs";\nexport async function page(p: string) {\n  return \`<main>\n\${readFileSync(p, "utf8")}</main>\`;\n}\n`;
    const uri = await openDoc(text);
    const titles = (await actions(uri)).map((a) => a.title);
    assert.ok(titles.includes("Ignore sync-io in this file"));
    assert.ok(!titles.includes("Ignore sync-io on this line"), "a comment there would change the string");
  });

  it("ignores a rule in the file below a shebang, keeping CRLF line endings", async () => {
    const text = "#!/usr/bin/env node\r\n" + SEQUENTIAL.replace(/\n/g, "\r\n");
    const uri = await openDoc(text);
    const ignore = (await actions(uri)).find((a) => a.title === "Ignore sequential-await in this file")!;
    assert.equal(applyWorkspaceEdit(text, ignore.edit!, uri), "#!/usr/bin/env node\r\n// looplens-ignore-file sequential-await\r\n" + SEQUENTIAL.replace(/\n/g, "\r\n"));
  });

  it("puts the file comment after a BOM (the edit positions count it as the editor does)", async () => {
    const text = "\uFEFF" + SEQUENTIAL;
    const uri = await openDoc(text);
    const ignore = (await actions(uri)).find((a) => a.title === "Ignore sequential-await in this file")!;
    assert.equal(applyWorkspaceEdit(text, ignore.edit!, uri), "\uFEFF// looplens-ignore-file sequential-await\n" + SEQUENTIAL);
  });

  it("the suppression comments silence the finding", async () => {
    const uri = fileUri(join(dir, "silenced.ts"));
    client.open(uri, "// looplens-ignore-file sequential-await\n" + SEQUENTIAL);
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
  });

  it("fixes all findings in the file with source.fixAll.looplens", async () => {
    const text = SEQUENTIAL + `export async function g() {\n  const p = await a();\n  const q = await b();\n  return p * q;\n}\n`;
    const uri = await openDoc(text);
    const list = await actions(uri, WHOLE, ["source.fixAll"]);
    assert.deepEqual(list.map((a) => [a.title, a.kind]), [["Fix all LoopLens problems in this file", "source.fixAll.looplens"]]);
    assert.equal(
      applyWorkspaceEdit(text, list[0].edit!, uri),
      text
        .replace("  const x = await a();\n  const y = await b();\n", "  const [x, y] = await Promise.all([a(), b()]);\n")
        .replace("  const p = await a();\n  const q = await b();\n", "  const [p, q] = await Promise.all([a(), b()]);\n"),
    );
  });

  it("fix all leaves fixes marked for review to a click (it may run on save)", async () => {
    const save = `import { writeFileSync } from "node:fs";\nexport async function save(p: string, d: string) {\n  writeFileSync(p, d);\n}\n`;
    const text = save + SEQUENTIAL;
    const uri = await openDoc(text);
    const [fixAll] = await actions(uri, WHOLE, ["source.fixAll"]);
    assert.equal(applyWorkspaceEdit(text, fixAll.edit!, uri), save + SEQUENTIAL.replace("  const x = await a();\n  const y = await b();\n", "  const [x, y] = await Promise.all([a(), b()]);\n"));
    const review = (await actions(uri)).find((a) => a.title.startsWith("Use await writeFile(…)"));
    assert.ok(review?.edit, "the fix itself is still offered as a quick fix");
  });

  it("sends plain `changes` to a client without documentChanges", async () => {
    const plain = await startServer({ folders: [dir], capabilities: { workspace: { configuration: true } } });
    try {
      const uri = fileUri(join(dir, "plain.ts"));
      plain.open(uri, SEQUENTIAL);
      await plain.diagnostics(uri, 1);
      const list = await plain.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: WHOLE, context: { diagnostics: [] } });
      const fix = list.find((a) => a.isPreferred)!;
      assert.equal(fix.edit!.documentChanges, undefined);
      assert.equal(applyWorkspaceEdit(SEQUENTIAL, fix.edit!, uri), SEQUENTIAL.replace("  const x = await a();\n  const y = await b();\n", "  const [x, y] = await Promise.all([a(), b()]);\n"));
    } finally {
      plain.kill();
    }
  });
});
