/**
 * The pieces of a sync-io rewrite shared by its kinds: what the old callee is (a member of a
 * module binding, or a name bound to the function), `await` in place of the call, the binding the
 * old callee leaves unused, and the module-level `const xAsync = promisify(x)` that zlib, crypto
 * and child_process counterparts go through.
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { ApiRef } from "../facts/node-apis";
import type { Decl } from "../facts/scope";
import type { TextEdit } from "../types";
import { needsParens } from "./await-site";
import { statementOf, type ImportEditor } from "./imports";
import { isImportStatement } from "./module-bindings";

/** The rewritten call: its edits and how the fix names it. */
export interface CallRewrite {
  edits: TextEdit[];
  /** For the title, after "Use": "await readFile(…) from node:fs/promises", "await gzipAsync(…) with gzipAsync = promisify(gzip)". */
  what: string;
  caveat?: string;
}

/** What the callee is: a member of a module binding (`fs.readFileSync`), or a name bound to the function itself. */
export interface Callee {
  /** The identifier the callee starts from (`fs`, `readFileSync`), when it is one. */
  root?: ts.Identifier;
  rootDecl?: Decl;
  /** The module object the call is a member of (`fs`, `require("fs")`), when it is. */
  moduleBase?: ts.Expression;
  /** The module specifier as the file wrote it ("fs", "node:zlib"), when known. */
  specifier?: string;
  /** The module-level import the callee's binding comes from: imports of its counterpart go next to it. */
  home?: ts.Statement;
}

/** A module-level `const fnAsync = promisify(fn)`: the file's own when it has one, else declared by the fix. */
export interface Promisified {
  name: string;
  /** The initializer the fix declares it with: `promisify(gzip)`. */
  of: string;
  declared: boolean;
}

export function promisified(file: FileFacts, call: ts.CallExpression, fn: ApiRef, callee: Callee, editor: ImportEditor): Promisified | undefined {
  const fnName = fn.path[fn.path.length - 1];
  const existing = editor.bindings.promisifiedConst(fn, call);
  if (existing) {
    dropCallee(callee, existing.id.text, editor);
    return { name: existing.id.text, of: "", declared: false };
  }
  const spec = callee.specifier ?? `node:${fn.module}`;
  const target = editor.importNamed(spec, fnName, file.sf, fnName, callee.home);
  const promisify = target && editor.importNamed(sibling(callee.specifier, "util"), "promisify", file.sf);
  const name = promisify && editor.declareName(`${fnName}Async`);
  if (!target || !promisify || !name) return undefined;
  dropCallee(callee, target.text, editor);
  const after = [target.statement, promisify.statement].filter((s): s is ts.Statement => !!s).sort((a, b) => b.end - a.end)[0];
  const semi = /;\s*$/.test(after?.getText(file.sf) ?? ";") ? ";" : "";
  editor.declareAtModuleLevel(`const ${name} = ${promisify.text}(${target.text})${semi}`, after);
  return { name, of: `${promisify.text}(${target.text})`, declared: true };
}

export function declaredAs(fn: Promisified): string {
  return fn.declared ? ` with ${fn.name} = ${fn.of}` : "";
}

/** Edits that turn the call into `await <callee>(<same arguments>)`, parenthesised where its place needs it. */
export function awaitCall(file: FileFacts, call: ts.CallExpression, callee: string): TextEdit[] {
  const wrap = needsParens(call);
  const edits: TextEdit[] = [{ start: call.expression.getStart(file.sf), end: call.expression.end, text: `${wrap ? "(" : ""}await ${callee}` }];
  if (wrap) edits.push({ start: call.end, end: call.end, text: ")" });
  return edits;
}

/** The old callee's binding loses this use unless the new callee goes through it too. */
export function dropCallee(callee: Callee, newCallee: string, editor: ImportEditor): void {
  const { root, rootDecl } = callee;
  if (!root || !rootDecl || (rootDecl.kind !== "import" && rootDecl.kind !== "const")) return;
  if (newCallee === root.text || newCallee.startsWith(root.text + ".")) return;
  editor.dropUses(rootDecl, [root]);
}

export function describeCallee(file: FileFacts, call: ts.CallExpression, ref: ApiRef): Callee | undefined {
  let e: ts.Expression = call.expression;
  // Strip the members the API path names: `fs.realpathSync.native` → `fs`.
  for (let i = 0; i < ref.path.length && (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)); i++) e = e.expression;
  let root: ts.Expression = e;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  const rootId = ts.isIdentifier(root) ? root : undefined;
  const rootDecl = rootId && file.scopes.resolve(rootId);
  const base = file.apis.resolve(e);
  const moduleBase = base && base.path.length === 0 && e !== call.expression ? e : undefined;
  if (!moduleBase && !(rootId && e === rootId)) return undefined;
  const home = rootDecl?.id && statementOf(rootDecl.id);
  return { root: rootId, rootDecl, moduleBase, specifier: specifierOf(rootDecl, root), home: home && isImportStatement(home) ? home : undefined };
}

function specifierOf(decl: Decl | undefined, root: ts.Expression): string | undefined {
  if (decl?.module) return decl.module;
  const init = decl?.init && ts.isExpression(decl.init) ? unwrap(decl.init) : unwrap(root);
  if (ts.isCallExpression(init) && init.arguments.length === 1 && ts.isStringLiteral(init.arguments[0])) return init.arguments[0].text;
  return undefined;
}

/** `node:util` next to `node:zlib`, `util` next to `zlib`: the file's own way of naming built-ins. */
export function sibling(specifier: string | undefined, module: string): string {
  return specifier && !specifier.startsWith("node:") ? module : `node:${module}`;
}

