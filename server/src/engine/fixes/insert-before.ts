/**
 * Declarations a fix adds right before a statement: on their own lines at the statement's
 * indentation, above the comments that introduce the statement (a `// eslint-disable-next-line`
 * stays glued to the line it is about), in the file's semicolon style.
 */
import { ts } from "ts-morph";
import type { TextEdit } from "../types";
import { eolAt, lineIndentAt } from "./layout";

/** The edit that puts `lines` (statements without their final semicolon, or `//` comments) before `stmt`. */
export function insertBefore(sf: ts.SourceFile, stmt: ts.Statement, lines: readonly string[]): TextEdit {
  const text = sf.text;
  const start = stmt.getStart(sf);
  const semi = usesSemicolons(text) || startsAmbiguously(text.slice(start, start + 1)) ? ";" : "";
  const lineStart = Math.max(text.lastIndexOf("\n", start - 1), text.lastIndexOf("\r", start - 1)) + 1;
  if (/\S/.test(text.slice(lineStart, start))) {
    // The statement shares its line (`case 1: for …`): the declarations go in front of it on that line.
    return { start, end: start, text: lines.map((l) => (isComment(l) ? `/* ${l.slice(2).trim()} */ ` : `${l}${semi || ";"} `)).join("") };
  }
  const indent = lineIndentAt(text, start);
  const eol = eolAt(text, start);
  const pos = introStart(text, stmt, lineStart);
  return { start: pos, end: pos, text: lines.map((l) => `${indent}${l}${isComment(l) ? "" : semi}${eol}`).join("") };
}

/**
 * Where the comment lines directly above `stmt` begin (no blank line between them and it), or the
 * statement's own line start when there are none.
 */
function introStart(text: string, stmt: ts.Statement, lineStart: number): number {
  const ranges = ts.getLeadingCommentRanges(text, stmt.getFullStart()) ?? [];
  let begin = lineStart;
  for (let i = ranges.length - 1; i >= 0; i--) {
    const r = ranges[i];
    const gap = text.slice(r.end, begin);
    if (/\S/.test(gap) || (gap.match(/\n/g)?.length ?? 0) > 1) break;
    const commentLine = Math.max(text.lastIndexOf("\n", r.pos - 1), text.lastIndexOf("\r", r.pos - 1)) + 1;
    if (/\S/.test(text.slice(commentLine, r.pos))) break;
    begin = commentLine;
  }
  return begin;
}

function isComment(line: string): boolean {
  return line.startsWith("//");
}

/** Whether the file ends statements with semicolons (any line does). */
export function usesSemicolons(text: string): boolean {
  return /;[ \t]*(\r?\n|$)/.test(text);
}

/** A line starting with one of these would continue a statement left without a semicolon. */
function startsAmbiguously(first: string): boolean {
  return /^[([`+\-/]/.test(first);
}
