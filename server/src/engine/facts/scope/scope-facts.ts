/** The binder's questions: which declaration an identifier refers to, and where a declaration is read or written. */
import { ts } from "ts-morph";
import { walk } from "../../ast";
import { isTypeOnly, NodeIndex } from "../node-index";
import { DeclarationBinder, isScopeNode, type Decl } from "./declarations";
import { isReadWrite, isReference, isWrite } from "./identifier-use";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;

export interface Refs {
  reads: Map<Decl, ts.Identifier[]>;
  writes: Map<Decl, ts.Identifier[]>;
}

/** Climbs longer than this remember their result (see ScopeFacts.scopeAbove). */
const LONG_CLIMB = 32;

/**
 * Built on first question, not at construction: a file no rule asks about costs nothing. Binding
 * reads the declarations and identifiers off the file's node index (one walk shared with the
 * facts that start from calls, loops and functions), so the reference index for references()
 * needs no walk of its own either.
 */
export class ScopeFacts {
  private readonly scopes = new Map<ts.Node, Map<string, Decl>>();
  private readonly declById = new Map<ts.Identifier, Decl>();
  private readonly globals = new Map<string, Decl>();
  private bound = false;
  /** Identifiers outside type-only code, in source order; dropped once the reference index is built. */
  private identifiers?: readonly ts.Identifier[];
  /** Each scope node's enclosing scope node, as found. */
  private readonly outerScope = new Map<ts.Node, ts.Node | undefined>();
  /** For nodes on long climbs only (deeply nested expressions): their innermost enclosing scope. */
  private readonly scopeOfDeepNode = new Map<ts.Node, ts.Node>();
  private readonly binder: DeclarationBinder;

  constructor(
    readonly sf: ts.SourceFile,
    /** The file's node index (FileFacts shares its own); built here when not given. */
    private readonly nodes: () => NodeIndex = () => new NodeIndex({ sf }),
  ) {
    this.binder = new DeclarationBinder(sf, this.scopes, this.declById);
  }

  /** Binds now rather than on the first question (profiling puts the cost where it belongs). */
  prepare(): void {
    if (!this.bound) this.bind();
  }

  private bind(): void {
    this.bound = true;
    const index = this.nodes();
    // In source order, as a walk would meet them: for `var` redeclared, the first declaration wins.
    for (const n of index.declarations) this.binder.collect(n);
    this.identifiers = index.identifiers;
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
      if (n.kind !== SyntaxKind.Identifier) return;
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
      if (n.kind === SyntaxKind.Identifier) visit(n);
      else if (isTypeOnly(n)) return false;
    });
    return { reads, writes };
  }
}
