/**
 * The latency benchmark's input: one large, realistic module made of the labelled corpora's source
 * files, each file's top-level names suffixed with the file's number so the whole still reads as
 * one module whose declarations do not collide (imports, requires, functions, classes, constants).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";

const CORPORA = ["corpus", "corpus-holdout"].map((c) => join(__dirname, "..", "fixtures", c));

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(?:ts|js|mjs|cjs)$/.test(f) && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(dir, f));
}

/** At least `minLines` lines of corpus code in one module. */
export function benchModule(minLines: number): string {
  const parts: string[] = [];
  let lines = 0;
  const files = CORPORA.flatMap(sources);
  for (let i = 0; i < files.length && lines < minLines; i++) {
    const text = uniqueNames(readFileSync(files[i], "utf8").replace(/^#!.*\n/, ""), `_${i}`);
    parts.push(`// ── ${files[i].slice(files[i].indexOf("fixtures"))}\n${text.trimEnd()}\n`);
    lines += parts[parts.length - 1].split("\n").length - 1;
  }
  if (lines < minLines) throw new Error(`the corpora hold only ${lines} lines`);
  return parts.join("\n");
}

/** Renames the file's top-level bindings to `name + suffix` wherever they are referenced. */
export function uniqueNames(text: string, suffix: string): string {
  const sf = ts.createSourceFile("m.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const names = topLevelNames(sf);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && names.has(node.text)) {
      const renamed = node.text + suffix;
      const p = node.parent;
      const shorthandBinding = ts.isBindingElement(p) && p.name === node && !p.propertyName && ts.isObjectBindingPattern(p.parent);
      if (ts.isShorthandPropertyAssignment(p) || shorthandBinding) edits.push({ start: node.getStart(sf), end: node.end, text: `${node.text}: ${renamed}` });
      else if (ts.isImportSpecifier(p) && !p.propertyName) edits.push({ start: node.getStart(sf), end: node.end, text: `${node.text} as ${renamed}` });
      else if (ts.isExportSpecifier(p) && !p.propertyName) edits.push({ start: node.getStart(sf), end: node.end, text: `${renamed} as ${node.text}` });
      else if (!isPropertyName(node)) edits.push({ start: node.getStart(sf), end: node.end, text: renamed });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function topLevelNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else for (const e of n.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) for (const e of c.namedBindings.elements) names.add(e.name.text);
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) bind(d.name);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
      names.add(s.name.text);
    } else if (ts.isImportEqualsDeclaration(s)) {
      names.add(s.name.text);
    }
  }
  return names;
}

/** A name that is a property (`x.name`, `{ name: v }`, a method, a member), not a reference. */
function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isQualifiedName(p)) return p.right === id;
  if (ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) return p.name === id;
  if (ts.isBindingElement(p)) return p.propertyName === id;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) return p.propertyName === id;
  if (ts.isJsxAttribute(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return true;
  return false;
}
