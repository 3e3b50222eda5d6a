/** The one entry point both front ends (CLI and language server) call. */
import type { ts } from "ts-morph";
import { FileFacts } from "./facts/file-facts";
import { findingFixes } from "./fixes";
import { decodeSource, minifiedCode, parseSource, ParseError } from "./parse";
import { RULES } from "./rules";
import { findSuppressions, isSuppressed } from "./suppression";
import type { ActiveSeverity, FileError, Finding, Fix, LoopLensConfig, RawFinding, RuleId } from "./types";

export interface AnalyzeOptions {
  /** Only these rules (CLI `--rule`); all enabled rules when empty or absent. */
  only?: readonly RuleId[];
  /** Keep each fix's text edits (`Finding.fixes` then holds `Fix` objects): the fix command and code actions. */
  edits?: boolean;
  /**
   * Leave `fixes` empty and build them on demand with AnalyzeResult.fixesOf: the language server
   * publishes diagnostics before paying for the fix builders.
   */
  deferFixes?: boolean;
}

export interface AnalyzeResult {
  findings: Finding[];
  errors: FileError[];
  /** With `deferFixes`: the fixes of one of `findings`, with their edits, preferred first (valid while the tree is unchanged). */
  fixesOf?(finding: Finding, onError: (message: string) => void): Fix[];
}

export function analyzeBytes(path: string, bytes: Uint8Array, config: LoopLensConfig, options: AnalyzeOptions = {}): AnalyzeResult {
  const text = decodeSource(bytes);
  if (text === undefined) return { findings: [], errors: [{ file: path, message: "binary content, not source text: skipped" }] };
  return analyzeText(path, text, config, options);
}

export function analyzeText(path: string, text: string, config: LoopLensConfig, options: AnalyzeOptions = {}): AnalyzeResult {
  const minified = minifiedCode(text);
  if (minified) return { findings: [], errors: [{ file: path, message: `${minified}: skipped` }] };
  let sf: ts.SourceFile;
  try {
    sf = parseSource(path, text);
  } catch (e) {
    const message = e instanceof ParseError ? `${e.message}: skipped` : `could not parse: ${(e as Error).message}`;
    return { findings: [], errors: [{ file: path, message }] };
  }
  return analyzeSourceFile(path, sf, config, options);
}

export function analyzeSourceFile(path: string, sf: ts.SourceFile, config: LoopLensConfig, options: AnalyzeOptions = {}): AnalyzeResult {
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const minified = minifiedCode(sf.text);
  if (minified) return { findings, errors: [{ file: path, message: `${minified}: skipped` }] };
  const suppressions = findSuppressions(sf.text);
  if (suppressions.file === "all") return { findings, errors };
  const file = new FileFacts(path, sf);
  const deferred = options.deferFixes ? new Map<Finding, RawFinding>() : undefined;
  for (const rule of RULES) {
    const id = rule.meta.id;
    const severity = config.rules[id];
    if (severity === "off" || (options.only?.length && !options.only.includes(id))) continue;
    try {
      for (const raw of rule.detect(file, config)) {
        const start = sf.getLineAndCharacterOfPosition(raw.node.getStart(sf));
        const end = sf.getLineAndCharacterOfPosition((raw.endNode ?? raw.node).getEnd());
        if (isSuppressed(suppressions, id, start.line + 1)) continue;
        const finding: Finding = {
          rule: id,
          file: path,
          range: { start: { line: start.line + 1, column: start.character + 1 }, end: { line: end.line + 1, column: end.character + 1 } },
          severity: severity as ActiveSeverity,
          message: raw.message,
          fixes: deferred ? [] : findingFixes(id, file, raw, config, options.edits === true, (message) => errors.push({ file: path, message })),
          ...(raw.lens !== undefined && { lens: raw.lens }),
        };
        deferred?.set(finding, raw);
        findings.push(finding);
      }
    } catch (e) {
      // One rule failing on one file must not cost the user the other rules' findings.
      errors.push({ file: path, message: `rule ${id} failed: ${(e as Error).message}` });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || a.rule.localeCompare(b.rule));
  if (!deferred) return { findings, errors };
  const fixesOf = (finding: Finding, onError: (message: string) => void): Fix[] => {
    const raw = deferred.get(finding);
    return raw ? findingFixes(finding.rule, file, raw, config, true, onError) : [];
  };
  return { findings, errors, fixesOf };
}
