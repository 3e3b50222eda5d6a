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

function isScopeNode(n: ts.Node): boolean {
  return (
    ts.isSourceFile(n) ||
    ts.isBlock(n) ||
    isFunctionNode(n) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isCatchClause(n) ||
    ts.isCaseBlock(n) ||
    ts.isModuleBlock(n) ||
    ts.isClassLike(n)
  );
}

export class ScopeFacts {
  private readonly scopes = new Map<ts.Node, Map<string, Decl>>();
  private readonly declById = new Map<ts.Identifier, Decl>();
  private readonly globals = new Map<string, Decl>();

  constructor(readonly sf: ts.SourceFile) {
    walk(sf, (n) => {
      if (isTypeOnly(n)) return false;
      this.collect(n);
    });
  }

  /** The declaration `id` refers to; a shared synthetic "global" decl when nothing in the file declares it. */
  resolve(id: ts.Identifier): Decl {
    const own = this.declById.get(id);
    if (own) return own;
    const name = id.text;
    for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
      const d = this.scopes.get(p)?.get(name);
      if (d) return d;
    }
    let g = this.globals.get(name);
    if (!g) this.globals.set(name, (g = { name, kind: "global", scope: this.sf }));
    return g;
  }

  declOf(id: ts.Identifier): Decl | undefined {
    return this.declById.get(id);
  }

  /** Every reference to `decl` (reads and writes, not the declaring identifier). */
  references(decl: Decl): ts.Identifier[] {
    return this.allReferences().get(decl) ?? [];
  }

  private refsByDecl?: Map<Decl, ts.Identifier[]>;

  /**
   * Every reference in the file grouped by declaration, from one walk: asking per declaration
   * would walk its whole scope each time, which is quadratic on bundled and minified files.
   */
  private allReferences(): Map<Decl, ts.Identifier[]> {
    if (!this.refsByDecl) {
      const index = new Map<Decl, ts.Identifier[]>();
      walk(this.sf, (n) => {
        if (isTypeOnly(n)) return false;
        if (!ts.isIdentifier(n) || !isReference(n)) return;
        const d = this.resolve(n);
        if (n === d.id) return;
        const l = index.get(d);
        if (l) l.push(n);
        else index.set(d, [n]);
      });
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
    const reads = new Map<Decl, ts.Identifier[]>();
    const writes = new Map<Decl, ts.Identifier[]>();
    const add = (m: Map<Decl, ts.Identifier[]>, d: Decl, id: ts.Identifier) => {
      const l = m.get(d);
      if (l) l.push(id);
      else m.set(d, [id]);
    };
    const visit = (n: ts.Node) => {
      if (!ts.isIdentifier(n)) return;
      if (!isReference(n)) {
        // A declaration with an initializer writes its name.
        const d = this.declById.get(n);
        if (d && d.init && d.kind !== "function" && d.kind !== "class") add(writes, d, n);
        return;
      }
      const d = this.resolve(n);
      if (isWrite(n)) {
        add(writes, d, n);
        if (isReadWrite(n)) add(reads, d, n);
      } else add(reads, d, n);
    };
    visit(node);
    walk(node, (n) => {
      if (isTypeOnly(n)) return false;
      visit(n);
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
    if (ts.isVariableDeclaration(n)) {
      const list = n.parent;
      const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
      const kind: DeclKind = flags & ts.NodeFlags.Const || flags & ts.NodeFlags.Using ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
      const scope = kind === "var" ? functionScope(n) : blockScope(list.parent ?? n);
      this.bindName(n.name, scope, kind, n.initializer, []);
    } else if (ts.isParameter(n)) {
      this.bindName(n.name, n.parent, "param", n.initializer, []);
    } else if (ts.isFunctionDeclaration(n) && n.name) {
      this.declare(blockScope(n.parent), { name: n.name.text, kind: "function", scope: blockScope(n.parent), id: n.name, init: n });
    } else if (ts.isFunctionExpression(n) && n.name) {
      this.declare(n, { name: n.name.text, kind: "function", scope: n, id: n.name, init: n });
    } else if (ts.isClassDeclaration(n) && n.name) {
      this.declare(blockScope(n.parent), { name: n.name.text, kind: "class", scope: blockScope(n.parent), id: n.name, init: n });
    } else if (ts.isClassExpression(n) && n.name) {
      this.declare(n, { name: n.name.text, kind: "class", scope: n, id: n.name, init: n });
    } else if (ts.isEnumDeclaration(n)) {
      this.declare(blockScope(n.parent), { name: n.name.text, kind: "enum", scope: blockScope(n.parent), id: n.name, init: n });
    } else if (ts.isCatchClause(n) && n.variableDeclaration) {
      this.bindName(n.variableDeclaration.name, n, "catch", undefined, []);
    } else if (ts.isImportDeclaration(n)) {
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
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      const module = stringValueOf(n.moduleReference.expression);
      if (module) this.declare(this.sf, { name: n.name.text, kind: "import", scope: this.sf, id: n.name, module, imported: "*" });
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

function isTypeOnly(n: ts.Node): boolean {
  return (
    ts.isTypeNode(n) ||
    ts.isInterfaceDeclaration(n) ||
    ts.isTypeAliasDeclaration(n) ||
    (ts.isImportDeclaration(n) && !!n.importClause?.isTypeOnly)
  );
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

