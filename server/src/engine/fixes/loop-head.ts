/**
 * What a loop walks and what each iteration is called, read from its header, for a rewrite into a
 * map over the same items:
 *   for (const { id } of users)             →  users,              ({ id })
 *   for (const [i, page] of pages.entries()) →  pages,              (page, i)      when pages is an array
 *   for (const key in prices)               →  Object.keys(prices), (key)
 *   for (let i = 0; i < users.length; i++)  →  users,              (user, i)      with users[i] read as user
 * Headers that assign outer variables, `var` names used outside the loop, `for await` and
 * collections that may be lazy (generators, streams, cursors) give no head: no fix.
 */
import { ts } from "ts-morph";
import { isAncestor, isFunctionNode, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isReference, isWrite, type Decl } from "../facts/scope";
import type { TextEdit } from "../types";
import { isArray, mayBeLazy } from "./collection-kind";
import { NameIndex } from "./free-names";

export interface LoopHead {
  /** What the rewrite replaces: the loop, or the labelled statement around it. */
  stmt: ts.Statement;
  loop: ts.IterationStatement;
  /** The label of a labelled loop: `continue label` ends the iteration too. */
  label?: string;
  body: ts.Statement;
  /** The collection the map walks, as source text (`Object.keys(o)` for a for…in). */
  items: string;
  /** True when `items` is known to be an array, so `items.map(…)` is right (else Array.from). */
  isArray: boolean;
  /** `items` can take `.map(…)` without parentheses. */
  simpleItems: boolean;
  /** The callback's parameter list without parentheses: `id`, `{ id, name }`, `user, i`. */
  params: string;
  /** Header nodes whose text the rewrite copies (comments elsewhere in the header are carried over). */
  copied: ts.Node[];
  /** Rewrites inside the body that the header asks for (`users[i]` → `user`). */
  bodyEdits: TextEdit[];
  /** The loop's numeric index: writes keyed by it (`out[i] = …`) land in the same place in any order. */
  index?: Decl;
  /** Declarations each iteration gets from the header. */
  iterationDecls: Set<Decl>;
}

export function loopHead(file: FileFacts, loop: ts.IterationStatement): LoopHead | undefined {
  const stmt: ts.Statement = ts.isLabeledStatement(loop.parent) ? loop.parent : loop;
  const label = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  const base = { stmt, loop, label, body: loop.statement, bodyEdits: [] as TextEdit[] };
  if (ts.isForOfStatement(loop)) return forOfHead(file, loop, base);
  if (ts.isForInStatement(loop)) return forInHead(file, loop, base);
  if (ts.isForStatement(loop)) return indexHead(file, loop, base);
  return undefined;
}

type Base = Pick<LoopHead, "stmt" | "loop" | "label" | "body" | "bodyEdits">;

function forOfHead(file: FileFacts, loop: ts.ForOfStatement, base: Base): LoopHead | undefined {
  if (loop.awaitModifier) return undefined;
  const decl = singleDeclaration(file, loop);
  if (!decl || mayBeLazy(file, loop.expression)) return undefined;
  const text = (n: ts.Node) => n.getText(file.sf);
  const iterationDecls = boundDecls(file, decl.name);
  // for (const [i, x] of xs.entries()) over an array: the index is map's second parameter.
  const walked = unwrap(loop.expression);
  if (ts.isCallExpression(walked) && walked.arguments.length === 0 && ts.isPropertyAccessExpression(walked.expression) && walked.expression.name.text === "entries") {
    const pair = decl.name;
    const owner = walked.expression.expression;
    if (ts.isArrayBindingPattern(pair) && pair.elements.length === 2 && isArray(file, owner)) {
      const [i, x] = pair.elements;
      if (ts.isBindingElement(i) && ts.isBindingElement(x) && !i.dotDotDotToken && !x.dotDotDotToken && !i.initializer && !x.initializer && ts.isIdentifier(i.name) && !i.propertyName && !x.propertyName) {
        const index = file.scopes.declOf(i.name);
        return { ...base, items: text(owner), isArray: true, simpleItems: isSimple(owner), params: `${text(x.name)}, ${i.name.text}`, copied: [owner, x.name, i.name], index, iterationDecls };
      }
    }
  }
  return { ...base, items: text(loop.expression), isArray: isArray(file, loop.expression), simpleItems: isSimple(loop.expression), params: text(decl.name), copied: [loop.expression, decl.name], iterationDecls };
}

function forInHead(file: FileFacts, loop: ts.ForInStatement, base: Base): LoopHead | undefined {
  const decl = singleDeclaration(file, loop);
  if (!decl || !ts.isIdentifier(decl.name) || !file.get(NameIndex).isGlobalAt("Object", loop)) return undefined;
  const o = loop.expression;
  return { ...base, items: `Object.keys(${o.getText(file.sf)})`, isArray: true, simpleItems: true, params: decl.name.text, copied: [o, decl.name], iterationDecls: boundDecls(file, decl.name) };
}

