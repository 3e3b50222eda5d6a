/**
 * A small binder over one file: which declaration an identifier refers to, and where a
 * declaration is read or written. Lexical scoping only (var hoisting, block scoping, params,
 * catch, imports); no type checker, so it costs one walk of the file.
 */
import { ts } from "ts-morph";
import { isFunctionNode, walk } from "../ast";

export type DeclKind = "var" | "let" | "const" | "param" | "function" | "class" | "import" | "catch" | "enum" | "global";

export interface Decl {
  name: string;
  kind: DeclKind;
  /** The node whose subtree the name is visible in; the SourceFile for imports and globals. */
  scope: ts.Node;
  /** The declaring identifier; undefined for globals. */
  id?: ts.Identifier;
  /** Initializer of the variable declaration, parameter default, or the function/class itself. */
  init?: ts.Node;
  /** Path from the initializer's value to this name through destructuring: `const {a: {b}} = x` → ["a","b"]. */
  path?: string[];
  /** For imports: the module specifier and the imported name ("default", "*" or a named export). */
  module?: string;
  imported?: string;
}

export interface Refs {
  reads: Map<Decl, ts.Identifier[]>;
  writes: Map<Decl, ts.Identifier[]>;
}

/** Climbs longer than this remember their result (see ScopeFacts.scopeAbove). */
const LONG_CLIMB = 32;

function isScopeNode(n: ts.Node): boolean {
  switch (n.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.CatchClause:
    case ts.SyntaxKind.CaseBlock:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
      return true;
    default:
      return false;
  }
}

/**
 * Built on first question, not at construction: a file no rule asks about costs nothing. The one
 * binding walk also keeps every identifier it passes, so the reference index for references()
 * needs no second walk of the file.
 */
export class ScopeFacts {
  private readonly scopes = new Map<ts.Node, Map<string, Decl>>();
  private readonly declById = new Map<ts.Identifier, Decl>();
  private readonly globals = new Map<string, Decl>();
  private bound = false;
  /** Identifiers outside type-only code, in source order; dropped once the reference index is built. */
  private identifiers?: ts.Identifier[];
  /** Each scope node's enclosing scope node, as found. */
  private readonly outerScope = new Map<ts.Node, ts.Node | undefined>();
  /** For nodes on long climbs only (deeply nested expressions): their innermost enclosing scope. */
  private readonly scopeOfDeepNode = new Map<ts.Node, ts.Node>();

  constructor(readonly sf: ts.SourceFile) {}

  /** Binds now rather than on the first question (profiling puts the cost where it belongs). */
  prepare(): void {
    if (!this.bound) this.bind();
  }

  private bind(): void {
    this.bound = true;
    const ids: ts.Identifier[] = [];
    walk(this.sf, (n) => {
      if (n.kind === ts.SyntaxKind.Identifier) {
        ids.push(n as ts.Identifier);
        return;
      }
      if (isTypeOnly(n)) return false;
      this.collect(n);
    });
    this.identifiers = ids;
  }

  /** The declaration `id` refers to; a shared synthetic "global" decl when nothing in the file declares it. */
  resolve(id: ts.Identifier): Decl {
    if (!this.bound) this.bind();
    const own = this.declById.get(id);
    if (own) return own;
    const name = id.text;
    // Declarations live on scope nodes only: climbing the scope chain finds what climbing every ancestor would.
    for (let s = this.scopeAbove(id); s; s = this.outerOf(s)) {
      const d = this.scopes.get(s)?.get(name);
      if (d) return d;
    }
    let g = this.globals.get(name);
    if (!g) this.globals.set(name, (g = { name, kind: "global", scope: this.sf }));
    return g;
  }

  private outerOf(scope: ts.Node): ts.Node | undefined {
    let outer = this.outerScope.get(scope);
    if (outer === undefined && !this.outerScope.has(scope)) this.outerScope.set(scope, (outer = this.scopeAbove(scope)));
    return outer;
  }

