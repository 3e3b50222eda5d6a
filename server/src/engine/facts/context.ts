/**
 * Where a piece of code runs, and so whether blocking there hurts: on the event loop in a
 * latency-sensitive place (an async function, a request handler, an event or timer callback), or
 * at startup / in a CLI or build script / on a worker thread / in a plain synchronous utility.
 * The facts live in context/: the file's role, handler registrations and what calls them back,
 * callers of file-local functions, and the execution context built from them.
 */
export { ContextFacts, type ExecContext, type ExecKind } from "./context/exec-context";
export { describeFunction } from "./context/function-names";
export type { CallbackSource, HandlerRole } from "./context/handler-role";
