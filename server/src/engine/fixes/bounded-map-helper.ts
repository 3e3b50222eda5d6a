/**
 * What a bounded map needs at the top of the file: the inline `mapConcurrent` helper (added once,
 * reused by every later fix in the file), or an import of p-map / p-limit. Placed after the
 * imports and directives, in the file's line endings, indentation and semicolon style.
 */
import { extname } from "node:path";
import { ts } from "ts-morph";
import { unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";
import { NameIndex } from "./free-names";
import { eolAt } from "./layout";

export const HELPER_NAME = "mapConcurrent";

/** The helper's lines as [depth, text]; `$` stands for its name. Runs at most `limit` calls, keeps order, stops starting new ones after a failure. */
const HELPER_TS: [number, string][] = [
  [0, "/** Calls fn for each item, at most `limit` at a time; results keep the items' order, and the first failure rejects (as with Promise.all). */"],
  [0, "async function $<T, R>(items: Iterable<T> | ArrayLike<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {"],
  [1, "const list = Array.from(items);"],
  [1, "const results = new Array<R>(list.length);"],
  [1, "let next = 0;"],
  [1, "let failed = false;"],
  [1, "const worker = async (): Promise<void> => {"],
  [2, "while (!failed && next < list.length) {"],
  [3, "const i = next++;"],
  [3, "try {"],
  [4, "results[i] = await fn(list[i], i);"],
  [3, "} catch (error) {"],
  [4, "failed = true;"],
  [4, "throw error;"],
  [3, "}"],
  [2, "}"],
  [1, "};"],
  [1, "await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));"],
  [1, "return results;"],
  [0, "}"],
];

const HELPER_JS: [number, string][] = HELPER_TS.map(([depth, line]) => [
  depth,
  line
    .replace("<T, R>(items: Iterable<T> | ArrayLike<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]>", "(items, limit, fn)")
    .replace("new Array<R>(", "new Array(")
    .replace("async (): Promise<void> =>", "async () =>"),
]);

export function isTypeScript(path: string): boolean {
  return /^\.[cm]?tsx?$/.test(extname(path).toLowerCase());
}

/** The file's statements end in semicolons (the usual case), judged from the statements that could. */
export function usesSemicolons(file: FileFacts): boolean {
  let with_ = 0;
  let without = 0;
  for (const s of file.sf.statements.slice(0, 50)) {
    if (!(ts.isVariableStatement(s) || ts.isExpressionStatement(s) || ts.isImportDeclaration(s))) continue;
    if (s.getText(file.sf).endsWith(";")) with_++;
    else without++;
  }
  return without === 0 || with_ >= without;
}

/** The helper's text in the file's style. */
export function helperText(file: FileFacts, name: string, eol: string, unit: string): string {
  const lines = isTypeScript(file.path) ? HELPER_TS : HELPER_JS;
  const semi = usesSemicolons(file);
  return lines
    .map(([depth, line]) => {
      const l = line.replace("$", name);
      return unit.repeat(depth) + (semi || l.startsWith("/**") ? l : l.replace(/;$/, ""));
    })
    .join(eol);
}

const normalise = (s: string) => s.replace(/\s+|;/g, "").replace(/,(?=[)\]}])/g, "");

/** The name of a helper this fix added before (top level, the same code whatever its layout), if any. */
export function existingHelper(file: FileFacts): ts.FunctionDeclaration | undefined {
  const forms = [HELPER_TS, HELPER_JS].map((lines) => normalise(lines.slice(1).map(([, l]) => l).join("\n")));
  for (const s of file.sf.statements) {
    if (!ts.isFunctionDeclaration(s) || !s.name || !s.body || s.modifiers?.some((m) => m.kind !== ts.SyntaxKind.AsyncKeyword)) continue;
    const own = normalise(s.getText(file.sf).replace(s.name.text, "$"));
    if (forms.includes(own)) return s;
  }
  return undefined;
}

/** How the file loads modules: ESM when it imports/exports (or is .mjs/.mts), CommonJS when .cjs/.cts or it requires. */
export function moduleKind(file: FileFacts): "esm" | "cjs" | "unknown" {
  const ext = extname(file.path).toLowerCase();
  if (ext === ".mjs" || ext === ".mts") return "esm";
  if (ext === ".cjs" || ext === ".cts") return "cjs";
  for (const s of file.sf.statements) {
    if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s)) return "esm";
    if (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return "esm";
  }
  return /\brequire\s*\(/.test(file.text) ? "cjs" : "unknown";
}

