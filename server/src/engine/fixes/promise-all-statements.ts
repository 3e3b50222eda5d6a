/**
 * Promise.all over a group of await statements (or of declarators in one declaration):
 *   const a = await f();  const b: B = await g();  →  const [a, b]: [A, B] = await Promise.all([f(), g()]);
 *   a = await f();  this.b = await g();            →  [a, this.b] = await Promise.all([f(), g()]);
 *   const a = await f();  await g();               →  const [a] = await Promise.all([f(), g()]);
 *   await f();  await g();                         →  await Promise.all([f(), g()]);
 * A member that already awaits `Promise.all([…])` into an array pattern is merged flat, not nested.
 * Declarations and assignments mixed, different `const`/`let`/`export`, annotations on some
 * names only, or targets whose evaluation runs code: no fix.
 */
import { ts } from "ts-morph";
import type { FileFacts } from "../facts/file-facts";
import { commentLines, commentsOutside, eolAt, indentUnitOf, lineIndentAt, spanOf, type Span } from "./layout";
import type { GroupRewrite } from "./promise-all";
import { hasRuntimeEffect, promiseAllCall, skipParens } from "./promise-all-render";

interface Unit {
  kind: "declare" | "assign" | "discard";
  slots: Slot[];
}

/** One element of the Promise.all: what it awaits and where its result goes. */
interface Slot {
  /** The bound name or pattern, or the assignment target; none for a discarded result. */
  target?: ts.Node;
  type?: ts.TypeNode;
  operand: ts.Expression;
}

export function statementGroupEdit(file: FileFacts, first: ts.Node, last: ts.Node): GroupRewrite | undefined {
  const sf = file.sf;
  const firstStmt = holderOf(first);
  const lastStmt = holderOf(last);
  if (!firstStmt || !lastStmt || firstStmt.parent !== lastStmt.parent) return undefined;
  const list = statementsOf(firstStmt.parent);
  const i = list?.indexOf(firstStmt) ?? -1;
  const j = list?.indexOf(lastStmt) ?? -1;
  if (!list || i < 0 || j < i) return undefined;

  const units: Unit[] = [];
  let declKind: string | undefined;
  let modifiers: string | undefined;
  let partial = false;
  for (let k = i; k <= j; k++) {
    const stmt = list[k];
    if (ts.isVariableStatement(stmt)) {
      const decls = stmt.declarationList.declarations;
      const from = k === i && ts.isVariableDeclaration(first) ? decls.indexOf(first) : 0;
      const to = k === j && ts.isVariableDeclaration(last) ? decls.indexOf(last) : decls.length - 1;
      if (from < 0 || to < from) return undefined;
      if (from > 0 || to < decls.length - 1) partial = true;
      const kind = declarationKind(stmt.declarationList);
      const mods = (stmt.modifiers ?? []).map((m) => m.getText(sf) + " ").join("");
      if (!kind || (declKind !== undefined && (kind !== declKind || mods !== modifiers))) return undefined;
      declKind = kind;
      modifiers = mods;
      for (const d of decls.slice(from, to + 1)) {
        const u = declarationUnit(file, d);
        if (!u) return undefined;
        units.push(u);
      }
    } else if (ts.isExpressionStatement(stmt)) {
      const u = expressionUnit(file, stmt);
      if (!u) return undefined;
      units.push(u);
    } else {
      return undefined;
    }
  }
  // Part of one declaration is rewritten in place; across statements every declarator must move.
  if (units.length < 2 || (partial && i !== j)) return undefined;

  const declares = units.filter((u) => u.kind === "declare");
  const assigns = units.filter((u) => u.kind === "assign");
  if (declares.length && assigns.length) return undefined;
  const slots = units.flatMap((u) => u.slots);
  const named = slots.filter((s) => s.target);
  const typed = named.filter((s) => s.type).length;
  if (typed && typed !== named.length) return undefined;

  const start = partial ? first.getStart(sf) : firstStmt.getStart(sf);
  const end = partial ? last.getEnd() : lastStmt.getEnd();
  const eol = eolAt(sf.text, start);
  const indent = lineIndentAt(sf.text, start);
  const text = (n: ts.Node) => sf.text.slice(n.getStart(sf), n.getEnd());

  // Trailing discarded results need no place in the pattern; the tuple type still counts them.
  const elements = slots.map((s) => (s.target ? text(s.target) : ""));
  while (elements.length && elements[elements.length - 1] === "") elements.pop();
  const pattern = `[${elements.join(", ")}]`;
  const annotation = typed ? `: [${slots.map((s) => (s.type ? text(s.type) : "unknown")).join(", ")}]` : "";
  const semicolon = !partial && lastStmt.getText(sf).endsWith(";") ? ";" : "";

  let head: string;
  if (partial) head = `${pattern}${annotation} = await `;
  else if (declares.length) head = `${modifiers ?? ""}${declKind} ${pattern}${annotation} = await `;
  else if (assigns.length) head = `${i > 0 && mayContinueInto(list[i - 1], sf) ? ";" : ""}${pattern} = await `;
  else head = "await ";

  const call = promiseAllCall(
    slots.map((s) => s.operand),
    { sf, eol, indent, unit: indentUnitOf(sf.text), before: indent.length + head.length, after: semicolon.length },
  );
  const copied: Span[] = slots.flatMap((s) => [s.target, s.type, s.operand].filter((n): n is ts.Node => !!n).map((n) => spanOf(sf, n)));
  const comments = commentLines(commentsOutside(sf.text, start, end, copied), eol, indent);
  return { edit: { start, end, text: comments + head + call + semicolon }, count: slots.length };
}

