/**
 * Whether a top-level function can move to a worker thread unchanged: it reads only its
 * parameters, its own locals, module-level constants made of literals, pure built-ins, other
 * top-level functions that are themselves movable, and compute-only Node modules (crypto, zlib…);
 * it uses no `this`, `arguments`, `await` or dynamic import. The plan lists what the worker module
 * must copy along. A module-level `let`, a class, an I/O module, `console` or `process`: no move.
 */
import { ts } from "ts-morph";
import { isAncestor, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isReference, type Decl } from "../facts/scope";
import { refUse } from "./lookup-index-safety";
import { requiredModule } from "./module-bindings";

/** A top-level function: `function f() {}` or `const f = (…) => …` / `const f = function () {}`. */
export interface Movable {
  name: string;
  decl: Decl;
  statement: ts.FunctionDeclaration | ts.VariableStatement;
  fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;
  exported: boolean;
}

/** A binding the worker module re-creates: `import { createHash } from "node:crypto"`. */
export interface ModuleImport {
  local: string;
  module: string;
  /** "default", "*" or the imported name. */
  imported: string;
}

export interface MovePlan {
  main: Movable;
  /** Other top-level functions the moved code calls, copied along (source order). */
  helpers: Movable[];
  /** Module-level constants it reads, copied as `const NAME = <initializer>` (source order). */
  constants: ts.VariableDeclaration[];
  imports: ModuleImport[];
  /** Every declaration the moved code uses from module level: what may become unused in the original file. */
  used: Map<Decl, ts.Identifier[]>;
}

/** Built-ins that compute without touching the world (no I/O, no shared state). */
const PURE_GLOBALS = new Set([
  "Math", "JSON", "Number", "String", "Boolean", "BigInt", "Symbol", "Array", "Object", "Map", "Set", "WeakMap", "WeakSet", "Date",
  "RegExp", "Error", "TypeError", "RangeError", "SyntaxError", "EvalError", "ReferenceError", "URIError", "AggregateError", "Infinity",
  "NaN", "undefined", "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI",
  "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "TextEncoder", "TextDecoder", "Buffer", "structuredClone", "Intl",
  "atob", "btoa", "URL", "URLSearchParams", "Reflect",
]);

/** Node modules whose functions compute and return (hashing, compression, paths, formatting). */
const PURE_MODULES = new Set(["crypto", "zlib", "buffer", "util", "string_decoder", "querystring", "url", "path", "path/posix", "path/win32", "assert", "assert/strict"]);

/** The top-level function `node` runs in, when it is one that could move. */
export function movableAround(file: FileFacts, node: ts.Node): Movable | undefined {
  let stmt: ts.Node = node;
  while (stmt.parent && !ts.isSourceFile(stmt.parent)) stmt = stmt.parent;
  const m = ts.isFunctionDeclaration(stmt) || ts.isVariableStatement(stmt) ? movableOf(file, stmt) : undefined;
  return m && m.fn.body && isAncestor(m.fn.body, node) ? m : undefined;
}

export function movableOf(file: FileFacts, stmt: ts.FunctionDeclaration | ts.VariableStatement): Movable | undefined {
  const mods = ts.getModifiers(stmt) ?? [];
  if (mods.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword || m.kind === ts.SyntaxKind.DefaultKeyword)) return undefined;
  const exported = mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(stmt)) {
    if (!stmt.name || !stmt.body || stmt.asteriskToken) return undefined;
    const decl = file.scopes.declOf(stmt.name);
    return decl && { name: stmt.name.text, decl, statement: stmt, fn: stmt, exported };
  }
  const list = stmt.declarationList;
  if (!(list.flags & ts.NodeFlags.Const) || list.declarations.length !== 1) return undefined;
  const d = list.declarations[0];
  let init = d.initializer;
  while (init && ts.isParenthesizedExpression(init)) init = init.expression;
  if (!ts.isIdentifier(d.name) || d.type || !init || !(ts.isArrowFunction(init) || (ts.isFunctionExpression(init) && !init.asteriskToken && !init.name))) return undefined;
  const decl = file.scopes.declOf(d.name);
  return decl && { name: d.name.text, decl, statement: stmt, fn: init, exported };
}

/** What moving `main` takes, or undefined when something it uses cannot go to another thread. */
export function planMove(file: FileFacts, main: Movable): MovePlan | undefined {
  const plan: MovePlan = { main, helpers: [], constants: [], imports: [], used: new Map() };
  const queue: Movable[] = [main];
  const seen = new Set<Decl>([main.decl]);
  const constants = new Set<ts.VariableDeclaration>();
  for (let i = 0; i < queue.length; i++) {
    if (!usesOnlyMovable(file, queue[i], plan, (m) => {
      if (!seen.has(m.decl)) {
        seen.add(m.decl);
        queue.push(m);
        plan.helpers.push(m);
      }
    }, constants)) return undefined;
  }
  plan.helpers.sort((a, b) => a.statement.pos - b.statement.pos);
  plan.constants = [...constants].sort((a, b) => a.pos - b.pos);
  return plan;
}