  /**
   * The nearest scope node above `n`. Climbs are short in ordinary code; in a 50,000-deep
   * expression (minified bundles) every identifier would climb the whole chain, so the nodes of a
   * long climb remember where it ended and later climbs stop there.
   */
  private scopeAbove(n: ts.Node): ts.Node | undefined {
    const memo = this.scopeOfDeepNode;
    let steps = 0;
    let found: ts.Node | undefined;
    for (let p = n.parent; p; p = p.parent, steps++) {
      if (isScopeNode(p)) {
        found = p;
        break;
      }
      if (memo.size) {
        const known = memo.get(p);
        if (known) {
          found = known;
          break;
        }
      }
    }
    if (steps > LONG_CLIMB && found) for (let p = n.parent; p && p !== found && !memo.has(p); p = p.parent) memo.set(p, found);
    return found;
  }

  declOf(id: ts.Identifier): Decl | undefined {
    if (!this.bound) this.bind();
    return this.declById.get(id);
  }

  /** Every reference to `decl` (reads and writes, not the declaring identifier). */
  references(decl: Decl): ts.Identifier[] {
    return this.allReferences().get(decl) ?? [];
  }

  private refsByDecl?: Map<Decl, ts.Identifier[]>;

  /**
   * Every reference in the file grouped by declaration, built once: asking per declaration would
   * walk its whole scope each time, which is quadratic on bundled and minified files.
   */
  private allReferences(): Map<Decl, ts.Identifier[]> {
    if (!this.refsByDecl) {
      if (!this.bound) this.bind();
      const index = new Map<Decl, ts.Identifier[]>();
      for (const n of this.identifiers!) {
        if (!isReference(n)) continue;
        const d = this.resolve(n);
        if (n === d.id) continue;
        const l = index.get(d);
        if (l) l.push(n);
        else index.set(d, [n]);
      }
      this.identifiers = undefined;
      this.refsByDecl = index;
    }
    return this.refsByDecl;
  }

  /** True when anything but the declaration's initializer assigns the name. */
  isReassigned(decl: Decl): boolean {
    if (decl.kind === "const" || decl.kind === "import") return false;
    // Asked once per use of the name by API resolution: cache, or a busy name costs uses × references.
    let r = this.reassigned.get(decl);
    if (r === undefined) this.reassigned.set(decl, (r = this.references(decl).some(isWrite)));
    return r;
  }

  private readonly reassigned = new Map<Decl, boolean>();

  /** Identifiers read and written inside `node`, resolved to their declarations. */
  refsIn(node: ts.Node): Refs {
    if (!this.bound) this.bind();
    const reads = new Map<Decl, ts.Identifier[]>();
    const writes = new Map<Decl, ts.Identifier[]>();
    const add = (m: Map<Decl, ts.Identifier[]>, d: Decl, id: ts.Identifier) => {
      const l = m.get(d);
      if (l) l.push(id);
      else m.set(d, [id]);
    };
    const visit = (n: ts.Node) => {
      if (n.kind !== ts.SyntaxKind.Identifier) return;
      const id = n as ts.Identifier;
      if (!isReference(id)) {
        // A declaration with an initializer writes its name.
        const d = this.declById.get(id);
        if (d && d.init && d.kind !== "function" && d.kind !== "class") add(writes, d, id);
        return;
      }
      const d = this.resolve(id);
      if (isWrite(id)) {
        add(writes, d, id);
        if (isReadWrite(id)) add(reads, d, id);
      } else add(reads, d, id);
    };
    visit(node);
    walk(node, (n) => {
      if (n.kind === ts.SyntaxKind.Identifier) visit(n);
      else if (isTypeOnly(n)) return false;
    });
    return { reads, writes };
  }

