/**
 * cpu-heavy-loop → an index built once before the loop, for searches inside it:
 *
 *   for (const o of orders) {                          // reverse(): where ids repeat, the first of customers wins, as with find()
 *     const c = customers.find((c) => c.id === o.id);  const customersById = new Map(customers.map((c) => [c.id, c]).reverse());
 *                                                →     for (const o of orders) {
 *                                                        const c = customersById.get(o.id);
 *
 * `.find` becomes `Map.get` (built reversed: a Map keeps the last of equal keys, find() the first),
 * `.some((x) => x.k === v)` a Set of keys, `.includes(v)` and `.indexOf(v) !== -1` a Set of the
 * values. Only for `===` between a property path of the element and a value that is a plain name
 * or property path, over an array named by a variable that nothing in the statement (or code it
 * may call) changes. Otherwise no fix: the advice stays.
 */
import { ts } from "ts-morph";
import { isFunctionNode, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { isMembershipTest, looksSmall, LoopCostFacts, type HiddenScan } from "../facts/loop-cost";
import { isArrayType } from "../facts/loop-cost/syntax";
import type { Decl } from "../facts/scope";
import type { Fix, RawFinding, TextEdit } from "../types";
import { insertBefore } from "./insert-before";
import { capitalise, freshName, namePart, plural, singular } from "./lookup-index-names";
import { stableArray, writesKeyProperty } from "./lookup-index-safety";

type IndexKind = "map" | "keySet" | "valueSet";

/** One search rewritten as a lookup in an index. */
interface Lookup {
  kind: IndexKind;
  array: ts.Identifier;
  decl: Decl;
  /** For map / keySet: the predicate's parameter and the key path read from it (`u.id`). */
  param?: string;
  key?: ts.Expression;
  /** The node replaced, and its replacement given the index's name. */
  node: ts.Node;
  render: (index: string) => string;
  /** False when `.includes` / `.indexOf` might search a string rather than an array. */
  sureArray: boolean;
}

interface Index {
  kind: IndexKind;
  name: string;
  lookups: Lookup[];
}

export function lookupIndexFixes(file: FileFacts, finding: RawFinding): Fix[] {
  const anchor = finding.node;
  const stmt = anchorStatement(anchor);
  if (!stmt) return [];
  const costs = file.get(LoopCostFacts);
  const lookups: Lookup[] = [];
  for (const scan of costs.scans()) {
    if (scan.node === anchor || !costs.blockingChain(scan.node).some((s) => s.node === anchor)) continue;
    const lookup = lookupOf(file, costs, scan, stmt);
    if (lookup) lookups.push(lookup);
  }
  if (!lookups.length) return [];

  const sf = file.sf;
  const taken = new Set<string>();
  const indexes: Index[] = [];
  for (const l of lookups) {
    const same = indexes.find((ix) => ix.kind === l.kind && ix.lookups[0].decl === l.decl && keyPath(ix.lookups[0], sf) === keyPath(l, sf));
    if (same) same.lookups.push(l);
    else indexes.push({ kind: l.kind, name: freshName(sf.text, indexName(l), taken), lookups: [l] });
  }
  const isTs = /\.[cm]?tsx?$/i.test(file.path);
  const lines = indexes.flatMap((ix) => declaration(ix, sf, isTs));
  const edits: TextEdit[] = [insertBefore(sf, stmt, lines)];
  for (const ix of indexes) for (const l of ix.lookups) edits.push({ start: l.node.getStart(sf), end: l.node.getEnd(), text: l.render(ix.name) });
  const unsure = [...new Set(indexes.flatMap((ix) => ix.lookups.filter((l) => !l.sureArray).map((l) => l.array.text)))];
  const check = unsure.length ? ` (check: ${unsure.join(", ")} ${unsure.length > 1 ? "are arrays" : "is an array"}, not text)` : "";
  return [{ title: `${capitalise(indexes.map(describe).join(" and "))} once before the loop${check}`, safe: !unsure.length, edits }];
}

/**
 * The statement the index goes before: the anchor loop itself, or the statement holding the
 * array-method call — when that statement sits in a statement list and always reaches the loop
 * (not in a branch of `?:`, `&&`, `||`, `??` or `?.`, where the index would be built for nothing,
 * or from an array that is not there).
 */
function anchorStatement(anchor: ts.Node): ts.Statement | undefined {
  let n: ts.Node = anchor;
  while (!ts.isStatement(n)) {
    const p = n.parent;
    if (!p || isFunctionNode(p) || ts.isClassElement(p) || isConditionalPart(p, n)) return undefined;
    n = p;
  }
  while (n.parent && ts.isLabeledStatement(n.parent)) n = n.parent;
  return n.parent && isBlockLike(n.parent) ? (n as ts.Statement) : undefined;
}

function isConditionalPart(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isConditionalExpression(parent)) return child !== parent.condition;
  if (ts.isBinaryExpression(parent)) {
    const k = parent.operatorToken.kind;
    return child === parent.right && (k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken || k === ts.SyntaxKind.QuestionQuestionToken || k === ts.SyntaxKind.AmpersandAmpersandEqualsToken || k === ts.SyntaxKind.BarBarEqualsToken || k === ts.SyntaxKind.QuestionQuestionEqualsToken);
  }
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && !!parent.questionDotToken && child !== parent.expression;
}

