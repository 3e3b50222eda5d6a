/**
 * The engine's fix entry points, shared by `looplens fix` and (later) the language server's code
 * actions: findings with the edits of their fixes, and "apply every preferred fix until nothing
 * more applies" on one file's text.
 */
import { analyzeText, type AnalyzeOptions } from "../analyze";
import { parseSource, syntaxError } from "../parse";
import type { FileError, Finding, Fix, LoopLensConfig, NewFile, RuleId } from "../types";
import { applyEdits, compatibleFixes } from "./text-edits";

/** A finding whose fixes carry their edits, offsets into the text that was analysed. */
export interface FixableFinding extends Finding {
  fixes: Fix[];
}

export function analyzeWithFixes(
  path: string,
  text: string,
  config: LoopLensConfig,
  options: Omit<AnalyzeOptions, "edits"> = {},
): { findings: FixableFinding[]; errors: FileError[] } {
  const { findings, errors } = analyzeText(path, text, config, { ...options, edits: true });
  return { findings: findings as FixableFinding[], errors };
}

export interface AppliedFix {
  rule: RuleId;
  title: string;
  /** Where the finding started, in the text of the pass that fixed it (1-based). */
  line: number;
  pass: number;
}

export interface FixTextResult {
  /** The text after every fix that applied; the input itself when none did. */
  text: string;
  applied: AppliedFix[];
  /** Findings of the final text: what stays unfixed. */
  remaining: Finding[];
  /** Findings of the input text, before any fix. */
  initial: Finding[];
  errors: FileError[];
  /** Files the applied fixes create (worker modules…), each once, in the order first created. */
  newFiles: NewFile[];
}

export interface FixTextOptions {
  only?: readonly RuleId[];
  /** Also apply fixes marked for review (`safe: false`); otherwise a finding takes its first safe fix. */
  unsafe?: boolean;
  /**
   * Whether a fix may create this file (the CLI says no when another file is already there).
   * A finding whose preferred fix may not falls back to its next fix; without one it stays unfixed.
   */
  canCreate?: (file: NewFile) => boolean;
}

/** Fixes whose edits overlap wait for a later pass; a rewrite that keeps re-offering fixes stops here. */
export const MAX_FIX_PASSES = 10;

/**
 * Applies the preferred fix of every finding (the first safe one unless `unsafe`), re-analysing after each pass until no fix applies
 * (or MAX_FIX_PASSES). A fix whose result does not parse is dropped and reported, never applied.
 */
export function fixText(path: string, text: string, config: LoopLensConfig, options: FixTextOptions = {}): FixTextResult {
  const applied: AppliedFix[] = [];
  const created = new Map<string, string>();
  const fixErrors: FileError[] = [];
  const seen = new Set<string>([text]);
  let current = text;
  let initial: Finding[] | undefined;
  for (let pass = 1; ; pass++) {
    const { findings, errors } = analyzeWithFixes(path, current, config, { only: options.only });
    initial ??= findings;
    const done = (): FixTextResult => ({ text: current, applied, remaining: findings, initial: initial!, errors: [...errors, ...fixErrors], newFiles: [...created].map(([p, t]) => ({ path: p, text: t })) });
    if (pass > MAX_FIX_PASSES) return done();

    const preferred = new Map<Fix, FixableFinding>();
    for (const f of findings) {
      const fix = f.fixes.find((x) => (x.safe || options.unsafe) && newFilesFit(x, created, options.canCreate));
      if (fix) preferred.set(fix, f);
    }
    let chosen = withoutFileClashes(compatibleFixes([...preferred.keys()]), created);
    let next = chosen.length ? applyEdits(current, chosen.flatMap((f) => f.edits)) : current;
    if (chosen.length && !parses(path, next)) {
      // Find the culprits one by one; the others still apply.
      chosen = chosen.filter((fix) => {
        if (parses(path, applyEdits(current, fix.edits))) return true;
        const f = preferred.get(fix)!;
        fixErrors.push({ file: path, message: `fix "${fix.title}" for ${f.rule} at ${f.range.start.line}:${f.range.start.column} would not parse: not applied` });
        return false;
      });
      // Each parses alone but not together: one per pass, then.
      if (!parses(path, applyEdits(current, chosen.flatMap((f) => f.edits)))) chosen = chosen.slice(0, 1);
      next = applyEdits(current, chosen.flatMap((f) => f.edits));
    }
    if (!chosen.length || next === current || seen.has(next)) return done();
    for (const fix of chosen) {
      const f = preferred.get(fix)!;
      applied.push({ rule: f.rule, title: fix.title, line: f.range.start.line, pass });
      for (const nf of fix.newFiles ?? []) created.set(nf.path, nf.text);
    }
    seen.add(next);
    current = next;
  }
}

/** A fix's new files can be made: each is one an earlier fix creates with the same text, or a new one that parses. */
function newFilesFit(fix: Fix, created: ReadonlyMap<string, string>, canCreate: FixTextOptions["canCreate"]): boolean {
  return (fix.newFiles ?? []).every((nf) => (created.has(nf.path) ? created.get(nf.path) === nf.text : (canCreate?.(nf) ?? true) && parses(nf.path, nf.text)));
}

/** Two fixes of one pass that would create one file with different texts: the later waits. */
function withoutFileClashes(fixes: Fix[], created: ReadonlyMap<string, string>): Fix[] {
  const claimed = new Map(created);
  return fixes.filter((fix) => {
    const files = fix.newFiles ?? [];
    if (files.some((nf) => claimed.has(nf.path) && claimed.get(nf.path) !== nf.text)) return false;
    for (const nf of files) claimed.set(nf.path, nf.text);
    return true;
  });
}

function parses(path: string, text: string): boolean {
  try {
    return syntaxError(parseSource(path, text)) === undefined;
  } catch {
    return false;
  }
}
