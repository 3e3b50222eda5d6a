/**
 * Reads and writes of locals and property paths under them (`this.user.name`, `cache.*`), and when
 * two of them can touch the same value: what makes one await observe another through data.
 */
import { ts } from "ts-morph";
import { stringValue, walk } from "../../ast";
import { isReference, isWrite, type Decl, type ScopeFacts } from "../scope";
import { isReadWrite } from "../scope/identifier-use";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isArrayLiteralExpression, isAsExpression, isAwaitExpression, isBinaryExpression, isCallExpression, isDeleteExpression, isElementAccessExpression, isForInStatement, isForOfStatement, isIdentifier, isNonNullExpression, isNumericLiteral, isObjectLiteralExpression, isParenthesizedExpression, isPostfixUnaryExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadElement, isTaggedTemplateExpression, isTypeNode } = ts;

/** The root of an access path: a declaration, or `this`. */
export type Root = Decl | "this";

/** A read or write of a local or of a property path under one: `this.user.name` is { root: "this", path: ["user", "name"] }. */
export interface Access {
  root: Root;
  /** Property names from the root; "*" stands for a computed key (`a[k]`) or a collection's contents. */
  path: string[];
  /** "call": the receiver of a method call (the method may read anything under it); "value": a plain read or write. */
  via: "value" | "call";
  /** The outermost node of the access chain (`a.b.c` for a read of a.b.c). */
  node: ts.Node;
}

export interface AccessSet {
  reads: Access[];
  writes: Access[];
}

/** Methods that change the collection or object they are called on. */
export const WRITE_METHODS = new Set(["push", "unshift", "pop", "shift", "splice", "add", "set", "delete", "clear", "append", "sort", "reverse", "fill", "copyWithin", "assign", "setItem", "removeItem"]);

/** Reads and writes of locals and property paths in `node`, nested callbacks included. */
export function collectAccesses(scopes: ScopeFacts, node: ts.Node): AccessSet {
  const reads: Access[] = [];
  const writes: Access[] = [];
  const visit = (n: ts.Node) => {
    if (isIdentifier(n)) {
      if (!isReference(n)) {
        // A declared name with an initializer is written by its declaration.
        const d = scopes.declOf(n);
        if (d && d.init && d.kind !== "function" && d.kind !== "class" && d.kind !== "import") writes.push({ root: d, path: [], via: "value", node: n });
        return;
      }
      const d = scopes.resolve(n);
      if (d.kind === "import" || d.kind === "function" || d.kind === "class" || d.kind === "enum") return;
      chainAccess(n, d, reads, writes);
    } else if (n.kind === SyntaxKind.ThisKeyword) {
      chainAccess(n, "this", reads, writes);
    }
  };
  visit(node);
  walk(node, (n) => {
    if (isTypeNode(n)) return false;
    visit(n);
  });
  return { reads, writes };
}

/** Records the access an identifier or `this` starts: `a.b.c = 1` writes a.b.c, `a.b.push(x)` writes a.b.*. */
function chainAccess(start: ts.Node, root: Root, reads: Access[], writes: Access[]) {
  const path: string[] = [];
  let top: ts.Node = start;
  for (;;) {
    const p: ts.Node | undefined = top.parent;
    if (!p) break;
    if (isPropertyAccessExpression(p) && p.expression === top) {
      path.push(p.name.text);
      top = p;
    } else if (isElementAccessExpression(p) && p.expression === top) {
      path.push(stringValue(p.argumentExpression) ?? (isNumericLiteral(p.argumentExpression) ? p.argumentExpression.text : "*"));
      top = p;
    } else if (isNonNullExpression(p) || isParenthesizedExpression(p)) {
      top = p;
    } else break;
  }
  const parent = top.parent;
  if (path.length > 0 && parent && isCallExpression(parent) && parent.expression === top) {
    const method = path.pop()!;
    if (WRITE_METHODS.has(method)) writes.push({ root, path: [...path, "*"], via: "call", node: top });
    else reads.push({ root, path, via: "call", node: top });
    return;
  }
  if (path.length === 0 && isIdentifier(start)) {
    if (isWrite(start)) {
      writes.push({ root, path, via: "value", node: start });
      if (isReadWrite(start)) reads.push({ root, path, via: "value", node: start });
    } else reads.push({ root, path, via: "value", node: start });
    return;
  }
  const assign = memberAssignment(top);
  if (assign === "write" || assign === "readwrite") writes.push({ root, path, via: "value", node: top });
  if (assign !== "write") reads.push({ root, path: path.length && (path[path.length - 1] === "length" || path[path.length - 1] === "size") ? [...path.slice(0, -1), "*"] : path, via: "value", node: top });
}

