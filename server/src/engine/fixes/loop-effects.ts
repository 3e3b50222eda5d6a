/**
 * What a loop body does to state outside it, and whether the order of those effects could show
 * once iterations overlap. Allowed: writes through the item itself or the body's own locals, a
 * bare counter (`done++`), a write keyed by the loop index (`out[i] = …`), output before the first
 * await (items start in order), and the results (a push, a Map set, an object key) that
 * loop-results.ts turns into return values. Anything else shared — an outer variable, a property
 * of a shared object, a Set add, output after an await, a helper of the file that does one of
 * these — makes the fix wrong, so none is offered.
 */
import { ts } from "ts-morph";
import { isAncestor, isFunctionNode, isLoop, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isReference, type Decl } from "../facts/scope";
import { isAssigned, isStableChain, type LoopHead } from "./loop-head";

/** Methods that change the collection or object they are called on. */
const WRITE_METHODS = new Set(["push", "unshift", "pop", "shift", "splice", "add", "set", "delete", "clear", "append", "sort", "reverse", "fill", "copyWithin", "assign", "setItem", "removeItem"]);
/** Built-in namespaces: `Object.assign(x, …)` or `Array.from(…)` changes nothing the loop shares through them. */
const BUILT_INS = new Set(["Object", "Array", "Math", "JSON", "Promise", "Number", "String", "Boolean", "Reflect", "Date", "Symbol", "BigInt", "Buffer", "URL", "Intl", "RegExp", "Error"]);
const isBuiltIn = (d: Decl | "this") => d !== "this" && d.kind === "global" && BUILT_INS.has(d.name);
/** Receivers whose every call is output (`log.silly(…)`, `this.logger.info(…)`). */
const OUTPUT_RECEIVER = /^(console|log|logger|logging|stdout|stderr|out|output|printer|reporter|progress|spinner|terminal|term)$/i;
/** Plain calls whose name says they print: `print(row)`, `logLine(x)`. */
const OUTPUT_CALL = /^(print|log|echo|say|display|show|output)(?![a-z])/;
/** Methods whose calls are output: their order is what the reader sees. */
const OUTPUT_METHODS = new Set(["log", "info", "warn", "error", "debug", "trace", "dir", "table", "write", "writeln", "print", "emit", "send", "end", "publish", "notify", "reply", "respond"]);

export interface SharedEffects {
  /** Effects whose order shows (output, calls into code that writes shared state): fine only before the first await. */
  ordered: ts.Node[];
  /** `x.push(…)` on a collection from outside the loop. */
  pushes: ts.CallExpression[];
  /** `m.set(k, v)` / `o[k] = v` on a Map or object from outside the loop. */
  keyed: (ts.CallExpression | ts.BinaryExpression)[];
}

/** What the body does to state outside it; undefined when a write's order could matter. */
export function sharedEffects(file: FileFacts, head: LoopHead): SharedEffects | undefined {
  const { loop, body } = head;
  const scopes = file.scopes;
  const inLoop = (d: Decl) => !!d.id && isAncestor(loop, d.id);
  const counted = new Map<Decl, number>();
  const out: SharedEffects = { ordered: [], pushes: [], keyed: [] };
  let ok = true;

  // Locals that alias shared state (`const e = byPath.get(k)`, `const list = groups[k]`) count as shared.
  const shared = (d: Decl | "this"): boolean => d === "this" || !inLoop(d) || aliasesShared(file, d, inLoop);

  const onChain = (start: ts.Node, root: Decl | "this") => {
    let top: ts.Node = start;
    let depth = 0;
    while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) {
      top = top.parent;
      depth++;
    }
    const parent = top.parent;
    if (depth > 0 && ts.isCallExpression(parent) && parent.expression === top) {
      const method = ts.isPropertyAccessExpression(top) ? top.name.text : undefined;
      // The awaited call is the iteration's work, which the rule found independent.
      if (!shared(root) || isAwaited(parent) || isBuiltIn(root)) return;
      const stable = depth === 1 || isStableChain((top as ts.PropertyAccessExpression).expression);
      if (method === "push" && stable) out.pushes.push(parent);
      else if (method === "set" && depth === 1) out.keyed.push(parent);
      else if (method && WRITE_METHODS.has(method)) ok = false;
      else if ((method && OUTPUT_METHODS.has(method)) || OUTPUT_RECEIVER.test(lastName(top))) out.ordered.push(parent);
      return;
    }
    if (depth === 0) {
      if (ts.isIdentifier(start) && ts.isCallExpression(parent) && parent.expression === start && !inLoop(root as Decl) && OUTPUT_CALL.test(start.text) && !isAwaited(parent)) out.ordered.push(parent);
      if (root !== "this" && !inLoop(root) && ts.isIdentifier(start) && isAssigned(start)) {
        if (bareCounter(start)) counted.set(root, (counted.get(root) ?? 0) + 1);
        else ok = false;
      }
      return;
    }
    if (!isAssigned(top) || !shared(root)) return;
    // out[i] = …: each iteration its own slot, whatever the order.
    if (depth === 1 && ts.isElementAccessExpression(top) && head.index && ts.isIdentifier(top.argumentExpression) && scopes.resolve(top.argumentExpression) === head.index) return;
    if (depth === 1 && ts.isElementAccessExpression(top) && ts.isBinaryExpression(top.parent) && top.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) out.keyed.push(top.parent);
    else ok = false;
  };

  walk(body, (n) => {
    if (!ok) return false;
    if (ts.isIdentifier(n) && isReference(n)) {
      const d = scopes.resolve(n);
      if (d.kind === "function" || (d.kind === "const" && d.init && isFunctionNode(d.init))) {
        if (ts.isCallExpression(n.parent) && n.parent.expression === n && touchesShared(file, d)) {
          if (isAsyncFunctionNode(d.init)) ok = false;
          else out.ordered.push(n.parent);
        }
        return;
      }
      if (d.kind === "import" || d.kind === "class" || d.kind === "enum") return;
      onChain(n, d);
    } else if (n.kind === ts.SyntaxKind.ThisKeyword) onChain(n, "this");
  });
  if (!ok) return undefined;
  // A bare counter (`done++`) ends with the same value in any order, unless the body also reads it.
  for (const [d, writes] of counted) {
    const inBody = scopes.references(d).filter((r) => isAncestor(body, r)).length;
    if (inBody !== writes) return undefined;
  }
  return out;
}

