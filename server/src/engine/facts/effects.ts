/**
 * What awaited calls and statements do: which locals and properties they read and write, which
 * receiver or session they act on, and what kind of operation they are (a read, a mutation, a
 * send, a sleep or rate-limit wait, a yield to the event loop, a transaction step, a UI step).
 * Two awaits are independent only when neither can observe the other; these facts answer that.
 * The parts live in effects/: accesses, operation kinds, call shapes, receivers and sessions.
 */
export { overlaps, rootNode, type Access, type AccessSet, type Root } from "./effects/accesses";
export type { AwaitedOperation, OperationKind } from "./effects/awaited-operation";
export { firstWord, sqlText } from "./effects/call-shapes";
export { declaresOrder, isTestFile } from "./effects/deliberate-order";
export { EffectFacts } from "./effects/effect-facts";
export { nodesAtWord } from "./effects/nodes-at-word";
export { STATEFUL_METHODS } from "./effects/operation-words";
export { declKey } from "./effects/receivers";
