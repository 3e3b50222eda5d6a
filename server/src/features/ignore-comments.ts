/**
 * The edits of "Ignore this rule on this line / in this file": a suppression comment above the
 * finding's line (with that line's indentation) or at the top of the file (after a shebang). Where
 * such a comment is already there, the rule joins its list instead of a second comment.
 */
import { RULE_IDS, type RuleId, type TextEdit } from "../engine/types";
import type { AnalysedText } from "./positions";

/** A line that holds nothing but a `//` suppression comment; group 1 is the rule list up to any ` -- reason`. */
const directiveLine = (kind: string) => new RegExp(`^[ \\t]*//\\s*looplens-ignore-${kind}((?:[ \\t,]+[a-z][\\w-]*)*)`);

/**
 * `// looplens-ignore-next-line <rule>` above the line where the finding starts, or undefined when
 * that line starts inside a multi-line string or template (a comment there would change the text).
 */
export function ignoreLineEdit(text: AnalysedText, rule: RuleId, startLine: number, insideLiteral: (offset: number) => boolean): TextEdit | undefined {
  const lineStart = text.engineOffset(startLine, 1);
  if (insideLiteral(lineStart)) return undefined;
  const s = text.text;
  if (startLine > 1) {
    const prevStart = text.engineOffset(startLine - 1, 1);
    const extended = extendDirective(s.slice(prevStart, lineStart), prevStart, "next-line", rule);
    if (extended) return extended;
  }
  const indent = /^[ \t]*/.exec(s.slice(lineStart, lineStart + 200))![0];
  return { start: lineStart, end: lineStart, text: `${indent}// looplens-ignore-next-line ${rule}${eol(s)}` };
}

/** `// looplens-ignore-file <rule>` at the top of the file, after a shebang line. */
export function ignoreFileEdit(text: AnalysedText, rule: RuleId): TextEdit {
  const s = text.text;
  // An existing file directive among the leading comment lines takes the rule.
  let at = 0;
  for (let line = 1; at < s.length && line <= 50; line++) {
    const next = text.engineOffset(line + 1, 1);
    const content = s.slice(at, next === at ? s.length : next);
    const extended = extendDirective(content, at, "file", rule);
    if (extended) return extended;
    if (!/^\s*(\/\/.*|#!.*)?\s*$/.test(content) || next === at) break;
    at = next;
  }
  const shebang = /^#![^\r\n]*(\r\n|\n|\r)?/.exec(s);
  const offset = shebang ? shebang[0].length : 0;
  const prefix = shebang && !shebang[1] ? eol(s) : "";
  return { start: offset, end: offset, text: `${prefix}// looplens-ignore-file ${rule}${eol(s)}` };
}

/** Adds `rule` to the rule list of a directive line (`line` starts at `offset`), if it is one that lists rules. */
function extendDirective(line: string, offset: number, kind: string, rule: RuleId): TextEdit | undefined {
  const m = directiveLine(kind).exec(line);
  if (!m) return undefined;
  const ids = m[1].split(/[\s,]+/).filter((w) => (RULE_IDS as readonly string[]).includes(w));
  // No rule ids means every rule is off already; a tail that is not a reason is left alone.
  if (!ids.length || ids.includes(rule)) return undefined;
  const rest = line.slice(m[0].length);
  if (rest.trim() && !/^\s+--\s/.test(rest) && !/^\s*\*\//.test(rest)) return undefined;
  const at = offset + m[0].length;
  return { start: at, end: at, text: ` ${rule}` };
}

/** The text's line ending: the first one it uses, LF when it has none. */
function eol(s: string): string {
  const i = s.search(/\r\n|\n|\r/);
  if (i < 0) return "\n";
  return s.startsWith("\r\n", i) ? "\r\n" : s[i];
}
