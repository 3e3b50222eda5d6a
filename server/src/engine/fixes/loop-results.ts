/**
 * Where each iteration's result goes, and the edits that make it the callback's return value:
 *   results.push(value)  →  return value      (const results = await map…, or results.push(...await map…))
 *   m.set(key, value)    →  return [key, value]  (const m = new Map(await map…))
 *   o[key] = value       →  return [key, value]  (const o = Object.fromEntries(await map…))
 * Maps and objects filled in completion order would change their key order, so they are rebuilt
 * from the entries in item order, and only when declared empty right before the loop.
 */
import { ts } from "ts-morph";
import { walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isReference } from "../facts/scope";
import type { TextEdit } from "../types";
import { isTypeScript } from "./bounded-map-helper";
import { NameIndex } from "./free-names";
import { commentLines, commentsOutside, eolAt, lineIndentAt, spanOf } from "./layout";
import type { LoopHead } from "./loop-head";

/** Where each iteration's result goes. */
export type Collect =
  | { kind: "none" }
  /** `results.push(value)`; `declaration` is `const results = [];` right before the loop (the map's result replaces it). */
  | { kind: "push"; target: ts.Expression; declaration?: ts.VariableStatement }
  /** `m.set(key, value)` / `o[key] = value` into a Map / object declared empty right before the loop. */
  | { kind: "entries"; into: "map" | "object"; declaration: ts.VariableStatement };

/** What each callback returns: `value`, or the entry `[key, value]`. */
export interface Returned {
  key?: ts.Expression;
  value: ts.Expression;
}

/**
 * The results: `target.push(value)`, `target.set(key, value)` or `target[key] = value` ending
 * every path through the body (the last statement, or the last of both branches of an if/else or
 * of a try and its catch; a path may also end in a throw), `target` touched nowhere else in the
 * loop. Each becomes the callback's `return`, so every item gives exactly one result.
 */
export function collected(file: FileFacts, head: LoopHead, sinks: (ts.CallExpression | ts.BinaryExpression)[]): { collect: Collect; edits: TextEdit[]; returned: Returned } | undefined {
  const sf = file.sf;
  const targetOf = (sink: ts.CallExpression | ts.BinaryExpression) => (ts.isCallExpression(sink) ? (sink.expression as ts.PropertyAccessExpression).expression : (sink.left as ts.ElementAccessExpression).expression);
  const kindOf = (sink: ts.CallExpression | ts.BinaryExpression) => (ts.isCallExpression(sink) ? (sink.expression as ts.PropertyAccessExpression).name.text : "[]=");
  const target = targetOf(sinks[0]);
  const targetText = target.getText(sf);
  if (sinks.some((s) => targetOf(s).getText(sf) !== targetText || kindOf(s) !== kindOf(sinks[0]))) return undefined;
  const ends = pathEnds(head.body);
  const sinkStatements = new Set<ts.Node>(sinks.map((s) => s.parent));
  if (!ends || !ends.every((e) => sinkStatements.has(e) || ts.isThrowStatement(e)) || ![...sinkStatements].every((s) => ends.includes(s as ts.Statement))) return undefined;
  let seen = 0;
  walk(head.loop, (n) => {
    if (((ts.isIdentifier(n) && isReference(n)) || ts.isPropertyAccessExpression(n)) && n.getText(sf) === targetText) seen++;
  });
  if (seen !== sinks.length) return undefined;

  const declaration = emptyDeclarationBefore(file, head, target);
  const push = kindOf(sinks[0]) === "push";
  const into = kindOf(sinks[0]) === "set" ? "map" : "object";
  if (!push && declaration?.kind !== into) return undefined;
  const collect: Collect = push ? { kind: "push", target, declaration: declaration?.kind === "array" ? declaration.statement : undefined } : { kind: "entries", into, declaration: declaration!.statement };
  const edits: TextEdit[] = [];
  const returns: Returned[] = [];
  for (const sink of sinks) {
    const args = ts.isCallExpression(sink) ? sink.arguments : [(sink.left as ts.ElementAccessExpression).argumentExpression, sink.right];
    if (args.some((a) => ts.isSpreadElement(a)) || args.length !== (push ? 1 : 2)) return undefined;
    const returned: Returned = push ? { value: args[0] } : { key: args[0], value: args[1] };
    returns.push(returned);
    // Only the text around the key and value changes, so edits inside them (`xs[i]` → `x`) still apply.
    const stmt = sink.parent;
    const semi = stmt.getText(sf).endsWith(";") ? ";" : "";
    const { key, value } = returned;
    const start = stmt.getStart(sf);
    // Comments around the key and value (`rows.push(row /* cached */)`) would go with the call: they move above the return.
    const kept = commentsOutside(file.text, start, stmt.getEnd(), [key, value].filter((n): n is ts.Expression => !!n).map((n) => spanOf(sf, n)));
    const lead = commentLines(kept, eolAt(file.text, start), lineIndentAt(file.text, start));
    if (key) {
      edits.push(
        { start, end: key.getStart(sf), text: `${lead}return [` },
        { start: key.getEnd(), end: value.getStart(sf), text: ", " },
        { start: value.getEnd(), end: stmt.getEnd(), text: `]${isTypeScript(file.path) ? " as const" : ""}${semi}` },
      );
    } else {
      edits.push({ start, end: value.getStart(sf), text: `${lead}return ` }, { start: value.getEnd(), end: stmt.getEnd(), text: semi });
    }
  }
  return { collect, edits, returned: returns[0] };
}

