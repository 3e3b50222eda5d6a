/** A finding as an LSP diagnostic: rule id as code, its docs as codeDescription, source "looplens". */
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver/node";
import type { ActiveSeverity, Finding } from "../engine/types";
import type { AnalysedText } from "./positions";
import { ruleDocsUri } from "./rule-docs";

export const DIAGNOSTIC_SOURCE = "looplens";

const SEVERITY: Record<ActiveSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, text: AnalysedText): Diagnostic {
  return {
    range: text.range(f.range),
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.rule,
    codeDescription: { href: ruleDocsUri(f.rule) },
    message: f.message,
  };
}
