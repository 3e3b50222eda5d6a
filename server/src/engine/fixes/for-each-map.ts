/**
 * `xs.forEach(async (x) => { … })` in an async function → the callbacks awaited, at most
 * `thresholds.concurrency` at a time (or all at once with Promise.all over map()):
 *
 *   items.forEach(async (item) => { … });   →   await mapConcurrent(items, 8, async (item) => { … });
 *
 * forEach drops the promises, so the code after it ran before the work finished and a rejection
 * went unhandled; now it waits, and a failure rejects the function. That change is the point, so
 * the fix is not marked safe. Only for arrays (a Map's or Set's forEach passes other arguments)
 * and callbacks that take at most (item, index).
 */
import { ts } from "ts-morph";
import { enclosingFunction, isAsyncFunction, isFunctionNode, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { Fix, LoopLensConfig, RawFinding } from "../types";
import { usesSemicolons } from "./bounded-map-helper";
import { boundedRunner, canUseGlobals } from "./bounded-map-runner";
import { isArray } from "./collection-kind";
import { commentLines, commentsOutside, eolAt, lineIndentAt, spanOf } from "./layout";

export function forEachFixes(file: FileFacts, finding: RawFinding, config: LoopLensConfig): Fix[] {
  const stmt = finding.node;
  if (!ts.isExpressionStatement(stmt)) return [];
  const fn = enclosingFunction(stmt);
  if (!fn || !isAsyncFunction(fn)) return [];
  const expr = unwrap(stmt.expression);
  const call = ts.isAwaitExpression(expr) ? unwrap(expr.expression) : expr;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "forEach") return [];
  const items = call.expression.expression;
  if (!isArray(file, items) && !usedAsArray(file, items)) return [];
  const sf = file.sf;
  const callback = call.arguments[0].getText(sf);
  const cb = unwrap(call.arguments[0]);
  const semi = stmt.getText(sf).endsWith(";") || usesSemicolons(file) ? ";" : "";
  const start = stmt.getStart(sf);
  // Comments the rewrite would drop (`ids // in use\n .forEach(…)`) go on lines of their own above it.
  const comments = commentLines(commentsOutside(file.text, start, stmt.getEnd(), [spanOf(sf, items), spanOf(sf, call.arguments[0])]), eolAt(file.text, start), lineIndentAt(file.text, start));
  const replace = (text: string) => ({ start, end: stmt.getEnd(), text: `${comments}await ${text}${semi}` });
  const limit = config.thresholds.concurrency;
  const fixes: Fix[] = [];

  // The helper and p-map pass (item, index); forEach also passes the array.
  if (!isFunctionNode(cb) || (cb as ts.FunctionLikeDeclaration).parameters.length <= 2) {
    const bounded = boundedRunner(file, stmt, config, false);
    const itemsText = items.getText(sf);
    const run = bounded.runner.kind === "p-map" ? `${bounded.runner.name}(${itemsText}, ${callback}, { concurrency: ${limit} })` : bounded.runner.kind === "helper" ? `${bounded.runner.name}(${itemsText}, ${limit}, ${callback})` : undefined;
    if (run) fixes.push({ title: `Await the callbacks, at most ${limit} at a time (${bounded.via})`, safe: false, edits: [replace(run), ...bounded.edits] });
  }
  if (canUseGlobals(file, stmt, true)) {
    const owner = call.expression.expression.getText(sf);
    fixes.push({ title: "Await the callbacks with Promise.all over map()", safe: false, edits: [replace(`Promise.all(${owner}.map(${callback}))`)] });
  }
  return fixes;
}

/** Members only arrays (and strings, which have no forEach) have: a Map or Set has none of them. */
const ARRAY_ONLY = new Set(["length", "map", "filter", "reduce", "some", "every", "find", "findIndex", "slice", "concat", "join", "push", "indexOf", "flatMap", "sort"]);

/** True when the name is used as an array elsewhere (`items.length`, `items.map(…)`). */
function usedAsArray(file: FileFacts, e: ts.Expression): boolean {
  const x = unwrap(e);
  if (!ts.isIdentifier(x)) return false;
  const d = file.scopes.resolve(x);
  if (d.kind === "global" || file.scopes.isReassigned(d)) return false;
  return file.scopes.references(d).some((r) => ts.isPropertyAccessExpression(r.parent) && r.parent.expression === r && ARRAY_ONLY.has(r.parent.name.text));
}