/** `for (let i = 0; i < xs.length; i++)` and nothing else: any other start, bound or step is not a plain walk. */
function indexHead(file: FileFacts, loop: ts.ForStatement, base: Base): LoopHead | undefined {
  const sf = file.sf;
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const d = init.declarations[0];
  if (!ts.isIdentifier(d.name) || !d.initializer || !ts.isNumericLiteral(d.initializer) || d.initializer.text !== "0") return undefined;
  const index = file.scopes.declOf(d.name);
  if (!index || !varStaysInside(file, init, loop)) return undefined;
  const isIndex = (e: ts.Node | undefined) => !!e && ts.isIdentifier(e) && file.scopes.resolve(e) === index;
  const cond = loop.condition && unwrap(loop.condition);
  if (!cond || !ts.isBinaryExpression(cond) || cond.operatorToken.kind !== ts.SyntaxKind.LessThanToken || !isIndex(unwrap(cond.left))) return undefined;
  const bound = unwrap(cond.right);
  if (!ts.isPropertyAccessExpression(bound) || bound.name.text !== "length" || !isStableChain(bound.expression)) return undefined;
  if (!isUnitStep(loop.incrementor, isIndex)) return undefined;
  const list = bound.expression;
  const listText = list.getText(sf);
  const body = loop.statement;

  // The index and the list must stay what they were for the whole walk.
  const refs: ts.Identifier[] = [];
  walk(body, (n) => {
    if (ts.isIdentifier(n) && isReference(n) && file.scopes.resolve(n) === index) refs.push(n);
  });
  if (refs.some(isWrite) || writesChain(file, body, list)) return undefined;

  // xs[i] reads become the element parameter, unless the body writes xs[i] before a read.
  const reads: ts.ElementAccessExpression[] = [];
  const writes: ts.ElementAccessExpression[] = [];
  for (const r of refs) {
    const p = r.parent;
    if (ts.isElementAccessExpression(p) && p.argumentExpression === r && p.expression.getText(sf) === listText) (isAssigned(p) ? writes : reads).push(p);
  }
  const replaceable = writes.length === 0 || readsBeforeWrite(body, reads, writes);
  // `const item = xs[i];` on a line of its own: the parameter takes its name and the line goes.
  const named = writes.length === 0 && reads.length === 1 ? elementDeclaration(file, reads[0], body) : undefined;
  const element = named?.name ?? elementName(file, list, body);
  const bodyEdits: TextEdit[] = named ? [named.removal] : replaceable ? reads.map((r) => ({ start: r.getStart(sf), end: r.getEnd(), text: element })) : [];
  const indexUsed = refs.length > (replaceable ? reads.length : 0);
  const elementUsed = replaceable && reads.length > 0;
  let params: string;
  if (!indexUsed) params = element;
  else if (elementUsed) params = `${element}, ${d.name.text}`;
  else params = `${file.get(NameIndex).fresh("_" + element, body)}, ${d.name.text}`;
  return { ...base, items: listText, isArray: isArray(file, list), simpleItems: true, params, copied: [list], bodyEdits, index, iterationDecls: new Set([index]) };
}

/** `const item = xs[i];` as a statement of the body, alone on its line and untyped: its name, and the edit that removes the line. */
function elementDeclaration(file: FileFacts, read: ts.ElementAccessExpression, body: ts.Statement): { name: string; removal: TextEdit } | undefined {
  const d = read.parent;
  if (!ts.isVariableDeclaration(d) || d.initializer !== read || !ts.isIdentifier(d.name) || d.type) return undefined;
  const list = d.parent;
  const stmt = list.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !(list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) return undefined;
  if (!ts.isVariableStatement(stmt) || stmt.parent !== body || stmt.modifiers?.length) return undefined;
  const text = file.text;
  const start = stmt.getStart(file.sf);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", stmt.getEnd());
  if (lineEnd < 0 || !/^[ \t]*$/.test(text.slice(lineStart, start)) || !/^[ \t]*\r?$/.test(text.slice(stmt.getEnd(), lineEnd))) return undefined;
  return { name: d.name.text, removal: { start: lineStart, end: lineEnd + 1, text: "" } };
}

/** Names, member chains, calls and literals take `.map(…)` as they are; `a ?? b`, `xs as T[]` need parentheses. */
function isSimple(e: ts.Expression): boolean {
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isArrayLiteralExpression(e) || ts.isParenthesizedExpression(e) || e.kind === ts.SyntaxKind.ThisKeyword;
}

/** The one declaration a for…of / for…in header binds; `for (x of xs)` writes an outer name instead. */
function singleDeclaration(file: FileFacts, loop: ts.ForOfStatement | ts.ForInStatement): ts.VariableDeclaration | undefined {
  const init = loop.initializer;
  if (!ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const d = init.declarations[0];
  if (d.initializer || d.type || !varStaysInside(file, init, loop)) return undefined;
  return d;
}

/** A `var` binding is the function's: fine only when nothing outside the loop, or in a closure inside it, uses it. */
function varStaysInside(file: FileFacts, list: ts.VariableDeclarationList, loop: ts.Node): boolean {
  if (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) return true;
  for (const d of list.declarations) {
    for (const decl of boundDecls(file, d.name)) {
      for (const ref of file.scopes.references(decl)) {
        if (!isAncestor(loop, ref)) return false;
        for (let p = ref.parent; p && p !== loop; p = p.parent) if (isFunctionNode(p)) return false;
      }
    }
  }
  return true;
}

function boundDecls(file: FileFacts, name: ts.BindingName): Set<Decl> {
  const out = new Set<Decl>();
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n)) {
      const d = file.scopes.declOf(n);
      if (d) out.add(d);
    }
  };
  visit(name);
  walk(name, visit);
  return out;
}

