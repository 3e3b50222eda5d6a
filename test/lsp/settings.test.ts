/** Editor settings (asked for, or pushed), layered under the project's .looplensrc.json. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
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

async function withServer(options: Parameters<typeof startServer>[0], body: (client: LspClient) => Promise<void>): Promise<void> {
  const client = await startServer(options);
  try {
    await body(client);
  } finally {
    client.kill();
  }
}

describe("settings", () => {
  it("a settings change re-reads workspace/configuration and turns a rule off in published diagnostics", async () => {
    const dir = tree({ "package.json": "{}" });
    await withServer({ folders: [dir], settings: {} }, async (client) => {
      const uri = fileUri(join(dir, "a.ts"));
      client.open(uri, SEQUENTIAL);
      assert.equal((await client.diagnostics(uri, 1)).diagnostics.length, 1);
      const asked = client.requests.filter((m) => m.method === "workspace/configuration").length;
      assert.ok(asked >= 1, "the server asked for the looplens section");
      assert.deepEqual(client.requests.find((m) => m.method === "workspace/configuration")!.params.items[0], { scopeUri: uri, section: "looplens" });

      client.settings = { rules: { "sequential-await": "off" } };
      const from = client.received.length;
      await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
      const { diagnostics } = await client.diagnostics(uri, 1, from);
      assert.deepEqual(diagnostics, []);
      assert.ok(client.requests.filter((m) => m.method === "workspace/configuration").length > asked, "asked again");
      await client.waitFor((m) => m.method === "workspace/codeLens/refresh", "a code lens refresh", client.requests);
    });
  });

  it("editor severities and thresholds apply; keys in .looplensrc.json win over them", async () => {
    const dir = tree({ "package.json": "{}", "strict/.looplensrc.json": JSON.stringify({ rules: { "sequential-await": "hint" } }) });
    const settings = { rules: { "sequential-await": "error" }, thresholds: { minSequentialAwaits: 2 } };
    await withServer({ folders: [dir], settings }, async (client) => {
      const plain = fileUri(join(dir, "a.ts"));
      const strict = fileUri(join(dir, "strict", "b.ts"));
      client.open(plain, SEQUENTIAL);
      client.open(strict, SEQUENTIAL);
      assert.equal((await client.diagnostics(plain, 1)).diagnostics[0].severity, 1, "error, from the editor");
      assert.equal((await client.diagnostics(strict, 1)).diagnostics[0].severity, 4, "hint, from the project file");
    });
    await withServer({ folders: [dir], settings: { thresholds: { minSequentialAwaits: 3 } } }, async (client) => {
      const plain = fileUri(join(dir, "a.ts"));
      client.open(plain, SEQUENTIAL);
      assert.deepEqual((await client.diagnostics(plain, 1)).diagnostics, [], "2 awaits are below the editor's threshold of 3");
    });
  });

  it("a client without workspace/configuration gives settings in initializationOptions and didChangeConfiguration", async () => {
    const dir = tree({ "package.json": "{}" });
    const options = { folders: [dir], capabilities: {}, initializationOptions: { settings: { rules: { "sequential-await": "off" } } } };
    await withServer(options, async (client) => {
      const uri = fileUri(join(dir, "a.ts"));
      client.open(uri, SEQUENTIAL);
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
      const from = client.received.length;
      await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: { looplens: { rules: { "sequential-await": "info" } } } });
      assert.equal((await client.diagnostics(uri, 1, from)).diagnostics[0].severity, 3);
      assert.equal(client.requests.filter((m) => m.method === "workspace/configuration").length, 0, "never asked");
    });
  });

  it("looplens.enable = false shows nothing", async () => {
    const dir = tree({ "package.json": "{}" });
    await withServer({ folders: [dir], settings: { enable: false } }, async (client) => {
      const uri = fileUri(join(dir, "a.ts"));
      client.open(uri, SEQUENTIAL);
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
      assert.deepEqual(await client.connection.sendRequest("textDocument/codeLens", { textDocument: { uri } }), []);
    });
  });

  it("a broken .looplensrc.json is shown once and the editor settings apply meanwhile", async () => {
    const dir = tree({ "package.json": "{}", ".looplensrc.json": `{ "rules": { "sequential-await": "loud" } }` });
    await withServer({ folders: [dir], settings: { rules: { "sequential-await": "error" } } }, async (client) => {
      const a = fileUri(join(dir, "a.ts"));
      const b = fileUri(join(dir, "b.ts"));
      client.open(a, SEQUENTIAL);
      client.open(b, SEQUENTIAL);
      assert.equal((await client.diagnostics(a, 1)).diagnostics[0].severity, 1);
      await client.diagnostics(b, 1);
      const shown = client.received.filter((m) => m.method === "window/showMessage");
      assert.equal(shown.length, 1);
      assert.match(shown[0].params.message, /\.looplensrc\.json: rule "sequential-await" has severity "loud"/);
    });
  });
});
