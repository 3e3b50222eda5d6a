/**
 * The property every fuzz case must hold, on any text at all: analysis never throws and reports no
 * rule or fix failure (a syntax error is the one error a file may earn); every finding lies inside
 * the text; every offered fix applies, changes the text, leaves it parseable and creates files
 * that parse; `fixText` leaves parseable text, keeps every comment (in the file or a module it
 * creates) and, run again on its own output, changes nothing.
 */
import { analyzeText } from "../../server/src/engine/analyze";
import { fixText } from "../../server/src/engine/fixes/fix-text";
import { applyEdits } from "../../server/src/engine/fixes/text-edits";
import { parseSource } from "../../server/src/engine/parse";
import type { Finding, Fix, LoopLensConfig } from "../../server/src/engine/types";
import { incrementalProblem } from "./check-incremental";
import { lineBody, lines, tokenize, type Span } from "./tokens";

export type Property =
  | "analysis throws"
  | "analysis error"
  | "findings on text that does not parse"
  | "finding range"
  | "fix does not apply"
  | "fix changes nothing"
  | "fix output does not parse"
  | "fix's new file does not parse"
  | "fixText throws"
  | "fixText error"
  | "fixText output does not parse"
  | "fixText not idempotent"
  | "fixText loses a comment"
  | "incremental parse disagrees";

export interface Failure {
  property: Property;
  message: string;
}

export interface CaseOutcome {
  failure?: Failure;
  /** Whether the text parsed (cases that do not only check that the file is skipped cleanly). */
  parsed: boolean;
  findings: number;
  fixes: number;
  /** Fixes fixText applied. */
  applied: number;
}

const SKIPPED_SYNTAX_ERROR = /^syntax error at \d+:\d+: .*: skipped$/s;

/** `edited`: the versions before `text` an editor would have had open (oldest first), to check its incremental re-parse. */
export function checkCase(path: string, text: string, config: LoopLensConfig, edited: readonly string[] = []): CaseOutcome {
  const parseFailure = parseError(path, text);
  const outcome: CaseOutcome = { parsed: parseFailure === undefined, findings: 0, fixes: 0, applied: 0 };
  const fail = (property: Property, message: string): CaseOutcome => ({ ...outcome, failure: { property, message } });

  let result: ReturnType<typeof analyzeText>;
  try {
    result = analyzeText(path, text, config, { edits: true });
  } catch (e) {
    return fail("analysis throws", describeError(e));
  }
  outcome.findings = result.findings.length;
  for (const error of result.errors) {
    if (!(parseFailure !== undefined && SKIPPED_SYNTAX_ERROR.test(error.message))) return fail("analysis error", error.message);
  }
  if (parseFailure !== undefined) {
    if (result.errors.length !== 1) return fail("analysis error", `text that does not parse (${parseFailure}) gave ${result.errors.length} errors, not one`);
    if (result.findings.length) return fail("findings on text that does not parse", `${result.findings.length} findings, first ${result.findings[0].rule}`);
  }
  let incremental: string | undefined;
  try {
    incremental = edited.length ? incrementalProblem(path, [...edited, text], config, parseFailure === undefined ? result : undefined) : undefined;
  } catch (e) {
    return fail("analysis throws", `on the incremental tree: ${describeError(e)}`);
  }
  if (incremental) return fail("incremental parse disagrees", incremental);
  if (parseFailure !== undefined) return outcome;

  for (const finding of result.findings) {
    const bad = rangeProblem(text, finding);
    if (bad) return fail("finding range", `${finding.rule}: ${bad}`);
    for (const fix of finding.fixes as Fix[]) {
      outcome.fixes++;
      const problem = fixProblem(path, text, fix);
      if (problem) return fail(problem.property, `${finding.rule} at ${finding.range.start.line}:${finding.range.start.column}, fix "${fix.title}": ${problem.message}`);
    }
  }
  // With no fix on offer fixText returns its input: nothing more to learn.
  if (!outcome.fixes) return outcome;

  let first: ReturnType<typeof fixText>;
  let second: ReturnType<typeof fixText>;
  try {
    first = fixText(path, text, config, { unsafe: true });
  } catch (e) {
    return fail("fixText throws", describeError(e));
  }
  outcome.applied = first.applied.length;
  if (first.errors.length) return fail("fixText error", first.errors.map((e) => e.message).join("; "));
  const firstParse = parseError(path, first.text);
  if (firstParse) return fail("fixText output does not parse", firstParse);
  for (const nf of first.newFiles) {
    const p = parseError(nf.path, nf.text);
    if (p) return fail("fix's new file does not parse", `${nf.path}: ${p}`);
  }
  const lost = lostComments(text, [first.text, ...first.newFiles.map((f) => f.text)]);
  if (lost.length) return fail("fixText loses a comment", `${lost.map((c) => JSON.stringify(c.length > 60 ? c.slice(0, 60) + "…" : c)).join(", ")} after ${first.applied.map((a) => a.rule).join(", ")}`);
  try {
    second = fixText(path, first.text, config, { unsafe: true });
  } catch (e) {
    return fail("fixText throws", `on its own output: ${describeError(e)}`);
  }
  if (second.errors.length) return fail("fixText error", `on its own output: ${second.errors.map((e) => e.message).join("; ")}`);
  if (second.text !== first.text) {
    const again = second.applied.map((a) => `${a.rule} "${a.title}" at line ${a.line}`).join(", ");
    return fail("fixText not idempotent", `${first.applied.length} fixes applied in ${Math.max(0, ...first.applied.map((a) => a.pass))} passes, then a second run applied ${again}`);
  }
  return outcome;
}

