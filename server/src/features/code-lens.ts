/**
 * One lens above each finding: what is wrong and what the change gains, in a few words. Clicking it
 * applies the preferred fix (`looplens.applyFix`, run on the server against the version the lens
 * was made for); a finding without a fix opens its rule's documentation instead. While the file is
 * mid-edit and does not parse, the last lenses stay (their fixes then refuse to apply), so the code
 * does not jump up and down as lenses come and go with each keystroke.
 */
import type { CodeLens, CodeLensParams, Range } from "vscode-languageserver/node";
import type { Finding, RuleId } from "../engine/types";
import { OPEN_RULE_DOCS } from "./code-actions";
import type { Services } from "./services";

export const APPLY_FIX = "looplens.applyFix";

/** The argument of `looplens.applyFix`. */
export interface ApplyFixArgs {
  uri: string;
  version: number;
  rule: RuleId;
  /** The finding's range (as its diagnostic has it). */
  range: Range;
  fixIndex: number;
}

export async function codeLenses(s: Services, params: CodeLensParams): Promise<CodeLens[]> {
  const doc = s.documents.get(params.textDocument.uri);
  if (!doc) return [];
  const current = await s.diagnostics.current(doc);
  const analysis = current?.parsed ? current : s.analyses.lastParsed(doc.uri);
  if (!analysis || !analysis.settings.enable || !analysis.settings.codeLens) return [];
  return analysis.findings.map((f) => {
    const range = analysis.text.range(f.range);
    const title = lensTitle(f);
    const fix = analysis.fixes(f)[0];
    const applicable = fix && (!fix.newFiles?.length || s.edits.createFiles);
    const args: ApplyFixArgs = { uri: analysis.uri, version: analysis.version, rule: f.rule, range, fixIndex: 0 };
    return {
      range: { start: range.start, end: range.start },
      command: applicable ? { title, command: APPLY_FIX, arguments: [args] } : { title, command: OPEN_RULE_DOCS, arguments: [f.rule] },
    };
  });
}

/** The rule's own lens advice; otherwise the message up to its advice ("— use …"). */
export function lensTitle(f: Finding): string {
  if (f.lens) return f.lens;
  const cut = f.message.indexOf(" — ");
  return cut > 0 ? f.message.slice(0, cut) : f.message;
}
