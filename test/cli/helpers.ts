import { after } from "node:test";
/**
 * Drives the built CLI (`node bin/looplens.js …`) as a user would, on throw-away folders.
 * The bundle is rebuilt first when a source or build script is newer than it, so these tests never
 * run a stale CLI (written to a temp name and renamed, as several test files may do it at once).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO = resolve(__dirname, "..", "..");
export const BIN = join(REPO, "bin", "looplens.js");
const BUNDLE = join(REPO, "out", "cli.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let built = false;
export function ensureBuilt(): void {
  if (built) return;
  let bundleTime = 0;
  try {
    bundleTime = statSync(BUNDLE).mtimeMs;
  } catch {
    // not built yet
  }
  if (bundleTime < Math.max(newestSource(join(REPO, "server", "src")), newestSource(join(REPO, "scripts")))) {
    const tmp = join(REPO, "out", `.cli-${process.pid}-${Date.now()}`);
    mkdirSync(tmp, { recursive: true });
    try {
      // scripts/build.mjs itself, so the tests run the bundle users get (its esbuild plugin included).
      const r = spawnSync(process.execPath, [join(REPO, "scripts", "build.mjs"), `--outdir=${tmp}`], { cwd: REPO, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`scripts/build.mjs failed:\n${r.stderr || r.stdout}`);
      renameSync(join(tmp, "cli.js.map"), BUNDLE + ".map");
      renameSync(join(tmp, "cli.js"), BUNDLE);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  built = true;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with a clean environment (no colour or worker overrides unless given). */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): CliRun {
  ensureBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["FORCE_COLOR", "NO_COLOR", "LOOPLENS_WORKERS", "LOOPLENS_DEBUG", "NODE_OPTIONS", "NODE_TEST_CONTEXT"]) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...env, ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** JSON report of a scan; fails loudly when stdout is not one JSON document. */
export function scanJson(args: string[], options: Parameters<typeof runCli>[1] = {}): { run: CliRun; report: JsonReport } {
  const run = runCli(["scan", ...args, "--format", "json"], options);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  }
  return { run, report };
}

export interface JsonReport {
  version: number;
  findings: {
    rule: string;
    file: string;
    range: { start: { line: number; column: number }; end: { line: number; column: number } };
    severity: string;
    message: string;
    fixes: { title: string; safe: boolean }[];
  }[];
  errors: { file: string; message: string }[];
  stats: { files: number; durationMs: number };
}

export type TreeEntry = string | Buffer | { symlink: string };

/** A temp folder holding `files` (relative path → content, or a symlink target). */
export function makeTree(files: Record<string, TreeEntry>): string {
  const root = mkdtempSync(join(tmpdir(), "looplens-cli-"));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === "object" && !Buffer.isBuffer(content)) symlinkSync(content.symlink, path);
    else writeFileSync(path, content);
  }
  return root;
}

/** A `makeTree` whose folders are removed after the test file's tests. */
export function tempTrees(): (files: Record<string, TreeEntry>) => string {
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));
  return (files) => {
    const dir = makeTree(files);
    trees.push(dir);
    return dir;
  };
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

export const SEQUENTIAL_AWAIT_SAMPLE = `declare function a(): Promise<number>;
declare function b(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  return x + y;
}
`;

/** sync-io in an async function: line 3, the readFileSync call. */
export const SYNC_IO_SAMPLE = `import { readFileSync } from "node:fs";
export async function load(path: string) {
  return readFileSync(path, "utf8");
}
`;

/** Nothing any rule should report. */
export const CLEAN_SAMPLE = `export function add(a: number, b: number): number {
  return a + b;
}
`;

/** Both sequential-await (lines 5–6) and sync-io (line 7). */
export const MIXED_SAMPLE = `import { readFileSync } from "node:fs";
declare function a(): Promise<number>;
declare function b(): Promise<number>;
export async function g(path: string) {
  const x = await a();
  const y = await b();
  return readFileSync(path, "utf8") + x + y;
}
`;
