/**
 * Removing a binding a rewrite left unused, as by hand: its import specifier or destructured
 * element with its comma, `import a, { b }` down to `import a`, or the whole import or declaration
 * with its line — never an initializer that may do something (only `require` and plain names go).
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast";
import type { TextEdit } from "../types";
import { requiredModule } from "./module-bindings";

/**
 * What to delete so that the binding `id` goes: its import specifier or destructured element, or
 * the whole import / declaration when it binds nothing else. Undefined when its initializer may
 * have effects of its own (only `require` and plain names are dropped).
 */
export function removableNode(id: ts.Identifier): ts.Node | undefined {
  const p = id.parent;
  if (ts.isImportSpecifier(p)) return p.parent.elements.length > 1 ? p : removableImportPart(p.parent.parent);
  if (ts.isNamespaceImport(p)) return removableImportPart(p.parent);
  if (ts.isImportClause(p)) return p.namedBindings ? p.name : p.parent;
  if (ts.isImportEqualsDeclaration(p)) return p;
  let decl: ts.Node = p;
  if (ts.isBindingElement(p)) {
    const pattern = p.parent;
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(pattern.parent)) return undefined;
    if (pattern.elements.length > 1) return sideEffectFree(pattern.parent.initializer) ? p : undefined;
    decl = pattern.parent;
  }
  if (!ts.isVariableDeclaration(decl) || !sideEffectFree(decl.initializer)) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list)) return undefined;
  return list.declarations.length > 1 ? decl : list.parent;
}

/** `import a, { b }`: dropping all of `{ b }` leaves `import a`; with nothing else the whole import goes. */
function removableImportPart(clause: ts.ImportClause): ts.Node {
  return clause.name ? clause.namedBindings! : clause.parent;
}

function sideEffectFree(init: ts.Expression | undefined): boolean {
  if (!init) return false;
  if (requiredModule(init) !== undefined) return true;
  let e = unwrap(init);
  while (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e);
}

/** The text range that removes `node`: a list element with its comma, or a statement with its line. */
export function removal(sf: ts.SourceFile, node: ts.Node): TextEdit {
  const text = sf.text;
  const p = node.parent;
  if (ts.isImportClause(p) && p.name === node) return { start: node.getStart(sf), end: p.namedBindings!.getStart(sf), text: "" };
  if (ts.isImportClause(p)) return { start: p.name!.end, end: node.end, text: "" };
  const siblings: readonly ts.Node[] | undefined = ts.isNamedImports(p) || ts.isObjectBindingPattern(p) ? p.elements : ts.isVariableDeclarationList(p) ? p.declarations : undefined;
  if (siblings) {
    const i = siblings.indexOf(node);
    if (i < siblings.length - 1) return { start: node.getStart(sf), end: siblings[i + 1].getStart(sf), text: "" };
    return { start: siblings[i - 1].end, end: node.end, text: "" };
  }
  // A whole statement: its line too when nothing else is on it.
  let start = node.getStart(sf);
  let end = node.end;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const after = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && after) {
    start = lineStart;
    end += after[0].length;
  }
  return { start, end, text: "" };
}
