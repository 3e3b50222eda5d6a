/**
 * What names say about values, where syntax alone cannot tell: a plural noun is a list, `columns`
 * or `roles` a handful of options, `text` or `source` a string. Also the short labels messages use.
 */
import { ts } from "ts-morph";
import { unwrap } from "../../ast";

/** Words whose plural names a collection of strings or bytes rather than an array of items. */
const NOT_PLURAL = new Set(["status", "address", "alias", "canvas", "news", "series", "contents", "chars", "bytes", "this", "class", "process", "access", "success", "bus", "gas", "os", "ms", "ns", "us", "js", "ts", "css"]);

/** Last words of names that hold text: `.includes` on them is a substring search. */
export const STRINGISH_WORDS = new Set([
  "text", "str", "string", "s", "body", "content", "contents", "html", "xml", "json", "csv", "line", "message", "msg", "name", "title",
  "description", "desc", "query", "q", "url", "uri", "href", "path", "pathname", "input", "output", "source", "src", "code", "haystack",
  "label", "header", "cookie", "host", "hostname", "domain", "email", "filename", "file", "ext", "mime", "type", "agent", "ua", "raw",
  "log", "stdout", "stderr", "buffer", "buf", "data", "chunk", "payload", "comment", "note", "sql", "template", "pattern", "prefix",
  "suffix", "search", "term", "word", "token", "value", "slug", "sentence", "paragraph", "doc", "markdown", "md", "subject", "address",
]);

/** Limits named after an image's size: a loop up to one runs once per row or column. */
export const DIMENSION_WORDS = new Set(["width", "height"]);

/** `width`, `imgHeight`, `MAX_WIDTH`: a name whose last word is an image dimension (lastWord() without its cost). */
export function isDimensionName(name: string): boolean {
  return /(?:^|[_$-])(?:width|height)$/i.test(name) || /[a-z0-9](?:Width|Height)$/.test(name);
}

/** Collections whose name says they are small sets of options rather than data. */
const SMALL_BY_NAME = new Set([
  "column", "columns", "fields", "headers", "roles", "permissions", "scopes", "types", "kinds", "extensions", "exts", "formats",
  "modes", "flags", "options", "opts", "statuses", "states", "levels", "locales", "languages", "langs", "currencies", "countries",
  "weekdays", "units", "sizes", "colors", "colours", "steps", "stages", "phases", "plugins", "middlewares",
  "validators", "providers", "strategies", "operators", "methods", "verbs", "protocols", "schemes", "seps", "separators", "delimiters",
]);

/** Last words of names that hold text or a sequence of characters / code points. */
const TEXT_WORDS = new Set(["text", "str", "string", "source", "src", "input", "glob", "pattern", "range", "line", "chars", "code", "body", "html", "template", "expr", "expression", "query", "path"]);

/** Last word of a camelCase / snake_case name, lower-cased: "allowedUserIds" → "ids". */
export function lastWord(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[\s_$-]+/).filter(Boolean);
  return (words[words.length - 1] ?? name).toLowerCase();
}

/** A plural noun, which in real code names an array far more often than a string. */
export function isPluralName(name: string): boolean {
  const w = lastWord(name);
  if (w === "ids" || w === "list" || w === "array" || w === "arr" || w === "items") return true;
  if (/list|array/i.test(name)) return true;
  if (NOT_PLURAL.has(w)) return false;
  return w.length > 2 && /[a-z]s$/.test(w) && !/(ss|us|is|ics|sis|as)$/.test(w);
}

/** The name a collection goes by: `cfg.columns` → "columns", `Object.keys(fields)` → "fields". */
export function collectionName(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = unwrap(callee.expression);
      if (ts.isIdentifier(owner) && owner.text === "Object" && e.arguments[0]) return collectionName(e.arguments[0]);
      return collectionName(callee.expression);
    }
  }
  return undefined;
}

/** A collection named like a handful of options (`columns`, `roles`), or spread only from such. */
export function looksSmall(expr: ts.Expression | undefined): boolean {
  const e = expr && unwrap(expr);
  // [...SEPARATORS, undefined]: as small as what it spreads.
  if (e && ts.isArrayLiteralExpression(e) && e.elements.some(ts.isSpreadElement)) return e.elements.every((el) => !ts.isSpreadElement(el) || looksSmall(el.expression));
  const name = expr && collectionName(expr);
  return !!name && SMALL_BY_NAME.has(lastWord(name));
}

/** A name that says text (`source`, `line`, `glob`): nested loops over it are parsing, not pairing items. */
export function hasTextName(expr: ts.Expression): boolean {
  const name = collectionName(expr);
  return !!name && TEXT_WORDS.has(lastWord(name));
}

/** Source text for messages, on one line and short. */
export function labelOf(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, " ").replace(/\?\./g, ".").replace(/!(?=\.)/g, "");
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}

export function bigO(outer: string, inner: string): string {
  return outer === inner ? `O(${outer}²)` : `O(${outer} × ${inner})`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
