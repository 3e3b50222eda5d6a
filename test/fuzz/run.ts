/**
 * The fuzz loop shared by the fixed-seed test and `npm run fuzz`: case N of seed S is always the
 * same file, settings and mutations (it draws from its own stream), a failing case is shrunk by
 * dropping mutations while the same property still fails, and its mutated text is written to a
 * temp file so the reproducer can be opened, scanned and turned into a unit test.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { defaultConfig } from "../../server/src/engine/config";
import type { LoopLensConfig } from "../../server/src/engine/types";
import { checkCase, type CaseOutcome, type Failure } from "./check";
import { loadCorpus, renamed, type SeedFile } from "./corpus";
import { applyMutations, randomMutation, type Mutation } from "./mutate";
import { createRng } from "./prng";

export interface FuzzCase {
  index: number;
  file: SeedFile;
  /** The path analysed: the file's own, or the same under another extension. */
  path: string;
  dependencies: string[];
  concurrency: number;
  mutations: Mutation[];
}

export interface Reproducer {
  seed: number;
  case: FuzzCase;
  failure: Failure;
  /** What each remaining mutation did, after shrinking. */
  notes: string[];
  /** The mutated text, written out. */
  textFile: string;
}

export interface FuzzReport {
  seed: number;
  /** Cases run (fewer than asked when the deadline came first). */
  cases: number;
  /** Unmutated fixture files checked before the cases. */
  baseline: number;
  parsed: number;
  findings: number;
  fixes: number;
  applied: number;
  failures: Reproducer[];
  elapsedMs: number;
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Case index to start from (a replay of one case: `first: N, cases: 1`). */
  first?: number;
  /** Stop starting new cases after this many milliseconds. */
  budgetMs?: number;
  /** Check the unmodified fixture files first. */
  baseline?: boolean;
  /** Stop after this many distinct failures. */
  maxFailures?: number;
  log?: (line: string) => void;
  /** Log a summary line every this many cases. */
  progressEvery?: number;
}

const PACKAGES = ["p-limit", "p-map", "piscina"];

export function makeCase(corpus: readonly SeedFile[], seed: number, index: number): FuzzCase {
  const rng = createRng(seed, index);
  const file = rng.pick(corpus);
  const path = rng.chance(0.15) ? renamed(file.path, rng.int(3)) : file.path;
  const dependencies = PACKAGES.filter(() => rng.chance(0.2));
  const concurrency = rng.pick([8, 8, 8, 1, 3, 16]);
  const mutations = Array.from({ length: 1 + rng.int(4) }, () => randomMutation(rng, corpus));
  return { index, file, path, dependencies, concurrency, mutations };
}

export function caseConfig(c: Pick<FuzzCase, "dependencies" | "concurrency">): LoopLensConfig {
  const config = defaultConfig();
  return { ...config, thresholds: { ...config.thresholds, concurrency: c.concurrency }, dependencies: c.dependencies };
}

export function runCase(c: FuzzCase): { text: string; notes: string[]; outcome: CaseOutcome } {
  const { text, notes, steps } = applyMutations(c.file.text, c.mutations);
  // As typed in an editor: the fixture, then each mutation's result.
  return { text, notes, outcome: checkCase(c.path, text, caseConfig(c), steps.length ? [c.file.text, ...steps.slice(0, -1)] : []) };
}

/** Drops mutations one at a time, keeping each drop after which the same property still fails. */
export function shrink(c: FuzzCase, failure: Failure): { case: FuzzCase; failure: Failure } {
  let current = c;
  let currentFailure = failure;
  for (let progress = true; progress; ) {
    progress = false;
    for (let i = current.mutations.length - 1; i >= 0; i--) {
      const candidate = { ...current, mutations: current.mutations.filter((_, j) => j !== i) };
      const f = runCase(candidate).outcome.failure;
      if (f && f.property === failure.property) {
        current = candidate;
        currentFailure = f;
        progress = true;
      }
    }
  }
  if (current.dependencies.length || current.concurrency !== 8 || current.path !== current.file.path) {
    const plain = { ...current, dependencies: [], concurrency: 8, path: current.file.path };
    const f = runCase(plain).outcome.failure;
    if (f && f.property === failure.property) return { case: plain, failure: f };
  }
  return { case: current, failure: currentFailure };
}

