/** Test files and comments that say awaits run in order on purpose. */
import { ts } from "ts-morph";

/** Test files run their awaits in order on purpose (determinism beats speed there). */
export function isTestFile(path: string): boolean {
  // Asked once per file by each await rule: most paths are settled without a regex.
  if (!path.includes("test") && !path.includes("spec") && !path.includes("e2e") && !path.includes("__")) return false;
  const norm = path.replace(/\\/g, "/");
  return /\.(test|spec|e2e|test-d)\.[cm]?[jt]sx?$/.test(norm) || /(^|\/)(__tests__|__mocks__)\//.test(norm);
}

/** Comments in which authors say the order is deliberate: "sequential on purpose", "one at a time", "rate limit"… */
const DELIBERATE_ORDER = /no-await-in-loop|\bsequential(ly)?\b|\bserial(ly|ized|ised)?\b|one (at a|by) (a )?time|order (matters|is important)|(preserve|keep|maintain)s? (the )?order|\bin sequence\b|not (in )?parallel|don'?t parallel|(must|should|cannot|can't|mustn't) (not )?(run|go|happen) concurrently|rate.?limit|\bthrottl|avoid (hammering|overload)|overwhelm|\bdeliberate(ly)?\b|\bon purpose\b|\bintentional(ly)?\b/i;
/** …unless the comment asks for the opposite ("TODO: run these in parallel"). */
const WANTS_CONCURRENCY = /\b(todo|fixme|xxx|hack|slow|speed up|parallelize|parallelise|could (run|be done|happen) (in parallel|concurrently)|should (run|be) (in parallel|concurrent))/i;

/**
 * True when a comment on its own line just above one of `nodes` says running them in order is
 * intended. Comments at the end of a code line describe that line, not the group, and are ignored.
 */
export function declaresOrder(sf: ts.SourceFile, nodes: readonly ts.Node[]): boolean {
  const text = sf.text;
  // No comment anywhere in the span: nothing to read.
  let from = nodes[0]?.pos ?? 0;
  let to = from;
  for (const n of nodes) {
    from = Math.min(from, n.pos);
    to = Math.max(to, n.end);
  }
  const slash = text.indexOf("/", from);
  if (slash < 0 || slash >= to) return false;
  for (const node of nodes) {
    for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      const lineStart = text.lastIndexOf("\n", r.pos - 1) + 1;
      if (text.slice(lineStart, r.pos).trim() !== "") continue;
      const comment = text.slice(r.pos, r.end);
      if (DELIBERATE_ORDER.test(comment) && !WANTS_CONCURRENCY.test(comment)) return true;
    }
  }
  return false;
}
