import assert from "node:assert/strict";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CLEAN_SAMPLE, MIXED_SAMPLE, runCli, scanJson, SEQUENTIAL_AWAIT_SAMPLE, SYNC_IO_SAMPLE, tempTrees } from "./helpers";

const tree = tempTrees();

describe("scan --format json", () => {
  it("reports the contract sample as exactly one sequential-await finding over lines 4–5 (needs the sequential-await rule)", () => {
    const dir = tree({ "src/f.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const { run, report } = scanJson([dir]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(Object.keys(report), ["version", "findings", "errors", "stats"]);
    assert.equal(report.version, 1);
    assert.equal(report.findings.length, 1, JSON.stringify(report.findings));
    const [f] = report.findings;
    assert.deepEqual(Object.keys(f), ["rule", "file", "range", "severity", "message", "fixes"]);
    assert.equal(f.rule, "sequential-await");
    assert.equal(f.file, join(dir, "src/f.ts"));
    assert.deepEqual([f.range.start.line, f.range.end.line], [4, 5]);
    for (const pos of [f.range.start, f.range.end]) assert.deepEqual(Object.keys(pos), ["line", "column"]);
    assert.ok(f.range.start.column >= 1 && f.range.end.column >= 1);
    assert.equal(f.severity, "warning");
    assert.ok(f.message.length > 0);
    for (const fix of f.fixes) assert.deepEqual(Object.keys(fix), ["title", "safe"]);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(Object.keys(report.stats), ["files", "durationMs"]);
    assert.equal(report.stats.files, 1);
    assert.ok(Number.isInteger(report.stats.durationMs) && report.stats.durationMs >= 0);
  });

  it("exit 0 and an empty report when nothing is found", () => {
    const dir = tree({ "src/ok.ts": CLEAN_SAMPLE, "src/other.js": "module.exports = 1;\n" });
    const { run, report } = scanJson([dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.errors, []);
    assert.equal(report.stats.files, 2);
    assert.equal(run.stderr, "", "no progress output when stderr is not a terminal");
  });

  it("exit 1 with findings: a blocking read in an async function (sync-io)", () => {
    const dir = tree({ "src/load.ts": SYNC_IO_SAMPLE });
    const { run, report } = scanJson([dir]);
    assert.equal(run.code, 1);
    assert.deepEqual(
      report.findings.map((f) => [f.rule, f.file, f.range.start.line, f.range.start.column, f.range.end.line]),
      [["sync-io", join(dir, "src/load.ts"), 3, 10, 3]],
    );
  });

  it("names binary, unparsable and unreadable files in errors and keeps the other files' findings", () => {
    const asRoot = process.getuid?.() === 0;
    const dir = tree({
      "src/a-load.ts": SYNC_IO_SAMPLE,
      "src/b-binary.js": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]),
      "src/c-broken.ts": "export function (\n",
      "src/d-locked.ts": SYNC_IO_SAMPLE,
      "src/e-load.ts": SYNC_IO_SAMPLE,
    });
    // root reads through chmod 000, so the unreadable case is only checkable as a normal user
    if (!asRoot) chmodSync(join(dir, "src/d-locked.ts"), 0o000);
    try {
      const { run, report } = scanJson([dir]);
      assert.equal(run.code, 1, "errors alone do not change the exit code; the findings do");
      assert.equal(report.stats.files, 5);
      const errors = new Map(report.errors.map((e) => [e.file.slice(dir.length + 1), e.message]));
      assert.match(errors.get("src/b-binary.js") ?? "", /binary/);
      assert.match(errors.get("src/c-broken.ts") ?? "", /syntax error at 1:/);
      if (!asRoot) assert.match(errors.get("src/d-locked.ts") ?? "", /cannot read \(permission denied\)/);
      assert.equal(report.errors.length, asRoot ? 2 : 3);
      const withFindings = report.findings.map((f) => f.file.slice(dir.length + 1));
      assert.deepEqual(withFindings, asRoot ? ["src/a-load.ts", "src/d-locked.ts", "src/e-load.ts"] : ["src/a-load.ts", "src/e-load.ts"]);
    } finally {
      chmodSync(join(dir, "src/d-locked.ts"), 0o644);
    }
  });

  it("errors alone leave the exit code at 0", () => {
    const dir = tree({ "src/broken.js": "let = ;\n", "src/ok.ts": CLEAN_SAMPLE });
    const { run, report } = scanJson([dir]);
    assert.equal(run.code, 0);
    assert.equal(report.errors.length, 1);
  });

  it("--rule narrows the scan to the named rules (needs sync-io and sequential-await)", () => {
    const dir = tree({ "src/mixed.ts": MIXED_SAMPLE });
    const rulesOf = (args: string[]) => scanJson([dir, ...args]).report.findings.map((f) => `${f.rule}@${f.range.start.line}`);
    assert.deepEqual(rulesOf([]), ["sequential-await@5", "sync-io@7"]);
    assert.deepEqual(rulesOf(["--rule", "sync-io"]), ["sync-io@7"]);
    assert.deepEqual(rulesOf(["--rule", "sequential-await"]), ["sequential-await@5"]);
    const { run, report } = scanJson([dir, "--rule", "cpu-heavy-loop"]);
    assert.equal(run.code, 0);
    assert.deepEqual(report.findings, []);
  });

  it("a .looplensrc.json turns a rule off and sets severities", () => {
    const dir = tree({
      ".looplensrc.json": JSON.stringify({ rules: { "sync-io": "off" } }),
      "src/load.ts": SYNC_IO_SAMPLE,
    });
    const off = scanJson([dir]);
    assert.equal(off.run.code, 0);
    assert.deepEqual(off.report.findings, []);

    const noted = scanJson([dir, "--rule", "sync-io"]);
    assert.deepEqual(noted.report.findings, []);
    assert.match(noted.run.stderr, /rule sync-io is turned off in .*\.looplensrc\.json/);

    const dir2 = tree({ "package.json": JSON.stringify({ name: "app", looplens: { rules: { "sync-io": "error" } } }), "lib/load.ts": SYNC_IO_SAMPLE });
    const raised = scanJson([join(dir2, "lib")]);
    assert.deepEqual(raised.report.findings.map((f) => [f.rule, f.severity]), [["sync-io", "error"]]);
  });

  it("invalid settings stop the scan with exit 2 and a message naming the file", () => {
    const bad = tree({ ".looplensrc.json": JSON.stringify({ rules: { "sync-io": "loud" } }), "a.ts": CLEAN_SAMPLE });
    let r = runCli(["scan", bad, "--format", "json"]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.ok(r.stderr.includes(join(bad, ".looplensrc.json")), r.stderr);
    assert.match(r.stderr, /severity "loud"/);

    const broken = tree({ ".looplensrc.json": "{ rules: ", "a.ts": CLEAN_SAMPLE });
    r = runCli(["scan", broken]);
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(join(broken, ".looplensrc.json")), r.stderr);
    assert.match(r.stderr, /not valid JSON/);
  });

  it("suppression comments are honoured", () => {
    const dir = tree({ "src/load.ts": SYNC_IO_SAMPLE.replace("  return readFileSync", "  // looplens-ignore-next-line sync-io\n  return readFileSync") });
    const { run, report } = scanJson([dir]);
    assert.equal(run.code, 0);
    assert.deepEqual(report.findings, []);
  });

  it("explicit files: scanned once however often named, results in path order", () => {
    const dir = tree({ "b.ts": SYNC_IO_SAMPLE, "a.ts": SYNC_IO_SAMPLE, "notes.txt": "hello" });
    const { report } = scanJson([join(dir, "b.ts"), dir, join(dir, "a.ts"), join(dir, "notes.txt")]);
    assert.deepEqual(report.findings.map((f) => f.file), [join(dir, "a.ts"), join(dir, "b.ts")]);
    assert.equal(report.stats.files, 2);
    assert.deepEqual(report.errors, [{ file: join(dir, "notes.txt"), message: "not a JavaScript or TypeScript source file: skipped" }]);
  });
});
