/**
 * Behaviour: programs whose loops await independent (fake) I/O one item at a time are run, fixed
 * with `looplens fix --write` in a temp copy, and run again. They must print the same thing (results
 * in item order, Map and object keys in the same order), the fixed one at least twice as fast, a
 * second fix must change nothing, TypeScript must still type-check, and a program whose one item
 * fails must fail the same way.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO, runCli } from "../cli/helpers";
import { run, runFixed, tempCopy, typeCheck, type Program } from "./programs";

const FIXTURES = join(REPO, "test", "fixtures", "runnable", "await-in-loop");

interface LoopProgram extends Program {
  /** The run must get at least twice as fast (a program that fails early gains less). */
  faster: boolean;
  /** What it must print, before and after, when that is the point of the program. */
  stdout?: string;
}

const PROGRAMS: LoopProgram[] = [
  { file: "prices.mjs", nodeArgs: [], fixes: 3, faster: true },
  { file: "inventory.ts", nodeArgs: ["--import", "tsx"], fixes: 4, faster: true },
  // One item fails: the fixed program must fail too, with the same error.
  { file: "rejects.mjs", nodeArgs: [], fixes: 1, faster: false, stdout: "upload failed: upload of part-07.bin refused: 413 Payload Too Large\n" },
];

describe("await-in-loop fixes keep behaviour and gain time", () => {
  for (const program of PROGRAMS) {
    it(program.file, () => {
      const { dir, path } = tempCopy(FIXTURES, program.file);
      const isTs = program.file.endsWith(".ts");
      if (isTs) typeCheck(dir, program.file);

      const before = run(program, path);
      if (program.stdout !== undefined) assert.equal(before.stdout, program.stdout);
      const fix = runCli(["fix", "--write", dir], { cwd: dir });
      assert.equal(fix.code, 0, `fix left findings or failed:\n${fix.stdout}${fix.stderr}`);
      assert.match(fix.stdout, new RegExp(`^fixed ${program.file.replace(".", "\\.")} {2}${program.fixes} await-in-loop\\n`));
      const fixedText = readFileSync(path, "utf8");
      // One helper for every loop of the file, and no loop left awaiting item by item.
      assert.equal(fixedText.match(/async function mapConcurrent\b/g)?.length, 1, fixedText);
      assert.equal(fixedText.match(/await mapConcurrent\(/g)?.length, program.fixes, fixedText);

      const runs = program.faster ? runFixed(program, path, before) : [run(program, path)];
      for (const r of runs) assert.equal(r.stdout, before.stdout, "the fixed program prints something else");
      if (program.faster) {
        const best = Math.min(...runs.map((r) => r.ms));
        assert.ok(before.ms >= 2 * best, `expected at least 2× faster: ${before.ms}ms before, ${best}ms after`);
      }

      const again = runCli(["fix", "--write", dir], { cwd: dir });
      assert.equal(again.code, 0);
      assert.doesNotMatch(again.stdout, /^fixed /m);
      assert.equal(readFileSync(path, "utf8"), fixedText, "a second fix --write changed the file");
      if (isTs) typeCheck(dir, program.file);
    });
  }
});
