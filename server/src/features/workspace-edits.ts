/**
 * Engine edits as LSP WorkspaceEdits. With documentChanges the edit names the document version it
 * was computed for, so the client refuses it once the text has moved on; files a fix adds are
 * created (never over an existing file) and filled in the same edit.
 */
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from "vscode-languageserver/node";
import { pathToFileURL } from "node:url";
import { parseWithErrors, syntaxError } from "../engine/parse";
import { applyEdits, compatibleFixes } from "../engine/fixes/text-edits";
import type { Fix, NewFile, TextEdit } from "../engine/types";
import type { DocumentAnalysis } from "./analysis";
import type { EditSupport } from "./services";

/** The edit for `edits` (and new files) on the analysed version; undefined when the client cannot apply it. */
export function workspaceEdit(analysis: DocumentAnalysis, edits: readonly TextEdit[], newFiles: readonly NewFile[], support: EditSupport): WorkspaceEdit | undefined {
  const lspEdits = edits.map((e) => analysis.text.edit(e));
  if (!support.documentChanges) return newFiles.length ? undefined : { changes: { [analysis.uri]: lspEdits } };
  if (newFiles.length && !support.createFiles) return undefined;
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const f of newFiles) {
    const uri = pathToFileURL(f.path).href;
    changes.push({ kind: "create", uri, options: { overwrite: false, ignoreIfExists: false } });
    changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text }] });
  }
  changes.push({ textDocument: { uri: analysis.uri, version: analysis.version }, edits: lspEdits });
  return { documentChanges: changes };
}

export function fixEdit(analysis: DocumentAnalysis, fix: Fix, support: EditSupport): WorkspaceEdit | undefined {
  return workspaceEdit(analysis, fix.edits, fix.newFiles ?? [], support);
}

/**
 * Every finding's preferred fix that can go in together (earlier findings first), as one edit —
 * checked to parse as a whole, as `looplens fix` checks. Fixes that overlap an earlier one are
 * left for the next "fix all", on the re-analysed text.
 */
export function fixAllEdit(analysis: DocumentAnalysis, support: EditSupport): WorkspaceEdit | undefined {
  // As `looplens fix` without --unsafe: fix-all may run on save, so fixes marked for review are left to a click.
  const preferred = analysis.findings
    .map((f) => analysis.fixes(f).find((fix) => fix.safe && (!fix.newFiles?.length || support.createFiles)))
    .filter((fix): fix is Fix => fix !== undefined);
  let chosen = compatibleFixes(preferred);
  const parses = (fixes: readonly Fix[]) => syntaxError(parseWithErrors(analysis.path, applyEdits(analysis.text.text, fixes.flatMap((f) => f.edits)))) === undefined;
  if (chosen.length > 1 && !parses(chosen)) {
    chosen = chosen.filter((f) => parses([f]));
    if (!parses(chosen)) chosen = chosen.slice(0, 1);
  }
  if (!chosen.length) return undefined;
  return workspaceEdit(
    analysis,
    chosen.flatMap((f) => f.edits),
    chosen.flatMap((f) => f.newFiles ?? []),
    support,
  );
}
