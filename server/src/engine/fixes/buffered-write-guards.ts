/**
 * Questions the joined-write fix asks before it drops the `if (chunks.length)` guard or joins
 * stream chunks: was the file certainly created before the loop, does the loop certainly write
 * at least once, and does the stream carry bytes (where chunk boundaries mean nothing) or objects.
 */
import { ts } from "ts-morph";
import { enclosingFunction, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isStatementList, type WriteSite } from "./buffered-write-site";

const FS_MODULES = new Set(["fs", "fs-extra", "graceful-fs"]);
const CREATING_WRITES = new Set(["writeFileSync", "appendFileSync", "writeFile", "appendFile"]);
/** Parameter or variable types that may be an object-mode or custom stream. */
const GENERIC_STREAM_TYPE = /\b(Writable|Duplex|Transform|PassThrough|WritableStream)\b/;
/** Factories of streams whose chunks are bytes on a wire or in a file. */
const BYTE_STREAMS: Record<string, RegExp> = {
  fs: /^createWriteStream$/,
  "fs-extra": /^createWriteStream$/,
  "graceful-fs": /^createWriteStream$/,
  zlib: /^create(Gzip|Gunzip|Deflate|DeflateRaw|Inflate|InflateRaw|Unzip|BrotliCompress|BrotliDecompress)$/,
  net: /^(connect|createConnection|Socket)$/,
  tls: /^connect$/,
};

/** A write to the same path that runs, unconditionally, before the loop in the same block: the file exists. */
export function createdBefore(file: FileFacts, site: WriteSite): boolean {
  const list = site.statement.parent;
  if (!isStatementList(list)) return false;
  const statements = (list as ts.Block).statements;
  const dest = compact(site.dest.getText(file.sf));
  let created = false;
  for (const s of statements.slice(0, statements.indexOf(site.statement))) {
    if (createsFile(file, s, dest)) created = true;
    // Anything else that names the file (an unlink, a rename) may have removed it again.
    else if (mentions(file, s, dest)) created = false;
  }
  return created;
}

function createsFile(file: FileFacts, s: ts.Statement, dest: string): boolean {
  if (!ts.isExpressionStatement(s)) return false;
  let e = unwrap(s.expression);
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (!ts.isCallExpression(e) || !e.arguments[0] || compact(e.arguments[0].getText(file.sf)) !== dest) return false;
  const ref = file.apis.callee(e);
  const name = ref?.path[ref.path.length - 1];
  return !!ref && FS_MODULES.has(ref.module) && !!name && CREATING_WRITES.has(name) && (name.endsWith("Sync") || ref.path[0] === "promises");
}

function mentions(file: FileFacts, s: ts.Statement, dest: string): boolean {
  let found = false;
  walk(s, (n) => {
    if (found) return false;
    if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) || ts.isStringLiteral(n) || ts.isCallExpression(n)) && compact(n.getText(file.sf)) === dest) found = true;
  });
  return found;
}

/**
 * A do-while, or a counted loop with literal bounds that runs, whose body writes before anything
 * can skip the write: the collected array is never empty.
 */
export function writesAtLeastOnce(site: WriteSite): boolean {
  const loop = site.loop;
  let body: ts.Statement;
  if (ts.isDoStatement(loop)) body = loop.statement;
  else if (ts.isForStatement(loop) && runsOnce(loop)) body = loop.statement;
  else return false;
  const list = ts.isBlock(body) ? body.statements : [body];
  for (const s of list) {
    if (site.writes.some((w) => w.statement === s)) return true;
    let exits = false;
    walk(s, (n) => {
      if (ts.isBreakStatement(n) || ts.isContinueStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) exits = true;
    });
    if (exits || ts.isBreakStatement(s) || ts.isContinueStatement(s)) return false;
  }
  return false;
}

/** `for (let i = 0; i < 5000; i++)`: literal bounds, at least one iteration. */
function runsOnce(loop: ts.ForStatement): boolean {
  const init = loop.initializer;
  const cond = loop.condition && unwrap(loop.condition);
  if (!init || !cond || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return false;
  const start = init.declarations[0].initializer;
  if (!start || !ts.isNumericLiteral(start) || !ts.isBinaryExpression(cond) || !ts.isNumericLiteral(cond.right)) return false;
  const op = cond.operatorToken.kind;
  const from = Number(start.text);
  const to = Number(cond.right.text);
  return (op === ts.SyntaxKind.LessThanToken && from < to) || (op === ts.SyntaxKind.LessThanEqualsToken && from <= to);
}

export interface StreamNature {
  /**
   * "bytes" for a file, socket, HTTP response, compressor or child's stdin (joining its chunks
   * changes nothing), "objects" for an object-mode stream or a custom Writable/Transform (each
   * write is one record), "unknown" for a parameter typed only as some Writable.
   */
  chunking: "bytes" | "objects" | "unknown";
  /**
   * A const of this function made by a file, socket, zlib or PassThrough factory: an empty write
   * does nothing. Elsewhere it may not: an HTTP response's sends its headers, one to a stream
   * already ended emits an error.
   */
  emptyWriteHarmless: boolean;
}

export function streamNature(file: FileFacts, site: WriteSite): StreamNature {
  if (site.kind !== "stream") return { chunking: "bytes", emptyWriteHarmless: true };
  const dest = unwrap(site.dest);
  if (!ts.isIdentifier(dest)) return { chunking: "bytes", emptyWriteHarmless: false };
  const decl = file.scopes.resolve(dest);
  const holder = decl.id?.parent;
  if (!holder || !(ts.isParameter(holder) || ts.isVariableDeclaration(holder))) return { chunking: "unknown", emptyWriteHarmless: false };
  const values: ts.Expression[] = holder.initializer ? [holder.initializer] : [];
  for (const r of file.scopes.references(decl)) {
    const p = r.parent;
    if (ts.isBinaryExpression(p) && p.left === r && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) values.push(p.right);
  }
  const origins = values.map((v) => originChunking(file, v));
  const fromFactories = origins.length > 0 && origins.every((k) => k === "bytes");
  if (origins.includes("objects")) return { chunking: "objects", emptyWriteHarmless: false };
  if (holder.type && GENERIC_STREAM_TYPE.test(holder.type.getText(file.sf))) return { chunking: "unknown", emptyWriteHarmless: false };
  if (ts.isParameter(holder)) return { chunking: "bytes", emptyWriteHarmless: false };
  const fresh = decl.kind === "const" && enclosingFunction(holder) === enclosingFunction(site.statement);
  return { chunking: fromFactories ? "bytes" : "unknown", emptyWriteHarmless: fromFactories && fresh };
}

function originChunking(file: FileFacts, value: ts.Expression): StreamNature["chunking"] {
  let e = unwrap(value);
  if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
  if (!ts.isCallExpression(e) && !ts.isNewExpression(e)) return "unknown";
  let objectMode = false;
  for (const a of e.arguments ?? []) {
    walk(a, (n) => {
      if (ts.isIdentifier(n) && /objectMode/.test(n.text)) objectMode = true;
    });
  }
  if (objectMode) return "objects";
  const ref = file.apis.callee(e);
  if (!ref || ref.path.length !== 1) return "unknown";
  if (BYTE_STREAMS[ref.module]?.test(ref.path[0])) return "bytes";
  if (ref.module === "stream") return ref.path[0] === "PassThrough" ? "bytes" : "objects";
  return "unknown";
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}