/** `i++`, `++i`, `i += 1`, `i = i + 1`. */
function isUnitStep(e: ts.Expression | undefined, isIndex: (n: ts.Node) => boolean): boolean {
  if (!e) return false;
  const x = unwrap(e);
  if ((ts.isPostfixUnaryExpression(x) || ts.isPrefixUnaryExpression(x)) && x.operator === ts.SyntaxKind.PlusPlusToken) return isIndex(unwrap(x.operand));
  if (!ts.isBinaryExpression(x) || !isIndex(unwrap(x.left))) return false;
  const one = (n: ts.Expression) => ts.isNumericLiteral(n) && n.text === "1";
  if (x.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return one(unwrap(x.right));
  if (x.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const r = unwrap(x.right);
  return ts.isBinaryExpression(r) && r.operatorToken.kind === ts.SyntaxKind.PlusToken && ((isIndex(unwrap(r.left)) && one(unwrap(r.right))) || (one(unwrap(r.left)) && isIndex(unwrap(r.right))));
}

/** `xs`, `this.items`, `a.b.c`: evaluated once or per iteration, the same value while nothing assigns it. */
export function isStableChain(e: ts.Expression): boolean {
  const x = unwrap(e);
  if (ts.isIdentifier(x) || x.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.name) && isStableChain(x.expression);
}

/** True when the body assigns the chain itself (`xs = …`, `this.items = …`) or a prefix of it. */
function writesChain(file: FileFacts, body: ts.Node, chain: ts.Expression): boolean {
  const sf = file.sf;
  const texts = new Set<string>();
  for (let e: ts.Expression = unwrap(chain); ; e = unwrap(e.expression)) {
    texts.add(e.getText(sf));
    if (!ts.isPropertyAccessExpression(e)) break;
  }
  let found = false;
  walk(body, (n) => {
    if (found) return false;
    if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && texts.has(n.getText(sf)) && isAssigned(n)) found = true;
  });
  return found;
}

/** The node is the target of an assignment, `++`/`--` or `delete`. */
export function isAssigned(n: ts.Node): boolean {
  let x = n;
  while (ts.isParenthesizedExpression(x.parent) || ts.isNonNullExpression(x.parent)) x = x.parent;
  const p = x.parent;
  if (ts.isBinaryExpression(p) && p.left === x) return p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  if (ts.isDeleteExpression(p)) return true;
  if (ts.isIdentifier(n) && isReference(n)) return isWrite(n);
  return false;
}

/**
 * `xs[i] = await f(xs[i]); log(xs[i])` reads the new value after the write: reads may become the
 * element only when they all run before the single write (earlier statements, or its right side).
 */
function readsBeforeWrite(body: ts.Statement, reads: ts.ElementAccessExpression[], writes: ts.ElementAccessExpression[]): boolean {
  if (writes.length !== 1 || !ts.isBlock(body)) return false;
  const assign = writes[0].parent;
  if (!ts.isBinaryExpression(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isExpressionStatement(assign.parent) || assign.parent.parent !== body) return false;
  const at = body.statements.indexOf(assign.parent);
  return reads.every((r) => isAncestor(assign.right, r) || body.statements.slice(0, at).some((s) => isAncestor(s, r)));
}

const IRREGULAR: Record<string, string> = { children: "child", people: "person", men: "man", women: "woman", data: "datum", indices: "index", indexes: "index" };

/** The name a list's element gets: users → user, entries → entry, else item; never one the body already spells. */
function elementName(file: FileFacts, list: ts.Expression, body: ts.Node): string {
  const x = unwrap(list);
  const last = ts.isIdentifier(x) ? x.text : ts.isPropertyAccessExpression(x) ? x.name.text : "";
  const m = /^(.*?)([A-Za-z][a-z]*)$/.exec(last);
  let singular: string | undefined;
  if (m) {
    const [, head, word] = m;
    const lower = word.toLowerCase();
    const one = IRREGULAR[lower] ?? (/ies$/.test(lower) ? lower.slice(0, -3) + "y" : /(ss|x|ch|sh)es$/.test(lower) ? lower.slice(0, -2) : /[^s]s$/.test(lower) ? lower.slice(0, -1) : undefined);
    if (one && one.length > 1) singular = head + (head ? one[0].toUpperCase() + one.slice(1) : one);
  }
  const names = file.get(NameIndex);
  for (const candidate of [singular, "item", "element"]) if (candidate && names.isFree(candidate, body)) return candidate;
  return names.fresh(singular ?? "item", body);
}