/** `n++;`, `--n;`, `n += 2;`: an expression statement that only steps a number by a literal. */
function bareCounter(id: ts.Identifier): boolean {
  const p = id.parent;
  const stmt = p.parent;
  if (!stmt || !ts.isExpressionStatement(stmt)) return false;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return true;
  return ts.isBinaryExpression(p) && p.left === id && (p.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || p.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) && ts.isNumericLiteral(p.right);
}

/** A local of the loop initialised from an outer object's member or lookup: writes through it land in shared state. */
function aliasesShared(file: FileFacts, d: Decl, inLoop: (d: Decl) => boolean): boolean {
  const declNode = d.id?.parent;
  if (!declNode || !ts.isVariableDeclaration(declNode) || !declNode.initializer) return false;
  let e: ts.Expression = declNode.initializer;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) e = e.left;
    else break;
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression;
    if (!ts.isPropertyAccessExpression(callee) || !["get", "find", "findLast", "at"].includes(callee.name.text)) return false;
    e = callee.expression;
  } else if (!ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return false;
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isIdentifier(e) && !inLoop(file.scopes.resolve(e));
}

/** A function of the file that prints or writes state declared outside it (one level deep). */
function touchesShared(file: FileFacts, d: Decl): boolean {
  const fn = d.init;
  if (!fn || !isFunctionNode(fn) || !fn.body) return false;
  let touches = false;
  const own = (x: Decl) => !!x.id && isAncestor(fn, x.id);
  walk(fn.body, (n) => {
    if (touches) return false;
    if (!ts.isIdentifier(n) || !isReference(n)) return;
    const x = file.scopes.resolve(n);
    if (own(x) || x.kind === "function" || x.kind === "import" || x.kind === "class" || isBuiltIn(x)) return;
    if (x.kind === "global" && x.name === "console") touches = true;
    let top: ts.Node = n;
    while ((ts.isPropertyAccessExpression(top.parent) || ts.isElementAccessExpression(top.parent)) && top.parent.expression === top) top = top.parent;
    if (isAssigned(top)) touches = true;
    else if (top !== n && ts.isCallExpression(top.parent) && top.parent.expression === top && ts.isPropertyAccessExpression(top)) {
      const m = top.name.text;
      if (WRITE_METHODS.has(m) || OUTPUT_METHODS.has(m)) touches = true;
    }
  });
  return touches;
}

function isAsyncFunctionNode(n: ts.Node | undefined): boolean {
  return !!n && isFunctionNode(n) && !!ts.getModifiers(n as ts.FunctionDeclaration)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** True when `n` sits in a loop or function nested in the body (it may run after an await of an earlier round). */
export function insideLoopOf(n: ts.Node, body: ts.Node): boolean {
  for (let p = n.parent; p && p !== body; p = p.parent) if (isLoop(p) || isFunctionNode(p)) return true;
  return false;
}

function isAwaited(call: ts.Node): boolean {
  let x = call;
  while (ts.isParenthesizedExpression(x.parent)) x = x.parent;
  return ts.isAwaitExpression(x.parent);
}

/** The name a method is called on: `log` in `log.silly(…)`, `logger` in `this.logger.info(…)`. */
function lastName(callee: ts.Node): string {
  const receiver = ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : callee;
  if (ts.isIdentifier(receiver)) return receiver.text;
  if (ts.isPropertyAccessExpression(receiver)) return receiver.name.text;
  return "";
}