/** The statement a group member is: itself, or the declaration a declarator belongs to. */
function holderOf(n: ts.Node): ts.Statement | undefined {
  if (ts.isVariableStatement(n) || ts.isExpressionStatement(n)) return n;
  if (ts.isVariableDeclaration(n) && ts.isVariableDeclarationList(n.parent) && ts.isVariableStatement(n.parent.parent)) return n.parent.parent;
  return undefined;
}

function statementsOf(n: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) return n.statements;
  return undefined;
}

/** const, let or var; `using` declarations dispose in order and are left alone. */
function declarationKind(list: ts.VariableDeclarationList): string | undefined {
  switch (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using)) {
    case 0:
      return "var";
    case ts.NodeFlags.Let:
      return "let";
    case ts.NodeFlags.Const:
      return "const";
    default:
      return undefined;
  }
}

function declarationUnit(file: FileFacts, d: ts.VariableDeclaration): Unit | undefined {
  if (!d.initializer || d.exclamationToken) return undefined;
  const aw = skipParens(d.initializer);
  if (!ts.isAwaitExpression(aw)) return undefined;
  // A default value in a pattern runs when the result arrives; after the rewrite it would run later.
  if (!ts.isIdentifier(d.name) && hasRuntimeEffect(d.name)) return undefined;
  return { kind: "declare", slots: flatten(file, { target: d.name, type: d.type, operand: aw.expression }) };
}

function expressionUnit(file: FileFacts, stmt: ts.ExpressionStatement): Unit | undefined {
  const e = skipParens(stmt.expression);
  if (ts.isAwaitExpression(e)) return { kind: "discard", slots: flatten(file, { operand: e.expression }) };
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const value = skipParens(e.right);
    if (ts.isAwaitExpression(value) && isPlainTarget(e.left)) return { kind: "assign", slots: flatten(file, { target: e.left, operand: value.expression }) };
  }
  return undefined;
}

/**
 * `[a, b] = await Promise.all([f(), g()])` as a member of a larger group: its elements join the
 * new Promise.all one by one (with their tuple types), so a second pass flattens instead of nesting.
 */
