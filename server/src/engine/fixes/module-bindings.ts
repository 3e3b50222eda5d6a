/**
 * What a file already binds at module level from Node modules and packages — `import fs from
 * "fs"`, `const { promisify } = require("util")`, `const gzipAsync = promisify(gzip)` — so a fix
 * reuses a binding rather than importing the same thing twice; the file's module style; and which
 * names a fix may add at module level. Built once per file, shared by every fix builder.
 */
import { extname } from "node:path";
import { ts } from "ts-morph";
import { isAncestor, stringValue, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { normaliseModule, type ApiRef } from "../facts/node-apis";
import { isReference, type Decl } from "../facts/scope";
import { NameIndex } from "./free-names";

/** How the file loads modules: `import` statements, `require` calls, or TypeScript's `import x = require()`. */
export type ModuleStyle = "esm" | "cjs" | "import-equals";

export interface ModuleBinding {
  id: ts.Identifier;
  decl: Decl;
  /** What the name holds: a module (`fs` → fs), a member (`readFile` → fs.promises.readFile). */
  ref?: ApiRef;
  /** For `const gzipAsync = promisify(gzip)`: the function promisified. */
  promisifies?: ApiRef;
  statement: ts.Statement;
}

export class ModuleBindings {
  readonly bindings: ModuleBinding[] = [];
  readonly style: ModuleStyle | undefined;
  private readonly names: NameIndex;

  constructor(private readonly file: FileFacts) {
    this.names = file.get(NameIndex);
    for (const statement of file.sf.statements) {
      for (const id of boundNames(statement)) {
        const decl = file.scopes.declOf(id);
        if (!decl || (decl.kind !== "import" && decl.kind !== "const")) continue;
        this.bindings.push({ id, decl, ref: file.apis.resolve(id), promisifies: this.promisified(decl), statement });
      }
    }
    this.style = moduleStyle(file.path, file.sf);
  }

  /**
   * An expression for `want` built from a module-level binding visible at `at`: the function
   * itself (`readFile`), else a member of the nearest module binding (`fsp.readFile`,
   * `fs.promises.readFile`). Undefined when the file binds nothing that reaches it.
   */
  reference(want: ApiRef, at: ts.Node): { text: string; binding: ModuleBinding } | undefined {
    let best: { text: string; binding: ModuleBinding; rest: number } | undefined;
    for (const b of this.bindings) {
      if (!b.ref || b.ref.module !== want.module || b.ref.path.length > want.path.length) continue;
      if (!b.ref.path.every((p, i) => p === want.path[i])) continue;
      const rest = want.path.slice(b.ref.path.length);
      if (rest.some((p) => !/^[A-Za-z_$][\w$]*$/.test(p))) continue;
      if (best && best.rest <= rest.length) continue;
      if (!this.visibleAt(b.decl, at)) continue;
      best = { text: [b.id.text, ...rest].join("."), binding: b, rest: rest.length };
    }
    return best && { text: best.text, binding: best.binding };
  }

  /** A module-level `const x = promisify(fn)` for `fn`, visible at `at`. */
  promisifiedConst(fn: ApiRef, at: ts.Node): ModuleBinding | undefined {
    return this.bindings.find((b) => b.promisifies && sameRef(b.promisifies, fn) && this.visibleAt(b.decl, at));
  }

  /** The module-level import or destructuring `require` of `module` whose named list can take one more name. */
  namedImportOf(module: ApiRef): ts.NamedImports | ts.ObjectBindingPattern | undefined {
    for (const s of this.file.sf.statements) {
      if (ts.isImportDeclaration(s)) {
        const clause = s.importClause;
        const spec = stringValue(s.moduleSpecifier);
        if (!spec || !clause || clause.isTypeOnly || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue;
        if (clause.namedBindings.elements.length && sameRef(normaliseModule(spec), module)) return clause.namedBindings;
      } else if (ts.isVariableStatement(s) && s.declarationList.flags & ts.NodeFlags.Const) {
        for (const d of s.declarationList.declarations) {
          const spec = d.initializer && requiredModule(d.initializer);
          if (!spec || !ts.isObjectBindingPattern(d.name) || !d.name.elements.length) continue;
          if (d.name.elements.some((e) => e.dotDotDotToken || !ts.isIdentifier(e.name) || (e.propertyName && !ts.isIdentifier(e.propertyName)))) continue;
          if (sameRef(normaliseModule(spec), module)) return d.name;
        }
      }
    }
    return undefined;
  }

  /** True when `name` at `at` means `decl`: no declaration of that name nearer to `at` shadows it. */
  visibleAt(decl: Decl, at: ts.Node): boolean {
    if (!isAncestor(decl.scope, at)) return false;
    for (const id of this.names.occurrences(decl.name)) {
      const d = this.file.scopes.declOf(id);
      if (d && d !== decl && isAncestor(d.scope, at) && isAncestor(decl.scope, d.scope)) return false;
    }
    return true;
  }

  /** True when no identifier of the file declares or refers to `name`, so a module-level binding of it changes nothing else. */
  isFree(name: string): boolean {
    return this.names.occurrences(name).every((id) => !this.file.scopes.declOf(id) && !isReference(id));
  }

  private promisified(decl: Decl): ApiRef | undefined {
    if (decl.kind !== "const" || decl.path || !decl.init || !ts.isCallExpression(decl.init)) return undefined;
    const call = decl.init;
    if (call.arguments.length !== 1 || !sameRef(this.file.apis.callee(call), { module: "util", path: ["promisify"] })) return undefined;
    return this.file.apis.resolve(call.arguments[0]);
  }
}

export function sameRef(a: ApiRef | undefined, b: ApiRef | undefined): boolean {
  return !!a && !!b && a.module === b.module && a.path.length === b.path.length && a.path.every((p, i) => p === b.path[i]);
}

/** `require("x")`, possibly with members after it (`require("fs").promises`): its specifier. */
export function requiredModule(expr: ts.Expression): string | undefined {
  let e = unwrap(expr);
  while (ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
  if (!ts.isCallExpression(e) || e.arguments.length !== 1) return undefined;
  const callee = unwrap(e.expression);
  return ts.isIdentifier(callee) && callee.text === "require" ? stringValue(e.arguments[0]) : undefined;
}

/** An `import`, `import x = require()`, or a `const`/`let`/`var` whose every initializer is a `require(…)`. */
export function isImportStatement(s: ts.Statement): boolean {
  if (ts.isImportDeclaration(s)) return true;
  if (ts.isImportEqualsDeclaration(s)) return ts.isExternalModuleReference(s.moduleReference);
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.every((d) => !!d.initializer && requiredModule(d.initializer) !== undefined);
  return ts.isExpressionStatement(s) && requiredModule(s.expression) !== undefined;
}

export function moduleStyle(path: string, sf: ts.SourceFile): ModuleStyle | undefined {
  const ext = extname(path).toLowerCase();
  const statements = sf.statements;
  if (ext === ".mjs" || ext === ".mts") return "esm";
  if (ext === ".cjs") return "cjs";
  if (statements.some(ts.isImportDeclaration)) return "esm";
  if (statements.some((s) => ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference))) return "import-equals";
  if (statements.some((s) => isImportStatement(s))) return "cjs";
  if (statements.some((s) => ts.isExportDeclaration(s) || ts.isExportAssignment(s) || hasExportModifier(s))) return "esm";
  // TypeScript without imports or requires is compiled as a module either way.
  return ext === ".ts" || ext === ".tsx" || ext === ".cts" ? "esm" : undefined;
}

function hasExportModifier(s: ts.Statement): boolean {
  const mods = ts.canHaveModifiers(s) ? ts.getModifiers(s) : undefined;
  return !!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The names a module-level statement binds. */
function boundNames(s: ts.Statement): ts.Identifier[] {
  if (ts.isImportDeclaration(s)) {
    const clause = s.importClause;
    if (!clause || clause.isTypeOnly) return [];
    const out: ts.Identifier[] = clause.name ? [clause.name] : [];
    const b = clause.namedBindings;
    if (b && ts.isNamespaceImport(b)) out.push(b.name);
    if (b && ts.isNamedImports(b)) for (const el of b.elements) if (!el.isTypeOnly) out.push(el.name);
    return out;
  }
  if (ts.isImportEqualsDeclaration(s)) return [s.name];
  if (!ts.isVariableStatement(s)) return [];
  const out: ts.Identifier[] = [];
  const collect = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) out.push(name);
    else for (const el of name.elements) if (ts.isBindingElement(el)) collect(el.name);
  };
  for (const d of s.declarationList.declarations) collect(d.name);
  return out;
}
