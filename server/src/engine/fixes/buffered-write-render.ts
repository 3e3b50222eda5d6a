/**
 * The two joined shapes of an unbuffered write loop, as text edits:
 *
 *   for (const r of rows) fs.appendFileSync(out, fmt(r));   →   fs.appendFileSync(out, rows.map((r) => fmt(r)).join(""));
 *
 * when the loop is one unconditional write over a known array, else
 *
 *   const chunks: string[] = [];          (typed in TypeScript)
 *   for (…) { …; chunks.push(piece); … }  (every write, in place, so `continue` and conditions keep working)
 *   if (chunks.length) fs.appendFileSync(out, chunks.join(""));
 *
 * keeping comments, indentation, quotes and line endings. The guard appears only when an empty
 * write would do something the loop did not (create the file, send an HTTP response's headers).
 */
import { ts } from "ts-morph";
import { isFunctionNode, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";
import type { PieceKind } from "./buffered-write-pieces";
import { isStatementList, type WriteCall, type WriteSite } from "./buffered-write-site";
import { NameIndex } from "./free-names";
import { editsConflict } from "./text-edits";
import { canReindent, commentsOutside, eolAt, lineIndentAt, spanOf } from "./layout";

export interface JoinOptions {
  pieces: Exclude<PieceKind, "unknown">;
  /** Write only when something was collected. */
  guard: boolean;
}

const NAMES = ["chunks", "parts", "pieces", "output"];

/** Collect into an array in the loop, write the joined array once after it. */
export function chunksEdits(file: FileFacts, site: WriteSite, options: JoinOptions): TextEdit[] | undefined {
  const { sf, text } = file;
  if (site.writes.some((w) => hasStrayComments(file, w))) return undefined;
  const scope = declarationScope(site.statement);
  const name = freeName(file, scope, isLineLike(site) ? ["lines", ...NAMES] : NAMES);
  if (!name) return undefined;
  const semi = semicolon(file, site);
  const start = startWithOwnComments(text, site.statement);
  const indent = lineIndentAt(text, start);
  const eol = eolAt(text, start);
  // A loop that shares its line with other code (`{ for (…) …; }`) gets its new statements on that line too.
  const before = /^[ \t]*$/.test(text.slice(text.lastIndexOf("\n", start - 1) + 1, start)) ? eol + indent : " ";
  const type = isTypeScript(file.path) ? `: ${options.pieces === "buffer" ? "Buffer" : "string"}[]` : "";
  const edits: TextEdit[] = [{ start, end: start, text: `const ${name}${type} = []${before === " " ? ";" : semi}${before}` }];
  for (const w of site.writes) edits.push({ start: w.expr.getStart(sf), end: w.expr.getEnd(), text: `${name}.push(${slice(file, w.data)})` });
  const write = finalWrite(file, site.writes[0], joined(file, name, options.pieces), indent);
  if (write === undefined) return undefined;
  const after = endWithTrailingComments(text, site.statement.getEnd());
  const alone = /^[ \t]*(\r?\n|$)/.test(text.slice(after));
  if (!alone && !/[;}]$/.test(site.statement.getText(sf))) return undefined;
  edits.push({ start: after, end: after, text: `${alone ? eol + indent : " "}${options.guard ? `if (${name}.length) ` : ""}${write}${semi}` });
  // At the file's start the declaration itself stands at the claimed point.
  const claimed = claim(sf, scope);
  return edits.some((e) => editsConflict(e, claimed)) ? edits : [...edits, claimed];
}

/**
 * One write of `xs.map(…)` joined, in place of a loop that is a single unconditional write over
 * the known array `iterable`. `guard` re-reads `iterable.length`, so it must be a plain name or member.
 */
