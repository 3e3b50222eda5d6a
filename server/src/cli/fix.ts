/**
 * `looplens fix`: for every file `scan` would cover, apply the preferred fix of each finding and
 * re-analyse until nothing more applies; then print the unified diff (--dry-run, the default) or
 * rewrite the file (--write). A file is written only when its bytes are still the ones read,
 * atomically, inside the scanned roots, with its BOM, line endings and untouched bytes kept.
 *
 * Output: --dry-run prints the diff on stdout (fit for `git apply`) and the summary with what
 * stays unfixed on stderr; --write prints the files fixed, then the scan report of what remains.
 * Exit status as for scan, counting the findings that remain unfixed.
 */
import { lstatSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { analyzeText } from "../engine/analyze";
import { fixText, type FixTextResult } from "../engine/fixes/fix-text";
import { decodeSource } from "../engine/parse";
import type { FileError, Finding, NewFile, RuleId } from "../engine/types";
import { detached, type ScannedFinding } from "./analyze-file";
import type { FixArgs } from "./args";
import { createFileExclusive, FileChangedError, replaceFileIfUnchanged } from "./atomic-write";
import { unifiedDiff } from "./diff";
import { collectFixFiles, writablePath, type FixFile } from "./fix-files";
import { displayPath, formatText, shouldColour } from "./formats/text";
import type { ScanIo } from "./scan";
import { comparePaths, errorCode } from "./walk";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Test hook: milliseconds to wait after staging each write and before its last unchanged-check. */
const PAUSE_ENV = "LOOPLENS_TEST_PAUSE_BEFORE_WRITE_MS";

interface FileOutcome {
  /** Findings still there once this file is done (all of them when it could not be written). */
  remaining: ScannedFinding[];
  errors: FileError[];
  /** Fixes applied (or, in a dry run, that would be), by rule. */
  fixed: RuleId[];
  diff?: string;
  /** Files the fixes create next to this one (written, or shown as new in a dry run). */
  created?: string[];
}

export async function runFix(args: FixArgs, io: ScanIo): Promise<number> {
  const started = performance.now();
  const { files, errors, settings } = collectFixFiles(args.paths, io.cwd);
  for (const rule of args.rules) {
    if (settings.every((s) => s.config.rules[rule] === "off")) {
      const sources = [...new Set(settings.map((s) => s.source).filter(Boolean))].join(", ");
      io.stderr.write(`looplens: rule ${rule} is turned off in ${sources || "the settings"}; nothing to fix for it\n`);
    }
  }

  const remaining: ScannedFinding[] = [];
  const fixedFiles: { file: string; fixed: RuleId[] }[] = [];
  const diffs: string[] = [];
  const created: string[] = [];
  // New files of this run by path: a later file's fix may share one (the same text), never replace it.
  const planned = new Map<string, string>();
  for (const file of files) {
    const outcome = await fixFile(file, args, io, planned);
    created.push(...(outcome.created ?? []));
    remaining.push(...outcome.remaining);
    errors.push(...outcome.errors);
    if (outcome.fixed.length) fixedFiles.push({ file: file.path, fixed: outcome.fixed });
    if (outcome.diff) diffs.push(outcome.diff);
  }

  const report = {
    findings: remaining,
    errors: errors.sort((a, b) => comparePaths(a.file, b.file)),
    files: files.length,
    durationMs: Math.round(performance.now() - started),
    baseDir: io.cwd,
    cwd: io.cwd,
  };
  const fixes = fixedFiles.reduce((n, f) => n + f.fixed.length, 0);
  if (args.write) {
    const lines = [...fixedFiles.map((f) => `fixed ${displayPath(f.file, io.cwd)}  ${byRule(f.fixed)}\n`), ...created.map((p) => `created ${displayPath(p, io.cwd)}\n`)];
    io.stdout.write(lines.join("") + (lines.length ? "\n" : "") + formatText(report, shouldColour(io.stdout, io.env)));
  } else {
    io.stdout.write(diffs.join(""));
    const summary = fixes
      ? `looplens: ${plural(fixes, "fix")} in ${plural(fixedFiles.length, "file")} shown as a diff; run with --write to apply\n`
      : "looplens: nothing to fix\n";
    io.stderr.write(summary + formatText(report, shouldColour(io.stderr, io.env)));
  }
  const held = args.unsafe ? [] : remaining.filter((f) => f.fixes.length > 0 && f.fixes.every((x) => !x.safe));
  if (held.length) {
    const where = held.slice(0, 3).map((f) => `${displayPath(f.file, io.cwd)}:${f.range.start.line} (${f.rule})`).join(", ") + (held.length > 3 ? ", …" : "");
    io.stderr.write(`looplens: ${plural(held.length, "fix")} marked for review not applied (${where}): check them in the editor, or rerun with --unsafe\n`);
  }
  return remaining.length ? 1 : 0;
}

async function fixFile(file: FixFile, args: FixArgs, io: ScanIo, planned: Map<string, string>): Promise<FileOutcome> {
  const path = file.path;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { remaining: [], fixed: [], errors: [{ file: path, message: `cannot read (${errorCode(e)}): skipped` }] };
  }
  const text = decodeSource(bytes);
  if (text === undefined) return { remaining: [], fixed: [], errors: [{ file: path, message: "binary content, not source text: skipped" }] };
  const bom = bytes.length >= 3 && BOM.equals(bytes.subarray(0, 3));
  const encode = (t: string) => (bom ? Buffer.concat([BOM, Buffer.from(t, "utf8")]) : Buffer.from(t, "utf8"));

  if (!encode(text).equals(bytes)) {
    // Decoded as Latin-1: writing it back as UTF-8 would change bytes no fix touched.
    const r = analyzeText(path, text, file.config, { only: args.rules });
    // A file skipped unanalysed (it does not parse) has nothing reported to leave unfixed.
    const notFixed = r.findings.length || !r.errors.length ? [{ file: path, message: "not UTF-8: reported, not fixed" }] : [];
    return { remaining: scanned(r.findings, text), fixed: [], errors: [...r.errors, ...notFixed] };
  }

  let result: FixTextResult;
  try {
    result = fixText(path, text, file.config, { only: args.rules, unsafe: args.unsafe, canCreate: (nf) => mayCreate(file, nf, planned) });
  } catch (e) {
    return { remaining: [], fixed: [], errors: [{ file: path, message: `internal error while fixing: ${(e as Error)?.message ?? String(e)}` }] };
  }
  const fixed = result.applied.map((a) => a.rule);
  const done = { remaining: scanned(result.remaining, result.text), fixed, errors: result.errors };
  if (result.text === text) return done;
  // A file this run already creates, or one already there with the same text, is not made again.
  const toCreate = result.newFiles.filter((nf) => planned.get(nf.path) !== nf.text && newFileState(nf) === "absent");

  if (!args.write) {
    const label = displayPath(path, io.cwd);
    const [a, b] = label === path ? [path, path] : [`a/${label}`, `b/${label}`];
    const prefix = bom ? "\ufeff" : "";
    const newDiffs = toCreate.map((nf) => {
      const newLabel = displayPath(nf.path, io.cwd);
      return unifiedDiff("", nf.text, "/dev/null", newLabel === nf.path ? nf.path : `b/${newLabel}`);
    });
    for (const nf of result.newFiles) planned.set(nf.path, nf.text);
    return { ...done, diff: unifiedDiff(prefix + text, prefix + result.text, a, b) + newDiffs.join(""), created: toCreate.map((nf) => nf.path) };
  }

  const unfixed = { remaining: scanned(result.initial, text), fixed: [] };
  const target = writablePath(file);
  if (!target) return { ...unfixed, errors: [...result.errors, { file: path, message: "resolves outside the scanned folder: not written" }] };
  // New files first, next to the file's real path (inside the root with it), so the rewritten file never refers to a missing one.
  const made: string[] = [];
  const undo = () => made.forEach((m) => rmSync(m, { force: true }));
  for (const nf of toCreate) {
    const dest = join(dirname(target), basename(nf.path));
    try {
      createFileExclusive(dest, Buffer.from(nf.text, "utf8"));
      made.push(dest);
    } catch (e) {
      undo();
      const why = (e as NodeJS.ErrnoException)?.code === "EEXIST" ? "appeared meanwhile" : `cannot be created (${errorCode(e)})`;
      return { ...unfixed, errors: [...result.errors, { file: path, message: `${basename(nf.path)} ${why}: not written (run fix again)` }] };
    }
  }
  try {
    await replaceFileIfUnchanged(target, bytes, encode(result.text), { beforeCheck: testPause(io, path) });
  } catch (e) {
    undo();
    const message = e instanceof FileChangedError ? "changed since it was read: not written (run fix again)" : `cannot write (${errorCode(e)}): not written`;
    return { ...unfixed, errors: [...result.errors, { file: path, message }] };
  }
  for (const nf of result.newFiles) planned.set(nf.path, nf.text);
  return { ...done, created: made };
}

