/**
 * The import side of a fix, as an engineer edits it by hand: reuse what the file already binds,
 * add a name to an existing `import { … }` (or `const { … } = require(…)`) of the same module
 * rather than a second one, add a new import next to the others in the file's own style (ESM, CommonJS
 * or `import x = require()`; its quotes and semicolons), declare module-level helpers after the
 * imports they use, and remove a binding the rewrite left unused — keeping the rest of its import.
 *
 * Collect the changes for one fix on an ImportEditor, then take its edits; it returns undefined
 * when the changes cannot be made exactly (the fix is then not offered).
 */
import { ts } from "ts-morph";
import { enclosingFunction, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { normaliseModule } from "../facts/node-apis";
import { isReference, type Decl } from "../facts/scope";
import type { TextEdit } from "../types";
import { eolAt, lineIndentAt } from "./layout";
import { removableNode, removal } from "./binding-removal";
import { NameIndex } from "./free-names";
import { isImportStatement, ModuleBindings } from "./module-bindings";

type NamedList = ts.NamedImports | ts.ObjectBindingPattern;

/** How a fix refers to an imported value, and the module-level statement that binds it (when one already does). */
export interface ImportedName {
  /** `readFile`, `fsp.readFile`, `fs.promises.readFile`. */
  text: string;
  /** The statement that binds it: code at module level that uses it must come after. */
  statement?: ts.Statement;
  /** True when the fix adds the import. */
  added?: boolean;
}

export class ImportEditor {
  readonly bindings: ModuleBindings;
  private readonly added = new Map<NamedList, string[]>();
  /** What goes, and the named list it was an element of (or the element that was the list's only one). */
  private readonly removed: { node: ts.Node; element?: ts.Node; list?: NamedList }[] = [];
  /** New import statements, each next to the import it belongs with (else after the last import). */
  private readonly newStatements: { text: string; near?: ts.Statement }[] = [];
  private readonly declarations: { text: string; after?: ts.Statement }[] = [];
  private readonly claims: TextEdit[] = [];
  /** Names this fix binds at module level (so two additions never pick the same one). */
  private readonly taken = new Set<string>();
  private failed = false;

  constructor(private readonly file: FileFacts) {
    this.bindings = file.get(ModuleBindings);
  }

  /**
   * A local name for export `exported` of module `specifier`, usable at `at`: an existing binding,
   * else one added to a named import of that module, else a member of a binding of the module
   * it belongs to (`fs.promises.readFile`), else a new import. `local` is the name wanted
   * when the export's own name is taken; a new import goes after `near` (the import it replaces
   * or belongs with) when given. Undefined when no import can be written.
   */
  importNamed(specifier: string, exported: string, at: ts.Node, local = exported, near?: ts.Statement): ImportedName | undefined {
    const module = normaliseModule(specifier);
    const want = { module: module.module, path: [...module.path, exported] };
    const existing = this.bindings.reference(want, at);
    const reuse = existing && { text: existing.text, statement: existing.binding.statement };
    // `fsp.readFile` or `readFile` as they are; `fs.promises.readFile` only when no import of fs/promises takes one more name.
    if (reuse && existing.binding.ref!.path.length >= module.path.length) return reuse;
    const style = this.bindings.style;
    const list = style === "import-equals" ? undefined : this.bindings.namedImportOf(module);
    const name = [exported, local].find((n) => this.canTake(n));
    if (reuse && !(list && name)) return reuse;
    if (!name) return undefined;
    if (!style) return this.fail();
    const destructures = list ? ts.isObjectBindingPattern(list) : style === "cjs";
    const element = name === exported ? name : destructures ? `${exported}: ${name}` : `${exported} as ${name}`;
    if (list) {
      this.taken.add(name);
      this.added.set(list, [...(this.added.get(list) ?? []), element]);
      return { text: name, statement: statementOf(list), added: true };
    }
    if (style === "import-equals") {
      // `import x = require()` binds a namespace: name it after the module, call through it.
      const ns = [camel(specifier), `${camel(specifier)}Module`].find((n) => this.canTake(n));
      if (!ns) return this.fail();
      this.taken.add(ns);
      this.newStatements.push({ text: `import ${ns} = require(${this.quote(specifier)})${this.semi()}`, near });
      return { text: `${ns}.${exported}`, statement: near, added: true };
    }
    this.taken.add(name);
    const text = style === "esm" ? `import { ${element} } from ${this.quote(specifier)}${this.semi()}` : `const { ${element} } = require(${this.quote(specifier)})${this.semi()}`;
    this.newStatements.push({ text, near });
    return { text: name, statement: near, added: true };
  }

  /** A module-level name for a new helper: `base` when free, else undefined. */
  declareName(base: string): string | undefined {
    if (!this.canTake(base)) return undefined;
    this.taken.add(base);
    return base;
  }

  /** Declares `text` (a whole statement) at module level after the imports and after `after`, which it uses. */
  declareAtModuleLevel(text: string, after?: ts.Statement): void {
    this.declarations.push({ text, after });
  }

  /**
   * The rewrite no longer uses the references `dropped` of module-level binding `decl`: remove the
   * binding when nothing else uses it, else claim it, so that two fixes that each drop a use
   * apply one after the other and the last one removes it.
   */
  dropUses(decl: Decl, dropped: readonly ts.Identifier[]): void {
    if (!decl.id) return;
    const others = this.usesOf(decl).filter((u) => !dropped.includes(u));
    if (others.length) {
      if (others.every(isCalleeInFunction)) this.claims.push({ start: decl.id.getStart(this.file.sf), end: decl.id.end, text: decl.id.text });
      return;
    }
    const node = removableNode(decl.id);
    if (!node) return;
    const element = ts.isImportSpecifier(decl.id.parent) || ts.isBindingElement(decl.id.parent) ? decl.id.parent : undefined;
    this.removed.push({ node, element, list: element?.parent as NamedList | undefined });
  }

  /** The edits of every change collected, or undefined when one cannot be made. */
  edits(): TextEdit[] | undefined {
    if (this.failed) return undefined;
    const sf = this.file.sf;
    const text = sf.text;
    const edits: TextEdit[] = [...this.claims];
    const removed = [...this.removed];
    for (const [list, elements] of this.added) {
      const i = removed.findIndex((r) => r.list === list);
      if (i >= 0) {
        // Swap the removed name for the added ones: `import { gzipSync }` → `import { gzip }`.
        const gone = removed.splice(i, 1)[0].element!;
        edits.push({ start: gone.getStart(sf), end: gone.end, text: elements.join(", ") });
      } else edits.push(appendToList(sf, list, list.elements, elements));
    }
    // A whole import that goes makes room for the new ones, where the reader expects them.
    const gone = removed.find((r) => ts.isSourceFile(r.node.parent) && isImportStatement(r.node as ts.Statement));
    for (const r of removed) if (r !== gone) edits.push(removal(sf, r.node));
    const anchor = importAnchor(sf);
    const anchorGoes = !!gone && gone.node === anchor;
    const inPlace: string[] = [];
    const after = new Map<number, string[]>();
    const before: string[] = [];
    const place = (line: string, stmt: ts.Statement | undefined) => {
      if (!stmt) return void before.push(line);
      const pos = lineEndAfter(text, stmt.end);
      after.set(pos, [...(after.get(pos) ?? []), eolAt(text, pos) + line]);
    };
    for (const { text: line, near } of this.newStatements) {
      if (gone) inPlace.push(line);
      else place(line, near ?? anchor);
    }
    // Helpers go after the imports, below the file's own helpers of the kind (`const xAsync = promisify(x)`).
    const helpers = this.bindings.bindings.filter((b) => b.promisifies && (!anchor || b.statement.end > anchor.end)).map((b) => b.statement);
    const lastHelper = helpers.length ? helpers[helpers.length - 1] : anchor;
    for (const d of this.declarations) {
      if (d.after && (!lastHelper || d.after.end > lastHelper.end)) place(d.text, d.after);
      else if (anchorGoes && lastHelper === anchor) inPlace.push(d.text);
      else place(d.text, lastHelper);
    }
    if (gone) edits.push(inPlace.length ? { start: gone.node.getStart(sf), end: gone.node.end, text: inPlace.join(eolAt(text, gone.node.end)) } : removal(sf, gone.node));
    for (const [pos, lines] of after) edits.push({ start: pos, end: pos, text: lines.join("") });
    if (before.length) {
      const at = firstStatementStart(sf);
      const eol = eolAt(text, at);
      edits.push({ start: at, end: at, text: before.map((l) => l + eol).join("") });
    }
    return edits;
  }

  private canTake(name: string): boolean {
    return !this.taken.has(name) && this.bindings.isFree(name);
  }

  private fail(): undefined {
    this.failed = true;
    return undefined;
  }

  /** References to `decl` anywhere, type positions included (the binder leaves those out). */
  private usesOf(decl: Decl): ts.Identifier[] {
    return this.file.get(NameIndex)
      .occurrences(decl.name)
      .filter((id) => id !== decl.id && isReference(id) && (inTypePosition(id) || this.file.scopes.resolve(id) === decl));
  }

  private quote(spec: string): string {
    const first = this.file.sf.statements.find(isImportStatement);
    const raw = first && moduleSpecifierOf(first)?.getText(this.file.sf);
    const q = raw?.startsWith("'") ? "'" : '"';
    return q + spec + q;
  }

  private semi(): string {
    const anchor = importAnchor(this.file.sf) ?? this.file.sf.statements[0];
    return !anchor || anchor.getText(this.file.sf).trimEnd().endsWith(";") ? ";" : "";
  }
}

/** The last import of the file's import block: after it go new imports. */
export function importAnchor(sf: ts.SourceFile): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)) last = s;
  }
  if (last) return last;
  // CommonJS: the last require before the first statement that is not a declaration or directive.
  for (const s of sf.statements) {
    if (isImportStatement(s)) last = s;
    else if (!ts.isVariableStatement(s) && !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression))) break;
  }
  return last;
}

