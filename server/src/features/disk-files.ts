/**
 * Files analysed from disk rather than from an editor buffer: the workspace scan's, and a scanned
 * file again when its editor closes (the disk is then the truth).
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Diagnostic } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { ScannedFinding } from "../cli/analyze-file";
import { errorCode } from "../cli/walk";
import { analyzeText } from "../engine/analyze";
import { decodeSource } from "../engine/parse";
import type { FileError, Finding } from "../engine/types";
import { toDiagnostic } from "./lsp-findings";
import { AnalysedText } from "./positions";
import type { DocumentSettings } from "./settings";

export interface FileReport {
  uri: string;
  findings: ScannedFinding[];
  errors: FileError[];
  diagnostics: Diagnostic[];
}

/** Analyses a file's text as the scan does (read, decode, analyse), never throwing. */
export function analyzeDiskFile(path: string, settings: DocumentSettings): FileReport {
  const uri = pathToFileURL(path).href;
  let text: string | undefined;
  try {
    text = decodeSource(readFileSync(path));
  } catch (e) {
    return { uri, findings: [], diagnostics: [], errors: [{ file: path, message: `cannot read (${errorCode(e)}): skipped` }] };
  }
  if (text === undefined) return { uri, findings: [], diagnostics: [], errors: [{ file: path, message: "binary content, not source text: skipped" }] };
  return analyzeBuffer(uri, path, text, settings);
}

/** As analyzeDiskFile, for a text at hand (an open document's, in a scan). */
export function analyzeBuffer(uri: string, path: string, text: string, settings: DocumentSettings): FileReport {
  if (!settings.enable) return { uri, findings: [], errors: [], diagnostics: [] };
  try {
    // Neither diagnostics nor the text report show fixes: the builders are skipped (code actions build them once the file is open).
    const { findings, errors } = analyzeText(path, text, settings.config, { deferFixes: true });
    return { uri, findings: withSourceLines(findings, text), errors, diagnostics: toDiagnostics(uri, findings, text) };
  } catch (e) {
    return { uri, findings: [], diagnostics: [], errors: [{ file: path, message: `internal error while analysing: ${(e as Error)?.message ?? String(e)}` }] };
  }
}

function toDiagnostics(uri: string, findings: readonly Finding[], text: string): Diagnostic[] {
  if (!findings.length) return [];
  const analysed = new AnalysedText(TextDocument.create(uri, "typescript", 0, text));
  return findings.map((f) => toDiagnostic(f, analysed));
}

function withSourceLines(findings: readonly Finding[], text: string): ScannedFinding[] {
  if (!findings.length) return [];
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
  return findings.map((f) => ({ ...f, sourceLine: (lines[f.range.start.line - 1] ?? "").trim().replace(/\s+/g, " ") }));
}