function usesOnlyMovable(file: FileFacts, m: Movable, plan: MovePlan, addHelper: (m: Movable) => void, constants: Set<ts.VariableDeclaration>): boolean {
  let ok = true;
  const sf = file.sf;
  walk(m.fn, (n) => {
    if (!ok || ts.isTypeNode(n)) return false;
    switch (n.kind) {
      case ts.SyntaxKind.ThisKeyword:
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.MetaProperty:
      case ts.SyntaxKind.ImportKeyword:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.ClassExpression:
        ok = false;
        return false;
      case ts.SyntaxKind.Identifier:
        break;
      default:
        return;
    }
    const id = n as ts.Identifier;
    if (!isReference(id)) return;
    const decl = file.scopes.resolve(id);
    if (decl.id && isAncestor(m.fn, decl.id)) return;
    if (decl === m.decl) return;
    if (decl.kind === "global") {
      if (!PURE_GLOBALS.has(decl.name)) ok = false;
      return;
    }
    if (decl.scope !== sf) {
      ok = false;
      return;
    }
    (plan.used.get(decl) ?? plan.used.set(decl, []).get(decl)!).push(id);
    const helper = helperOf(file, decl);
    if (helper) return void addHelper(helper);
    const imported = importOf(decl);
    if (imported) {
      if (!plan.imports.some((x) => x.local === imported.local)) plan.imports.push(imported);
      return;
    }
    if (!addConstant(file, decl, constants, plan)) ok = false;
  });
  return ok;
}

function helperOf(file: FileFacts, decl: Decl): Movable | undefined {
  const stmt = decl.id && (ts.isFunctionDeclaration(decl.id.parent) ? decl.id.parent : decl.id.parent.parent?.parent);
  return stmt && (ts.isFunctionDeclaration(stmt) || ts.isVariableStatement(stmt)) && ts.isSourceFile(stmt.parent) ? movableOf(file, stmt) : undefined;
}

/** `import { x } from "node:crypto"`, `const crypto = require("crypto")`, `const { createHash } = require("node:crypto")`. */
function importOf(decl: Decl): ModuleImport | undefined {
  if (decl.kind === "import") {
    const spec = decl.module ?? "";
    return PURE_MODULES.has(spec.replace(/^node:/, "")) && decl.imported ? { local: decl.name, module: spec, imported: decl.imported } : undefined;
  }
  if (decl.kind !== "const" || !decl.init || !ts.isExpression(decl.init)) return undefined;
  const init = unwrap(decl.init);
  const spec = ts.isCallExpression(init) ? requiredModule(init) : undefined;
  if (!spec || !PURE_MODULES.has(spec.replace(/^node:/, ""))) return undefined;
  if (!decl.path?.length) return { local: decl.name, module: spec, imported: "default" };
  return decl.path.length === 1 ? { local: decl.name, module: spec, imported: decl.path[0] } : undefined;
}

/**
 * A module-level `const` whose value is made of literals (and other such constants), which
 * nothing changes: copying it into the worker module gives the same value there.
 */
function addConstant(file: FileFacts, decl: Decl, constants: Set<ts.VariableDeclaration>, plan: MovePlan): boolean {
  if (decl.kind !== "const" || decl.path || !decl.id || !ts.isVariableDeclaration(decl.id.parent)) return false;
  const d = decl.id.parent;
  if (constants.has(d)) return true;
  if (!d.initializer || !isLiteralValue(file, d.initializer, constants, plan)) return false;
  // An array or object literal is copied once per thread: fine only while nobody changes it.
  if (!isPrimitiveLiteral(d.initializer) && file.scopes.references(decl).some((r) => refUse(r) !== "read")) return false;
  constants.add(d);
  return true;
}

function isLiteralValue(file: FileFacts, e: ts.Expression, constants: Set<ts.VariableDeclaration>, plan: MovePlan): boolean {
  const u = ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? e.expression : e;
  if (isPrimitiveLiteral(u)) return true;
  if (ts.isPrefixUnaryExpression(u)) return isLiteralValue(file, u.operand, constants, plan);
  if (ts.isBinaryExpression(u)) return isLiteralValue(file, u.left, constants, plan) && isLiteralValue(file, u.right, constants, plan);
  if (ts.isArrayLiteralExpression(u)) return u.elements.every((el) => !ts.isSpreadElement(el) && !ts.isOmittedExpression(el) && isLiteralValue(file, el, constants, plan));
  if (ts.isObjectLiteralExpression(u)) return u.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isLiteralValue(file, p.initializer, constants, plan));
  if (ts.isIdentifier(u)) {
    const d = file.scopes.resolve(u);
    if (d.kind === "global") return u.text === "undefined" || u.text === "Infinity" || u.text === "NaN";
    (plan.used.get(d) ?? plan.used.set(d, []).get(d)!).push(u);
    return d.scope === file.sf && addConstant(file, d, constants, plan);
  }
  return false;
}

function isPrimitiveLiteral(e: ts.Expression): boolean {
  switch (e.kind) {
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    case ts.SyntaxKind.RegularExpressionLiteral:
      // A global or sticky regex keeps state (lastIndex) between uses.
      return !/\/[a-z]*[gy][a-z]*$/.test((e as ts.RegularExpressionLiteral).text);
    default:
      return false;
  }
}