export function runFuzz(options: FuzzOptions): FuzzReport {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const corpus = loadCorpus();
  const report: FuzzReport = { seed: options.seed, cases: 0, baseline: 0, parsed: 0, findings: 0, fixes: 0, applied: 0, failures: [], elapsedMs: 0 };
  const maxFailures = options.maxFailures ?? 5;
  const seen = new Set<string>();
  const record = (c: FuzzCase, failure: Failure) => {
    const small = c.mutations.length ? shrink(c, failure) : { case: c, failure };
    // One report per property and rule, so one bug does not fill the list.
    const key = `${small.failure.property}\0${/^[a-z-]+/.exec(small.failure.message)?.[0] ?? ""}`;
    if (seen.has(key)) return;
    seen.add(key);
    const r = writeReproducer(options.seed, small.case, small.failure);
    report.failures.push(r);
    log(formatReproducer(r));
  };

  if (options.baseline) {
    for (const file of corpus) {
      const c: FuzzCase = { index: -1, file, path: file.path, dependencies: [], concurrency: 8, mutations: [] };
      const { outcome } = runCase(c);
      report.baseline++;
      if (outcome.failure) record(c, outcome.failure);
    }
  }
  const first = options.first ?? 0;
  for (let i = first; i < first + options.cases && report.failures.length < maxFailures; i++) {
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
    const c = makeCase(corpus, options.seed, i);
    const { outcome } = runCase(c);
    report.cases++;
    if (outcome.parsed) report.parsed++;
    report.findings += outcome.findings;
    report.fixes += outcome.fixes;
    report.applied += outcome.applied;
    if (outcome.failure) record(c, outcome.failure);
    if (options.progressEvery && report.cases % options.progressEvery === 0 && i + 1 < first + options.cases) log(formatSummary({ ...report, elapsedMs: performance.now() - started }));
  }
  report.elapsedMs = performance.now() - started;
  return report;
}

function writeReproducer(seed: number, c: FuzzCase, failure: Failure): Reproducer {
  const { text, notes } = applyMutations(c.file.text, c.mutations);
  const dir = mkdtempSync(join(tmpdir(), `looplens-fuzz-${seed}-${c.index}-`));
  const textFile = join(dir, basename(c.path));
  writeFileSync(textFile, text);
  return { seed, case: c, failure, notes, textFile };
}

export function formatReproducer(r: Reproducer): string {
  const c = r.case;
  const replay = c.index < 0 ? "(unmutated fixture)" : `replay: npm run fuzz -- --seed ${r.seed} --case ${c.index}`;
  return [
    `FAIL ${r.failure.property}: ${r.failure.message}`,
    `  file:      ${c.file.name}${c.path !== c.file.path ? ` analysed as ${basename(c.path)}` : ""}`,
    `  settings:  dependencies [${c.dependencies.join(", ")}], concurrency ${c.concurrency}`,
    `  mutations: ${r.notes.length ? "" : "none"}`,
    ...r.notes.map((n, i) => `    ${i + 1}. ${n}`),
    `  mutated text: ${r.textFile}`,
    `  ${replay}`,
  ].join("\n");
}

export function formatSummary(r: FuzzReport): string {
  return (
    `seed ${r.seed}: ${r.cases} cases (${r.parsed} parsed, ${r.findings} findings, ${r.fixes} fixes offered, ${r.applied} applied by fixText)` +
    `${r.baseline ? ` + ${r.baseline} unmutated files` : ""} in ${(r.elapsedMs / 1000).toFixed(1)} s: ${r.failures.length ? `${r.failures.length} failures` : "no failure"}`
  );
}
