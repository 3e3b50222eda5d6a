/**
 * `looplens scan` and `looplens fix` over the hostile workspace (test/hostile/hostile-tree.ts):
 * they finish, exit 1 for the findings, name every bad file in `errors` with its reason, skip what
 * is not a source file, and report for the good files exactly what a scan of them alone reports —
 * in-process and on worker threads. `fix --write` then changes the good files as it would alone and
 * leaves every byte of the bad ones.
 */
import assert from "node:assert/strict";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { runCli, scanJson, type JsonReport } from "../cli/helpers";
import { buildHostileTree, buildNormalTree, removeTree, type HostileTree } from "./hostile-tree";

/** Generous: the machine is shared; a hang shows as a timeout, a crash as a non-JSON stdout or a wrong exit code. */
const TIMEOUT_MS = 240_000;

const hostile = buildHostileTree();
const normal = buildNormalTree();
after(() => [hostile, normal].forEach(removeTree));

type Finding = JsonReport["findings"][number];
const relFinding = (root: string) => (f: Finding) => ({ ...f, file: relative(root, f.file) });
const isNormal = (path: string) => path.startsWith("app/");

/** The relative path a bad file's expectation is about; folders (the loop) cover what lies below. */
function covers(expected: string, path: string): boolean {
  return path === expected || path.startsWith(expected + "/");
}

function checkReport(report: JsonReport, baseline: JsonReport): void {
  const findings = report.findings.map(relFinding(hostile.root));
  const errors = report.errors.map((e) => ({ ...e, file: relative(hostile.root, e.file) }));
  assert.deepEqual(
    findings.filter((f) => isNormal(f.file)),
    baseline.findings.map(relFinding(normal.root)),
    "the good files' findings are those of a scan of them alone",
  );
  assert.ok(baseline.findings.length >= 40, `the corpus copy has findings of its own (${baseline.findings.length})`);
  for (const e of hostile.expectations) {
    const mine = errors.filter((x) => covers(e.path, x.file));
    const found = findings.filter((f) => covers(e.path, f.file));
    if (e.kind === "error") {
      assert.equal(mine.length, 1, `${e.path}: one error, got ${JSON.stringify(mine)}`);
      assert.match(mine[0].message, e.message, e.path);
      assert.deepEqual(found, [], `${e.path}: no findings`);
    } else if (e.kind === "scanned") {
      assert.deepEqual(mine, [], `${e.path}: no error`);
      assert.deepEqual(found.map((f) => f.rule), e.rules, `${e.path}: findings`);
    } else {
      assert.deepEqual([...mine, ...found], [], `${e.path} is not scanned`);
    }
  }
  const unexpected = errors.filter((x) => !hostile.expectations.some((e) => e.kind === "error" && covers(e.path, x.file)));
  assert.deepEqual(unexpected, [], "no other file has an error");
  assert.equal(report.stats.files, hostile.scannedCount, "files scanned: the good ones and every bad source file");
}

/** The per-file parts of a unified diff, by the file's relative path. */
function diffsByFile(diff: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of diff.split(/^(?=--- )/m).filter(Boolean)) {
    const name = /^\+\+\+ b\/(.+)$/m.exec(part)?.[1];
    assert.ok(name, `a diff part names its file:\n${part.slice(0, 200)}`);
    parts.set(name, part);
  }
  return parts;
}

/** Every regular file's bytes, by relative path (FIFOs and links are not read). */
function snapshot(root: string, dir = root, out = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) snapshot(root, p, out);
    else if (e.isFile()) out.set(relative(root, p), readFileSync(p));
  }
  return out;
}