function isBlockLike(n: ts.Node): boolean {
  return ts.isBlock(n) || ts.isSourceFile(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isModuleBlock(n);
}

function lookupOf(file: FileFacts, costs: LoopCostFacts, scan: HiddenScan, stmt: ts.Statement): Lookup | undefined {
  if (scan.via || scan.matcher || !ts.isCallExpression(scan.node) || scan.node.questionDotToken) return undefined;
  const call = scan.node;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken || !ts.isIdentifier(callee.expression)) return undefined;
  const array = callee.expression;
  if (looksSmall(array) || costs.sizeOf(array).kind !== "data") return undefined;
  const decl = stableArray(file, array, stmt);
  if (!decl) return undefined;
  const sf = file.sf;
  const text = (n: ts.Node) => sf.text.slice(n.getStart(sf), n.getEnd());

  if (scan.kind === "search" && scan.predicate && (scan.method === "find" || scan.method === "some")) {
    const eq = equalityPredicate(file, scan.predicate);
    if (!eq || writesKeyProperty(stmt, new Set(pathNames(eq.key)))) return undefined;
    const needle = text(eq.needle);
    const base = { array, decl, param: eq.param, key: eq.key, node: call, sureArray: true };
    return scan.method === "find" ? { ...base, kind: "map", render: (ix) => `${ix}.get(${needle})` } : { ...base, kind: "keySet", render: (ix) => `${ix}.has(${needle})` };
  }
  if (scan.kind !== "equality" || call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0])) return undefined;
  if (costs.searchShape(call, array) !== "array") return undefined;
  const value = text(call.arguments[0]);
  const sureArray = surelyArray(file, decl);
  if (scan.method === "includes") return { kind: "valueSet", array, decl, node: call, render: (ix) => `${ix}.has(${value})`, sureArray };
  if (scan.method !== "indexOf" && scan.method !== "lastIndexOf") return undefined;
  const test = membership(call);
  if (!test || !isMembershipTest(call)) return undefined;
  return { kind: "valueSet", array, decl, node: test.node, render: (ix) => `${test.present ? "" : "!"}${ix}.has(${value})`, sureArray };
}

/** `xs.indexOf(v) !== -1` and its spellings: the comparison, and whether it asks "present". */
function membership(call: ts.CallExpression): { node: ts.BinaryExpression; present: boolean } | undefined {
  let inner: ts.Node = call;
  while (ts.isParenthesizedExpression(inner.parent)) inner = inner.parent;
  const b = inner.parent;
  if (!ts.isBinaryExpression(b)) return undefined;
  const other = unwrap(b.left === inner ? b.right : b.left);
  const n = ts.isPrefixUnaryExpression(other) && other.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(other.operand) ? -Number(other.operand.text) : ts.isNumericLiteral(other) ? Number(other.text) : undefined;
  const K = ts.SyntaxKind;
  // Read as `indexOf(v) OP n`; with the call on the right, the comparison flips.
  let op = b.operatorToken.kind;
  if (b.right === inner) op = op === K.LessThanToken ? K.GreaterThanToken : op === K.GreaterThanToken ? K.LessThanToken : op === K.LessThanEqualsToken ? K.GreaterThanEqualsToken : op === K.GreaterThanEqualsToken ? K.LessThanEqualsToken : op;
  if (n === -1) {
    if (op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken || op === K.GreaterThanToken) return { node: b, present: true };
    if (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.LessThanEqualsToken) return { node: b, present: false };
  }
  if (n === 0 && op === K.GreaterThanEqualsToken) return { node: b, present: true };
  if (n === 0 && op === K.LessThanToken) return { node: b, present: false };
  return undefined;
}

/** `(u) => u.id === o.userId` (or a body that returns it): the element's key path and the value it must equal. */
function equalityPredicate(file: FileFacts, fn: ts.ArrowFunction | ts.FunctionExpression): { param: string; key: ts.Expression; needle: ts.Expression } | undefined {
  if (fn.parameters.length !== 1) return undefined;
  const p = fn.parameters[0];
  if (!ts.isIdentifier(p.name) || p.initializer || p.dotDotDotToken) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!only || !ts.isReturnStatement(only) || !only.expression) return undefined;
    body = only.expression;
  }
  let e = body as ts.Expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
  const paramDecl = file.scopes.declOf(p.name);
  if (!paramDecl) return undefined;
  const isKey = (x: ts.Expression) => keyRoot(x) !== undefined && file.scopes.resolve(keyRoot(x)!) === paramDecl;
  const [key, needle] = isKey(e.left) ? [e.left, e.right] : isKey(e.right) ? [e.right, e.left] : [];
  if (!key || !needle || !isPureValue(file, needle, fn)) return undefined;
  return { param: p.name.text, key, needle };
}

