/**
 * Open documents (incremental sync through vscode-languageserver's TextDocuments) and the path the
 * engine sees for each: the file's own path, or for an unsaved buffer a made-up one whose extension
 * follows the language id, so the parser reads TSX as TSX.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TextDocuments } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { isSourceFile } from "../engine/parse";

const EXTENSION_OF_LANGUAGE: Record<string, string> = {
  javascript: ".js",
  javascriptreact: ".jsx",
  typescript: ".ts",
  typescriptreact: ".tsx",
};

export function createDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments(TextDocument);
}

/** The file system path of a `file:` URI, else undefined. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The path the engine analyses a document under, or undefined when LoopLens has nothing to say
 * about it (another language, a declaration file).
 */
export function analysisPath(doc: TextDocument): string | undefined {
  const ext = EXTENSION_OF_LANGUAGE[doc.languageId];
  const path = filePath(doc.uri);
  if (path !== undefined) {
    if (isSourceFile(path)) return path;
    if (/\.d\.[cm]?ts$/i.test(path) || ext === undefined) return undefined;
    // A script without a known extension (`bin/tool` with a node shebang), read as its language.
    return path + ext;
  }
  if (ext === undefined) return undefined;
  // Untitled buffers have no folder: no project settings, no dependencies.
  const name = decodeURIComponent(doc.uri.replace(/^[a-z][\w+.-]*:/i, "").replace(/[/\\?#:]+/g, "_")) || "untitled";
  return join("/", "untitled", isSourceFile(name) ? name : name + ext);
}
