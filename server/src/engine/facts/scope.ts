/**
 * A small binder over one file: which declaration an identifier refers to, and where a
 * declaration is read or written. Lexical scoping only (var hoisting, block scoping, params,
 * catch, imports); no type checker, so it costs one walk of the file. The parts live in scope/:
 * the declarations and their scopes, how an identifier is used, and the binder's questions.
 */
export { type Decl, type DeclKind } from "./scope/declarations";
export { isReference, isWrite } from "./scope/identifier-use";
export { ScopeFacts, type Refs } from "./scope/scope-facts";
