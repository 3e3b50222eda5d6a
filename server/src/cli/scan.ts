/**
 * `looplens scan`: resolve the paths, load each root's settings, find the files, analyse them
 * (in-process or on worker threads), and print one report. The main thread only walks folders and
 * reads settings and ignore files; source files are read where they are analysed.
 */
import { statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { performance } from "node:perf_hooks";
import { loadConfig } from "../engine/config";
import type { FileError, LoopLensConfig } from "../engine/types";
import type { ScanArgs } from "./args";
import { formatJson } from "./formats/json";
import type { ScanReport } from "./formats/report";
import { formatSarif } from "./formats/sarif";
import { formatText, shouldColour } from "./formats/text";
import type { FileResult } from "./analyze-file";
import { analyzeInProcess, analyzeInWorkers, workerCount, workersAvailable, type FileTask } from "./pool";
import { progressLine } from "./progress";
import { comparePaths, errorCode, isExplicitSource, walkDirectory } from "./walk";

/** A problem with the scan's input that stops it before it starts (exit code 2, no usage text). */
export class ScanInputError extends Error {}

export interface ScanIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

interface Target {
  path: string;
  isDirectory: boolean;
  /** The folder whose settings apply: the target itself, or a file's folder. */
  root: string;
}

/** Runs a scan and writes its report; resolves to the exit code (0 no findings, 1 findings). */
export async function runScan(args: ScanArgs, io: ScanIo): Promise<number> {
  const report = await scan(args, io);
  const text =
    args.format === "json" ? formatJson(report) : args.format === "sarif" ? formatSarif(report) : formatText(report, shouldColour(io.stdout, io.env));
  io.stdout.write(text);
  return report.findings.length ? 1 : 0;
}

export async function scan(args: ScanArgs, io: ScanIo): Promise<ScanReport> {
  const started = performance.now();
  const targets = args.paths.map((p) => resolveTarget(p, io.cwd));
  const settings = loadSettings(targets);
  for (const rule of args.rules) {
    if (settings.configs.every((c) => c.rules[rule] === "off")) {
      io.stderr.write(`looplens: rule ${rule} is turned off in ${settings.sources.join(", ")}; nothing to report for it\n`);
    }
  }
  const { tasks, errors } = collectFiles(targets, settings.configOf);

  const workers = workersAvailable() ? workerCount(tasks.length, io.env) : 0;
  if (io.env.LOOPLENS_DEBUG) io.stderr.write(`looplens: analysing ${tasks.length} files ${workers ? `on ${workers} worker threads` : "in-process"}\n`);
  const progress = progressLine(io.stderr);
  let results: FileResult[];
  try {
    results = workers
      ? await analyzeInWorkers(tasks, settings.configs, args.rules, workers, progress?.update)
      : analyzeInProcess(tasks, settings.configs, args.rules, progress?.update);
  } finally {
    progress?.clear();
  }

  for (const r of results) errors.push(...r.errors);
  return {
    findings: results.flatMap((r) => r.findings),
    errors: errors.sort((a, b) => comparePaths(a.file, b.file)),
    files: tasks.length,
    durationMs: Math.round(performance.now() - started),
    baseDir: baseDirectory(targets.map((t) => t.root), io.cwd),
    cwd: io.cwd,
  };
}

/** Each root's settings; identical ones are shared, so workers receive each distinct config once. */
function loadSettings(targets: readonly Target[]): { configs: LoopLensConfig[]; configOf: Map<string, number>; sources: string[] } {
  const configs: LoopLensConfig[] = [];
  const byContent = new Map<string, number>();
  const sources = new Set<string>();
  const configOf = new Map<string, number>();
  for (const t of targets) {
    if (configOf.has(t.root)) continue;
    const { config, source } = loadConfig(t.root);
    if (source) sources.add(source);
    const key = JSON.stringify(config);
    if (!byContent.has(key)) byContent.set(key, configs.push(config) - 1);
    configOf.set(t.root, byContent.get(key)!);
  }
  return { configs, configOf, sources: [...sources] };
}

/** The files to analyse, each once (the first root naming it gives its settings), in path order. */
function collectFiles(targets: readonly Target[], configOf: ReadonlyMap<string, number>): { tasks: FileTask[]; errors: FileError[] } {
  const errors: FileError[] = [];
  const chosen = new Map<string, number>();
  for (const t of targets) {
    const config = configOf.get(t.root)!;
    if (t.isDirectory) {
      const walked = walkDirectory(t.path);
      errors.push(...walked.errors);
      for (const f of walked.files) if (!chosen.has(f)) chosen.set(f, config);
    } else if (isExplicitSource(t.path)) {
      if (!chosen.has(t.path)) chosen.set(t.path, config);
    } else {
      errors.push({ file: t.path, message: "not a JavaScript or TypeScript source file: skipped" });
    }
  }
  const tasks = [...chosen.keys()].sort(comparePaths).map((path, index) => ({ index, path, config: chosen.get(path)! }));
  return { tasks, errors };
}

function resolveTarget(arg: string, cwd: string): Target {
  const path = resolve(cwd, arg);
  let isDirectory: boolean;
  try {
    // Named on the command line, a symlink is followed: the user chose it.
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScanInputError(code === "ENOENT" || code === "ENOTDIR" ? `no such file or directory: ${arg}` : `cannot read ${arg} (${errorCode(e)})`);
  }
  return { path, isDirectory, root: isDirectory ? path : dirname(path) };
}

/** The working directory when it holds every root (the usual CI checkout), else the roots' common ancestor. */
function baseDirectory(roots: readonly string[], cwd: string): string {
  if (roots.every((r) => isInside(r, cwd))) return cwd;
  let base = roots[0];
  for (const r of roots) while (!isInside(r, base)) base = dirname(base);
  return base;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel));
}