/** The statements that end the paths through `stmt`; undefined when a path can end without one (an if without else, a finally). */
function pathEnds(stmt: ts.Statement): ts.Statement[] | undefined {
  if (ts.isBlock(stmt)) return stmt.statements.length ? pathEnds(stmt.statements[stmt.statements.length - 1]) : undefined;
  if (ts.isIfStatement(stmt)) {
    const a = pathEnds(stmt.thenStatement);
    const b = stmt.elseStatement && pathEnds(stmt.elseStatement);
    return a && b ? [...a, ...b] : undefined;
  }
  if (ts.isTryStatement(stmt)) {
    if (stmt.finallyBlock || !stmt.catchClause) return undefined;
    const a = pathEnds(stmt.tryBlock);
    const b = pathEnds(stmt.catchClause.block);
    return a && b ? [...a, ...b] : undefined;
  }
  return [stmt];
}

/** `[key, value]` (a readonly tuple in TypeScript, so Map and Object.fromEntries type it), or the value. */
export function returnedText(file: FileFacts, r: Returned, text: (n: ts.Expression) => string): string {
  if (!r.key) return text(r.value);
  return `[${text(r.key)}, ${text(r.value)}]${isTypeScript(file.path) ? " as const" : ""}`;
}

/** `const results = [];`, `const m = new Map();` or `const o = {};` (one name, empty) as the statement right before the loop. */
function emptyDeclarationBefore(file: FileFacts, head: LoopHead, target: ts.Expression): { kind: "array" | "map" | "object"; statement: ts.VariableStatement } | undefined {
  const parent = head.stmt.parent;
  if (!ts.isIdentifier(target) || !(ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent))) return undefined;
  const list = parent.statements;
  const prev = list[list.indexOf(head.stmt) - 1];
  if (!prev || !ts.isVariableStatement(prev) || prev.modifiers?.length || prev.declarationList.declarations.length !== 1) return undefined;
  const d = prev.declarationList.declarations[0];
  const init = d.initializer;
  if (!ts.isIdentifier(d.name) || d.name.text !== target.text || !init || file.scopes.resolve(target) !== file.scopes.declOf(d.name)) return undefined;
  const initText = init.getText(file.sf);
  if (initText === "[]") return { kind: "array", statement: prev };
  if (initText === "{}") return { kind: "object", statement: prev };
  if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "Map" && !init.arguments?.length && file.get(NameIndex).isGlobalAt("Map", head.stmt)) return { kind: "map", statement: prev };
  return undefined;
}

/** Comments in `outer` outside what the callback returns: a concise callback would drop them. */
export function hasComments(file: FileFacts, outer: ts.Node, returned: Returned): boolean {
  const spans = [returned.key, returned.value].filter((n): n is ts.Expression => !!n).map((n) => spanOf(file.sf, n));
  return commentsOutside(file.text, outer.getStart(file.sf), outer.getEnd(), spans).length > 0;
}
