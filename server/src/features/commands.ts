/**
 * Server commands: `looplens.applyFix` (a code lens click) and `looplens.openRuleDocs`. A fix made
 * for one version of a document is never applied to another: the edit goes out only when the
 * document is still at the version the lens showed, and names that version, so the client refuses
 * it too if the user typed in between.
 */
import { MessageType, ShowMessageNotification, type ExecuteCommandParams } from "vscode-languageserver/node";
import { RULE_IDS, type RuleId } from "../engine/types";
import { OPEN_RULE_DOCS } from "./code-actions";
import { APPLY_FIX, type ApplyFixArgs } from "./code-lens";
import { sameRange } from "./positions";
import { ruleDocsUri } from "./rule-docs";
import type { Services } from "./services";
import { fixEdit } from "./workspace-edits";

export const COMMANDS = [APPLY_FIX, OPEN_RULE_DOCS];

export async function executeCommand(s: Services, params: ExecuteCommandParams): Promise<void> {
  const arg: unknown = params.arguments?.[0];
  if (params.command === APPLY_FIX && isApplyFixArgs(arg)) return applyFix(s, arg);
  if (params.command === OPEN_RULE_DOCS && typeof arg === "string" && (RULE_IDS as readonly string[]).includes(arg)) return openRuleDocs(s, arg as RuleId);
  s.log.error(`LoopLens: unknown command or arguments: ${params.command} ${JSON.stringify(params.arguments ?? [])}`);
}

async function applyFix(s: Services, args: ApplyFixArgs): Promise<void> {
  const doc = s.documents.get(args.uri);
  if (!doc || doc.version !== args.version) {
    return tell(s, "LoopLens: the file changed since this fix was offered, so it was not applied. Use the updated lens or quick fix.");
  }
  const analysis = s.analyses.at(args.uri, args.version) ?? (await s.diagnostics.current(doc));
  const finding = analysis?.findings.find((f) => f.rule === args.rule && sameRange(analysis.text.range(f.range), args.range));
  const fix = analysis && finding && analysis.fixes(finding)[args.fixIndex];
  const edit = analysis && fix && fixEdit(analysis, fix, s.edits);
  if (!edit) return tell(s, `LoopLens: this ${args.rule} fix no longer applies to the file as it is now.`);
  const result = await s.connection.workspace.applyEdit({ label: fix.title, edit });
  if (!result.applied) s.log.error(`LoopLens: the editor did not apply "${fix.title}"${result.failureReason ? `: ${result.failureReason}` : ""}`);
}

async function openRuleDocs(s: Services, rule: RuleId): Promise<void> {
  const uri = ruleDocsUri(rule);
  if (s.capabilities.window?.showDocument?.support) {
    const shown = await s.connection.window.showDocument({ uri, external: false });
    if (shown.success) return;
  }
  tell(s, `LoopLens: the documentation of ${rule} is at ${uri}`, MessageType.Info);
}

function tell(s: Services, message: string, type: MessageType = MessageType.Error): void {
  void s.connection.sendNotification(ShowMessageNotification.type, { type, message });
}

function isApplyFixArgs(v: unknown): v is ApplyFixArgs {
  if (typeof v !== "object" || v === null) return false;
  const a = v as Record<string, unknown>;
  return typeof a.uri === "string" && typeof a.version === "number" && typeof a.rule === "string" && typeof a.fixIndex === "number" && typeof a.range === "object" && a.range !== null;
}
