import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { makeTree, MIXED_SAMPLE, removeTree, scanJson } from "./helpers";

const withoutTiming = (r: { stats: object }) => ({ ...r, stats: { ...r.stats, durationMs: 0 } });

describe("V8 code cache of the bundle", () => {
  const work = makeTree({ "src/a.ts": MIXED_SAMPLE });
  const cacheHome = join(work, "cache-home");
  after(() => removeTree(work));
  const scan = (env: Record<string, string> = {}) => scanJson([join(work, "src")], { env: { XDG_CACHE_HOME: cacheHome, LOOPLENS_DEBUG: "1", ...env } });
  const cacheFiles = () => readdirSync(join(cacheHome, "looplens")).filter((f) => f.endsWith(".v8cache"));

  it("is written by the first run and used by the next, with the same report", () => {
    const first = scan();
    assert.match(first.run.stderr, /code cache missing/);
    assert.equal(cacheFiles().length, 1);
    const second = scan();
    assert.match(second.run.stderr, /code cache used/);
    assert.deepEqual(withoutTiming(second.report), withoutTiming(first.report));
    assert.deepEqual(second.report.findings.map((f) => f.rule), ["sequential-await", "sync-io"]);
    // Workers start from the launcher and load the same cache.
    const threaded = scan({ LOOPLENS_WORKERS: "2" });
    assert.deepEqual(withoutTiming(threaded.report), withoutTiming(first.report));
  });

  it("is replaced when it does not fit, and never breaks a run", () => {
    const [file] = cacheFiles();
    writeFileSync(join(cacheHome, "looplens", file), "not bytecode");
    const r = scan();
    assert.match(r.run.stderr, /code cache rejected/);
    assert.equal(r.report.findings.length, 2);
    assert.match(scan().run.stderr, /code cache used/, "rewritten at the end of the rejected run");
    assert.equal(cacheFiles().length, 1);
  });

  it("can be turned off", () => {
    const r = scan({ LOOPLENS_CODE_CACHE: "0" });
    assert.doesNotMatch(r.run.stderr, /code cache/);
    assert.deepEqual(withoutTiming(r.report), withoutTiming(scan().report));
  });
});
