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

/** Parses with parent pointers; throws ParseError with a located message when the text has syntax errors. */
export function parseSource(path: string, text: string): ts.SourceFile {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const error = syntaxError(sf);
  if (error) throw new ParseError(error);
  return sf;
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
