/**
 * Loop facts: what a loop walks, whether an iteration depends on the one before it (state carried
 * in locals, properties or collections; a cursor handed to the next page), whether it leaves early
 * (break/return), retries or polls, and whether it paces itself (sleep, timers, rate limiters) or
 * yields to the event loop on purpose. Built once per file with `file.get(LoopFacts)`; each fact
 * of a loop is worked out on first read, by syntax where that is exact, and names are resolved
 * (which binds the file's scopes) only for the facts that need it. The parts live in loops/.
 */
export { nameWords } from "./loops/loop-analysis";
export { LoopFacts } from "./loops/loop-facts";
export type { CarriedState, LoopInfo, LoopKind } from "./loops/loop-info";
