/**
 * The declarations of one file and the scope each is visible in: var hoisting, block scoping,
 * params, catch bindings, destructuring paths, imports. Filled node by node by ScopeFacts' one walk.
 */
import { ts } from "ts-morph";
import { isFunctionNode } from "../../ast";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const NodeFlags = ts.NodeFlags;
const { isBindingElement, isExternalModuleReference, isIdentifier, isModuleBlock, isNamedImports, isNamespaceImport, isNoSubstitutionTemplateLiteral, isNumericLiteral, isObjectBindingPattern, isParameter, isPrivateIdentifier, isSourceFile, isStringLiteral, isVariableDeclaration, isVariableDeclarationList } = ts;

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

export function isScopeNode(n: ts.Node): boolean {
  switch (n.kind) {
    case SyntaxKind.SourceFile:
    case SyntaxKind.Block:
    case SyntaxKind.FunctionDeclaration:
    case SyntaxKind.FunctionExpression:
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.MethodDeclaration:
    case SyntaxKind.Constructor:
    case SyntaxKind.GetAccessor:
    case SyntaxKind.SetAccessor:
    case SyntaxKind.ForStatement:
    case SyntaxKind.ForOfStatement:
    case SyntaxKind.ForInStatement:
    case SyntaxKind.CatchClause:
    case SyntaxKind.CaseBlock:
    case SyntaxKind.ModuleBlock:
    case SyntaxKind.ClassDeclaration:
    case SyntaxKind.ClassExpression:
      return true;
    default:
      return false;
  }
}

/** Records each declaration in the maps ScopeFacts resolves names with. */
export class DeclarationBinder {
  constructor(
    private readonly sf: ts.SourceFile,
    private readonly scopes: Map<ts.Node, Map<string, Decl>>,
    private readonly declById: Map<ts.Identifier, Decl>,
  ) {}

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

  collect(n: ts.Node) {
    switch (n.kind) {
      case SyntaxKind.VariableDeclaration: {
        const v = n as ts.VariableDeclaration;
        const list = v.parent;
        const flags = isVariableDeclarationList(list) ? list.flags : 0;
        const kind: DeclKind = flags & NodeFlags.Const || flags & NodeFlags.Using ? "const" : flags & NodeFlags.Let ? "let" : "var";
        const scope = kind === "var" ? functionScope(v) : blockScope(list.parent ?? v);
        this.bindName(v.name, scope, kind, v.initializer, []);
        return;
      }
      case SyntaxKind.Parameter: {
        const p = n as ts.ParameterDeclaration;
        this.bindName(p.name, p.parent, "param", p.initializer, []);
        return;
      }
      case SyntaxKind.FunctionDeclaration:
      case SyntaxKind.ClassDeclaration:
      case SyntaxKind.EnumDeclaration: {
        const d = n as ts.FunctionDeclaration | ts.ClassDeclaration | ts.EnumDeclaration;
        if (!d.name) return;
        const kind: DeclKind = n.kind === SyntaxKind.FunctionDeclaration ? "function" : n.kind === SyntaxKind.ClassDeclaration ? "class" : "enum";
        const scope = blockScope(d.parent);
        this.declare(scope, { name: d.name.text, kind, scope, id: d.name, init: d });
        return;
      }
      case SyntaxKind.FunctionExpression:
      case SyntaxKind.ClassExpression: {
        const e = n as ts.FunctionExpression | ts.ClassExpression;
        if (e.name) this.declare(e, { name: e.name.text, kind: n.kind === SyntaxKind.FunctionExpression ? "function" : "class", scope: e, id: e.name, init: e });
        return;
      }
      case SyntaxKind.CatchClause: {
        const c = n as ts.CatchClause;
        if (c.variableDeclaration) this.bindName(c.variableDeclaration.name, c, "catch", undefined, []);
        return;
      }
      case SyntaxKind.ImportDeclaration:
        this.collectImport(n as ts.ImportDeclaration);
        return;
      case SyntaxKind.ImportEqualsDeclaration: {
        const d = n as ts.ImportEqualsDeclaration;
        if (!isExternalModuleReference(d.moduleReference)) return;
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
    if (b && isNamespaceImport(b)) this.declare(this.sf, { name: b.name.text, kind: "import", scope: this.sf, id: b.name, module, imported: "*" });
    if (b && isNamedImports(b)) {
      for (const el of b.elements) {
        if (el.isTypeOnly) continue;
        const imported = el.propertyName ? (isIdentifier(el.propertyName) ? el.propertyName.text : el.propertyName.text) : el.name.text;
        this.declare(this.sf, { name: el.name.text, kind: "import", scope: this.sf, id: el.name, module, imported });
      }
    }
  }

  private bindName(name: ts.BindingName, scope: ts.Node, kind: DeclKind, init: ts.Node | undefined, path: string[]) {
    if (isIdentifier(name)) {
      this.declare(scope, { name: name.text, kind, scope, id: name, init: init ?? bindingRoot(name), path: path.length ? path : undefined });
      return;
    }
    if (isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.dotDotDotToken ? "..." : el.propertyName ? propertyKey(el.propertyName) : isIdentifier(el.name) ? el.name.text : "?";
        this.bindName(el.name, scope, kind, init, [...path, key ?? "?"]);
      }
    } else {
      name.elements.forEach((el, i) => {
        if (isBindingElement(el)) this.bindName(el.name, scope, kind, init, [...path, el.dotDotDotToken ? "..." : String(i)]);
      });
    }
  }
}

/** For a destructured name with no initializer of its own, the declaration's initializer. */
function bindingRoot(id: ts.Identifier): ts.Node | undefined {
  for (let p: ts.Node | undefined = id.parent; p; p = p.parent) {
    if (isVariableDeclaration(p) || isParameter(p)) return p.initializer;
  }
  return undefined;
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (isIdentifier(name) || isStringLiteral(name) || isNumericLiteral(name) || isPrivateIdentifier(name)) return name.text;
  return undefined;
}

function stringValueOf(e: ts.Expression): string | undefined {
  return isStringLiteral(e) || isNoSubstitutionTemplateLiteral(e) ? e.text : undefined;
}

function functionScope(n: ts.Node): ts.Node {
  for (let p = n.parent; p; p = p.parent) if (isFunctionNode(p) || isSourceFile(p) || isModuleBlock(p)) return p;
  return n.getSourceFile();
}

function blockScope(n: ts.Node): ts.Node {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (isScopeNode(p)) return p;
  return n.getSourceFile();
}
