/**
 * TypeScript to JavaScript by erasing types, for code a fix moves into a `.mjs` worker module (the
 * worker thread loads plain JavaScript: a TypeScript loader on the main thread does not follow it
 * there). Only erasable syntax: annotations, `as` / `satisfies` / `!`, type parameters and
 * arguments, interfaces and type aliases, overload signatures. Everything else (enums, namespaces,
 * parameter properties, decorators, `<T>x` casts) gets undefined: the fix is not offered. The text
 * outside what is erased stays byte for byte.
 */
import { ts } from "ts-morph";
import type { TextEdit } from "../types";
import { applyEdits } from "./text-edits";

export function eraseTypes(text: string): string | undefined {
  const sf = ts.createSourceFile("erase.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  if ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length) return undefined;
  const edits: TextEdit[] = [];
  let ok = true;
  const cut = (start: number, end: number): void => {
    edits.push({ start, end, text: "" });
  };
  /** Removes `: T` (the colon found before the type) and, with it, a `?` or `!` before the colon. */
  const cutAnnotation = (type: ts.TypeNode, mark?: ts.Node) => {
    let colon = type.getStart(sf) - 1;
    while (colon > 0 && /\s/.test(text[colon])) colon--;
    if (text[colon] !== ":") return void (ok = false);
    cut(mark ? mark.getStart(sf) : colon, type.getEnd());
  };
  /** Removes `<…>` around a list of type parameters or arguments. */
  const cutAngles = (list: ts.NodeArray<ts.Node>) => {
    const open = text.lastIndexOf("<", list.pos);
    const close = text.indexOf(">", list.end);
    if (open < 0 || close < 0) return void (ok = false);
    cut(open, close + 1);
  };
  const removeStatement = (n: ts.Node): void => cut(n.getFullStart(), n.getEnd());

  const visit = (n: ts.Node): void => {
    if (!ok) return;
    switch (n.kind) {
      case ts.SyntaxKind.InterfaceDeclaration:
      case ts.SyntaxKind.TypeAliasDeclaration:
        return removeStatement(n);
      case ts.SyntaxKind.EnumDeclaration:
      case ts.SyntaxKind.ModuleDeclaration:
      case ts.SyntaxKind.Decorator:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.ImportEqualsDeclaration:
      case ts.SyntaxKind.ExportAssignment:
        ok = false;
        return;
      case ts.SyntaxKind.FunctionDeclaration:
        if (!(n as ts.FunctionDeclaration).body) return removeStatement(n);
        break;
      case ts.SyntaxKind.ImportDeclaration:
        if ((n as ts.ImportDeclaration).importClause?.isTypeOnly) return removeStatement(n);
        break;
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression: {
        const e = n as ts.AsExpression | ts.SatisfiesExpression;
        cut(e.expression.getEnd(), e.getEnd());
        return visit(e.expression);
      }
      case ts.SyntaxKind.NonNullExpression: {
        const e = n as ts.NonNullExpression;
        cut(e.expression.getEnd(), e.getEnd());
        return visit(e.expression);
      }
    }
    if (ts.canHaveModifiers(n)) {
      for (const m of ts.getModifiers(n) ?? []) {
        if (m.kind === ts.SyntaxKind.DeclareKeyword) return removeStatement(n);
        if (isTypeScriptModifier(m.kind)) {
          ok = false;
          return;
        }
      }
    }
    if (ts.isParameter(n)) {
      if (ts.isIdentifier(n.name) && n.name.text === "this") {
        ok = false;
        return;
      }
      if (n.type) cutAnnotation(n.type, n.questionToken);
      else if (n.questionToken) cut(n.questionToken.getStart(sf), n.questionToken.getEnd());
    } else if (ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n)) {
      const mark = n.exclamationToken ?? (ts.isPropertyDeclaration(n) ? n.questionToken : undefined);
      if (n.type) cutAnnotation(n.type, mark);
      else if (mark) cut(mark.getStart(sf), mark.getEnd());
    } else if (ts.isFunctionLike(n) && n.type) {
      cutAnnotation(n.type);
    }
    if ((ts.isFunctionLike(n) || ts.isClassLike(n)) && n.typeParameters) cutAngles(n.typeParameters);
    if ((ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isExpressionWithTypeArguments(n) || ts.isTaggedTemplateExpression(n)) && n.typeArguments) cutAngles(n.typeArguments);
    if (ts.isClassLike(n) && n.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ImplementsKeyword)) ok = false;
    if (ts.isFunctionLike(n) && n.type) {
      // The return type was cut; only the value-level parts of the signature remain to visit.
      for (const p of n.parameters) visit(p);
      if ("body" in n && n.body) visit(n.body as ts.Node);
      return;
    }
    if (ts.isTypeNode(n)) return;
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  if (!ok) return undefined;
  const out = applyEdits(text, edits);
  return hasTypeScriptSyntax(out) ? undefined : out;
}

function isTypeScriptModifier(k: ts.SyntaxKind): boolean {
  return k === ts.SyntaxKind.PublicKeyword || k === ts.SyntaxKind.PrivateKeyword || k === ts.SyntaxKind.ProtectedKeyword || k === ts.SyntaxKind.ReadonlyKeyword || k === ts.SyntaxKind.AbstractKeyword || k === ts.SyntaxKind.OverrideKeyword;
}

/** A second look at the result: any type node or TypeScript-only expression left means the erasure missed something. */
function hasTypeScriptSyntax(text: string): boolean {
  const sf = ts.createSourceFile("erased.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  if ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length) return true;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) found = true;
    else if (ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) found = true;
    else if ((ts.isParameter(n) && n.questionToken) || (ts.isVariableDeclaration(n) && n.exclamationToken)) found = true;
    else n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}
