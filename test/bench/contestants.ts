/**
 * The tools the benchmark times on the same corpus, each as a command plus a reader of its output.
 * Every reader checks that the tool really looked at the files (its own file count where it gives
 * one) and throws with the tool's own words when a run failed, so a broken contestant shows as a
 * failure instead of as an impossibly fast time.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ts } from "ts-morph";
import type { Corpus } from "./prepare-corpus";
import type { Command, RunResult } from "./measure";

export interface BenchContext {
  repo: string;
  corpus: Corpus;
  /** Outside the corpus and its ancestor (ESLint only lints below its base path): tool configs live here. */
  workDir: string;
}

export interface Outcome {
  files: number;
  findings?: number;
  /** Files the tool could not parse or otherwise reported as failed. */
  errors: number;
  /** Time to report instead of the child's wall time (the parse floor leaves out process start-up). */
  timeMs?: number;
  note?: string;
}

export interface Contestant {
  name: string;
  /** One-off setup before timing (config files, build); returns why the tool cannot run, if it cannot. */
  prepare?(ctx: BenchContext): string | undefined;
  command(ctx: BenchContext): Command;
  /** Throws with a readable reason when the run failed. */
  read(run: RunResult, ctx: BenchContext): Outcome;
}

/** The two rules nearest to LoopLens's in ESLint and oxlint. */
const ESLINT_RULES = ["no-await-in-loop", "n/no-sync"];
const OXLINT_RULES = ["no-await-in-loop", "node/no-sync"];

export const parseFloor: Contestant = {
  name: "TypeScript parse (floor)",
  command: ({ repo, corpus }) => ({ cmd: process.execPath, args: ["--import", "tsx", join(repo, "test/bench/parse-floor.ts"), corpus.dir], cwd: repo }),
  read(run) {
    failUnlessExit(run, [0]);
    const out = parseJson<{ files: number; parseErrors: number; parseMs: number }>(run.stdout, "parse floor");
    return { files: out.files, errors: out.parseErrors, timeMs: out.parseMs, note: `walk+read+parse in-process, 1 thread; the child took ${seconds(run.wallMs)} with start-up` };
  },
};

