/**
 * Behaviour: programs that block the event loop with readFileSync, writeFileSync, statSync and
 * gzipSync (two HTTP servers, JS and CommonJS, and a TypeScript job) are run, fixed with
 * `looplens fix --write --rule sync-io` in a temp copy, and run again. They must print the same
 * thing; the event loop must no longer be blocked, as each program reports on stderr (requests the
 * server had started at once, heartbeats that got through during the job: counts that a blocked
 * loop pins at 1 and 0, whatever the machine's load); a second fix must change nothing; TypeScript
 * must still type-check. No speed-up is asked of local disk reads.
 *
 * The fix runs with --rule sync-io: once the job's loop awaits, await-in-loop rightly sees its
 * independent iterations, and that is another rule's fix to test.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { REPO, runCli } from "../cli/helpers";
import { tempCopy, typeCheck, type Program } from "./programs";

const FIXTURES = join(REPO, "test", "fixtures", "runnable", "sync-io");

interface BlockingProgram extends Program {
  /** The stderr line that tells whether the loop was blocked, and its value before and (at least) after the fix. */
  measure: RegExp;
  blocked: number;
  freed: number;
  /** What the fixed text must now contain. */
  shows: RegExp[];
}

const PROGRAMS: BlockingProgram[] = [
  {
    file: "static-server.mjs",
    nodeArgs: [],
    fixes: 1,
    measure: /^requests handled at once: (\d+)$/m,
    blocked: 1,
    freed: 2,
    shows: [/^import \{ readFile \} from "node:fs\/promises";$/m, /http\.createServer\(async \(req, res\) => \{/, /const page = await readFile\(/],
  },
  {
    file: "gzip-server.js",
    nodeArgs: [],
    fixes: 2,
    measure: /^requests handled at once: (\d+)$/m,
    blocked: 1,
    freed: 2,
    shows: [/^const gzipAsync = promisify\(zlib\.gzip\);$/m, /const csv = await fs\.promises\.readFile\(/, /const body = await gzipAsync\(csv\);/],
  },
  // tsx is resolved from the repository (the run's working directory), not from the temp copy.
  {
    file: "archive-job.ts",
    nodeArgs: ["--import", "tsx"],
    fixes: 7,
    measure: /^heartbeats during the job: (\d+)$/m,
    blocked: 0,
    freed: 1,
    shows: [/^import \{ gzip \} from "node:zlib";$/m, /await writeFile\(out, await gzipAsync\(text\)\);/, /const archived = \(await stat\(out\)\)\.size;/],
  },
];

function run(program: BlockingProgram, path: string): { stdout: string; measure: number } {
  const r = spawnSync(process.execPath, [...program.nodeArgs, path], { cwd: REPO, encoding: "utf8", timeout: 60_000, env: { ...process.env, NODE_OPTIONS: "" } });
  assert.equal(r.status, 0, `${program.file} failed:\n${r.stderr}`);
  assert.match(r.stderr, /^elapsed \d+ms$/m, `${program.file} did not report its elapsed time`);
  const m = program.measure.exec(r.stderr);
  assert.ok(m, `${program.file} did not report whether it blocked:\n${r.stderr}`);
  return { stdout: r.stdout, measure: Number(m[1]) };
}

describe("sync-io fixes keep behaviour and free the event loop", () => {
  for (const program of PROGRAMS) {
    it(program.file, () => {
      const { dir, path } = tempCopy(FIXTURES, program.file);
      const isTs = program.file.endsWith(".ts");
      if (isTs) typeCheck(dir, program.file);

      const before = run(program, path);
      assert.equal(before.measure, program.blocked, "the program as written should block the event loop");
      const fix = runCli(["fix", "--write", "--unsafe", "--rule", "sync-io", dir], { cwd: dir });
      assert.equal(fix.code, 0, `fix left sync-io findings or failed:\n${fix.stdout}${fix.stderr}`);
      assert.match(fix.stdout, new RegExp(`^fixed ${program.file.replace(".", "\\.")} {2}${program.fixes} sync-io\\n`));
      const fixedText = readFileSync(path, "utf8");
      for (const shape of program.shows) assert.match(fixedText, shape);

      const after = run(program, path);
      assert.equal(after.stdout, before.stdout, "the fixed program prints something else");
      assert.ok(after.measure >= program.freed, `the fixed program still blocks: ${program.measure.source} gave ${after.measure}`);

      const again = runCli(["fix", "--write", "--unsafe", "--rule", "sync-io", dir], { cwd: dir });
      assert.equal(again.code, 0);
      assert.doesNotMatch(again.stdout, /^fixed /m);
      assert.equal(readFileSync(path, "utf8"), fixedText, "a second fix --write changed the file");
      if (isTs) typeCheck(dir, program.file);
    });
  }
});
