/**
 * The language server re-parses as the user types (`reparse`: ts.updateSourceFile from the previous
 * version's tree) and analyses that tree, building fixes on demand. It must say what a fresh parse
 * says: the same syntax verdict, the same findings, the same fixes.
 */
import { analyzeSourceFile, type AnalyzeResult } from "../../server/src/engine/analyze";
import { parseWithErrors, syntaxError } from "../../server/src/engine/parse";
import type { Fix, LoopLensConfig } from "../../server/src/engine/types";
import { reparse } from "../../server/src/features/analysis";

/**
 * `versions` are the texts the editor saw, oldest first; `fresh` is the analysis (with edits) of a
 * fresh parse of the last one, undefined when it does not parse. Returns what differs, if anything.
 */
export function incrementalProblem(path: string, versions: readonly string[], config: LoopLensConfig, fresh: AnalyzeResult | undefined): string | undefined {
  let tree = parseWithErrors(path, versions[0]);
  for (const text of versions.slice(1)) {
    if (text === tree.text) continue;
    try {
      tree = reparse(tree, text);
    } catch {
      // The server falls back to a full parse, as here.
      tree = parseWithErrors(path, text);
    }
  }
  const error = syntaxError(tree);
  if (!fresh) return error === undefined ? "the incremental parse finds no syntax error where a fresh parse does" : undefined;
  if (error !== undefined) return `the incremental parse reports ${error}; a fresh parse reports none`;

  const inc = analyzeSourceFile(path, tree, config, { deferFixes: true });
  const errors: string[] = inc.errors.map((e) => e.message);
  const key = (f: AnalyzeResult["findings"][number]) => `${f.rule} ${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.message}`;
  const got = inc.findings.map(key);
  const want = fresh.findings.map(key);
  if (got.join("\n") !== want.join("\n")) return `findings differ: incremental [${got.join("; ")}], fresh [${want.join("; ")}]`;
  for (let i = 0; i < inc.findings.length; i++) {
    const lazy = inc.fixesOf?.(inc.findings[i], (m) => errors.push(m)) ?? [];
    const eager = fresh.findings[i].fixes as Fix[];
    if (fixesKey(lazy) !== fixesKey(eager)) return `fixes of ${want[i]} differ: incremental ${fixesKey(lazy)}, fresh ${fixesKey(eager)}`;
  }
  if (errors.length) return `errors on the incremental tree: ${errors.join("; ")}`;
  return undefined;
}

function fixesKey(fixes: readonly Fix[]): string {
  return JSON.stringify(fixes.map((f) => ({ title: f.title, safe: f.safe, edits: f.edits, newFiles: f.newFiles ?? [] })));
}
