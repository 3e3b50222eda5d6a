/**
 * Code actions for the findings under the cursor: each fix as a quick fix carrying its versioned
 * WorkspaceEdit (the first preferred), "Ignore <rule> on this line", "Ignore <rule> in this file",
 * "Show documentation for <rule>"; and `source.fixAll.looplens` for the whole file.
 */
import { ts } from "ts-morph";
import { CodeActionKind, type CodeAction, type CodeActionParams } from "vscode-languageserver/node";
import type { RuleId } from "../engine/types";
import type { DocumentAnalysis } from "./analysis";
import { ignoreFileEdit, ignoreLineEdit } from "./ignore-comments";
import { toDiagnostic } from "./lsp-findings";
import { rangesTouch } from "./positions";
import type { Services } from "./services";
import { fixAllEdit, fixEdit, workspaceEdit } from "./workspace-edits";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.looplens`;
export const OPEN_RULE_DOCS = "looplens.openRuleDocs";

export async function codeActions(s: Services, params: CodeActionParams): Promise<CodeAction[]> {
  const doc = s.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const analysis = await s.diagnostics.current(doc);
  if (!analysis?.parsed || !analysis.findings.length) return [];
  const only = params.context.only;
  const asked = (kind: string) => only?.some((o) => kind === o || kind.startsWith(o + ".")) ?? false;
  const actions: CodeAction[] = [];
  if (!only || asked(CodeActionKind.QuickFix)) actions.push(...quickFixes(s, analysis, params));
  // Source actions only when asked for (save actions, the "Source Action…" menu), as editors expect.
  if (asked(FIX_ALL_KIND)) {
    const edit = fixAllEdit(analysis, s.edits);
    if (edit) actions.push({ title: "Fix all LoopLens problems in this file", kind: FIX_ALL_KIND, edit });
  }
  return actions;
}

function quickFixes(s: Services, analysis: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const out: CodeAction[] = [];
  const ignored = new Set<string>();
  const tree = s.analyses.tree(analysis.uri, analysis.version);
  const insideLiteral = (offset: number) => (tree ? literalAt(tree, offset) : true);
  for (const f of analysis.findings) {
    const diagnostic = toDiagnostic(f, analysis.text);
    if (!rangesTouch(diagnostic.range, params.range)) continue;
    analysis.fixes(f).forEach((fix, i) => {
      const edit = fixEdit(analysis, fix, s.edits);
      if (edit) out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0, edit });
    });
    const line = ignoreLineEdit(analysis.text, f.rule, f.range.start.line, insideLiteral);
    const lineKey = `${f.rule}@${f.range.start.line}`;
    if (line && !ignored.has(lineKey)) {
      ignored.add(lineKey);
      out.push(suppression(analysis, s, `Ignore ${f.rule} on this line`, [line], diagnostic));
    }
    if (!ignored.has(f.rule)) {
      ignored.add(f.rule);
      out.push(suppression(analysis, s, `Ignore ${f.rule} in this file`, [ignoreFileEdit(analysis.text, f.rule)], diagnostic));
      out.push(docsAction(f.rule, diagnostic));
    }
  }
  return out;
}

function suppression(analysis: DocumentAnalysis, s: Services, title: string, edits: Parameters<typeof workspaceEdit>[1], diagnostic: ReturnType<typeof toDiagnostic>): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(analysis, edits, [], s.edits) };
}

function docsAction(rule: RuleId, diagnostic: ReturnType<typeof toDiagnostic>): CodeAction {
  const title = `Show documentation for ${rule}`;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: OPEN_RULE_DOCS, arguments: [rule] } };
}

const LITERALS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
  ts.SyntaxKind.TemplateMiddle,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.JsxText,
]);

/** True when `offset` falls inside a string, template or JSX text (after its first character). */
function literalAt(sf: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = sf;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (c) => (c.pos <= offset && offset < c.end ? c : undefined));
    if (!child) return false;
    if (LITERALS.has(child.kind) && child.getStart(sf) < offset) return true;
    node = child;
  }
}
