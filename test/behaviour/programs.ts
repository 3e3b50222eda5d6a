/**
 * Shared by the behaviour tests: run a fixture program (stdout and the `elapsed NNNms` it prints
 * on stderr), copy it to a throw-away folder for `looplens fix --write`, and type-check a
 * TypeScript one the way a user's strict project would.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { REPO } from "../cli/helpers";

export interface Program {
  file: string;
  /** Node arguments before the script. */
  nodeArgs: string[];
  /** Findings the fix must resolve. */
  fixes: number;
}

export interface ProgramRun {
  stdout: string;
  ms: number;
}

const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Copies a fixture into a new temporary folder (removed when the test file ends); returns the copy's path. */
export function tempCopy(fixtures: string, file: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "looplens-behaviour-"));
  temps.push(dir);
  const path = join(dir, file);
  copyFileSync(join(fixtures, file), path);
  return { dir, path };
}

export function run(program: Program, path: string): ProgramRun {
  // tsx is resolved from the repository (the run's working directory), not from the temp copy.
  const r = spawnSync(process.execPath, [...program.nodeArgs, path], { cwd: REPO, encoding: "utf8", timeout: 30_000, env: { ...process.env, NODE_OPTIONS: "" } });
  assert.equal(r.status, 0, `${program.file} failed:\n${r.stderr}`);
  const m = /^elapsed (\d+)ms$/m.exec(r.stderr);
  assert.ok(m, `${program.file} did not report its elapsed time:\n${r.stderr}`);
  return { stdout: r.stdout, ms: Number(m[1]) };
}

/** Runs the fixed program until it is at least twice as fast as `before` (a busy machine only slows it), at most three times. */
export function runFixed(program: Program, path: string, before: ProgramRun): ProgramRun[] {
  const runs = [run(program, path)];
  while (runs.length < 3 && before.ms < 2 * Math.min(...runs.map((r) => r.ms))) runs.push(run(program, path));
  return runs;
}

export function typeCheck(dir: string, file: string): void {
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [join(REPO, "node_modules", "@types")],
      },
      files: [file],
    }),
  );
  const r = spawnSync(join(REPO, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `tsc reports errors in ${file}:\n${r.stdout}${r.stderr}`);
}
