/**
 * Behaviour: small programs that wait on independent (fake) I/O are run, fixed with
 * `looplens fix --write` in a temp copy, and run again. They must print the same thing, the fixed
 * one at least twice as fast, a second fix must change nothing, and TypeScript must still type-check.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO, runCli } from "../cli/helpers";
import { run, runFixed, tempCopy, typeCheck, type Program } from "./programs";

const FIXTURES = join(REPO, "test", "fixtures", "runnable", "sequential-await");

const PROGRAMS: Program[] = [
  { file: "dashboard.mjs", nodeArgs: [], fixes: 2 },
  // tsx is resolved from the repository (the run's working directory), not from the temp copy.
  { file: "report.ts", nodeArgs: ["--import", "tsx"], fixes: 2 },
];

describe("sequential-await fixes keep behaviour and gain time", () => {
  for (const program of PROGRAMS) {
    it(program.file, () => {
      const { dir, path } = tempCopy(FIXTURES, program.file);
      const isTs = program.file.endsWith(".ts");
      if (isTs) typeCheck(dir, program.file);

      const before = run(program, path);
      const fix = runCli(["fix", "--write", dir], { cwd: dir });
      assert.equal(fix.code, 0, `fix left findings or failed:\n${fix.stdout}${fix.stderr}`);
      assert.match(fix.stdout, new RegExp(`^fixed ${program.file.replace(".", "\\.")} {2}${program.fixes} sequential-await\\n`));
      const fixedText = readFileSync(path, "utf8");
      assert.match(fixedText, /Promise\.all\(/);

      // The concurrent run can only be slowed by a busy machine: best of three.
      const runs = runFixed(program, path, before);
      for (const r of runs) assert.equal(r.stdout, before.stdout, "the fixed program prints something else");
      const best = Math.min(...runs.map((r) => r.ms));
      assert.ok(before.ms >= 2 * best, `expected at least 2× faster: ${before.ms}ms before, ${best}ms after`);

      const again = runCli(["fix", "--write", dir], { cwd: dir });
      assert.equal(again.code, 0);
      assert.doesNotMatch(again.stdout, /^fixed /m);
      assert.equal(readFileSync(path, "utf8"), fixedText, "a second fix --write changed the file");
      if (isTs) typeCheck(dir, program.file);
    });
  }
});
