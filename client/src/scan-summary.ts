/** The one line the client shows when a workspace scan ends (pure: no vscode import, unit-tested). */
import type { ScanWorkspaceResult } from "./protocol";

export function scanSummary(r: ScanWorkspaceResult): string {
  const files = count(r.files, "file");
  const problems = r.findings === 0 ? "no problems" : count(r.findings, "problem");
  const errors = r.errors ? ` ${count(r.errors, "file")} could not be analysed.` : "";
  return r.cancelled ? `LoopLens: scan cancelled after ${files} — ${problems} so far.${errors}` : `LoopLens: ${problems} in ${files} scanned.${errors}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
