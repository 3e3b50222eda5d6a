/**
 * The fix registry: rule id → the builder of that rule's fixes. A builder is pure: it reads the
 * analysed file and the rule's finding, re-derives what it needs from the syntax, and returns text
 * edits (never touching the tree). It returns no fix when it cannot rewrite the code safely; the
 * finding and its advice stay.
 */
import type { FileFacts } from "../facts/file-facts";
import type { Fix, FixInfo, LoopLensConfig, RawFinding, RuleId } from "../types";
import { bufferedWriteFixes } from "./buffered-write";
import { cpuHeavyLoopFixes } from "./cpu-heavy-loop";
import { boundedMapFixes } from "./bounded-map";
import { asyncIoFixes } from "./async-io";
import { promiseAllFixes } from "./promise-all";

/** The fixes for one finding, preferred first. */
export type FixBuilder = (file: FileFacts, finding: RawFinding, config: LoopLensConfig) => Fix[];

export const FIX_BUILDERS: Readonly<Partial<Record<RuleId, FixBuilder>>> = {
  "sequential-await": promiseAllFixes,
  "sync-io": asyncIoFixes,
  "await-in-loop": boundedMapFixes,
  "unbuffered-write": bufferedWriteFixes,
  "cpu-heavy-loop": cpuHeavyLoopFixes,
};

/**
 * The fixes a finding offers: the builder's, with their edits when `withEdits` (fix command, code
 * actions), else as titles only (reports), followed by any advice-only titles the rule gave itself.
 * A builder that throws costs that finding its fixes, never the finding: `onError` hears why.
 */
export function findingFixes(rule: RuleId, file: FileFacts, finding: RawFinding, config: LoopLensConfig, withEdits: true, onError: (message: string) => void): Fix[];
export function findingFixes(rule: RuleId, file: FileFacts, finding: RawFinding, config: LoopLensConfig, withEdits: boolean, onError: (message: string) => void): FixInfo[];
export function findingFixes(
  rule: RuleId,
  file: FileFacts,
  finding: RawFinding,
  config: LoopLensConfig,
  withEdits: boolean,
  onError: (message: string) => void,
): FixInfo[] {
  const builder = FIX_BUILDERS[rule];
  let built: Fix[] = [];
  if (builder) {
    try {
      built = builder(file, finding, config).filter((f) => f.edits.length > 0);
    } catch (e) {
      onError(`fix for ${rule} failed: ${(e as Error)?.message ?? String(e)}`);
    }
  }
  if (withEdits) return built;
  return [...built.map((f) => ({ title: f.title, safe: f.safe })), ...(finding.fixes ?? [])];
}