export function mapEdit(file: FileFacts, site: WriteSite, iterable: ts.Expression, options: JoinOptions): { edit: TextEdit; mapped: boolean } | undefined {
  const { sf, text } = file;
  const w = site.writes[0];
  const param = mapParameter(file, site);
  if (!param || site.writes.length !== 1 || !isOnlyStatement(site, w) || containsAwait(w.data)) return undefined;
  if (options.guard && !isPlainReference(iterable)) return undefined;
  const stmt = site.statement;
  const copied = [spanOf(sf, iterable), spanOf(sf, w.expr), ...param.spans];
  if (commentsOutside(text, stmt.getStart(sf), stmt.getEnd(), copied).length) return undefined;
  const iter = slice(file, iterable);
  const data = slice(file, w.data);
  // `for (const line of lines) write(line)`: the array itself holds the pieces.
  const mapped = param.text === `(${data})` ? iter : `${iter}.map(${param.text} => ${data})`;
  const indent = lineIndentAt(text, stmt.getStart(sf));
  const write = finalWrite(file, w, options.pieces === "buffer" ? `Buffer.concat(${mapped})` : `${mapped}.join(${quotes(file)})`, indent);
  if (write === undefined) return undefined;
  const edit = { start: stmt.getStart(sf), end: stmt.getEnd(), text: `${options.guard ? `if (${iter}.length) ` : ""}${write}${semicolon(file, site)}` };
  return { edit, mapped: mapped !== iter };
}

