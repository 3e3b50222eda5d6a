/**
 * Whether a loop body can become a callback run for each item at once, and the edits that make
 * it one: `continue` becomes `return`, and the results (pushed, or set by key) become what the
 * callback returns. The body may not leave the loop (`break`, `return`, `yield`, a jump to an
 * outer label), declare a `var` used after it, or touch shared state in an order that could show
 * (see loop-effects.ts).
 */
import { ts } from "ts-morph";
import { awaitsIn, enclosingFunction, isAncestor, isFunctionNode, isLoop, unwrap, walk, walkSameFunction } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";
import { insideLoopOf, sharedEffects } from "./loop-effects";
import type { LoopHead } from "./loop-head";
import { collected, hasComments, type Collect, type Returned } from "./loop-results";

export interface BodyPlan {
  /** Edits inside the body, offsets into the file (the head's edits included). */
  edits: TextEdit[];
  collect: Collect;
  /** The body is just what it returns: `(id) => fetchUser(id)` instead of a block. */
  concise?: Returned;
}

export function planBody(file: FileFacts, head: LoopHead): BodyPlan | undefined {
  const body = head.body;
  const edits: TextEdit[] = [...head.bodyEdits];
  const returns = jumpEdits(file, head);
  if (!returns) return undefined;
  edits.push(...returns);

  if (leaksDeclarations(file, head) || recurses(file, head)) return undefined;
  const effects = sharedEffects(file, head);
  if (!effects) return undefined;
  const firstAwait = awaitsIn(body)[0];
  // Output and shared effects before the first await run in item order (items start in order).
  const ordered = (n: ts.Node) => !!firstAwait && n.getEnd() <= firstAwait.getStart(file.sf) && !insideLoopOf(n, body);
  if (!effects.ordered.every(ordered)) return undefined;

  let collect: Collect = { kind: "none" };
  let concise: Returned | undefined;
  const sinks = [...effects.pushes, ...effects.keyed];
  if (sinks.length) {
    // A skipped iteration would leave a hole (`undefined`) among the results.
    if (returns.length) return undefined;
    const found = collected(file, head, sinks);
    if (!found) return undefined;
    collect = found.collect;
    edits.push(...found.edits);
    const stmts = ts.isBlock(body) ? body.statements : [body];
    if (sinks.length === 1 && stmts.length === 1 && stmts[0] === sinks[0].parent && !hasComments(file, body, found.returned)) concise = found.returned;
  }
  return { edits, collect, concise };
}

/** A `var` or function declared in the body belongs to the enclosing function: in a callback, code after the loop would lose it. */
function leaksDeclarations(file: FileFacts, head: LoopHead): boolean {
  let leaks = false;
  const outside = (id: ts.Identifier) => {
    const d = file.scopes.declOf(id);
    return !!d && file.scopes.references(d).some((r) => !isAncestor(head.loop, r));
  };
  walk(head.body, (n) => {
    if (leaks) return false;
    if (isFunctionNode(n) || ts.isClassLike(n)) {
      if (ts.isFunctionDeclaration(n) && n.name && outside(n.name)) leaks = true;
      return false;
    }
    if (ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      const visit = (x: ts.Node) => {
        if (ts.isIdentifier(x) && outside(x)) leaks = true;
      };
      for (const d of n.declarations) {
        visit(d.name);
        walk(d.name, visit);
      }
    }
  });
  return leaks;
}

/**
 * The body calls the function the loop is in, directly or through the file's own functions (a
 * tree walk): each level would run `limit` at a time, so the calls in flight multiply with the
 * depth (too many open files, sockets, memory). No fix.
 */
function recurses(file: FileFacts, head: LoopHead): boolean {
  const fn = enclosingFunction(head.loop);
  if (!fn) return false;
  const holder = fn.parent;
  const nameNode = ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) ? fn.name : ts.isVariableDeclaration(holder) && holder.initializer === fn ? holder.name : undefined;
  const self = nameNode && ts.isIdentifier(nameNode) ? file.scopes.declOf(nameNode) : undefined;
  const method = ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  const visited = new Set<ts.Node>();
  const search = (node: ts.Node, depth: number): boolean => {
    let found = false;
    walk(node, (n) => {
      if (found) return false;
      if (!ts.isCallExpression(n)) return;
      const callee = unwrap(n.expression);
      if (ts.isIdentifier(callee)) {
        const d = file.scopes.resolve(callee);
        if (self && d === self) found = true;
        else if (depth < 4 && d.init && isFunctionNode(d.init) && d.init.body && !visited.has(d.init)) {
          visited.add(d.init);
          found = search(d.init.body, depth + 1);
        }
      } else if (method && ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === method) found = true;
    });
    return found;
  };
  return search(head.body, 0);
}

/** `continue` (this loop's) → `return`; undefined when the body leaves the loop any other way. */
function jumpEdits(file: FileFacts, head: LoopHead): TextEdit[] | undefined {
  const sf = file.sf;
  const edits: TextEdit[] = [];
  let ok = true;
  walkSameFunction(head.body, (n) => {
    if (!ok) return false;
    if (ts.isReturnStatement(n) || ts.isYieldExpression(n)) ok = false;
    else if (ts.isBreakStatement(n) || ts.isContinueStatement(n)) {
      const target = jumpTarget(n, head.body);
      if (target === "inside") return;
      if (ts.isContinueStatement(n) && (target === "this" || (n.label && n.label.text === head.label))) {
        edits.push({ start: n.getStart(sf), end: n.getEnd(), text: n.getText(sf).endsWith(";") ? "return;" : "return" });
      } else ok = false;
    }
  });
  return ok ? edits : undefined;
}

/** Where a break/continue goes: a loop, switch or label inside the body, this loop, or out of it. */
function jumpTarget(n: ts.BreakStatement | ts.ContinueStatement, body: ts.Node): "inside" | "this" | "out" {
  for (let p = n.parent; p && p !== body.parent; p = p.parent) {
    if (n.label ? ts.isLabeledStatement(p) && p.label.text === n.label.text : isLoop(p) || (ts.isSwitchStatement(p) && ts.isBreakStatement(n))) return "inside";
  }
  return n.label ? "out" : "this";
}
