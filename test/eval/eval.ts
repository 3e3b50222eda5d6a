/**
 * `npm run eval`: precision and recall of the five rules on the labelled corpus.
 *
 *   node --import tsx test/eval/eval.ts [--rule ID]... [--json] [--min-precision X] [--min-recall Y] [--corpus DIR]
 *
 * Exit 0 when the figures pass (or no thresholds were given), 1 when the overall precision or recall
 * falls below a threshold, 2 on a usage error or a broken label.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { analyzeText } from "../../server/src/engine/analyze";
import { defaultConfig } from "../../server/src/engine/config";
import { isSourceFile } from "../../server/src/engine/parse";
import { RULE_IDS, type FileError, type RuleId } from "../../server/src/engine/types";
import { parseLabels, type ExpectedMarker, type LabelProblem, type QuietMarker } from "./corpus-labels";
import { score, thresholdFailures, type Counts, type ReportedFinding } from "./scoring";

interface Options {
  rules: RuleId[];
  json: boolean;
  minPrecision?: number;
  minRecall?: number;
  corpus: string;
}

class UsageError extends Error {}

const ROOT = resolve(__dirname, "../..");

function parseArgs(argv: string[]): Options {
  const opts: Options = { rules: [], json: false, corpus: join(ROOT, "test/fixtures/corpus") };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const fraction = (v: string, flag: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`${flag} takes a number between 0 and 1, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") opts.json = true;
    else if (a === "--rule") {
      const id = value(i++, a);
      if (!(RULE_IDS as readonly string[]).includes(id)) throw new UsageError(`unknown rule "${id}" (known: ${RULE_IDS.join(", ")})`);
      opts.rules.push(id as RuleId);
    } else if (a === "--min-precision") opts.minPrecision = fraction(value(i++, a), a);
    else if (a === "--min-recall") opts.minRecall = fraction(value(i++, a), a);
    else if (a === "--corpus") opts.corpus = resolve(value(i++, a));
    else throw new UsageError(`unknown argument "${a}"`);
  }
  if (opts.rules.length === 0) opts.rules = [...RULE_IDS];
  return opts;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (entry.isFile() && isSourceFile(full)) out.push(full);
  }
  return out;
}

interface Collected {
  files: number;
  expected: ExpectedMarker[];
  quiet: QuietMarker[];
  problems: LabelProblem[];
  findings: ReportedFinding[];
  errors: FileError[];
}

function collect(opts: Options): Collected {
  const all: Collected = { files: 0, expected: [], quiet: [], problems: [], findings: [], errors: [] };
  const config = defaultConfig();
  for (const full of sourceFiles(opts.corpus)) {
    const rel = relative(opts.corpus, full).split(sep).join("/");
    const text = readFileSync(full, "utf8");
    all.files++;
    const labels = parseLabels(rel, text);
    all.expected.push(...labels.expected);
    all.quiet.push(...labels.quiet);
    all.problems.push(...labels.problems);
    // The engine sees each file as it would under a project root: the corpus folder plays that root,
    // so role-giving path segments (bin/, scripts/, workers/) mean what they would in a real repository.
    const { findings, errors } = analyzeText(`/corpus/${rel}`, text, config, { only: opts.rules });
    for (const f of findings) all.findings.push({ file: rel, line: f.range.start.line, rule: f.rule, message: f.message });
    for (const e of errors) all.errors.push({ file: rel, message: e.message });
  }
  return all;
}

const pct = (x: number | null) => (x === null ? "  n/a" : x.toFixed(3));

function table(rows: [string, Counts][]): string {
  const head = ["rule", "TP", "FP", "FN", "precision", "recall", "hard negatives kept quiet"];
  const body = rows.map(([name, c]) => [name, String(c.tp), String(c.fp), String(c.fn), pct(c.precision), pct(c.recall), `${c.hardNegatives - c.hardNegativesBroken}/${c.hardNegatives}`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [fmt(head), rule, ...body.slice(0, -1).map(fmt), rule, fmt(body[body.length - 1])].join("\n");
}

function main(): number {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`eval: ${e.message}\n`);
    return 2;
  }
  const data = collect(opts);
  const s = score(data.expected, data.quiet, data.findings, opts.rules);
  const failures = thresholdFailures(s.overall, opts.minPrecision, opts.minRecall);
  const inRepo = relative(ROOT, opts.corpus);
  const corpusName = inRepo.startsWith("..") ? opts.corpus : inRepo || ".";

  if (opts.json) {
    const summary = {
      version: 1,
      corpus: corpusName,
      files: data.files,
      rules: Object.fromEntries([...s.perRule].map(([id, c]) => [id, c])),
      overall: s.overall,
      falsePositives: s.falsePositives,
      falseNegatives: s.falseNegatives,
      errors: data.errors,
      labelProblems: data.problems,
      thresholdFailures: failures,
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  } else {
    const out: string[] = [];
    out.push(`LoopLens eval — ${data.files} files in ${corpusName}, ${data.expected.filter((e) => opts.rules.includes(e.rule)).length} expected findings\n`);
    out.push(table([...s.perRule, ["overall", s.overall]]));
    out.push("");
    out.push(`False positives (${s.falsePositives.length}):`);
    for (const m of s.falsePositives) out.push(`  ${corpusName}/${m.file}:${m.line} ${m.rule} — ${m.message}${m.quietReason !== undefined ? `  [labelled quiet: ${m.quietReason}]` : ""}`);
    out.push(`False negatives (${s.falseNegatives.length}):`);
    for (const m of s.falseNegatives) out.push(`  ${corpusName}/${m.file}:${m.line} ${m.rule} — expected`);
    if (data.errors.length) {
      out.push(`Errors (${data.errors.length}):`);
      for (const e of data.errors) out.push(`  ${corpusName}/${e.file}: ${e.message}`);
    }
    if (data.problems.length) {
      out.push(`Label problems (${data.problems.length}):`);
      for (const p of data.problems) out.push(`  ${corpusName}/${p.file}:${p.line} ${p.message}`);
    }
    for (const f of failures) out.push(`FAIL: overall ${f}`);
    process.stdout.write(out.join("\n") + "\n");
  }
  if (data.problems.length) return 2;
  return failures.length ? 1 : 0;
}

process.exitCode = main();
