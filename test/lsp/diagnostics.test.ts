/** Diagnostics as the user types: versions, debouncing, stale results dropped, close, positions. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import { tempTrees } from "../cli/helpers";
import { fileUri, startServer, type LspClient } from "./helpers";

const tree = tempTrees();

const SEQUENTIAL = `declare function a(): Promise<number>;
declare function b(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  return x + y;
}
`;

describe("diagnostics", () => {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = tree({ "package.json": "{}" });
    client = await startServer({ folders: [dir] });
  });
  after(() => client.kill());

  it("publishes a finding with the document's version, rule id, docs link and source", async () => {
    const uri = fileUri(join(dir, "open.ts"));
    client.open(uri, SEQUENTIAL, "typescript", 7);
    const { diagnostics, version } = await client.diagnostics(uri, 7);
    assert.equal(version, 7);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0];
    assert.equal(d.source, "looplens");
    assert.equal(d.code, "sequential-await");
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, { start: { line: 3, character: 2 }, end: { line: 4, character: 22 } });
    assert.match(d.message as string, /^2 independent awaits run one after another/);
    assert.match(d.codeDescription!.href, /\/docs\/rules\/sequential-await\.md$/);
  });

  it("publishes again for each new version, only for the last of a burst of edits", async () => {
    const uri = fileUri(join(dir, "typing.ts"));
    client.open(uri, SEQUENTIAL);
    await client.diagnostics(uri, 1);
    const from = client.received.length;
    client.change(uri, SEQUENTIAL.replace("return x + y;", "return x;"));
    client.change(uri, SEQUENTIAL.replace("return x + y;", "return y;"));
    const last = client.change(uri, `export function clean() {\n  return 1;\n}\n`);
    const { diagnostics } = await client.diagnostics(uri, last, from);
    assert.deepEqual(diagnostics, []);
    const versions = client.published(uri).slice(1).map((p) => p.version);
    assert.deepEqual(versions, [last], "the versions in between are never published");
  });

  it("keeps the last findings while the text does not parse, and moves them once it does", async () => {
    const uri = fileUri(join(dir, "broken.ts"));
    client.open(uri, SEQUENTIAL);
    await client.diagnostics(uri, 1);
    client.change(uri, SEQUENTIAL.replace("return x + y;", "return x +"));
    const fixed = client.change(uri, "\n\n" + SEQUENTIAL);
    const { diagnostics } = await client.diagnostics(uri, fixed);
    assert.equal(diagnostics[0].range.start.line, 5);
    assert.ok(!client.published(uri).some((p) => p.version === 2), "no diagnostics for the version with a syntax error");
  });

  it("clears a closed document's diagnostics", async () => {
    const uri = fileUri(join(dir, "closing.ts"));
    client.open(uri, SEQUENTIAL);
    await client.diagnostics(uri, 1);
    const from = client.received.length;
    client.close(uri);
    const { diagnostics } = await client.diagnostics(uri, undefined, from);
    assert.deepEqual(diagnostics, []);
  });

  it("counts positions in UTF-16 after astral characters, a BOM, CRLF and U+2028", async () => {
    const uri = fileUri(join(dir, "positions.ts"));
    const text = "\uFEFFexport const s = `😀 \u2028 a line break for TypeScript, not for LSP`;\r\n" + SEQUENTIAL.replace(/\n/g, "\r\n").replace("  const x", "  /* 😀 */ const x");
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    // LSP lines: the U+2028 does not break the line; the emoji counts two UTF-16 units; the BOM is not text.
    assert.deepEqual(diagnostics[0].range, { start: { line: 4, character: 11 }, end: { line: 5, character: 22 } });
  });

  it("sends looplens/findingsCount with the total after publishing", async () => {
    const uri = fileUri(join(dir, "count.ts"));
    const from = client.received.length;
    client.open(uri, SEQUENTIAL);
    await client.diagnostics(uri, 1, from);
    const count = await client.waitFor((m) => m.method === "looplens/findingsCount" && client.received.indexOf(m) > from, "findingsCount");
    assert.ok(typeof count.params.total === "number" && count.params.total >= 1);
  });

  it("ignores languages it does not read and declaration files", async () => {
    const dts = fileUri(join(dir, "types.d.ts"));
    client.open(dts, SEQUENTIAL);
    const { diagnostics } = await client.diagnostics(dts, 1);
    assert.deepEqual(diagnostics, []);
  });
});
