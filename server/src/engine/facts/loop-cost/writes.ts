/**
 * How a declaration changes after it is made — reassignments, `++`, destructuring targets, loop
 * heads, mutating method calls (`push`, `sort`…) and keyed stores (`cache[key] = v`) — read from
 * the file's shared reference index rather than from a walk of our own.
 */
import { ts } from "ts-morph";
import { unwrap } from "../../ast";
import type { FileFacts } from "../file-facts";
import { isWrite, type Decl } from "../scope";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);

export class DeclWrites {
  private readonly writes = new Map<Decl, ts.Node[]>();
  private readonly mutations = new Map<Decl, ts.CallExpression[]>();

  constructor(private readonly file: FileFacts) {}

  /** The assignments, updates and loop heads that write `decl` (not its declaration). */
  writesOf(decl: Decl): ts.Node[] {
    let out = this.writes.get(decl);
    if (!out) {
      out = [];
      for (const ref of this.file.scopes.references(decl)) if (isWrite(ref)) out.push(writeNodeOf(ref));
      this.writes.set(decl, out);
    }
    return out;
  }

  isReassigned(decl: Decl): boolean {
    return this.file.scopes.isReassigned(decl);
  }

  /** `xs.push(…)`, `xs.pop()`, `xs.sort()`… on a declaration. */
  mutationsOf(decl: Decl): ts.CallExpression[] {
    let out = this.mutations.get(decl);
    if (!out) {
      out = [];
      for (const ref of this.file.scopes.references(decl)) {
        const access = ref.parent;
        if (ts.isPropertyAccessExpression(access) && access.expression === ref && MUTATORS.has(access.name.text) && ts.isCallExpression(access.parent) && access.parent.expression === access) out.push(access.parent);
      }
      this.mutations.set(decl, out);
    }
    return out;
  }

  /** `cache[key] = value` with a computed key: an object (or array) keyed by data grows with it. */
  keyedStoresOf(decl: Decl): ts.BinaryExpression[] {
    const out: ts.BinaryExpression[] = [];
    for (const ref of this.file.scopes.references(decl)) {
      let target: ts.Node = ref;
      while (target.parent && ts.isParenthesizedExpression(target.parent)) target = target.parent;
      const access = target.parent;
      if (!access || !ts.isElementAccessExpression(access) || access.expression !== target) continue;
      if (ts.isNumericLiteral(access.argumentExpression) || ts.isStringLiteral(access.argumentExpression)) continue;
      let left: ts.Node = access;
      while (left.parent && ts.isParenthesizedExpression(left.parent)) left = left.parent;
      const assign = left.parent;
      if (assign && ts.isBinaryExpression(assign) && assign.left === left && isAssignment(assign.operatorToken.kind)) out.push(assign);
    }
    return out;
  }

  /** The values plainly assigned to a `let` / `var` after its declaration (`x = v`). */
  assignedValues(decl: Decl): ts.Expression[] {
    if (decl.kind === "const") return [];
    const out: ts.Expression[] = [];
    for (const w of this.writesOf(decl)) {
      if (ts.isBinaryExpression(w) && w.operatorToken.kind === SK.EqualsToken && ts.isIdentifier(unwrap(w.left))) out.push(w.right);
    }
    return out;
  }
}

function isAssignment(k: ts.SyntaxKind): boolean {
  return k >= SK.FirstAssignment && k <= SK.LastAssignment;
}

/** The expression or statement that performs the write at `ref`: `x = …`, `x++`, `[a, x] = …`, `for (x of …)`. */
function writeNodeOf(ref: ts.Identifier): ts.Node {
  const p = ref.parent;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p;
  let cur: ts.Node = ref;
  for (;;) {
    const up = cur.parent;
    if (!up) return cur;
    if (ts.isBinaryExpression(up) && up.left === cur && isAssignment(up.operatorToken.kind)) return up;
    if ((ts.isForOfStatement(up) || ts.isForInStatement(up)) && up.initializer === cur) return up;
    cur = up;
  }
}