/**
 * Whether a fix of `file` may create `nf`: only next to the file, and only where nothing is yet —
 * or where this run (or an earlier one) already put the very same text.
 */
function mayCreate(file: FixFile, nf: NewFile, planned: ReadonlyMap<string, string>): boolean {
  if (dirname(nf.path) !== dirname(file.path)) return false;
  const known = planned.get(nf.path);
  if (known !== undefined) return known === nf.text;
  return newFileState(nf) !== "other";
}

function newFileState(nf: NewFile): "absent" | "same" | "other" {
  try {
    if (!lstatSync(nf.path).isFile()) return "other";
    return readFileSync(nf.path).equals(Buffer.from(nf.text, "utf8")) ? "same" : "other";
  } catch (e) {
    return (e as NodeJS.ErrnoException)?.code === "ENOENT" ? "absent" : "other";
  }
}

function scanned(findings: readonly Finding[], text: string): ScannedFinding[] {
  if (!findings.length) return [];
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
  // Kept until the report is printed: detached, so they do not hold each file's text.
  return detached(findings.map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })), sourceLine: (lines[f.range.start.line - 1] ?? "").trim().replace(/\s+/g, " ") })));
}

function testPause(io: ScanIo, path: string): (() => Promise<void>) | undefined {
  const ms = Number(io.env[PAUSE_ENV]);
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return async () => {
    io.stderr.write(`looplens: test hook: pausing ${ms}ms before writing ${path}\n`);
    await new Promise((resolve) => setTimeout(resolve, ms));
  };
}

function byRule(rules: readonly RuleId[]): string {
  const counts = new Map<RuleId, number>();
  for (const r of rules) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${n} ${rule}`).join(", ");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : word.endsWith("x") ? "es" : "s"}`;
}
