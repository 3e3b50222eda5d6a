/** One file's share of a scan: read it, analyse it, keep what the report formats need. Runs on any thread. */
import { readFileSync } from "node:fs";
import { analyzeBytes } from "../engine/analyze";
import { decodeSource } from "../engine/parse";
import type { FileError, Finding, LoopLensConfig, RuleId } from "../engine/types";
import { errorCode } from "./walk";

export interface ScannedFinding extends Finding {
  /** The finding's first source line, whitespace-normalised: SARIF fingerprints stay stable when code moves. */
  sourceLine: string;
}

export interface FileResult {
  findings: ScannedFinding[];
  errors: FileError[];
}

export function analyzeFile(path: string, config: LoopLensConfig, only: readonly RuleId[]): FileResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { findings: [], errors: [{ file: path, message: `cannot read (${errorCode(e)}): skipped` }] };
  }
  let result: ReturnType<typeof analyzeBytes>;
  try {
    result = analyzeBytes(path, bytes, config, { only });
  } catch (e) {
    // The engine guards each rule; anything escaping it is still one file's problem, not the scan's.
    return { findings: [], errors: [{ file: path, message: `internal error while analysing: ${(e as Error)?.message ?? String(e)}` }] };
  }
  if (!result.findings.length) return { findings: [], errors: result.errors };
  const lines = (decodeSource(bytes) ?? "").split(/\r\n|[\n\r\u2028\u2029]/);
  const findings = result.findings.map((f) => ({ ...f, sourceLine: (lines[f.range.start.line - 1] ?? "").trim().replace(/\s+/g, " ") }));
  return detached({ findings, errors: result.errors });
}

/**
 * A copy that shares no string with the file's text. V8 keeps a substring as a view into the
 * string it was cut from, so a message naming `users.find()`, a fix title or a source line would
 * hold the whole text of its file until the report is printed: in an in-process scan of 10,000
 * files, every file's text at once. A worker's results are copied by postMessage anyway.
 */
export function detached<T>(value: T): T {
  return structuredClone(value);
}
