/**
 * await-in-loop → the loop's body as a callback mapped over the items, results in their order:
 *
 *   const users = [];                        const users = await mapConcurrent(ids, 8, (id) => fetchUser(id));
 *   for (const id of ids) {           →
 *     users.push(await fetchUser(id));
 *   }
 *
 * Preferred: at most `thresholds.concurrency` at a time, through p-map or p-limit when the project
 * depends on them (and the file can import them), else a small helper added once per file. Second:
 * every item at once with Promise.all (fine for small collections). A body that cannot move into a
 * callback unchanged in meaning gets no fix; the finding and its advice stay.
 */
import { isLoop } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { Fix, LoopLensConfig, RawFinding } from "../types";
import { renderLoop } from "./bounded-map-render";
import { boundedRunner, canUseGlobals } from "./bounded-map-runner";
import { forEachFixes } from "./for-each-map";
import { planBody } from "./loop-body";
import { loopHead } from "./loop-head";

export function boundedMapFixes(file: FileFacts, finding: RawFinding, config: LoopLensConfig): Fix[] {
  const loop = finding.node;
  if (!isLoop(loop)) return forEachFixes(file, finding, config);
  const head = loopHead(file, loop);
  const plan = head && planBody(file, head);
  if (!head || !plan) return [];
  const limit = config.thresholds.concurrency;
  const fixes: Fix[] = [];
  const bounded = boundedRunner(file, head.stmt, config, canUseGlobals(file, head.stmt, head.isArray));
  fixes.push({
    title: `Run the iterations concurrently, at most ${limit} at a time (${bounded.via}), results in order`,
    safe: true,
    edits: [renderLoop(file, head, plan, bounded.runner, limit), ...bounded.edits],
  });
  if (canUseGlobals(file, head.stmt, head.isArray)) {
    fixes.push({ title: "Run all iterations at once with Promise.all (small collections only), results in order", safe: true, edits: [renderLoop(file, head, plan, { kind: "all" }, limit)] });
  }
  return fixes;
}

