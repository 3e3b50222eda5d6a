/** `// looplens-ignore-next-line [rule-id ...]` and `// looplens-ignore-file [rule-id ...]`. */
import type { RuleId } from "./types";
import { RULE_IDS } from "./types";

export interface Suppressions {
  /** Rules off for the whole file; "all" when the comment names none. */
  file: Set<RuleId> | "all" | undefined;
  /** 1-based line → rules off on that line ("all" when none named). */
  lines: Map<number, Set<RuleId> | "all">;
}

const DIRECTIVE = /(?:\/\/|\/\*)\s*looplens-ignore-(next-line|file)\b([^\n]*)/g;

function ruleList(rest: string): Set<RuleId> | "all" {
  const body = rest.replace(/\*\/.*$/, "").split(/\s--\s/)[0];
  const ids = body.split(/[\s,]+/).filter((w): w is RuleId => (RULE_IDS as readonly string[]).includes(w));
  return ids.length ? new Set(ids) : "all";
}

function merge(a: Set<RuleId> | "all" | undefined, b: Set<RuleId> | "all"): Set<RuleId> | "all" {
  if (a === "all" || b === "all") return "all";
  return a ? new Set([...a, ...b]) : b;
}

export function findSuppressions(text: string): Suppressions {
  const result: Suppressions = { file: undefined, lines: new Map() };
  if (!text.includes("looplens-ignore-")) return result;
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(DIRECTIVE)) {
    const rules = ruleList(m[2]);
    if (m[1] === "file") {
      result.file = merge(result.file, rules);
      continue;
    }
    for (let i = text.indexOf("\n", counted); i !== -1 && i < m.index!; i = text.indexOf("\n", i + 1)) {
      line++;
      counted = i + 1;
    }
    result.lines.set(line + 1, merge(result.lines.get(line + 1), rules));
  }
  return result;
}

export function isSuppressed(s: Suppressions, rule: RuleId, line: number): boolean {
  const covers = (x: Set<RuleId> | "all" | undefined) => x === "all" || (x !== undefined && x.has(rule));
  return covers(s.file) || covers(s.lines.get(line));
}
