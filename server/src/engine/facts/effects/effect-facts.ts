/**
 * The file's awaits and what each does: the await index (which nodes, functions and statement
 * lists hold one), each await's operation, the accesses of a node, and the receivers and sessions
 * a call acts on. Built once per file with `file.get(EffectFacts)`; each answer is cached.
 */
import { ts } from "ts-morph";
import { isFunctionNode, type FunctionNode } from "../../ast";
import type { FileFacts } from "../file-facts";
import type { Decl } from "../scope";
import { accessRoot, collectAccesses, overlaps, type Access, type AccessSet, type Root } from "./accesses";
import type { AwaitedOperation, OperationKind } from "./awaited-operation";
import { nodesAtWord } from "./nodes-at-word";
import { OperationKinds } from "./operation-kind";
import { ReceiverFacts } from "./receivers";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const { isAwaitExpression, isBlock, isCaseClause, isClassLike, isDefaultClause, isModuleBlock, isSourceFile } = ts;

type StatementList = ts.Block | ts.SourceFile | ts.ModuleBlock | ts.CaseClause | ts.DefaultClause;

interface AwaitIndex {
  all: ts.AwaitExpression[];
  holders: Set<ts.Node>;
  functions: FunctionNode[];
  lists: StatementList[];
}

export class EffectFacts {
  private readonly operations = new Map<ts.AwaitExpression, AwaitedOperation>();
  private readonly accessCache = new Map<ts.Node, AccessSet>();
  private readonly kinds: OperationKinds;
  private readonly receivers: ReceiverFacts;

  private awaitIndex?: AwaitIndex;

  constructor(private readonly file: FileFacts) {
    this.kinds = new OperationKinds(file);
    this.receivers = new ReceiverFacts(file);
  }

  /** Every await in the file, in source order. */
  awaits(): readonly ts.AwaitExpression[] {
    return this.index().all;
  }

  /** True when an await runs as part of `node` (inside it, not inside a function nested in it). */
  holdsAwait(node: ts.Node): boolean {
    return this.index().holders.has(node);
  }

  /** Every node that holds an await, each function that contains one included. */
  awaitHolders(): ReadonlySet<ts.Node> {
    return this.index().holders;
  }

  /** The functions that hold an await of their own. */
  awaitingFunctions(): readonly FunctionNode[] {
    return this.index().functions;
  }

  /** The statement lists (blocks, case clauses, the file) that hold an await. */
  awaitStatementLists(): readonly StatementList[] {
    return this.index().lists;
  }

  private index(): AwaitIndex {
    if (this.awaitIndex) return this.awaitIndex;
    const index: AwaitIndex = { all: [], holders: new Set(), functions: [], lists: [] };
    // Guided by where the word occurs, so files with few awaits are not walked end to end.
    for (const n of nodesAtWord(this.file.sf, "await")) {
      if (!isAwaitExpression(n)) continue;
      index.all.push(n);
      for (let p: ts.Node | undefined = n; p && !index.holders.has(p); p = p.parent) {
        index.holders.add(p);
        if (isBlock(p) || isSourceFile(p) || isModuleBlock(p) || isCaseClause(p) || isDefaultClause(p)) index.lists.push(p);
        if (isFunctionNode(p)) index.functions.push(p);
        if (isFunctionNode(p) || isClassLike(p)) break;
      }
    }
    return (this.awaitIndex = index);
  }

  /** What an await waits for. */
  awaited(aw: ts.AwaitExpression): AwaitedOperation {
    let op = this.operations.get(aw);
    if (!op) this.operations.set(aw, (op = this.kinds.classifyAwait(aw)));
    return op;
  }

  /** Reads and writes of locals and property paths in `node`, nested callbacks included. */
  accesses(node: ts.Node): AccessSet {
    let set = this.accessCache.get(node);
    if (!set) this.accessCache.set(node, (set = collectAccesses(this.file.scopes, node)));
    return set;
  }

  /**
   * The first way `later` can observe `earlier` through data: it reads what earlier wrote, or
   * writes what earlier read or wrote. Method receivers count as reads of everything under them.
   */
  dataDependency(earlier: AccessSet, later: AccessSet): { read: Access; write: Access } | undefined {
    for (const r of later.reads) for (const w of earlier.writes) if (overlaps(r, w)) return { read: r, write: w };
    for (const w of later.writes) {
      for (const r of earlier.reads) if (overlaps(r, w)) return { read: r, write: w };
      for (const w2 of earlier.writes) if (overlaps(w, w2)) return { read: w2, write: w };
    }
    return undefined;
  }

  /**
   * Sessions `node` acts on: receivers or arguments that are one connection, transaction, page or
   * stream, keyed by declaration (or `this.page`-style property name), with the root they hang from.
   */
  sessions(node: ts.Node): Map<string, Root> {
    return this.receivers.sessions(node);
  }

  /** True when `decl` holds one connection, transaction, session, page or stream, whose calls run in order. */
  isSession(decl: Decl): boolean {
    return this.receivers.isSession(decl);
  }

  /** The Decl or `this` an expression's access chain starts from: `a.b().c` → a. */
  rootOf(expr: ts.Node): Root | undefined {
    return accessRoot(this.file.scopes, expr);
  }

  /** A key naming the receiver chain of a call (`db.users` in `db.users.find()`), calls included by name. */
  receiverKey(expr: ts.Expression | undefined): string | undefined {
    return this.receivers.receiverKey(expr);
  }

  /** The kind of operation a call is; `op` carries its name, receiver and API. */
  kindOf(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression, op: Pick<AwaitedOperation, "name" | "receiver" | "api" | "resultUsed">): OperationKind {
    return this.kinds.kindOf(call, op);
  }
}
