/**
 * Behaviour: programs that write thousands of small pieces one write at a time (appendFileSync,
 * writeSync, awaited appendFile and FileHandle.write, a write stream, a stream fed from an async
 * source) are run, fixed with `looplens fix --write` in a temp copy, and run again. They must
 * write the same bytes (their stdout prints a digest of every file, and whether a file that must
 * not appear did), the joined versions at least twice as fast, a second fix must change nothing,
 * and TypeScript must still type-check.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO, runCli } from "../cli/helpers";
import { run, runFixed, tempCopy, typeCheck, type Program } from "./programs";

const FIXTURES = join(REPO, "test", "fixtures", "runnable", "unbuffered-write");

interface WriteProgram extends Program {
  /** What the fixed text must now contain. */
  shows: RegExp[];
  /** The fix joins the writes (faster); the drain version only bounds memory, so its time is not compared. */
  faster: boolean;
}

const PROGRAMS: WriteProgram[] = [
  {
    file: "export-csv.mjs",
    nodeArgs: [],
    fixes: 3,
    shows: [/^fs\.appendFileSync\(csvPath, lines\.join\(""\)\);$/m, /^fs\.writeSync\(fd, chunks\.join\(""\)\);$/m, /^if \(rejected\.length\) fs\.appendFileSync\(rejectsPath, rejected\.map\(/m],
    faster: true,
  },
  {
    file: "audit-trail.ts",
    nodeArgs: ["--import", "tsx"],
    fixes: 3,
    shows: [/await appendFile\(path, trail\.map\(\(e\) => line\(e\)\)\.join\(""\)\)/, /const lines: string\[\] = \[\];/, /out\.write\(events\.map\(/],
    faster: true,
  },
  { file: "pump.mjs", nodeArgs: [], fixes: 1, shows: [/if \(!out\.write\(.*\)\) await once\(out, "drain"\);/, /^import \{ once \} from "node:events";$/m], faster: false },
];

describe("unbuffered-write fixes keep the bytes written and gain time", () => {
  for (const program of PROGRAMS) {
    it(program.file, (t) => {
      const { dir, path } = tempCopy(FIXTURES, program.file);
      const isTs = program.file.endsWith(".ts");
      if (isTs) typeCheck(dir, program.file);

      const before = run(program, path);
      const fix = runCli(["fix", "--write", "--unsafe", "--rule", "unbuffered-write", dir], { cwd: dir });
      assert.equal(fix.code, 0, `fix left findings or failed:\n${fix.stdout}${fix.stderr}`);
      assert.match(fix.stdout, new RegExp(`^fixed ${program.file.replace(".", "\\.")} {2}${program.fixes} unbuffered-write\\n`));
      const fixedText = readFileSync(path, "utf8");
      for (const shape of program.shows) assert.match(fixedText, shape);

      // One joined write can only be slowed by a busy machine: best of three.
      const runs = runFixed(program, path, before);
      for (const r of runs) assert.equal(r.stdout, before.stdout, "the fixed program writes something else");
      const best = Math.min(...runs.map((r) => r.ms));
      t.diagnostic(`${before.ms}ms before the fix, ${best}ms after (best of ${runs.length})`);
      if (program.faster) assert.ok(before.ms >= 2 * best, `expected at least 2× faster: ${before.ms}ms before, ${best}ms after`);

      const again = runCli(["fix", "--write", "--unsafe", "--rule", "unbuffered-write", dir], { cwd: dir });
      assert.equal(again.code, 0, `findings remain after the fix:\n${again.stdout}`);
      assert.doesNotMatch(again.stdout, /^fixed /m);
      assert.equal(readFileSync(path, "utf8"), fixedText, "a second fix --write changed the file");
      if (isTs) typeCheck(dir, program.file);
    });
  }
});
