/**
 * Reads the labels written into corpus files (conventions in test/fixtures/corpus/README.md):
 *   `// expect: sync-io, unbuffered-write — note`   findings whose range starts on this line
 *   `// quiet: await-in-loop — pagination cursor`    a hard negative: this rule must stay quiet here
 *   `// expect: unbuffered-write; quiet: await-in-loop — ordered writes to one handle`
 * A marker sits in a `//` comment at the end of the line where the (expected or feared) finding starts.
 */
import { RULE_IDS, type RuleId } from "../../server/src/engine/types";

export interface ExpectedMarker {
  file: string;
  /** 1-based. */
  line: number;
  rule: RuleId;
}

export interface QuietMarker {
  file: string;
  line: number;
  /** The rules that must stay quiet on this line; empty means every rule not expected here. */
  rules: RuleId[];
  reason: string;
}

export interface LabelProblem {
  file: string;
  line: number;
  message: string;
}

export interface FileLabels {
  expected: ExpectedMarker[];
  quiet: QuietMarker[];
  problems: LabelProblem[];
}

const MARKER = /\/\/\s*((?:expect|quiet):.*)$/;
const SEGMENT_SPLIT = /;\s*(?=(?:expect|quiet):)/;
/** An em dash, or a spaced hyphen pair/hyphen, separates ids from a note (ids themselves hold hyphens). */
const NOTE_SEPARATOR = /\s+(?:—|--|-)\s+|\s*—\s*/;
const LOOKS_LIKE_ID = /^[a-z]+(?:-[a-z]+)+$/;

function isRuleId(word: string): word is RuleId {
  return (RULE_IDS as readonly string[]).includes(word);
}

function splitIds(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

export function parseLabels(file: string, text: string): FileLabels {
  const out: FileLabels = { expected: [], quiet: [], problems: [] };
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, index) => {
    const line = index + 1;
    const m = MARKER.exec(lineText);
    if (!m) return;
    const expectedHere = new Set<RuleId>();
    const quietHere: QuietMarker[] = [];
    for (const segment of m[1].split(SEGMENT_SPLIT)) {
      const colon = segment.indexOf(":");
      const kind = segment.slice(0, colon).trim();
      const body = segment.slice(colon + 1).trim();
      if (kind === "expect") {
        const ids = splitIds(body.split(NOTE_SEPARATOR)[0]);
        if (ids.length === 0) out.problems.push({ file, line, message: "`expect:` names no rule" });
        for (const id of ids) {
          if (!isRuleId(id)) {
            out.problems.push({ file, line, message: `unknown rule id "${id}" in expect marker (known: ${RULE_IDS.join(", ")})` });
            continue;
          }
          expectedHere.add(id);
          out.expected.push({ file, line, rule: id });
        }
      } else {
        const [head, ...rest] = body.split(NOTE_SEPARATOR);
        const headIds = splitIds(head);
        const namesRules = rest.length > 0 && headIds.length > 0 && headIds.every((w) => LOOKS_LIKE_ID.test(w));
        if (namesRules) {
          const unknown = headIds.filter((w) => !isRuleId(w));
          for (const id of unknown) out.problems.push({ file, line, message: `unknown rule id "${id}" in quiet marker` });
          const rules = headIds.filter(isRuleId);
          quietHere.push({ file, line, rules, reason: rest.join(" — ").trim() });
        } else {
          if (!body) out.problems.push({ file, line, message: "`quiet:` gives no reason" });
          quietHere.push({ file, line, rules: [], reason: body });
        }
      }
    }
    for (const q of quietHere) {
      for (const id of q.rules) {
        if (expectedHere.has(id)) out.problems.push({ file, line, message: `rule "${id}" is both expected and quiet on one line` });
      }
      out.quiet.push(q);
    }
  });
  return out;
}