function flatten(file: FileFacts, slot: Slot): Slot[] {
  const call = skipParens(slot.operand);
  if (!ts.isCallExpression(call) || call.typeArguments || call.arguments.length !== 1 || !isGlobalPromiseAll(file, call.expression)) return [slot];
  const array = skipParens(call.arguments[0]);
  if (!ts.isArrayLiteralExpression(array) || array.elements.some((e) => ts.isSpreadElement(e) || ts.isOmittedExpression(e))) return [slot];
  const operands = array.elements;
  let targets: readonly (ts.Node | undefined)[] = [];
  if (slot.target) {
    const t = slot.target;
    const elements = ts.isArrayBindingPattern(t) || ts.isArrayLiteralExpression(t) ? t.elements : undefined;
    if (!elements || elements.length > operands.length) return [slot];
    if (elements.some((e) => ts.isSpreadElement(e) || (ts.isBindingElement(e) && e.dotDotDotToken))) return [slot];
    targets = elements.map((e) => (ts.isOmittedExpression(e) ? undefined : e));
  }
  let types: readonly ts.TypeNode[] = [];
  if (slot.type) {
    if (!ts.isTupleTypeNode(slot.type) || slot.type.elements.length !== operands.length) return [slot];
    if (slot.type.elements.some((e) => ts.isNamedTupleMember(e) || ts.isRestTypeNode(e) || ts.isOptionalTypeNode(e))) return [slot];
    types = slot.type.elements;
  }
  return operands.map((operand, k) => ({ operand, target: targets[k], type: types[k] }));
}

function isGlobalPromiseAll(file: FileFacts, callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "all" || !ts.isIdentifier(callee.expression) || callee.expression.text !== "Promise") return false;
  return file.scopes.resolve(callee.expression).kind === "global";
}

/**
 * A target whose evaluation runs no code: a name, a property path from a name or `this` with
 * literal or name keys, or a destructuring pattern without calls in its defaults or keys.
 */
function isPlainTarget(e: ts.Expression): boolean {
  if (ts.isArrayLiteralExpression(e) || ts.isObjectLiteralExpression(e)) return !hasRuntimeEffect(e);
  for (;;) {
    if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isPropertyAccessExpression(e) && !e.questionDotToken) e = e.expression;
    else if (ts.isElementAccessExpression(e) && !e.questionDotToken && isPlainKey(e.argumentExpression)) e = e.expression;
    else return false;
  }
}

function isPlainKey(k: ts.Expression): boolean {
  return ts.isStringLiteral(k) || ts.isNumericLiteral(k) || ts.isNoSubstitutionTemplateLiteral(k) || ts.isIdentifier(k);
}

/**
 * Whether a statement not ended by `;` could swallow a following line that starts with `[` (so the
 * rewrite must start with `;`, as semicolon-free styles write it).
 */
function mayContinueInto(stmt: ts.Statement, sf: ts.SourceFile): boolean {
  if (stmt.getText(sf).endsWith(";")) return false;
  if (ts.isIfStatement(stmt)) return mayContinueInto(stmt.elseStatement ?? stmt.thenStatement, sf);
  if (ts.isForStatement(stmt) || ts.isForInStatement(stmt) || ts.isForOfStatement(stmt) || ts.isWhileStatement(stmt) || ts.isLabeledStatement(stmt) || ts.isWithStatement(stmt)) {
    return mayContinueInto(stmt.statement, sf);
  }
  return !(
    ts.isBlock(stmt) ||
    ts.isFunctionDeclaration(stmt) ||
    ts.isClassDeclaration(stmt) ||
    ts.isInterfaceDeclaration(stmt) ||
    ts.isEnumDeclaration(stmt) ||
    ts.isModuleDeclaration(stmt) ||
    ts.isTryStatement(stmt) ||
    ts.isSwitchStatement(stmt) ||
    ts.isEmptyStatement(stmt)
  );
}
