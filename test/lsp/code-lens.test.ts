/** Code lenses: advice text, the applyFix command run on the server, stale versions refused, docs. */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import type { CodeLens, WorkspaceEdit } from "vscode-languageserver/node";
import { tempTrees } from "../cli/helpers";
import { applyWorkspaceEdit, fileUri, startServer, type LspClient } from "./helpers";

const tree = tempTrees();

const SEQUENTIAL = `declare function a(): Promise<number>;
declare function b(): Promise<number>;
declare function c(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  const z = await c();
  return x + y + z;
}
`;

/** A finding the fix cannot rewrite exactly (const and let mixed): advice only. */
const NO_FIX = `declare function getA(): Promise<number>;
declare function getB(): Promise<number>;
export async function f() {
  const a = await getA();
  let b = await getB();
  b++;
  return [a, b];
}
`;

describe("code lenses", () => {
  let client: LspClient;
  let dir: string;
  let n = 0;
  before(async () => {
    dir = tree({ "package.json": "{}" });
    client = await startServer({ folders: [dir] });
  });
  after(() => client.kill());

  async function openDoc(text: string): Promise<string> {
    const uri = fileUri(join(dir, `lens${++n}.ts`));
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    return uri;
  }

  const lenses = (uri: string) => client.connection.sendRequest<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });

  it("puts advice with the count above the finding; clicking applies the fix through workspace/applyEdit", async () => {
    const uri = await openDoc(SEQUENTIAL);
    const [lens, ...rest] = await lenses(uri);
    assert.equal(rest.length, 0);
    assert.deepEqual(lens.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 2 } });
    assert.equal(lens.command!.title, "3 independent awaits run one after another — run them together");
    assert.equal(lens.command!.command, "looplens.applyFix");
    assert.deepEqual(lens.command!.arguments, [{ uri, version: 1, rule: "sequential-await", range: { start: { line: 4, character: 2 }, end: { line: 6, character: 22 } }, fixIndex: 0 }]);

    const from = client.requests.length;
    await client.connection.sendRequest("workspace/executeCommand", { command: lens.command!.command, arguments: lens.command!.arguments });
    const apply = await client.waitFor((m) => m.method === "workspace/applyEdit" && client.requests.indexOf(m) >= from, "workspace/applyEdit", client.requests);
    const edit = apply.params.edit as WorkspaceEdit;
    assert.equal(
      applyWorkspaceEdit(SEQUENTIAL, edit, uri),
      SEQUENTIAL.replace("  const x = await a();\n  const y = await b();\n  const z = await c();\n", "  const [x, y, z] = await Promise.all([a(), b(), c()]);\n"),
    );
  });

  it("refuses a fix made for an older version: no edit, one error message", async () => {
    const uri = await openDoc(SEQUENTIAL);
    const [lens] = await lenses(uri);
    const v2 = client.change(uri, SEQUENTIAL.replace("return x + y + z;", "return x * y * z;"));
    await client.diagnostics(uri, v2);
    const requestsBefore = client.requests.length;
    const messagesBefore = client.received.length;
    await client.connection.sendRequest("workspace/executeCommand", { command: lens.command!.command, arguments: lens.command!.arguments });
    const shown = await client.waitFor((m) => m.method === "window/showMessage" && client.received.indexOf(m) >= messagesBefore, "window/showMessage");
    assert.equal(shown.params.type, 1);
    assert.match(shown.params.message, /changed since this fix was offered/);
    assert.equal(client.requests.slice(requestsBefore).filter((m) => m.method === "workspace/applyEdit").length, 0, "no edit was sent");
    assert.equal(client.received.slice(messagesBefore).filter((m) => m.method === "window/showMessage").length, 1);
  });

  it("a finding without a fix gets an advice lens that opens the rule's documentation", async () => {
    const uri = await openDoc(NO_FIX);
    const [lens] = await lenses(uri);
    assert.deepEqual(lens.command, { title: "2 independent awaits run one after another — run them together", command: "looplens.openRuleDocs", arguments: ["sequential-await"] });
    const from = client.requests.length;
    await client.connection.sendRequest("workspace/executeCommand", { command: "looplens.openRuleDocs", arguments: ["sequential-await"] });
    const show = await client.waitFor((m) => m.method === "window/showDocument" && client.requests.indexOf(m) >= from, "window/showDocument", client.requests);
    assert.equal(show.params.external, false);
    assert.match(show.params.uri, /^file:.*\/docs\/rules\/sequential-await\.md$/);
    assert.ok(existsSync(fileURLToPath(show.params.uri)), "the documentation file exists");
  });

  it("every rule's lens says what is wrong and what the change gains (the sample workspace)", async () => {
    const root = join(__dirname, "..", "..", "examples", "sample-workspace");
    const titles: string[] = [];
    for (const f of ["src/jobs/sync-prices.ts", "src/lib/digest.js", "src/routes/orders.js"]) {
      const uri = fileUri(join(root, f));
      client.open(uri, readFileSync(join(root, f), "utf8"), f.endsWith(".ts") ? "typescript" : "javascript");
      await client.diagnostics(uri, 1);
      for (const lens of await lenses(uri)) titles.push(`${f}:${lens.range.start.line + 1} ${lens.command!.title}`);
    }
    assert.deepEqual(titles, [
      "src/jobs/sync-prices.ts:6 Loop awaits fetchPrice() one item at a time — run 8 at once, results in order",
      "src/jobs/sync-prices.ts:14 One await appendFile per item — collect them and write once",
      "src/lib/digest.js:6 crypto.pbkdf2Sync blocks the event loop — the async version keeps it free",
      "src/routes/orders.js:11 3 independent awaits run one after another — run them together",
      "src/routes/orders.js:18 2 independent awaits run one after another — run them together",
      "src/routes/orders.js:20 users.find() for every item of orders: O(orders × users) — index users by id in a Map once before the loop",
      "src/routes/orders.js:21 fs.readFileSync blocks the event loop — the async version keeps it free",
    ]);
  });

  it("lenses are off with looplens.codeLens.enabled = false", async () => {
    const off = await startServer({ folders: [dir], settings: { codeLens: { enabled: false } } });
    try {
      const uri = fileUri(join(dir, "no-lens.ts"));
      off.open(uri, SEQUENTIAL);
      assert.equal((await off.diagnostics(uri, 1)).diagnostics.length, 1, "diagnostics stay");
      assert.deepEqual(await off.connection.sendRequest("textDocument/codeLens", { textDocument: { uri } }), []);
    } finally {
      off.kill();
    }
  });

  it("keeps the last lenses while the text does not parse", async () => {
    const uri = await openDoc(SEQUENTIAL);
    const [before] = await lenses(uri);
    client.change(uri, SEQUENTIAL.replace("return x + y + z;", "return x +"));
    const [during] = await lenses(uri);
    assert.deepEqual(during, before, "the same lens, tied to the version it was made for (a click is then refused)");
  });
});
