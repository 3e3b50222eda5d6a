/**
 * Batches: an iteration that already runs a batch of the walked items concurrently (`Promise.all`
 * over the element, or over a slice at the loop's index) is a deliberate unit of load, unlike one
 * item's own fan-out.
 */
import { ts } from "ts-morph";
import { isAncestor, memberName, unwrap, walk } from "../../ast";
import type { AwaitedOperation } from "../../facts/effects";
import type { FileFacts } from "../../facts/file-facts";
import type { LoopInfo } from "../../facts/loops";
import { isReference } from "../../facts/scope";

const PROMISE_COMBINATORS = new Set(["all", "allSettled", "any", "race"]);

export function isPromiseCombinator(o: AwaitedOperation): boolean {
  const r = o.receiver && unwrap(o.receiver);
  return !!o.name && PROMISE_COMBINATORS.has(o.name) && !!r && ts.isIdentifier(r) && r.text === "Promise";
}

/** Array methods that keep the items they are given (a batch mapped or filtered is the same batch). */
const BATCH_PASSES = new Set(["map", "filter", "flatMap", "concat", "values", "entries"]);
/** Calls that cut a run of items out of a collection. */
const BATCH_CUTS = new Set(["slice", "splice", "subarray"]);

/**
 * Whether `Promise.all(…)` runs a batch the loop walks: the element itself (`batch.map(send)`,
 * `groups[i]`), a slice at the loop's index (`ids.slice(i, i + 10)`), or a local of the body made
 * from one. A list every iteration shares (`SIZES.map(…)`), an item's own property or an array
 * literal is one item's fan-out; the items still wait for each other.
 */
export function combinesBatchOfWalk(file: FileFacts, info: LoopInfo, o: AwaitedOperation): boolean {
  const first = o.call && !ts.isTaggedTemplateExpression(o.call) ? o.call.arguments?.[0] : undefined;
  // By name: inside the loop body an iteration variable's name means that variable.
  const isIterationName = (e: ts.Expression) => ts.isIdentifier(e) && info.iterationNames.has(e.text);
  const mentionsIteration = (e: ts.Node) => {
    let found = false;
    const visit = (n: ts.Node) => {
      if (!found && ts.isIdentifier(n) && info.iterationNames.has(n.text) && isReference(n)) found = true;
    };
    visit(e);
    walk(e, (n) => {
      visit(n);
      return !found;
    });
    return found;
  };
  const isBatch = (e: ts.Expression, depth: number): boolean => {
    let x = unwrap(e);
    for (;;) {
      if (ts.isArrayLiteralExpression(x) && x.elements.length === 1 && ts.isSpreadElement(x.elements[0])) {
        x = unwrap(x.elements[0].expression);
        continue;
      }
      if (!ts.isCallExpression(x)) break;
      const callee = unwrap(x.expression);
      const name = memberName(callee);
      if (!name || !ts.isPropertyAccessExpression(callee)) return false;
      // Array.from(batch, f)
      if (name === "from" && ts.isIdentifier(callee.expression) && callee.expression.text === "Array" && x.arguments[0]) x = unwrap(x.arguments[0]);
      else if (BATCH_CUTS.has(name)) return x.arguments.some(mentionsIteration);
      else if (BATCH_PASSES.has(name)) x = unwrap(callee.expression);
      else return false;
    }
    if (ts.isElementAccessExpression(x)) return isIterationName(unwrap(x.argumentExpression));
    if (!ts.isIdentifier(x)) return false;
    if (isIterationName(x)) return true;
    const d = file.scopes.resolve(x);
    // const batch = ids.slice(i, i + 10); await Promise.all(batch.map(f))
    const init = d.init && !d.path && ts.isExpression(d.init) ? d.init : undefined;
    return depth < 3 && !!init && !!d.id && isAncestor(info.node.statement, d.id) && isBatch(init, depth + 1);
  };
  return !!first && isBatch(first, 0);
}