/** True when the two accesses can touch the same value (same root, one path a prefix of the other). */
export function overlaps(a: Access, b: Access): boolean {
  if (a.root !== b.root) return false;
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) if (a.path[i] !== b.path[i] && a.path[i] !== "*" && b.path[i] !== "*") return false;
  return true;
}

/** The Decl or `this` an expression's access chain starts from: `a.b().c` → a. */
export function accessRoot(scopes: ScopeFacts, expr: ts.Node): Root | undefined {
  const r = rootNode(expr);
  if (!r) return undefined;
  if (r.kind === SyntaxKind.ThisKeyword) return "this";
  return scopes.resolve(r as ts.Identifier);
}

/** The identifier or `this` an access chain starts from: `a.b().c[0]` → a. */
export function rootNode(expr: ts.Node): ts.Identifier | ts.ThisExpression | undefined {
  let e: ts.Node = expr;
  for (;;) {
    if (isPropertyAccessExpression(e) || isElementAccessExpression(e) || isCallExpression(e) || isNonNullExpression(e) || isParenthesizedExpression(e) || isAsExpression(e) || isAwaitExpression(e) || isTaggedTemplateExpression(e)) {
      e = isTaggedTemplateExpression(e) ? e.tag : e.expression;
    } else break;
  }
  if (isIdentifier(e)) return e;
  if (e.kind === SyntaxKind.ThisKeyword) return e as ts.ThisExpression;
  return undefined;
}

/** How `p` assigns its child `target`: "write" for `=`, "update" for `+=` and the like, `++` / `--` and `delete`. */
export function assignmentBy(p: ts.Node, target: ts.Node): "write" | "update" | undefined {
  if (isBinaryExpression(p) && p.left === target) {
    const k = p.operatorToken.kind;
    if (k === SyntaxKind.EqualsToken) return "write";
    if (k >= SyntaxKind.FirstCompoundAssignment && k <= SyntaxKind.LastCompoundAssignment) return "update";
  }
  if ((isPrefixUnaryExpression(p) || isPostfixUnaryExpression(p)) && (p.operator === SyntaxKind.PlusPlusToken || p.operator === SyntaxKind.MinusMinusToken)) return "update";
  if (isDeleteExpression(p)) return "update";
  return undefined;
}

/** How a member chain is used: written by `=`, read and written by `+=` / `++` / `delete`, or only read. */
function memberAssignment(top: ts.Node): "write" | "readwrite" | "read" {
  let n = top;
  while (n.parent && isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (!p) return "read";
  const assigned = assignmentBy(p, n);
  if (assigned) return assigned === "write" ? "write" : "readwrite";
  // Destructuring assignment targets: `[this.a, this.b] = await f()`
  let q: ts.Node = n;
  while (q.parent && (isArrayLiteralExpression(q.parent) || isObjectLiteralExpression(q.parent) || (isPropertyAssignment(q.parent) && q.parent.initializer === q) || isShorthandPropertyAssignment(q.parent) || isSpreadElement(q.parent))) q = q.parent;
  if (q !== n && q.parent && isBinaryExpression(q.parent) && q.parent.left === q && q.parent.operatorToken.kind === SyntaxKind.EqualsToken) return "write";
  if (q !== n && q.parent && (isForOfStatement(q.parent) || isForInStatement(q.parent)) && q.parent.initializer === q) return "write";
  return "read";
}
