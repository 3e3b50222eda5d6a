/**
 * How a bounded map runs: p-map or p-limit when the project depends on them and the file can
 * import them (or already does), else the inline helper (reused when the file has it).
 */
import { ts } from "ts-morph";
import { isAncestor } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { LoopLensConfig, TextEdit } from "../types";
import { addedDefaultImport, defaultImportOf, existingHelper, HELPER_NAME, helperText, topInsertion } from "./bounded-map-helper";
import type { Runner } from "./bounded-map-render";
import { NameIndex } from "./free-names";
import { eolAt, indentUnitOf } from "./layout";
import { PromiseShadows } from "./promise-shadows";

export interface Bounded {
  runner: Runner;
  /** The helper or import the runner needs, when the file does not have it yet. */
  edits: TextEdit[];
  via: string;
}

/** `stmt` is what the rewrite replaces; `limiter` allows p-limit (its code needs a statement before `stmt`, Promise.all and Array.from). */
export function boundedRunner(file: FileFacts, stmt: ts.Statement, config: LoopLensConfig, limiter: boolean): Bounded {
  const names = file.get(NameIndex);
  const deps = new Set(config.dependencies);
  if (deps.has("p-map")) {
    const name = defaultImportOf(file, "p-map");
    if (name && visibleAt(file, name, stmt)) return { runner: { kind: "p-map", name }, edits: [], via: "p-map" };
    const added = !name ? addedDefaultImport(file, "p-map", "pMap") : undefined;
    if (added) return { runner: { kind: "p-map", name: added.name }, edits: [added.edit], via: "p-map" };
  }
  const parent = stmt.parent;
  const holdsStatements = ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent);
  if (deps.has("p-limit") && holdsStatements && limiter) {
    const limitName = names.fresh("limit", parent);
    const name = defaultImportOf(file, "p-limit");
    if (name && visibleAt(file, name, stmt)) return { runner: { kind: "p-limit", name, limiter: limitName }, edits: [], via: "p-limit" };
    const added = !name ? addedDefaultImport(file, "p-limit", "pLimit") : undefined;
    if (added) return { runner: { kind: "p-limit", name: added.name, limiter: limitName }, edits: [added.edit], via: "p-limit" };
  }
  const helper = existingHelper(file);
  if (helper?.name && visibleAt(file, helper.name.text, stmt)) return { runner: { kind: "helper", name: helper.name.text }, edits: [], via: `${helper.name.text} helper` };
  const name = names.fresh(HELPER_NAME, file.sf);
  const text = helperText(file, name, eolAt(file.text, 0), indentUnitOf(file.text));
  return { runner: { kind: "helper", name }, edits: [topInsertion(file, text, "declaration")], via: `${name} helper` };
}

/** True when `name` at `at` means the top-level declaration of that name (no inner one hides it). */
function visibleAt(file: FileFacts, name: string, at: ts.Node): boolean {
  for (const id of file.get(NameIndex).occurrences(name)) {
    const decl = file.scopes.declOf(id);
    if (decl && decl.scope !== file.sf && isAncestor(decl.scope, at)) return false;
  }
  return true;
}

/** Promise.all (and Array.from, unless the items are an array) must be the built-ins at `stmt`. */
export function canUseGlobals(file: FileFacts, stmt: ts.Statement, isArray: boolean): boolean {
  return !file.get(PromiseShadows).shadowedAt(stmt) && (isArray || file.get(NameIndex).isGlobalAt("Array", stmt));
}