let built: string | undefined | null = null;
/** `npm run build` once per benchmark run; the reason it failed, or undefined. */
function buildOnce(repo: string): string | undefined {
  if (built !== null) return built;
  try {
    execFileSync("npm", ["run", "build"], { cwd: repo, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
    built = undefined;
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    built = `npm run build failed: ${firstLines(err.stderr || err.stdout || err.message)}`;
  }
  return built;
}

function looplens(name: string, env: Record<string, string>, needsEnvSupport: boolean): Contestant {
  return {
    name,
    prepare({ repo }) {
      const failure = buildOnce(repo);
      if (failure) return failure;
      const bundle = join(repo, "out/cli.js");
      // A CLI that ignores the variable would time the default again under a misleading name.
      if (needsEnvSupport && !readFileSync(bundle, "utf8").includes(Object.keys(env)[0])) return `the CLI does not read ${Object.keys(env)[0]} yet`;
      return undefined;
    },
    command: ({ repo, corpus }) => ({ cmd: process.execPath, args: [join(repo, "bin/looplens.js"), "scan", corpus.dir, "--format", "json"], cwd: repo, env }),
    read(run) {
      failUnlessExit(run, [0, 1]);
      const report = parseJson<{ findings?: unknown[]; errors?: unknown[]; stats?: { files?: number } }>(run.stdout, "looplens scan --format json");
      if (!Array.isArray(report.findings) || typeof report.stats?.files !== "number") {
        throw new Error(`looplens printed JSON without findings[] and stats.files: ${firstLines(run.stdout)}`);
      }
      return { files: report.stats.files, findings: report.findings.length, errors: report.errors?.length ?? 0 };
    },
  };
}

export const looplensDefault = looplens("LoopLens", {}, false);
export const looplensSingleThread = looplens("LoopLens, 1 thread", { LOOPLENS_WORKERS: "0" }, true);

export const eslint: Contestant = {
  name: "ESLint + n (2 rules)",
  prepare(ctx) {
    const plugin = tryResolve(ctx.repo, "eslint-plugin-n");
    if (!plugin || !tryResolve(ctx.repo, "eslint")) return "eslint or eslint-plugin-n is not installed (npm install)";
    writeFileSync(join(ctx.workDir, "eslint.config.mjs"), eslintConfig(ctx, pathToFileURL(plugin).href));
    return undefined;
  },
  command: ({ repo, corpus, workDir }) => ({
    cmd: process.execPath,
    // Relative target: ESLint's base path is its working directory, and it lints nothing outside it.
    args: [join(repo, "node_modules/eslint/bin/eslint.js"), "-c", "eslint.config.mjs", "--format", "json", relativeCorpus(corpus, workDir)],
    cwd: workDir,
  }),
  read(run) {
    failUnlessExit(run, [0, 1]);
    const results = parseJson<{ messages: { ruleId: string | null; fatal?: boolean; message: string }[] }[]>(run.stdout, "eslint --format json");
    let findings = 0;
    let errors = 0;
    for (const file of results) {
      // Only a parsing error stops the rules; ESLint 10 also marks an old `/* eslint-env */` comment fatal, yet lints the file.
      if (file.messages.some((m) => m.fatal && m.message.startsWith("Parsing error"))) errors++;
      // Only the two rules: inline directives naming rules this config lacks add messages of their own.
      findings += file.messages.filter((m) => m.ruleId !== null && ESLINT_RULES.includes(m.ruleId)).length;
    }
    return { files: results.length, findings, errors };
  },
};

/**
 * ESLint parses every `.js` as one source type; a careful user sets it per package, as Node does
 * from package.json `type`. Deeper packages come later so the nearest package.json wins.
 */
function eslintConfig({ corpus, workDir }: BenchContext, pluginUrl: string): string {
  const base = relativeCorpus(corpus, workDir);
  const byDepth = Object.entries(corpus.packageTypes).sort(([a], [b]) => depth(a) - depth(b));
  const overrides = byDepth.map(([dir, type]) => `  { files: [${JSON.stringify(`${base}/${dir ? dir + "/" : ""}**/*.js`)}], languageOptions: { sourceType: "${type}" } },`);
  return [
    `import n from ${JSON.stringify(pluginUrl)};`,
    "export default [",
    '  { files: ["**/*.js", "**/*.cjs"], languageOptions: { ecmaVersion: "latest", sourceType: "commonjs" } },',
    '  { files: ["**/*.mjs"], languageOptions: { ecmaVersion: "latest", sourceType: "module" } },',
    ...overrides,
    `  { plugins: { n }, linterOptions: { reportUnusedDisableDirectives: "off" }, rules: { ${ESLINT_RULES.map((r) => `${JSON.stringify(r)}: "error"`).join(", ")} } },`,
    "];",
    "",
  ].join("\n");
}

function oxlint(name: string, threads?: number): Contestant {
  return {
    name,
    prepare({ repo, workDir }) {
      if (!existsSync(join(repo, "node_modules/oxlint/bin/oxlint"))) return "oxlint is not installed (npm install)";
      const config = { plugins: ["node"], categories: { correctness: "off" }, rules: Object.fromEntries(OXLINT_RULES.map((r) => [r, "error"])) };
      writeFileSync(join(workDir, "oxlintrc.json"), JSON.stringify(config, null, 2) + "\n");
      return undefined;
    },
    command: ({ repo, corpus, workDir }) => ({
      cmd: process.execPath,
      args: [
        join(repo, "node_modules/oxlint/bin/oxlint"),
        "-c",
        "oxlintrc.json",
        "--disable-nested-config",
        "--format",
        "json",
        ...(threads ? [`--threads=${threads}`] : []),
        relativeCorpus(corpus, workDir),
      ],
      cwd: workDir,
    }),
    read(run) {
      failUnlessExit(run, [0, 1]);
      type Diagnostic = { code?: string; filename: string };
      const report = parseJson<{ diagnostics: Diagnostic[]; number_of_files: number; number_of_rules: number; threads_count: number }>(run.stdout, "oxlint --format json");
      if (report.number_of_rules !== OXLINT_RULES.length) throw new Error(`oxlint ran ${report.number_of_rules} rules, expected ${OXLINT_RULES.length}`);
      // oxlint reports a file it cannot parse as diagnostics without a rule code, often several per file.
      const unparsed = new Set(report.diagnostics.filter((d) => !d.code).map((d) => d.filename));
      const findings = report.diagnostics.filter((d) => d.code).length;
      return { files: report.number_of_files, findings, errors: unparsed.size, note: `${report.threads_count} thread${report.threads_count === 1 ? "" : "s"}` };
    },
  };
}

export const oxlintDefault = oxlint("oxlint (2 rules)");
export const oxlintSingleThread = oxlint("oxlint, 1 thread", 1);

export const CONTESTANTS: Contestant[] = [parseFloor, looplensDefault, looplensSingleThread, eslint, oxlintDefault, oxlintSingleThread];

function failUnlessExit(run: RunResult, ok: number[]): void {
  if (run.exitCode !== null && ok.includes(run.exitCode)) return;
  const how = run.signal ? `was killed by ${run.signal}` : `exited with ${run.exitCode}`;
  throw new Error(`${how}: ${firstLines(run.stderr || run.stdout) || "(no output)"}`);
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} did not print JSON: ${firstLines(text) || "(empty output)"}`);
  }
}

function firstLines(text: string, count = 3): string {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).slice(0, count).join(" / ").slice(0, 300);
}

function tryResolve(repo: string, module: string): string | undefined {
  try {
    return require.resolve(module, { paths: [repo] });
  } catch {
    return undefined;
  }
}

function relativeCorpus(corpus: Corpus, workDir: string): string {
  if (dirname(corpus.dir) !== workDir) throw new Error(`the corpus ${corpus.dir} must sit directly in ${workDir}`);
  return corpus.dir.slice(workDir.length + 1);
}

function depth(dir: string): number {
  return dir ? dir.split("/").length : 0;
}

/** Installed versions of the tools compared, so a saved report says what it measured. */
export function toolVersions(repo: string): Record<string, string> {
  const versions: Record<string, string> = { "typescript (in ts-morph)": ts.version };
  for (const name of ["eslint", "eslint-plugin-n", "oxlint"]) {
    try {
      versions[name] = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [repo] }), "utf8")) as { version: string }).version;
    } catch {
      versions[name] = "not installed";
    }
  }
  return versions;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