describe("a hostile workspace through the CLI", () => {
  const baseline = scanJson([normal.root], { env: { LOOPLENS_WORKERS: "0" }, timeoutMs: TIMEOUT_MS }).report;

  for (const workers of ["0", "2"]) {
    it(`scan --format json with LOOPLENS_WORKERS=${workers}: finishes, names the bad files, keeps the good files' findings`, () => {
      const { run, report } = scanJson([hostile.root], { env: { LOOPLENS_WORKERS: workers }, timeoutMs: TIMEOUT_MS });
      assert.equal(run.code, 1, run.stderr);
      checkReport(report, baseline);
    });
  }

  it("scan (text) lists every bad file with its reason and the good files' findings", () => {
    const run = runCli(["scan"], { cwd: hostile.root, env: { LOOPLENS_WORKERS: "0", NO_COLOR: "1" }, timeoutMs: TIMEOUT_MS });
    assert.equal(run.code, 1, run.stderr);
    const errorLines = new Map(run.stdout.split("\n").filter((l) => /^ {2}hostile\//.test(l)).map((l) => l.trim().split(/ {2}(.*)/s) as [string, string]));
    for (const e of hostile.expectations) {
      if (e.kind === "error") assert.match(errorLines.get(e.path) ?? "(missing)", e.message, e.path);
    }
    const alone = runCli(["scan"], { cwd: normal.root, env: { LOOPLENS_WORKERS: "0", NO_COLOR: "1" }, timeoutMs: TIMEOUT_MS });
    for (const block of alone.stdout.split("\n\n").filter((b) => b.startsWith("app/"))) assert.ok(run.stdout.includes(block), `the report keeps:\n${block}`);
  });

  it("fix --dry-run: finishes, exit 1, the good files' diffs as alone, diffs only for the bad files that have fixable findings", () => {
    const run = runCli(["fix", "--dry-run"], { cwd: hostile.root, env: { NO_COLOR: "1" }, timeoutMs: TIMEOUT_MS });
    assert.equal(run.code, 1, run.stderr);
    const alone = runCli(["fix", "--dry-run"], { cwd: normal.root, env: { NO_COLOR: "1" }, timeoutMs: TIMEOUT_MS });
    const diffs = diffsByFile(run.stdout);
    const normalDiffs = diffsByFile(alone.stdout);
    assert.ok(normalDiffs.size >= 10, `the corpus copy has fixes (${normalDiffs.size} files)`);
    assert.deepEqual(new Map([...diffs].filter(([f]) => isNormal(f))), normalDiffs);
    assert.deepEqual([...diffs.keys()].filter((f) => !isNormal(f)).sort(), ["hostile/x.js/inside.ts", "hostile/ünïcödé ✓.ts"]);
    for (const e of hostile.expectations) {
      if (e.kind === "error") assert.match(run.stderr, new RegExp(`^ {2}${escape(e.path)} {2}${e.message.source.slice(1, -1)}$`, "m"), e.path);
    }
    assert.match(run.stderr, /^ {2}hostile\/latin1\.ts {2}not UTF-8: reported, not fixed$/m);
  });

  // Last: it changes the tree the tests above read.
  it("fix --write: the good files end as they would alone, every bad file keeps its bytes, no stray file", () => {
    const before = snapshot(hostile.root);
    const run = runCli(["fix", "--write"], { cwd: hostile.root, env: { NO_COLOR: "1" }, timeoutMs: TIMEOUT_MS });
    assert.equal(run.code, 1, run.stderr);
    const alone = runCli(["fix", "--write"], { cwd: normal.root, env: { NO_COLOR: "1" }, timeoutMs: TIMEOUT_MS });
    assert.equal(alone.code, 1, alone.stderr);
    const after = snapshot(hostile.root);
    const fixedAlone = snapshot(normal.root);
    const fixedHere = ["hostile/x.js/inside.ts", "hostile/ünïcödé ✓.ts"];
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), "no file created or removed");
    for (const [path, bytes] of before) {
      if (isNormal(path)) assert.ok(after.get(path)!.equals(fixedAlone.get(path)!), `${path} as fixed alone`);
      else if (fixedHere.includes(path)) assert.ok(!after.get(path)!.equals(bytes), `${path} is fixed`);
      else assert.ok(after.get(path)!.equals(bytes), `${path} keeps its bytes`);
    }
    assert.ok(lstatSync(join(hostile.root, "hostile/fifo.js")).isFIFO(), "the FIFO is left alone");
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
