import type { FileFacts } from "../facts/file-facts";
import type { ActiveSeverity, LoopLensConfig, RawFinding, RuleId } from "../types";

export interface RuleMeta {
  id: RuleId;
  /** One line for the rules table and the SARIF rule descriptor. */
  description: string;
  defaultSeverity: ActiveSeverity;
  fixable: boolean;
}

/** A rule: metadata and a pure detect(). It reads facts and never mutates the tree. */
export interface Rule {
  meta: RuleMeta;
  detect(file: FileFacts, config: LoopLensConfig): RawFinding[];
}
