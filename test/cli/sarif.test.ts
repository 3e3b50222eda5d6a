import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { FINGERPRINT_KEY } from "../../server/src/cli/formats/sarif";
import { RULE_IDS } from "../../server/src/engine/types";
import { makeTree, removeTree, REPO, runCli, SYNC_IO_SAMPLE } from "./helpers";

// The subset of SARIF 2.1.0 this test reads.
interface Sarif {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, any>[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Record<string, any>[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Record<string, any>[];
  }[];
}

const trees: string[] = [];
after(() => trees.forEach(removeTree));

function sarif(args: string[], cwd?: string): { code: number | null; doc: Sarif } {
  const r = runCli(["scan", ...args, "--format", "sarif"], { cwd });
  return { code: r.code, doc: JSON.parse(r.stdout) as Sarif };
}

describe("scan --format sarif", () => {
  const dir = makeTree({
    "src/load.ts": SYNC_IO_SAMPLE,
    "src/twice.ts": `import { readFileSync } from "node:fs";
export async function one() { return readFileSync("a"); }
export async function two() { return readFileSync("a"); }
`,
    "src/with space.ts": SYNC_IO_SAMPLE,
    "src/broken.ts": "export const = 1;\n",
  });
  trees.push(dir);
  const { code, doc } = sarif(["."], dir);
  const run = doc.runs[0];

  it("is one SARIF 2.1.0 run and exits like the other formats", () => {
    assert.equal(code, 1);
    assert.equal(doc.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
    assert.equal(doc.version, "2.1.0");
    assert.equal(doc.runs.length, 1);
  });

  it("describes the tool and every rule", () => {
    const { driver } = run.tool;
    assert.equal(driver.name, "LoopLens");
    assert.equal(driver.version, JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version);
    assert.match(driver.informationUri, /^https:\/\//);
    assert.deepEqual(driver.rules.map((r) => r.id), [...RULE_IDS]);
    for (const rule of driver.rules) {
      assert.equal(typeof rule.shortDescription.text, "string");
      assert.ok(rule.shortDescription.text.length > 0, `${rule.id} has a short description`);
      assert.ok(rule.fullDescription.text.length > 0, `${rule.id} has a full description`);
      assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration.level), rule.id);
      assert.ok(new URL(rule.helpUri).hash === `#${rule.id}`, rule.helpUri);
    }
  });

  it("gives each result its rule, level, message, location relative to %SRCROOT% and a fingerprint", () => {
    const load = run.results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === "src/load.ts");
    assert.ok(load, JSON.stringify(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri)));
    assert.equal(load.ruleId, "sync-io");
    assert.equal(run.tool.driver.rules[load.ruleIndex].id, "sync-io");
    assert.equal(load.level, "warning");
    assert.ok(load.message.text.length > 0);
    assert.equal(load.locations.length, 1);
    assert.deepEqual(load.locations[0].physicalLocation.artifactLocation, { uri: "src/load.ts", uriBaseId: "%SRCROOT%" });
    const region = load.locations[0].physicalLocation.region;
    assert.deepEqual([region.startLine, region.startColumn, region.endLine], [3, 10, 3]);
    assert.equal(region.endColumn, `  return readFileSync(path, "utf8")`.length + 1, "endColumn points just past the call");
    assert.deepEqual(Object.keys(load.partialFingerprints), ["looplensFingerprint/v1"]);
    assert.match(load.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{16}:1$/);
    assert.deepEqual(run.originalUriBaseIds, { "%SRCROOT%": { uri: pathToFileURL(dir).href + "/" } });
  });

  it("percent-encodes file names in URIs", () => {
    assert.ok(run.results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === "src/with%20space.ts"));
  });

  it("numbers identical lines in one file instead of giving them one fingerprint", () => {
    const twice = run.results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === "src/twice.ts");
    assert.equal(twice.length, 2);
    const [h1, n1] = twice[0].partialFingerprints[FINGERPRINT_KEY].split(":");
    const [h2, n2] = twice[1].partialFingerprints[FINGERPRINT_KEY].split(":");
    assert.notEqual(h1, h2, "different source lines hash differently");
    assert.deepEqual([n1, n2], ["1", "1"]);
    const same = makeTree({ "a.ts": `import { readFileSync } from "node:fs";\nexport async function one() {\n  return readFileSync("a");\n}\nexport async function two() {\n  return readFileSync("a");\n}\n` });
    trees.push(same);
    const prints = sarif(["."], same).doc.runs[0].results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    assert.equal(prints.length, 2);
    assert.equal(prints[0].split(":")[0], prints[1].split(":")[0]);
    assert.deepEqual(prints.map((p: string) => p.split(":")[1]), ["1", "2"]);
  });

  it("keeps a fingerprint when the code moves, and changes it with the file", () => {
    const moved = makeTree({ "src/load.ts": "// header\n\n\n" + SYNC_IO_SAMPLE.replace("  return", "      return"), "lib/load.ts": SYNC_IO_SAMPLE });
    trees.push(moved);
    const before = run.results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === "src/load.ts")!;
    const after = sarif(["."], moved).doc.runs[0].results;
    const same = after.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === "src/load.ts")!;
    const other = after.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === "lib/load.ts")!;
    assert.equal(same.locations[0].physicalLocation.region.startLine, 6);
    assert.equal(same.partialFingerprints[FINGERPRINT_KEY], before.partialFingerprints[FINGERPRINT_KEY]);
    assert.notEqual(other.partialFingerprints[FINGERPRINT_KEY], before.partialFingerprints[FINGERPRINT_KEY]);
  });

  it("reports files it could not analyse as tool execution notifications", () => {
    const [invocation] = run.invocations;
    assert.equal(invocation.executionSuccessful, true);
    assert.equal(invocation.toolExecutionNotifications.length, 1);
    const [n] = invocation.toolExecutionNotifications;
    assert.equal(n.level, "error");
    assert.match(n.message.text, /syntax error/);
    assert.deepEqual(n.locations[0].physicalLocation.artifactLocation, { uri: "src/broken.ts", uriBaseId: "%SRCROOT%" });
  });

  it("maps severities to SARIF levels: error → error, info and hint → note", () => {
    for (const [severity, level] of [["error", "error"], ["info", "note"], ["hint", "note"]]) {
      const d = makeTree({ "a.ts": SYNC_IO_SAMPLE });
      trees.push(d);
      writeFileSync(join(d, ".looplensrc.json"), JSON.stringify({ rules: { "sync-io": severity } }));
      assert.deepEqual(sarif([d]).doc.runs[0].results.map((r) => r.level), [level], severity);
    }
  });

  it("bases locations on the scanned folder when it is outside the working directory", () => {
    const { doc: outside } = sarif([join(dir, "src")], REPO);
    const r = outside.runs[0];
    assert.equal(r.originalUriBaseIds["%SRCROOT%"].uri, pathToFileURL(join(dir, "src")).href + "/");
    assert.ok(r.results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri === "load.ts"));
  });
});
