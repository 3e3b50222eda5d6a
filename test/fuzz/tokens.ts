/**
 * Token and line spans of source text for the mutator. The scanner runs alone (no parser), so
 * template literals and regular expressions are re-scanned by hand the way the parser would; on
 * text the mutator has already broken the spans only need to be plausible.
 */
import { ts } from "ts-morph";

export interface Span {
  start: number;
  end: number;
}

export interface Token extends Span {
  kind: ts.SyntaxKind;
}

/** After these a `/` divides; elsewhere it starts a regular expression. */
const ENDS_OPERAND = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
]);

const TRIVIA = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.WhitespaceTrivia,
  ts.SyntaxKind.NewLineTrivia,
  ts.SyntaxKind.ShebangTrivia,
  ts.SyntaxKind.ConflictMarkerTrivia,
  ts.SyntaxKind.SingleLineCommentTrivia,
  ts.SyntaxKind.MultiLineCommentTrivia,
]);

/** The tokens of `text`; its comments go to `comments` when given. */
export function tokenize(text: string, comments?: Span[]): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, comments === undefined, ts.LanguageVariant.Standard, text);
  const tokens: Token[] = [];
  // Open `{` and `${` (true) not yet closed: a `}` closing a `${` resumes the template.
  const braces: boolean[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (;;) {
    let kind = scanner.scan();
    if (kind === ts.SyntaxKind.EndOfFileToken) break;
    if (TRIVIA.has(kind)) {
      if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) comments?.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
      continue;
    }
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_OPERAND.has(previous)) {
      kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.CloseBraceToken && braces.length && braces[braces.length - 1]) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) braces.pop();
    } else if (kind === ts.SyntaxKind.CloseBraceToken) {
      braces.pop();
    } else if (kind === ts.SyntaxKind.OpenBraceToken) {
      braces.push(false);
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      braces.push(true);
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    if (end > start) tokens.push({ kind, start, end });
    previous = kind;
    if (tokens.length > 200_000) break;
  }
  return tokens;
}

/** Each line with its line ending (the last one may have none). */
export function lines(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const re = /\r\n|[\n\r\u2028\u2029]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

/** The line's text without its ending. */
export function lineBody(text: string, line: Span): string {
  return text.slice(line.start, line.end).replace(/(\r\n|[\n\r\u2028\u2029])$/, "");
}

/** 1-based "line:column" of an offset, for mutation notes. */
export function where(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const ls = lines(before);
  const last = ls.length ? ls[ls.length - 1] : { start: 0, end: 0 };
  const endsWithBreak = /(\r\n|[\n\r\u2028\u2029])$/.test(before);
  const line = endsWithBreak ? ls.length + 1 : Math.max(ls.length, 1);
  const column = endsWithBreak ? 1 : offset - last.start + 1;
  return `${line}:${column}`;
}