function moduleSpecifierOf(s: ts.Statement): ts.Expression | undefined {
  if (ts.isImportDeclaration(s)) return s.moduleSpecifier;
  if (ts.isImportEqualsDeclaration(s) && ts.isExternalModuleReference(s.moduleReference)) return s.moduleReference.expression;
  const expr = ts.isVariableStatement(s) ? s.declarationList.declarations[0]?.initializer : ts.isExpressionStatement(s) ? s.expression : undefined;
  let e = expr && unwrap(expr);
  while (e && ts.isPropertyAccessExpression(e)) e = unwrap(e.expression);
  return e && ts.isCallExpression(e) ? e.arguments[0] : undefined;
}

/** `fs/promises` → `fsPromises`, `node:child_process` → `childProcess`. */
function camel(spec: string): string {
  return spec.replace(/^node:/, "").replace(/[^A-Za-z0-9]+([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The module-level statement that holds `node`. */
export function statementOf(node: ts.Node): ts.Statement | undefined {
  for (let p: ts.Node | undefined = node; p; p = p.parent) if (p.parent && ts.isSourceFile(p.parent)) return p as ts.Statement;
  return undefined;
}

/** `f(…)` or `ns.f(…)` inside a function: a use that a fix of that call may drop as well. */
function isCalleeInFunction(id: ts.Identifier): boolean {
  let e: ts.Node = id;
  while ((ts.isPropertyAccessExpression(e.parent) || ts.isElementAccessExpression(e.parent)) && e.parent.expression === e) e = e.parent;
  return ts.isCallExpression(e.parent) && e.parent.expression === e && !!enclosingFunction(id);
}

function inTypePosition(id: ts.Identifier): boolean {
  for (let p: ts.Node = id.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isTypeNode(p)) return true;
    if (ts.isExpression(p) || ts.isStatement(p)) return false;
  }
  return false;
}

/** Adds `elements` after the last of `items` in `container` (`{ a }`, `[a]`), following its layout: one line, or one per line. */
export function appendToList(sf: ts.SourceFile, container: ts.Node, items: ts.NodeArray<ts.Node>, elements: readonly string[]): TextEdit {
  const text = sf.text;
  const last = items[items.length - 1];
  const multiline = /\n/.test(text.slice(container.getStart(sf), items[0].getStart(sf)));
  if (!multiline) return { start: last.end, end: last.end, text: elements.map((e) => `, ${e}`).join("") };
  const indent = lineIndentAt(text, items[0].getStart(sf));
  const eol = eolAt(text, last.end);
  if (items.hasTrailingComma) {
    const comma = text.indexOf(",", last.end);
    return { start: comma + 1, end: comma + 1, text: elements.map((e) => `${eol}${indent}${e},`).join("") };
  }
  return { start: last.end, end: last.end, text: elements.map((e) => `,${eol}${indent}${e}`).join("") };
}

/** The end of the line `pos` is on, when only blanks or a comment follow; else `pos` itself. */
function lineEndAfter(text: string, pos: number): number {
  const m = /^[ \t]*(\/\/[^\r\n]*|\/\*[^\r\n]*?\*\/[ \t]*)?(?=\r?\n|$)/.exec(text.slice(pos));
  return m ? pos + m[0].length : pos;
}

function firstStatementStart(sf: ts.SourceFile): number {
  const first = sf.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  return first ? first.getStart(sf) : sf.end;
}
