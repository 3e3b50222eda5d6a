/**
 * How generated code fits into the file it lands in: the file's line endings and indentation, and
 * the comments a rewrite must carry over rather than drop.
 */
import { ts } from "ts-morph";

/** The line ending used around `pos`: that of the line it is on, else the file's first, else LF. */
export function eolAt(text: string, pos: number): string {
  const next = text.indexOf("\n", pos);
  if (next >= 0) return next > 0 && text[next - 1] === "\r" ? "\r\n" : "\n";
  const prev = text.lastIndexOf("\n", pos - 1);
  if (prev >= 0) return prev > 0 && text[prev - 1] === "\r" ? "\r\n" : "\n";
  return "\n";
}

/** The whitespace that starts the line `pos` is on. */
export function lineIndentAt(text: string, pos: number): string {
  const lineStart = Math.max(text.lastIndexOf("\n", pos - 1), text.lastIndexOf("\r", pos - 1)) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, pos))![0];
}

/** The file's unit of indentation: a tab when lines are tab-indented, else its smallest space step (2 by default). */
export function indentUnitOf(text: string): string {
  let tabs = 0;
  let spaces = 0;
  let step = 0;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    const ws = m[1];
    if (ws[0] === "\t") tabs++;
    else {
      spaces++;
      if (!ws.includes("\t") && (step === 0 || ws.length < step)) step = ws.length;
    }
    if (tabs + spaces >= 200) break;
  }
  if (tabs > spaces) return "\t";
  return " ".repeat(step >= 2 && step <= 8 ? step : 2);
}

/** A span of text a rewrite copies as it is (with the comments inside it). */
export interface Span {
  start: number;
  end: number;
}

export function spanOf(sf: ts.SourceFile, node: ts.Node): Span {
  return { start: node.getStart(sf), end: node.getEnd() };
}

/**
 * The comments in [from, to) outside the copied spans: what a rewrite of that range would lose.
 * The gaps between copied nodes hold only keywords and punctuation, so scanning them alone is safe.
 */
export function commentsOutside(text: string, from: number, to: number, copied: readonly Span[]): string[] {
  const spans = [...copied].sort((a, b) => a.start - b.start);
  const comments: string[] = [];
  let at = from;
  const scanGap = (start: number, end: number) => {
    if (end <= start) return;
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text, undefined, start, end - start);
    for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
      if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) comments.push(scanner.getTokenText());
    }
  };
  for (const s of spans) {
    scanGap(at, Math.min(s.start, to));
    at = Math.max(at, s.end);
  }
  scanGap(at, to);
  return comments;
}

/** Comments placed ahead of generated code, each on its own line at `indent`. */
export function commentLines(comments: readonly string[], eol: string, indent: string): string {
  return comments.map((c) => c + eol + indent).join("");
}

/**
 * True when the lines of `node` after its first can be indented further without changing what the
 * program means: no string, template or JSX text spans a line break.
 */
export function canReindent(sf: ts.SourceFile, node: ts.Node): boolean {
  let ok = true;
  const visit = (n: ts.Node): void => {
    if (!ok) return;
    if (
      ts.isStringLiteral(n) ||
      ts.isNoSubstitutionTemplateLiteral(n) ||
      ts.isTemplateHead(n) ||
      ts.isTemplateMiddle(n) ||
      ts.isTemplateTail(n) ||
      ts.isJsxText(n)
    ) {
      if (/[\r\n]/.test(sf.text.slice(n.getStart(sf), n.getEnd()))) ok = false;
      return;
    }
    n.forEachChild(visit);
  };
  visit(node);
  return ok;
}

/** Adds `unit` after every line break of `text`. */
export function indentContinuationLines(text: string, unit: string): string {
  return text.replace(/(\r\n|\n|\r)(?=[^\r\n])/g, `$1${unit}`);
}
