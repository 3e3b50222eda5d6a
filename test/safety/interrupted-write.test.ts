/**
 * `looplens fix --write` under interference (test/cli/fix.test.ts covers a file edited while the
 * fix runs): killed mid-write, it leaves the old file byte for byte and at most a hidden `.tmp`
 * stage that no scan takes for source, and a rerun completes; a file deleted meanwhile is not
 * brought back; a file swapped for a link out of the scanned folder is not written through; a
 * link out of the folder is never followed.
 *
 * The write happens in server/src/cli/atomic-write.ts: the new bytes are staged in
 * `.<name>.looplens-<pid>-<random>.tmp` next to the file, fsynced, then renamed over it. The
 * LOOPLENS_TEST_PAUSE_BEFORE_WRITE_MS hook holds the run after staging, before the last check.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isSourceFile } from "../../server/src/engine/parse";
import { BIN, ensureBuilt, runCli, scanJson, SEQUENTIAL_AWAIT_SAMPLE, tempTrees } from "../cli/helpers";

const tree = tempTrees();
const FIXED = SEQUENTIAL_AWAIT_SAMPLE.replace("const x = await a();\n  const y = await b();", "const [x, y] = await Promise.all([a(), b()]);");
const PAUSE = { LOOPLENS_TEST_PAUSE_BEFORE_WRITE_MS: "4000" };
/** A CPU-heavy function whose fix (with --unsafe) creates a worker module and the pool. */
const HEAVY = readFileSync(join(__dirname, "..", "fixtures", "runnable", "cpu-heavy-loop", "prime-report.ts"), "utf8");

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; once it says it is about to write, calls `meanwhile` with the child (to kill it, or change files). */
function runPaused(args: string[], cwd: string, meanwhile: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  ensureBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", NODE_OPTIONS: "", ...PAUSE } });
    let stdout = "";
    let stderr = "";
    let paused = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => {
      stderr += d;
      if (!paused && /test hook: pausing/.test(stderr)) {
        paused = true;
        meanwhile(child);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const stages = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("fix --write under interference", () => {
  it("killed (SIGKILL) between staging and rename: the old file stays byte for byte; the stage is hidden, not source, and a rerun completes", async () => {
    const dir = tree({ "seq.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const r = await runPaused(["fix", "--write"], dir, (child) => child.kill("SIGKILL"));
    assert.equal(r.signal, "SIGKILL");
    assert.equal(readFileSync(join(dir, "seq.ts"), "utf8"), SEQUENTIAL_AWAIT_SAMPLE);
    const left = stages(dir);
    assert.equal(left.length, 1, "the staged copy stays behind (nothing ran to remove it)");
    assert.match(left[0], /^\.seq\.ts\.looplens-\d+-[0-9a-f]{8}\.tmp$/);
    assert.equal(isSourceFile(left[0]), false);
    assert.equal(readFileSync(join(dir, left[0]), "utf8"), FIXED, "the stage is complete, but never took the file's name");

    assert.equal(scanJson(["."], { cwd: dir }).report.stats.files, 1, "no scan takes the stage for a source file");
    const again = runCli(["fix", "--write"], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(readFileSync(join(dir, "seq.ts"), "utf8"), FIXED);
  });

  it("killed after creating a fix's new files but before rewriting the source: the source is unchanged, and a rerun reuses the files", async () => {
    const dir = tree({ "prime-report.ts": HEAVY });
    const args = ["fix", "--write", "--unsafe", "--rule", "cpu-heavy-loop"];
    const r = await runPaused(args, dir, (child) => child.kill("SIGKILL"));
    assert.equal(r.signal, "SIGKILL");
    assert.equal(readFileSync(join(dir, "prime-report.ts"), "utf8"), HEAVY);
    const created = readdirSync(dir).filter((f) => f !== "prime-report.ts" && !f.endsWith(".tmp")).sort();
    assert.ok(created.length >= 1, `the new files were made first: ${created.join(", ")}`);

    const again = runCli(args, { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const clean = tree({ "prime-report.ts": HEAVY });
    runCli(args, { cwd: clean });
    for (const f of readdirSync(clean)) assert.equal(readFileSync(join(dir, f), "utf8"), readFileSync(join(clean, f), "utf8"), `${f} as after an uninterrupted run`);
    assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith(".tmp")).sort(), readdirSync(clean).sort());
  });

  it("a file deleted meanwhile is not brought back", async () => {
    const dir = tree({ "seq.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const r = await runPaused(["fix", "--write"], dir, () => unlinkSync(join(dir, "seq.ts")));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /seq\.ts {2}cannot write \(no longer exists\): not written/);
    assert.deepEqual(readdirSync(dir), [], "neither the file nor its stage");
  });

  it("a file swapped meanwhile for a link out of the folder (same bytes): nothing is written, neither outside nor over the link", async () => {
    const outside = tree({ "secret.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const dir = tree({ "seq.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const r = await runPaused(["fix", "--write"], dir, () => {
      rmSync(join(dir, "seq.ts"));
      symlinkSync(join(outside, "secret.ts"), join(dir, "seq.ts"));
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /seq\.ts {2}changed since it was read: not written \(run fix again\)/);
    assert.equal(readFileSync(join(outside, "secret.ts"), "utf8"), SEQUENTIAL_AWAIT_SAMPLE, "the outside file is untouched");
    assert.ok(lstatSync(join(dir, "seq.ts")).isSymbolicLink(), "the link is left as the user made it");
    assert.deepEqual(stages(dir), []);
  });

  it("a link (file or folder) pointing out of the scanned folder is neither fixed nor followed", () => {
    const outside = tree({ "target.ts": SEQUENTIAL_AWAIT_SAMPLE, "lib/deep.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const dir = tree({ "own.ts": SEQUENTIAL_AWAIT_SAMPLE });
    symlinkSync(join(outside, "target.ts"), join(dir, "linked.ts"));
    symlinkSync(join(outside, "lib"), join(dir, "lib"));
    const r = runCli(["fix", "--write"], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^fixed own\.ts {2}1 sequential-await\n/);
    assert.equal(readFileSync(join(outside, "target.ts"), "utf8"), SEQUENTIAL_AWAIT_SAMPLE);
    assert.equal(readFileSync(join(outside, "lib/deep.ts"), "utf8"), SEQUENTIAL_AWAIT_SAMPLE);
    writeFileSync(join(dir, "own.ts"), SEQUENTIAL_AWAIT_SAMPLE);
    assert.equal(scanJson(["."], { cwd: dir }).report.stats.files, 1);
  });
});
