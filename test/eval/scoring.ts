/**
 * Scores findings against corpus labels. Pure: no files, no engine — the unit test feeds it
 * synthetic labels and findings. A finding matches an expectation when file, rule and start line
 * agree; several findings of one rule on one line match as many expectations of it on that line.
 */
import type { RuleId } from "../../server/src/engine/types";
import type { ExpectedMarker, QuietMarker } from "./corpus-labels";

export interface ReportedFinding {
  file: string;
  /** 1-based start line of the finding's range. */
  line: number;
  rule: RuleId;
  message: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  /** TP / (TP + FP); null when nothing was reported (nothing to be wrong about). */
  precision: number | null;
  /** TP / (TP + FN); null when nothing was expected. */
  recall: number | null;
  /** Labelled hard negatives (quiet markers) for the rule, and how many drew a finding anyway. */
  hardNegatives: number;
  hardNegativesBroken: number;
}

export interface Mismatch {
  file: string;
  line: number;
  rule: RuleId;
  /** The finding's message (false positives). */
  message?: string;
  /** The reason of the quiet marker the false positive landed on, if any. */
  quietReason?: string;
}

export interface Score {
  perRule: Map<RuleId, Counts>;
  overall: Counts;
  falsePositives: Mismatch[];
  falseNegatives: Mismatch[];
}

export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

function counts(tp: number, fp: number, fn: number, hardNegatives: number, hardNegativesBroken: number): Counts {
  return { tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), hardNegatives, hardNegativesBroken };
}

const key = (file: string, line: number) => `${file}\u0000${line}`;

/** Scores only `rules` (the eval's `--rule` narrowing); labels and findings of other rules are ignored. */
export function score(expected: readonly ExpectedMarker[], quiet: readonly QuietMarker[], findings: readonly ReportedFinding[], rules: readonly RuleId[]): Score {
  const wanted = new Set(rules);
  const expectedAt = new Map<string, number>();
  for (const e of expected) {
    if (!wanted.has(e.rule)) continue;
    const k = `${key(e.file, e.line)}\u0000${e.rule}`;
    expectedAt.set(k, (expectedAt.get(k) ?? 0) + 1);
  }
  const quietAt = new Map<string, QuietMarker[]>();
  for (const q of quiet) {
    const k = key(q.file, q.line);
    quietAt.set(k, [...(quietAt.get(k) ?? []), q]);
  }
  const quietFor = (f: { file: string; line: number }, rule: RuleId) =>
    (quietAt.get(key(f.file, f.line)) ?? []).find((q) => q.rules.length === 0 || q.rules.includes(rule));

  const tally = new Map<RuleId, { tp: number; fp: number; fn: number }>(rules.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  const falsePositives: Mismatch[] = [];
  const falseNegatives: Mismatch[] = [];
  const remaining = new Map(expectedAt);
  for (const f of findings) {
    if (!wanted.has(f.rule)) continue;
    const t = tally.get(f.rule)!;
    const k = `${key(f.file, f.line)}\u0000${f.rule}`;
    const left = remaining.get(k) ?? 0;
    if (left > 0) {
      remaining.set(k, left - 1);
      t.tp++;
    } else {
      t.fp++;
      const q = quietFor(f, f.rule);
      falsePositives.push({ file: f.file, line: f.line, rule: f.rule, message: f.message, ...(q ? { quietReason: q.reason } : {}) });
    }
  }
  for (const e of expected) {
    if (!wanted.has(e.rule)) continue;
    const k = `${key(e.file, e.line)}\u0000${e.rule}`;
    const left = remaining.get(k) ?? 0;
    if (left > 0) {
      remaining.set(k, left - 1);
      tally.get(e.rule)!.fn++;
      falseNegatives.push({ file: e.file, line: e.line, rule: e.rule });
    }
  }

  // A hard negative is broken when a false positive of its rule starts on its line.
  const brokenAt = new Set(falsePositives.map((m) => `${key(m.file, m.line)}\u0000${m.rule}`));
  const hard = new Map<RuleId, { n: number; broken: number }>(rules.map((r) => [r, { n: 0, broken: 0 }]));
  let unnamed = 0;
  let unnamedBroken = 0;
  for (const q of quiet) {
    if (q.rules.length === 0) {
      unnamed++;
      if (rules.some((r) => brokenAt.has(`${key(q.file, q.line)}\u0000${r}`))) unnamedBroken++;
      continue;
    }
    for (const r of q.rules) {
      const h = hard.get(r);
      if (!h) continue;
      h.n++;
      if (brokenAt.has(`${key(q.file, q.line)}\u0000${r}`)) h.broken++;
    }
  }

  const perRule = new Map<RuleId, Counts>();
  const sum = { tp: 0, fp: 0, fn: 0, n: unnamed, broken: unnamedBroken };
  for (const r of rules) {
    const t = tally.get(r)!;
    const h = hard.get(r)!;
    perRule.set(r, counts(t.tp, t.fp, t.fn, h.n, h.broken));
    sum.tp += t.tp;
    sum.fp += t.fp;
    sum.fn += t.fn;
    sum.n += h.n;
    sum.broken += h.broken;
  }
  const byPlace = (a: Mismatch, b: Mismatch) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule);
  return {
    perRule,
    overall: counts(sum.tp, sum.fp, sum.fn, sum.n, sum.broken),
    falsePositives: falsePositives.sort(byPlace),
    falseNegatives: falseNegatives.sort(byPlace),
  };
}

/** Messages for each threshold the overall figures miss; empty when they pass. A null figure passes. */
export function thresholdFailures(overall: Counts, minPrecision?: number, minRecall?: number): string[] {
  const out: string[] = [];
  if (minPrecision !== undefined && overall.precision !== null && overall.precision < minPrecision) {
    out.push(`precision ${overall.precision.toFixed(3)} is below ${minPrecision}`);
  }
  if (minRecall !== undefined && overall.recall !== null && overall.recall < minRecall) {
    out.push(`recall ${overall.recall.toFixed(3)} is below ${minRecall}`);
  }
  return out;
}
