import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigError, defaultConfig, loadConfig, mergeConfig } from "../../server/src/engine/config";

describe("settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "looplens-config-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("merges rule severities and thresholds over the defaults", () => {
    const c = mergeConfig(defaultConfig(), { rules: { "sync-io": "off" }, thresholds: { concurrency: 4 } }, "x");
    assert.equal(c.rules["sync-io"], "off");
    assert.equal(c.rules["sequential-await"], "warning");
    assert.equal(c.thresholds.concurrency, 4);
    assert.equal(c.thresholds.cpuLoopIterations, defaultConfig().thresholds.cpuLoopIterations);
  });

  for (const [name, raw, message] of [
    ["unknown rule", { rules: { "no-such-rule": "off" } }, /unknown rule "no-such-rule"/],
    ["bad severity", { rules: { "sync-io": "loud" } }, /severity "loud"/],
    ["bad threshold", { thresholds: { concurrency: 0 } }, /whole number/],
    ["unknown key", { rulez: {} }, /unknown setting "rulez"/],
    ["not an object", [1], /must be an object/],
  ] as const) {
    it(`rejects ${name} with a message naming the source`, () => {
      assert.throws(() => mergeConfig(defaultConfig(), raw, "/p/.looplensrc.json"), (e: Error) => e instanceof ConfigError && e.message.startsWith("/p/.looplensrc.json") && message.test(e.message));
    });
  }

  it("finds the nearest .looplensrc.json, else a package.json looplens key", () => {
    mkdirSync(join(dir, "a/b/c"), { recursive: true });
    writeFileSync(join(dir, "a/package.json"), JSON.stringify({ name: "a", looplens: { rules: { "cpu-heavy-loop": "error" } } }));
    writeFileSync(join(dir, "a/b/.looplensrc.json"), JSON.stringify({ rules: { "sync-io": "hint" } }));
    const inner = loadConfig(join(dir, "a/b/c"));
    assert.equal(inner.source, join(dir, "a/b/.looplensrc.json"));
    assert.equal(inner.config.rules["sync-io"], "hint");
    const outer = loadConfig(join(dir, "a"));
    assert.equal(outer.config.rules["cpu-heavy-loop"], "error");
  });

  it("says which file is not valid JSON", () => {
    mkdirSync(join(dir, "broken"), { recursive: true });
    writeFileSync(join(dir, "broken/.looplensrc.json"), "{ rules: ");
    assert.throws(() => loadConfig(join(dir, "broken")), /broken\/\.looplensrc\.json: not valid JSON/);
  });

  it("lists the nearest package.json's dependencies of every kind, wherever the settings came from", () => {
    mkdirSync(join(dir, "deps/app/src"), { recursive: true });
    writeFileSync(join(dir, "deps/.looplensrc.json"), JSON.stringify({ thresholds: { concurrency: 3 } }));
    writeFileSync(join(dir, "deps/app/package.json"), JSON.stringify({ dependencies: { "p-map": "^7" }, devDependencies: { piscina: "^4" }, peerDependencies: { "p-limit": "*" } }));
    const loaded = loadConfig(join(dir, "deps/app/src"));
    assert.equal(loaded.source, join(dir, "deps/.looplensrc.json"));
    assert.equal(loaded.config.thresholds.concurrency, 3);
    assert.deepEqual(loaded.config.dependencies, ["p-limit", "p-map", "piscina"]);
    assert.deepEqual(loadConfig(join(dir, "broken/..")).config.dependencies, []);
  });
});
