/**
 * The fixes for cpu-heavy-loop: an index built once before the loop when the loop searches an
 * array by a clear key (the cheap, exact fix); otherwise the function holding the loop moved to a
 * worker thread, when it is pure enough to move and every caller can await it.
 */
import type { FileFacts } from "../facts/file-facts";
import type { Fix, LoopLensConfig, RawFinding } from "../types";
import { lookupIndexFixes } from "./lookup-index";
import { workerOffloadFixes } from "./worker-offload";

export function cpuHeavyLoopFixes(file: FileFacts, finding: RawFinding, config: LoopLensConfig): Fix[] {
  const index = lookupIndexFixes(file, finding);
  return index.length ? index : workerOffloadFixes(file, finding, config);
}