  private declare(scope: ts.Node, decl: Decl) {
    let m = this.scopes.get(scope);
    if (!m) this.scopes.set(scope, (m = new Map()));
    // First declaration wins for `var` redeclarations; later ones share it.
    const prev = m.get(decl.name);
    if (prev && decl.id) {
      this.declById.set(decl.id, prev);
      return;
    }
    m.set(decl.name, decl);
    if (decl.id) this.declById.set(decl.id, decl);
  }

  private collect(n: ts.Node) {
    switch (n.kind) {
      case ts.SyntaxKind.VariableDeclaration: {
        const v = n as ts.VariableDeclaration;
        const list = v.parent;
        const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
        const kind: DeclKind = flags & ts.NodeFlags.Const || flags & ts.NodeFlags.Using ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
        const scope = kind === "var" ? functionScope(v) : blockScope(list.parent ?? v);
        this.bindName(v.name, scope, kind, v.initializer, []);
        return;
      }
      case ts.SyntaxKind.Parameter: {
        const p = n as ts.ParameterDeclaration;
        this.bindName(p.name, p.parent, "param", p.initializer, []);
        return;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.ClassDeclaration:
      case ts.SyntaxKind.EnumDeclaration: {
        const d = n as ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration;
        if (!d.name) return;
        const kind: DeclKind = n.kind === ts.SyntaxKind.FunctionDeclaration ? "function" : n.kind === ts.SyntaxKind.ClassDeclaration ? "class" : "enum";
        const scope = blockScope(d.parent);
        this.declare(scope, { name: d.name.text, kind, scope, id: d.name, init: d });
        return;
      }
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ClassExpression: {
        const e = n as ts.FunctionExpression | ts.ClassExpression;
        if (e.name) this.declare(e, { name: e.name.text, kind: n.kind === ts.SyntaxKind.FunctionExpression ? "function" : "class", scope: e, id: e.name, init: e });
        return;
      }
      case ts.SyntaxKind.CatchClause: {
        const c = n as ts.CatchClause;
        if (c.variableDeclaration) this.bindName(c.variableDeclaration.name, c, "catch", undefined, []);
        return;
      }
      case ts.SyntaxKind.ImportDeclaration:
        this.collectImport(n as ts.ImportDeclaration);
        return;
      case ts.SyntaxKind.ImportEqualsDeclaration: {
        const d = n as ts.ImportEqualsDeclaration;
        if (!ts.isExternalModuleReference(d.moduleReference)) return;
        const module = stringValueOf(d.moduleReference.expression);
        if (module) this.declare(this.sf, { name: d.name.text, kind: "import", scope: this.sf, id: d.name, module, imported: "*" });
        return;
      }
    }
  }

  private collectImport(n: ts.ImportDeclaration) {
    const module = stringValueOf(n.moduleSpecifier);
    const clause = n.importClause;
    if (!module || !clause || clause.isTypeOnly) return;
    if (clause.name) this.declare(this.sf, { name: clause.name.text, kind: "import", scope: this.sf, id: clause.name, module, imported: "default" });
    const b = clause.namedBindings;
    if (b && ts.isNamespaceImport(b)) this.declare(this.sf, { name: b.name.text, kind: "import", scope: this.sf, id: b.name, module, imported: "*" });
    if (b && ts.isNamedImports(b)) {
      for (const el of b.elements) {
        if (el.isTypeOnly) continue;
        const imported = el.propertyName ? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.propertyName.text) : el.name.text;
        this.declare(this.sf, { name: el.name.text, kind: "import", scope: this.sf, id: el.name, module, imported });
      }
    }
  }

  private bindName(name: ts.BindingName, scope: ts.Node, kind: DeclKind, init: ts.Node | undefined, path: string[]) {
    if (ts.isIdentifier(name)) {
      this.declare(scope, { name: name.text, kind, scope, id: name, init: init ?? bindingRoot(name), path: path.length ? path : undefined });
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.dotDotDotToken ? "..." : el.propertyName ? propertyKey(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : "?";
        this.bindName(el.name, scope, kind, init, [...path, key ?? "?"]);
      }
    } else {
      name.elements.forEach((el, i) => {
        if (ts.isBindingElement(el)) this.bindName(el.name, scope, kind, init, [...path, el.dotDotDotToken ? "..." : String(i)]);
      });
    }
  }
}