/** Why a fix cannot be applied as offered, or undefined when it can. */
export function fixProblem(path: string, text: string, fix: Fix): Failure | undefined {
  let out: string;
  try {
    out = applyEdits(text, fix.edits);
  } catch (e) {
    return { property: "fix does not apply", message: describeError(e) };
  }
  if (out === text) return { property: "fix changes nothing", message: `${fix.edits.length} edits` };
  const p = parseError(path, out);
  if (p) return { property: "fix output does not parse", message: p };
  for (const nf of fix.newFiles ?? []) {
    const q = parseError(nf.path, nf.text);
    if (q) return { property: "fix's new file does not parse", message: `${nf.path}: ${q}` };
  }
  return undefined;
}

/** Why a finding's range is not a range of this text (1-based lines and columns), or undefined. */
export function rangeProblem(text: string, finding: Finding): string | undefined {
  const ls = lines(text);
  const bodies = ls.map((l) => lineBody(text, l).length);
  // A text that ends with a line break has one more, empty, line.
  if (!ls.length || /[\n\r\u2028\u2029]$/.test(text)) bodies.push(0);
  const { start, end } = finding.range;
  for (const [name, p] of [["start", start], ["end", end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.column) || p.line < 1 || p.column < 1) return `${name} ${p.line}:${p.column} is not a position`;
    if (p.line > bodies.length) return `${name} line ${p.line} is past the last line (${bodies.length})`;
    if (p.column > bodies[p.line - 1] + 1) return `${name} ${p.line}:${p.column} is past the end of its line (${bodies[p.line - 1]} characters)`;
  }
  if (start.line > end.line || (start.line === end.line && start.column > end.column)) return `start ${start.line}:${start.column} is after end ${end.line}:${end.column}`;
  return undefined;
}

/** Comments of `before` found in none of `after` (compared with whitespace runs folded, as moved code is re-indented). */
export function lostComments(before: string, after: readonly string[]): string[] {
  const commentsOf = (text: string) => {
    const spans: Span[] = [];
    tokenize(text, spans);
    return spans.map((c) => text.slice(c.start, c.end).replace(/\s+/g, " "));
  };
  const left = new Map<string, number>();
  for (const c of after.flatMap(commentsOf)) left.set(c, (left.get(c) ?? 0) + 1);
  return commentsOf(before).filter((c) => {
    const n = left.get(c) ?? 0;
    left.set(c, n - 1);
    return n <= 0;
  });
}

function parseError(path: string, text: string): string | undefined {
  try {
    parseSource(path, text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const frames = (e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 4).map((l) => l.trim());
  return [`${e.name}: ${e.message}`, ...frames].join(" | ");
}