/** The loop's item as the callback's parameter: `(r)` of `for (const r of …)`, or forEach's own parameters. */
function mapParameter(file: FileFacts, site: WriteSite): { text: string; spans: ReturnType<typeof spanOf>[] } | undefined {
  const loop = site.loop;
  if (ts.isForOfStatement(loop)) {
    const init = loop.initializer;
    if (loop.awaitModifier || loop.parent !== site.statement.parent || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
    if (!(init.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) return undefined;
    const name = init.declarations[0].name;
    return { text: `(${slice(file, name)})`, spans: [spanOf(file.sf, name)] };
  }
  if (site.host && ts.isArrowFunction(loop) && loop.parameters.length) {
    const first = loop.parameters[0];
    const last = loop.parameters[loop.parameters.length - 1];
    return { text: `(${file.text.slice(first.getStart(file.sf), last.getEnd())})`, spans: loop.parameters.map((p) => spanOf(file.sf, p)) };
  }
  return undefined;
}

/** The loop's body is the write and nothing else. */
function isOnlyStatement(site: WriteSite, w: WriteCall): boolean {
  const loop = site.loop;
  const body = ts.isForOfStatement(loop) ? loop.statement : isFunctionNode(loop) ? loop.body : undefined;
  if (!body) return false;
  if (w.statement) return body === w.statement || (ts.isBlock(body) && body.statements.length === 1 && body.statements[0] === w.statement);
  return body === w.expr;
}

function containsAwait(n: ts.Node): boolean {
  let found = ts.isAwaitExpression(n) || ts.isYieldExpression(n);
  walk(n, (c) => {
    if (found || isFunctionNode(c)) return false;
    if (ts.isAwaitExpression(c) || ts.isYieldExpression(c)) found = true;
  });
  return found;
}

/** `rows`, `this.rows`, `batch.rows`: evaluating it twice gives the same array. */
function isPlainReference(e: ts.Expression): boolean {
  const u = unwrap(e);
  if (ts.isIdentifier(u) || u.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(u) && !u.questionDotToken && isPlainReference(u.expression);
}

/** The first write with `joinedExpr` as its data, re-indented from the write's line to `indent`. */
function finalWrite(file: FileFacts, w: WriteCall, joinedExpr: string, indent: string): string | undefined {
  const { sf, text } = file;
  const out = text.slice(w.expr.getStart(sf), w.data.getStart(sf)) + joinedExpr + text.slice(w.data.getEnd(), w.expr.getEnd());
  if (!/[\r\n]/.test(out)) return out;
  if (!canReindent(sf, w.expr)) return undefined;
  const from = lineIndentAt(text, w.expr.getStart(sf));
  if (!from.startsWith(indent)) return out;
  const extra = from.length - indent.length;
  return out.replace(/(\r\n|\n|\r)([ \t]*)/g, (_, eol: string, ws: string) => eol + ws.slice(Math.min(extra, ws.length)));
}

function joined(file: FileFacts, name: string, pieces: JoinOptions["pieces"]): string {
  return pieces === "buffer" ? `Buffer.concat(${name})` : `${name}.join(${quotes(file)})`;
}

/** Comments inside a write call outside its data: the push that replaces it would drop them. */
function hasStrayComments(file: FileFacts, w: WriteCall): boolean {
  return commentsOutside(file.text, w.expr.getStart(file.sf), w.expr.getEnd(), [spanOf(file.sf, w.data)]).length > 0;
}

/** Every piece ends in a line break: the collected array holds lines. */
function isLineLike(site: WriteSite): boolean {
  return site.writes.every((w) => {
    const d = unwrap(w.data);
    const last = ts.isBinaryExpression(d) && d.operatorToken.kind === ts.SyntaxKind.PlusToken ? unwrap(d.right) : d;
    if (ts.isStringLiteral(last) || ts.isNoSubstitutionTemplateLiteral(last)) return last.text.endsWith("\n");
    if (ts.isTemplateExpression(last)) return last.templateSpans[last.templateSpans.length - 1].literal.text.endsWith("\n");
    return false;
  });
}

/** The first candidate that nothing in `scope` spells or sees declared. */
function freeName(file: FileFacts, scope: ts.Node, candidates: string[]): string | undefined {
  const names = file.get(NameIndex);
  return candidates.find((c) => names.isFree(c, scope));
}

/** Where a `const` before `stmt` is declared: its block, or the whole switch for a case clause. */
function declarationScope(stmt: ts.Statement): ts.Node {
  const list = stmt.parent;
  return ts.isCaseClause(list) || ts.isDefaultClause(list) ? list.parent : list;
}

/**
 * An edit that changes nothing but makes two fixes declaring in one scope conflict, so they apply
 * in separate passes and the second sees the first one's name: the scope's `{`, or the file's start.
 */
function claim(sf: ts.SourceFile, scope: ts.Node): TextEdit {
  if (ts.isSourceFile(scope)) return { start: 0, end: 0, text: "" };
  const open = scope.getStart(sf);
  return { start: open, end: open + 1, text: sf.text[open] };
}

/** `;` when the code being replaced ends its statements with one. */
function semicolon(file: FileFacts, site: WriteSite): string {
  const stmt = site.writes[0].statement ?? site.statement;
  return stmt.getText(file.sf).endsWith(";") ? ";" : "";
}

/** The file's string quote, from its first string literal. */
export function quotes(file: FileFacts): string {
  let q: string | undefined;
  walk(file.sf, (n) => {
    if (q) return false;
    if (ts.isStringLiteral(n)) q = n.getText(file.sf)[0];
  });
  return (q ?? '"').repeat(2);
}

/** Where a statement starts including the comments on the lines just above it (directives stay attached). */
function startWithOwnComments(text: string, stmt: ts.Statement): number {
  if (!isStatementList(stmt.parent)) return stmt.getStart();
  const ranges = ts.getLeadingCommentRanges(text, stmt.pos);
  return ranges?.length ? ranges[0].pos : stmt.getStart();
}

/** After the comments that follow `end` on its own line. */
function endWithTrailingComments(text: string, end: number): number {
  const ranges = ts.getTrailingCommentRanges(text, end);
  return ranges?.length ? ranges[ranges.length - 1].end : end;
}

function slice(file: FileFacts, n: ts.Node): string {
  return file.text.slice(n.getStart(file.sf), n.getEnd());
}

export function isTypeScript(path: string): boolean {
  return /\.[cm]?tsx?$/i.test(path);
}