/** For a destructured name with no initializer of its own, the declaration's initializer. */
function bindingRoot(id: ts.Identifier): ts.Node | undefined {
  for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
    if (ts.isVariableDeclaration(p) || ts.isParameter(p)) return p.initializer;
  }
  return undefined;
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function stringValueOf(e: ts.Expression): string | undefined {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) ? e.text : undefined;
}

function functionScope(n: ts.Node): ts.Node {
  for (let p = n.parent; p; p = p.parent) if (isFunctionNode(p) || ts.isSourceFile(p) || ts.isModuleBlock(p)) return p;
  return n.getSourceFile();
}

function blockScope(n: ts.Node): ts.Node {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (isScopeNode(p)) return p;
  return n.getSourceFile();
}

const isTypeNode = ts.isTypeNode;

function isTypeOnly(n: ts.Node): boolean {
  switch (n.kind) {
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration:
      return true;
    case ts.SyntaxKind.ImportDeclaration:
      return !!(n as ts.ImportDeclaration).importClause?.isTypeOnly;
    default:
      return isTypeNode(n);
  }
}

/** True when the identifier names a value (not a property name, label or declaration name). */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  switch (p.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (p as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.QualifiedName:
      return (p as ts.QualifiedName).left === id;
    case ts.SyntaxKind.PropertyAssignment:
      return (p as ts.PropertyAssignment).initializer === id;
    case ts.SyntaxKind.BindingElement:
      return (p as ts.BindingElement).initializer === id;
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertySignature:
      return (p as ts.VariableDeclaration).initializer === id;
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.ClassExpression:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.MethodSignature:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.EnumDeclaration:
    case ts.SyntaxKind.EnumMember:
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.ImportSpecifier:
    case ts.SyntaxKind.ImportClause:
    case ts.SyntaxKind.NamespaceImport:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.LabeledStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.JsxAttribute:
    case ts.SyntaxKind.ModuleDeclaration:
    case ts.SyntaxKind.MetaProperty:
      return false;
    case ts.SyntaxKind.ExportSpecifier: {
      const spec = p as ts.ExportSpecifier;
      return (spec.propertyName ?? spec.name) === id && !spec.parent.parent.moduleSpecifier;
    }
    default:
      return true;
  }
}

function isAssignmentOperator(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

/** The expression a destructuring-assignment target sits in, climbing object/array literals. */
function assignmentTargetRoot(n: ts.Node): ts.Node {
  let cur = n;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (ts.isShorthandPropertyAssignment(p) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p) || ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p) || ts.isParenthesizedExpression(p)) {
      cur = p;
    } else if (ts.isPropertyAssignment(p) && p.initializer === cur) {
      cur = p;
    } else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.left !== cur && ts.isObjectLiteralExpression(cur.parent ?? cur)) {
      // default value inside a pattern: `({ a = 1 } = o)` — the default is read, not written
      return cur;
    } else return cur;
  }
}

/** True when the identifier is assigned (`x = …`, `x += …`, `x++`, destructuring, `for (x of …)`). */
export function isWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  const root = assignmentTargetRoot(id);
  const rp = root.parent;
  if (!rp) return false;
  if (ts.isBinaryExpression(rp) && isAssignmentOperator(rp.operatorToken.kind) && rp.left === root) {
    return root === id || rp.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  if ((ts.isForOfStatement(rp) || ts.isForInStatement(rp)) && rp.initializer === root) return true;
  return false;
}

/** `x += 1`, `x++`: the name is read as well as written. */
function isReadWrite(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === id && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
}