/** The root of `u.a.b` / `u["a"]` (at least one step, literal keys only). */
function keyRoot(e: ts.Expression): ts.Identifier | undefined {
  let cur = e;
  let steps = 0;
  for (;;) {
    if (ts.isNonNullExpression(cur) || ts.isParenthesizedExpression(cur)) cur = cur.expression;
    else if (ts.isPropertyAccessExpression(cur)) (cur = cur.expression), steps++;
    else if (ts.isElementAccessExpression(cur) && (ts.isStringLiteralLike(cur.argumentExpression) || ts.isNumericLiteral(cur.argumentExpression))) (cur = cur.expression), steps++;
    else break;
  }
  return steps > 0 && ts.isIdentifier(cur) ? cur : undefined;
}

/**
 * A value the predicate reads that is the same for every element: a name or property path from
 * outside the predicate (index names too), no calls. Evaluated once instead of once per element.
 */
function isPureValue(file: FileFacts, e: ts.Expression, fn: ts.Node): boolean {
  const u = ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) ? e.expression : e;
  if (ts.isIdentifier(u)) {
    const d = file.scopes.resolve(u);
    return !(d.id && d.id.pos >= fn.pos && d.id.end <= fn.end) && u.text !== "undefined";
  }
  if (u.kind === ts.SyntaxKind.ThisKeyword) return ts.isArrowFunction(fn);
  if (ts.isPropertyAccessExpression(u)) return isPureValue(file, u.expression, fn);
  if (ts.isElementAccessExpression(u)) {
    const k = u.argumentExpression;
    return (ts.isStringLiteralLike(k) || ts.isNumericLiteral(k) || (ts.isIdentifier(k) && isPureValue(file, k, fn))) && isPureValue(file, u.expression, fn);
  }
  return false;
}

function pathNames(e: ts.Expression): string[] {
  const out: string[] = [];
  for (let cur = e; ; ) {
    if (ts.isNonNullExpression(cur) || ts.isParenthesizedExpression(cur)) cur = cur.expression;
    else if (ts.isPropertyAccessExpression(cur)) out.push(cur.name.text), (cur = cur.expression);
    else if (ts.isElementAccessExpression(cur) && ts.isStringLiteralLike(cur.argumentExpression)) out.push(cur.argumentExpression.text), (cur = cur.expression);
    else if (ts.isElementAccessExpression(cur)) cur = cur.expression;
    else return out;
  }
}

/** The key path without its root name: `.id`, `.profile?.email`. */
function keyPath(l: Lookup, sf: ts.SourceFile): string {
  if (!l.key) return "";
  const root = keyRoot(l.key)!;
  return sf.text.slice(root.getEnd(), l.key.getEnd());
}

/** Declared type, initial value or use elsewhere says array — not a name that merely sounds plural. */
function surelyArray(file: FileFacts, decl: Decl): boolean {
  const declNode = decl.id?.parent;
  if (declNode && (ts.isParameter(declNode) || ts.isVariableDeclaration(declNode)) && declNode.name === decl.id && declNode.type) return isArrayType(declNode.type);
  const init = !decl.path && decl.init && ts.isExpression(decl.init) ? unwrap(decl.init) : undefined;
  if (init && ts.isArrayLiteralExpression(init)) return true;
  return file.scopes.references(decl).some((ref) => {
    const p = ref.parent;
    return ts.isPropertyAccessExpression(p) && p.expression === ref && /^(map|filter|forEach|reduce|find|findIndex|some|every|push|pop|shift|unshift|splice|join|sort|reverse|flat|flatMap)$/.test(p.name.text) && ts.isCallExpression(p.parent);
  });
}

/** The index's declaration (a comment first where it needs one). */
function declaration(ix: Index, sf: ts.SourceFile, isTs: boolean): string[] {
  const l = ix.lookups[0];
  const array = l.array.text;
  const key = l.key ? sf.text.slice(l.key.getStart(sf), l.key.getEnd()) : "";
  switch (ix.kind) {
    case "map":
      return [
        `// reverse(): where ${plural(lastName(l))} repeat, the first of ${array} wins, as with find()`,
        `const ${ix.name} = new Map(${array}.map((${l.param}) => [${key}, ${l.param}]${isTs ? " as const" : ""}).reverse())`,
      ];
    case "keySet":
      return [`const ${ix.name} = new Set(${array}.map((${l.param}) => ${key}))`];
    case "valueSet":
      return [`const ${ix.name} = new Set(${array})`];
  }
}

function describe(ix: Index): string {
  const l = ix.lookups[0];
  if (ix.kind === "map") return `index ${l.array.text} by ${lastName(l)} in a Map`;
  if (ix.kind === "keySet") return `put the ${lastName(l)} values of ${l.array.text} in a Set`;
  return `put ${l.array.text} in a Set`;
}

function lastName(l: Lookup): string {
  return (l.key && pathNames(l.key)[0]) || "key";
}

function indexName(l: Lookup): string {
  const array = l.array.text;
  if (l.kind === "map") return `${array}By${namePart(lastName(l))}`;
  if (l.kind === "keySet") return `${singular(array)}${namePart(plural(lastName(l)))}`;
  return `${array}Set`;
}
