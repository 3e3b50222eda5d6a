/**
 * The edit model every fix uses: replacements of offset ranges in the analysed text. Fixes never
 * touch the syntax tree; the text outside their edits stays byte for byte what it was.
 */
import type { ts } from "ts-morph";
import type { Fix, TextEdit } from "../types";

/** Edits that cannot be applied together: they overlap, or fall outside the text. */
export class EditConflictError extends Error {}

/** Replaces a node's own text (from its first token, leading comments excluded). */
export function replaceNode(sf: ts.SourceFile, node: ts.Node, text: string): TextEdit {
  return { start: node.getStart(sf), end: node.getEnd(), text };
}

/**
 * Two edits conflict when their ranges share text, an insertion falls strictly inside the other's
 * range, or both insert at one point (their order would be a guess). Touching ranges do not.
 */
export function editsConflict(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Applies edits given against the same text, in any order; throws EditConflictError when they conflict. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  for (const e of edits) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= text.length)) {
      throw new EditConflictError(`edit ${e.start}-${e.end} is outside the text (length ${text.length})`);
    }
  }
  // At one offset an insertion goes before a replacement that starts there.
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (i > 0 && editsConflict(sorted[i - 1], e)) throw new EditConflictError(`edits ${describe(sorted[i - 1])} and ${describe(e)} overlap`);
    if (e.start < at) throw new EditConflictError(`edit ${describe(e)} overlaps an earlier one`);
    out.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  out.push(text.slice(at));
  return out.join("");
}

/**
 * The fixes that can be applied together, chosen greedily in the order given (callers pass
 * findings in source order, so the earlier finding wins); the rest wait for the next pass.
 */
export function compatibleFixes(fixes: readonly Fix[]): Fix[] {
  const taken: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const fix of fixes) {
    if (!fix.edits.length) continue;
    // A fix whose own edits conflict is never applied.
    if (fix.edits.some((e, i) => fix.edits.some((o, j) => j > i && editsConflict(e, o)))) continue;
    if (fix.edits.some((e) => edits.some((t) => editsConflict(e, t)))) continue;
    taken.push(fix);
    edits.push(...fix.edits);
  }
  return taken;
}

function describe(e: TextEdit): string {
  return `${e.start}-${e.end}`;
}
