/**
 * await-in-loop — a loop whose iterations wait for each other for no reason.
 *
 * An await in a loop body makes iteration n+1 start only when iteration n's promise settles. When
 * the iterations are independent (no state handed from one to the next, no early exit, no
 * deliberate pacing, no order that matters) the loop takes the sum of all round trips instead of
 * the longest few. Not reported: `for await`, pagination, running totals and other carried state,
 * retry and poll loops, first-success searches, ordered writes to one file/handle/stream (that is
 * unbuffered-write's job), migrations and other ordered steps, one transaction or connection,
 * loops that sleep, rate-limit or yield on purpose, walks over batches (a `Promise.all` over a
 * slice of the walked list, a stepped index handing `xs.slice(i, i + n)` to one call). An index
 * stepped by a fixed amount (`offset += PART_SIZE`) is a walk like `i++`; one item's own fan-out
 * (`Promise.all(SIZES.map(…))`) does not make the items concurrent.
 * `xs.forEach(async (x) => { await … })` is reported on its own: forEach does not wait, so the
 * caller moves on before the work ends and a rejection goes unhandled.
 *
 * Invalid:
 *   for (const id of ids) users.push(await fetchUser(id));
 * Valid:
 *   let cursor; do { const page = await list({ cursor }); cursor = page.next; } while (cursor);
 */
import { ts } from "ts-morph";
import { isAncestor } from "../ast";
import { EffectFacts, nodesAtWord } from "../facts/effects";
import type { FileFacts } from "../facts/file-facts";
import { LoopFacts } from "../facts/loops";
import type { LoopLensConfig, RawFinding } from "../types";
import { isPromiseCombinator } from "./await-in-loop/batches";
import { forEachFinding } from "./await-in-loop/for-each";
import { callLabel, placeOf } from "./await-in-loop/messages";
import { orderReason } from "./await-in-loop/order-reason";
import type { Rule } from "./rule";

export { orderReason };

export const awaitInLoop: Rule = {
  meta: {
    id: "await-in-loop",
    description: "Loops whose independent iterations each wait for the previous one.",
    defaultSeverity: "warning",
    fixable: true,
  },

  detect(file: FileFacts, config: LoopLensConfig): RawFinding[] {
    // The await index is shared with sequential-await: one look at the text for both rules.
    const effects = file.get(EffectFacts);
    if (!effects.awaits().length) return [];
    const findings: RawFinding[] = [];
    const loops = file.get(LoopFacts);
    const blockers = new Map<ts.IterationStatement, string | undefined>();
    const blockerOf = (loop: ts.IterationStatement) => {
      if (!blockers.has(loop)) blockers.set(loop, orderReason(file, loop));
      return blockers.get(loop);
    };

    // For each await, the innermost loop around it whose iterations are independent.
    const candidates = new Set<ts.IterationStatement>();
    // forEach(async …): inline callbacks are found from their awaits; a named callback needs a walk.
    const forEachCalls = new Set<ts.CallExpression>();
    for (const fn of effects.awaitingFunctions()) {
      if (fn.parent && ts.isCallExpression(fn.parent)) forEachCalls.add(fn.parent);
    }
    // Named callbacks: xs.forEach(handle) / _.each(xs, handle); found where the words occur.
    const named = /\.(forEach|each)\(/.exec(file.text);
    for (const word of named ? ["forEach", "each"] : []) {
      for (const id of nodesAtWord(file.sf, word)) {
        const access = id.parent;
        const call = access?.parent;
        if (access && ts.isPropertyAccessExpression(access) && access.name === id && call && ts.isCallExpression(call) && call.expression === access && call.arguments.some((a) => ts.isIdentifier(a))) forEachCalls.add(call);
      }
    }
    for (const call of forEachCalls) {
      const f = forEachFinding(file, call, effects);
      if (f) findings.push(f);
    }
    for (const aw of effects.awaits()) {
      for (const loop of loops.enclosingLoops(aw)) {
        if (blockerOf(loop) === undefined) {
          candidates.add(loop);
          break;
        }
      }
    }
    for (const loop of candidates) {
      // Nested loops: one finding, on the innermost loop whose iterations are independent.
      if ([...candidates].some((other) => other !== loop && isAncestor(loop, other))) continue;
      const info = loops.of(loop);
      const ops = info.bodyAwaits.map((aw) => effects.awaited(aw)).filter((o) => !o.started);
      // Name the work itself rather than the Promise.all around one item's fan-out.
      const op = ops.find((o) => !isPromiseCombinator(o)) ?? ops[0];
      const what = op ? callLabel(file, op) : "the awaited call";
      const where = file.context.at(loop).description;
      findings.push({
        node: loop,
        message: `Each iteration waits for ${what} before the next starts, though iterations are independent — run them concurrently (bounded) and keep results in order (${placeOf(where)})`,
        lens: `Loop awaits ${what} one item at a time — run ${config.thresholds.concurrency} at once, results in order`,
      });
    }
    return findings;
  },
};
