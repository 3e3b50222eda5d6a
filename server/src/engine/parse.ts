import { extname } from "node:path";
import { ts } from "ts-morph";

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];

export function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.includes(extname(path).toLowerCase()) && !/\.d\.[cm]?ts$/i.test(path);
}

function scriptKind(path: string): ts.ScriptKind {
  switch (extname(path).toLowerCase()) {
    case ".ts":
    case ".mts":
    case ".cts":
      return ts.ScriptKind.TS;
    case ".tsx":
      return ts.ScriptKind.TSX;
    case ".jsx":
      return ts.ScriptKind.JSX;
    default:
      // Plain .js often holds JSX in React code bases; the JSX grammar parses plain JS as well.
      return ts.ScriptKind.JSX;
  }
}

export class ParseError extends Error {}

/** The first syntax error the parser recorded, located, or undefined when the file parsed cleanly. */
export function syntaxError(sf: ts.SourceFile): string | undefined {
  const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (!diags || !diags.length) return undefined;
  const d = diags[0];
  const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
  return `syntax error at ${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
}

/**
 * No rule reads JSDoc: skipping its parse saves time on heavily documented code. Syntax errors
 * are unaffected (JSDoc problems are never parse errors).
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

/**
 * Parses with parent pointers and keeps the tree even when the text has syntax errors (check with
 * syntaxError): the language server re-parses it incrementally while the user types. Throws
 * ParseError only for nesting too deep to parse.
 */
export function parseWithErrors(path: string, text: string): ts.SourceFile {
  const sf = createSourceFile(path, text);
  setParents(sf);
  return sf;
}

/** Parses with parent pointers; throws ParseError with a located message when the text has syntax errors. */
export function parseSource(path: string, text: string): ts.SourceFile {
  const sf = createSourceFile(path, text);
  setParents(sf);
  const error = syntaxError(sf);
  if (error) throw new ParseError(error);
  return sf;
}

export const TOO_DEEP_TO_PARSE = "nesting too deep to parse (more than the parser's stack allows)";

/**
 * The compiler's parser is recursive descent: some thousands of nested brackets, calls or blocks
 * exhaust the stack. That is the file's shape, not an internal failure, so it is a ParseError.
 */
function createSourceFile(path: string, text: string): ts.SourceFile {
  try {
    return ts.createSourceFile(path, text, PARSE_OPTIONS, false, scriptKind(path));
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new ParseError(TOO_DEEP_TO_PARSE);
    throw e;
  }
}

const forEachChild = ts.forEachChild;
const LAST_TOKEN = ts.SyntaxKind.LastToken;
/** As in ast.walk: recursion is cheapest, an explicit stack takes over for deeply nested code. */
const RECURSION_LIMIT = 256;

type Mutable = { parent: ts.Node; jsDoc?: ts.Node[] };

/**
 * Sets every node's `parent`, as createSourceFile(…, setParentNodes = true) would, at about a third
 * of the cost: the compiler's version allocates two arrays and a closure per node.
 */
export function setParents(root: ts.Node): void {
  let parent = root;
  let depth = 0;
  const bind = (child: ts.Node): undefined => {
    (child as unknown as Mutable).parent = parent;
    const docs = (child as unknown as Mutable).jsDoc;
    if (docs) for (const doc of docs) bindBelow(doc, child);
    if (child.kind > LAST_TOKEN) bindBelow(child, child);
  };
  // `node`'s children get `node` as parent; `doc` nodes hang off the node that owns them.
  const bindBelow = (node: ts.Node, owner: ts.Node) => {
    if (node !== owner) (node as unknown as Mutable).parent = owner;
    if (depth >= RECURSION_LIMIT) return setParentsIteratively(node);
    const saved = parent;
    parent = node;
    depth++;
    forEachChild(node, bind);
    depth--;
    parent = saved;
  };
  forEachChild(root, bind);
}

function setParentsIteratively(root: ts.Node): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node): undefined => {
    stack.push(child);
  };
  while (stack.length) {
    const node = stack.pop()!;
    const start = stack.length;
    forEachChild(node, push);
    const docs = (node as unknown as Mutable).jsDoc;
    if (docs) for (const doc of docs) stack.push(doc);
    for (let i = start; i < stack.length; i++) (stack[i] as unknown as Mutable).parent = node;
  }
}

/**
 * Decodes file bytes as source text: UTF-8 (BOM kept out of the text), falling back to Latin-1
 * for legacy files. Returns undefined for binary content.
 */
export function decodeSource(bytes: Uint8Array): string | undefined {
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

/** Below this size minified code is cheap to analyse and rarely found by accident. */
const MINIFIED_MIN_CHARS = 64 * 1024;
const MINIFIED_AVERAGE_LINE = 500;

/**
 * Describes `text` when it is minified or bundled code (long lines dense with `;{}`), else
 * undefined. Findings there cannot be acted on — the source it was built from is what to fix —
 * and fixes building their text line by line would take minutes on a one-line megabyte file. A
 * long line of data (an inlined asset) is not minified: it has no such punctuation.
 */
export function minifiedCode(text: string): string | undefined {
  if (text.length < MINIFIED_MIN_CHARS) return undefined;
  let lines = 1;
  let punctuation = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
    else if (c === 59 || c === 123 || c === 125) punctuation++;
  }
  if (text.length / lines < MINIFIED_AVERAGE_LINE || punctuation * 100 < text.length) return undefined;
  return `minified code (${Math.round(text.length / 1024)} KiB on ${lines === 1 ? "one line" : `${lines} lines`})`;
}