/** The local name the file already gives a package's default export (`import pMap from "p-map"`, `const pMap = require("p-map")`). */
export function defaultImportOf(file: FileFacts, pkg: string): string | undefined {
  for (const s of file.sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === pkg && !s.importClause?.isTypeOnly) {
      const name = s.importClause?.name;
      if (name) return name.text;
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && requiredModule(d.initializer) === pkg && ts.isCallExpression(unwrap(d.initializer))) return d.name.text;
      }
    }
  }
  return undefined;
}

/** `require("x")`, `require("x").y`, `require("x")(…)`: the module "x". */
function requiredModule(e: ts.Expression): string | undefined {
  let x = unwrap(e);
  while (ts.isPropertyAccessExpression(x) || (ts.isCallExpression(x) && !isRequire(x))) x = unwrap(x.expression);
  return ts.isCallExpression(x) && isRequire(x) && ts.isStringLiteral(x.arguments[0]) ? x.arguments[0].text : undefined;
}

function isRequire(c: ts.CallExpression): boolean {
  return ts.isIdentifier(c.expression) && c.expression.text === "require" && c.arguments.length === 1;
}

/** The quote the file's imports use. */
export function quoteOf(file: FileFacts): string {
  for (const s of file.sf.statements) {
    if (ts.isImportDeclaration(s)) return s.moduleSpecifier.getText(file.sf)[0] === "'" ? "'" : '"';
    const m = /\brequire\(\s*(['"])/.exec(s.getText(file.sf));
    if (m) return m[1];
  }
  return '"';
}

/** `import pMap from "p-map";` for an ESM file, under a name free in the whole file; undefined when it cannot be added. */
export function addedDefaultImport(file: FileFacts, pkg: string, base: string): { name: string; edit: TextEdit } | undefined {
  if (moduleKind(file) !== "esm") return undefined;
  const names = file.get(NameIndex);
  if (!names.isFree(base, file.sf)) return undefined;
  const q = quoteOf(file);
  const semi = usesSemicolons(file) ? ";" : "";
  return { name: base, edit: topInsertion(file, `import ${base} from ${q}${pkg}${q}${semi}`, "import") };
}

/** A helper or import goes after the file's leading imports, requires and directives, or before its first statement. */
export function topInsertion(file: FileFacts, block: string, kind: "import" | "declaration"): TextEdit {
  const sf = file.sf;
  const text = sf.text;
  const eol = eolAt(text, 0);
  let anchor: ts.Statement | undefined;
  for (const s of sf.statements) {
    if (isDirective(s) || ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s) || isRequireStatement(s)) anchor = s;
    else break;
  }
  const gap = kind === "declaration" ? eol : "";
  if (anchor) {
    const lineEnd = text.indexOf("\n", anchor.getEnd());
    if (lineEnd < 0) return { start: text.length, end: text.length, text: eol + gap + block };
    const next = lineEnd + 1;
    const nextBlank = /^[ \t]*(\r?\n|$)/.test(text.slice(next, next + 200));
    return { start: next, end: next, text: gap + block + eol + (kind === "declaration" && !nextBlank ? eol : "") };
  }
  // Above the first statement and the comments attached to it; a header comment set off by a blank line stays on top.
  const first = sf.statements[0];
  let at = first ? first.getStart(sf) : text.length;
  const shebang = text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
  for (const c of ts.getLeadingCommentRanges(text, first ? first.pos : 0) ?? []) {
    if (c.pos < shebang) continue;
    if (/\n[ \t]*\r?\n/.test(text.slice(c.end, at))) continue;
    at = Math.min(at, c.pos);
    break;
  }
  at = Math.max(shebang, text.lastIndexOf("\n", at - 1) + 1);
  return { start: at, end: at, text: block + eol + (kind === "declaration" || at < text.length ? eol : "") };
}

function isDirective(s: ts.Statement): boolean {
  return ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
}

function isRequireStatement(s: ts.Statement): boolean {
  return ts.isVariableStatement(s) && s.declarationList.declarations.every((d) => !!d.initializer && requiredModule(d.initializer) !== undefined);
}
