/**
 * sequential-await — independent awaits that wait one after another.
 *
 * Each `await` parks the function until its promise settles; when the next await does not need
 * anything the previous one produced, the second request could have been in flight during the
 * first. Reported: two or more awaited reads in a row (consecutive statements, or operands of one
 * expression) where no later one reads what an earlier one produced or wrote, nothing else happens
 * in between, and they do not share an ordered resource (one transaction or connection, a page
 * being driven, a stream). Writes, sends, guards and sleeps are never regrouped: their order or
 * their failure is observable.
 *
 * Invalid:
 *   const user = await getUser(id);
 *   const orders = await getOrders(id);
 * Valid:
 *   const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
 *   const user = await getUser(id);
 *   const orders = await getOrders(user.accountId);   // needs the first result
 */
import { ts } from "ts-morph";
import { awaitsIn, isFunctionNode, unwrap, walk, walkSameFunction } from "../ast";
import { declaresOrder, EffectFacts, isTestFile, STATEFUL_METHODS, type AccessSet, type AwaitedOperation } from "../facts/effects";
import type { FileFacts } from "../facts/file-facts";
import { isReference } from "../facts/scope";
import type { LoopLensConfig, RawFinding } from "../types";
import type { Rule } from "./rule";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const {
  isArrayBindingPattern,
  isArrayLiteralExpression,
  isArrowFunction,
  isAwaitExpression,
  isBinaryExpression,
  isBindingElement,
  isCallExpression,
  isConditionalExpression,
  isDeleteExpression,
  isEmptyStatement,
  isExpression,
  isExpressionStatement,
  isFunctionExpression,
  isIdentifier,
  isInterfaceDeclaration,
  isNewExpression,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isParenthesizedExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAssignment,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isTaggedTemplateExpression,
  isTemplateExpression,
  isTypeAliasDeclaration,
  isVariableDeclaration,
  isVariableStatement,
} = ts;

interface Unit {
  /** The statement, declarator or operand the await belongs to. */
  node: ts.Node;
  op: AwaitedOperation;
  /** Callee and arguments as written, to spot the same call made twice. */
  callText: string;
  /** Names the unit declares or assigns, for a dependency check that needs no name resolution. */
  declared: ReadonlySet<string>;
  // Resolved facts, worked out only for units a cheap check could not tell apart.
  access?: AccessSet;
  sessions?: ReadonlySet<string>;
  receiverKey?: string | null;
}

/** Larger groups are reported in pieces. */
const MAX_GROUP = 64;

/** A statement or operand that breaks a group: anything that is not a lone await. */
const BARRIER = null;
type Slot = Unit | typeof BARRIER | undefined;

export const sequentialAwait: Rule = {
  meta: {
    id: "sequential-await",
    description: "Independent awaits that run one after another instead of together.",
    defaultSeverity: "warning",
    fixable: true,
  },

  detect(file: FileFacts, config: LoopLensConfig): RawFinding[] {
    if (isTestFile(file.path)) return [];
    const effects = file.get(EffectFacts);
    if (!effects.awaits().length) return [];
    const min = Math.max(2, config.thresholds.minSequentialAwaits);
    const findings: RawFinding[] = [];

    const unitOf = (node: ts.Node, expr: ts.Expression): Unit | undefined => {
      const aw = soleAwait(expr);
      if (!aw) return undefined;
      const op = effects.awaited(aw);
      if (op.started || op.kind !== "read" || !op.call) return undefined;
      const call = op.call;
      const callee = isTaggedTemplateExpression(call) ? call.tag : call.expression;
      const args = isTaggedTemplateExpression(call) ? [call.template] : [...(call.arguments ?? [])];
      const callText = (callee.getText(file.sf) + "(" + args.map((a) => a.getText(file.sf)).join(",") + ")").replace(/\s+/g, "");
      return { node, op, callText, declared: declaredNames(node) };
    };
    const accessOf = (u: Unit) => (u.access ??= effects.accesses(u.node));
    const sessionsOf = (u: Unit) => (u.sessions ??= new Set(effects.sessions(u.node).keys()));
    const receiverKeyOf = (u: Unit) => (u.receiverKey === undefined ? (u.receiverKey = effects.receiverKey(u.op.receiver) ?? null) : u.receiverKey);

    // Cheapest first: most pairs that depend on each other do so by a name the later one reads.
    const conflict = (a: Unit, b: Unit): boolean => {
      if (a.callText === b.callText) return true;
      if (a.declared.size && readsAnyName(b.node, a.declared)) return true;
      const name = b.op.name;
      if (name && name === a.op.name && STATEFUL_METHODS.has(name) && receiverKeyOf(a) === receiverKeyOf(b)) return true;
      if (effects.dataDependency(accessOf(a), accessOf(b))) return true;
      const bs = sessionsOf(b);
      if (bs.size) for (const s of sessionsOf(a)) if (bs.has(s)) return true;
      return false;
    };

    const report = (group: Unit[]) => {
      if (group.length < min) return;
      if (declaresOrder(file.sf, group.map((u) => u.node))) return;
      const first = group[0].node;
      const last = group[group.length - 1].node;
      const where = placeOf(file.context.at(first).description);
      findings.push({
        node: first,
        endNode: last,
        message: `${group.length} independent awaits run one after another ${where} — start them together with Promise.all`,
        lens: `${group.length} independent awaits run one after another — run them together`,
      });
    };

    const scan = (slots: Slot[]) => {
      let group: Unit[] = [];
      for (const slot of slots) {
        if (slot === undefined) continue;
        if (slot === BARRIER) {
          report(group);
          group = [];
          continue;
        }
        // The size cap keeps generated code (thousands of awaits in a row) linear.
        if (group.length >= MAX_GROUP || group.some((u) => conflict(u, slot))) {
          report(group);
          group = [];
        }
        group.push(slot);
      }
      report(group);
    };

    /** Awaits a statement could contribute to a group (0 for statements that break groups). */
    const candidateCount = (stmt: ts.Statement): number => {
      if (!effects.holdsAwait(stmt)) return 0;
      if (isExpressionStatement(stmt)) return 1;
      if (isVariableStatement(stmt)) return stmt.declarationList.declarations.length;
      return 0;
    };

    const statementSlots = (stmts: readonly ts.Statement[]): Slot[] => {
      const slots: Slot[] = [];
      // A statement that reads what the one before it declares, and whose follower reads what it
      // declares, can share a group with neither: it is a barrier, and is not classified at all.
      const runtime = stmts.filter((st) => !isInert(st));
      const candidate = runtime.map((st) => effects.holdsAwait(st) && (isExpressionStatement(st) || isVariableStatement(st)));
      const simple = runtime.map((st, i) => candidate[i] && !(isVariableStatement(st) && st.declarationList.declarations.length > 1));
      const names = runtime.map((st, i) => (simple[i] ? declaredNames(st) : undefined));
      const feeds = (i: number) => simple[i] && simple[i + 1] && names[i]!.size > 0 && readsAnyName(runtime[i + 1], names[i]!);
      const isolated = new Set<ts.Statement>();
      runtime.forEach((st, i) => {
        const leftOpen = i > 0 && candidate[i - 1] && !feeds(i - 1);
        const rightOpen = i + 1 < runtime.length && candidate[i + 1] && !feeds(i);
        if (simple[i] && !leftOpen && !rightOpen) isolated.add(st);
      });
      for (const stmt of stmts) {
        if (isolated.has(stmt)) {
          slots.push(BARRIER);
        } else if (!effects.holdsAwait(stmt)) {
          if (!isInert(stmt)) slots.push(BARRIER);
        } else if (isExpressionStatement(stmt)) {
          slots.push(unitOf(stmt, stmt.expression) ?? BARRIER);
        } else if (isVariableStatement(stmt)) {
          const decls = stmt.declarationList.declarations;
          const units = decls.map((d) => (d.initializer ? unitOf(decls.length === 1 ? stmt : d, d.initializer) : undefined));
          if (units.every((u): u is Unit => !!u)) slots.push(...units);
          else slots.push(BARRIER);
        } else {
          slots.push(BARRIER);
        }
      }
      return slots;
    };

    /** Scans each run of consecutive await statements long enough to form a group. */
    const scanList = (stmts: readonly ts.Statement[]) => {
      let start = -1;
      let count = 0;
      const flush = (end: number) => {
        if (start >= 0 && count >= min) scan(statementSlots(stmts.slice(start, end)));
        start = -1;
        count = 0;
      };
      stmts.forEach((stmt, i) => {
        const n = candidateCount(stmt);
        if (n > 0) {
          if (start < 0) start = i;
          count += n;
        } else if (!isInert(stmt)) flush(i);
      });
      flush(stmts.length);
    };

    const operandSlots = (operands: readonly ts.Expression[]): Slot[] =>
      operands.map((o) => {
        if (!effects.holdsAwait(o)) return hasVisibleEffect(o) ? BARRIER : undefined;
        return unitOf(o, o) ?? BARRIER;
      });

    // Only statement lists and expressions that hold awaits are looked at.
    for (const list of effects.awaitStatementLists()) scanList(list.statements);
    const seen = new Set<ts.Node>();
    for (const aw of effects.awaits()) {
      for (let p: ts.Node | undefined = aw.parent; p && !seen.has(p) && !isFunctionNode(p); p = p.parent) {
        seen.add(p);
        const operands = operandsOf(p);
        if (operands && operands.filter((o) => effects.holdsAwait(o)).length >= min) scan(operandSlots(operands));
      }
    }
    return findings;
  },
};

/** Names a statement, declarator or operand declares or assigns: `const { a, b } = …`, `[x, y] = …`. */
function declaredNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const addBinding = (n: ts.Node) => {
    if (isIdentifier(n)) out.add(n.text);
    else if (isObjectBindingPattern(n) || isArrayBindingPattern(n)) for (const el of n.elements) if (isBindingElement(el)) addBinding(el.name);
  };
  const addTarget = (e: ts.Expression) => {
    const x = unwrap(e);
    if (isIdentifier(x)) out.add(x.text);
    else if (isArrayLiteralExpression(x)) for (const el of x.elements) addTarget(isSpreadElement(el) ? el.expression : el);
    else if (isObjectLiteralExpression(x)) {
      for (const p of x.properties) {
        if (isShorthandPropertyAssignment(p)) out.add(p.name.text);
        else if (isPropertyAssignment(p)) addTarget(p.initializer);
        else if (isSpreadAssignment(p)) addTarget(p.expression);
      }
    }
  };
  if (isVariableStatement(node)) for (const d of node.declarationList.declarations) addBinding(d.name);
  else if (isVariableDeclaration(node)) addBinding(node.name);
  else {
    const e = isExpressionStatement(node) ? node.expression : isExpression(node) ? node : undefined;
    const x = e && unwrap(e);
    if (x && isBinaryExpression(x) && x.operatorToken.kind >= SyntaxKind.FirstAssignment && x.operatorToken.kind <= SyntaxKind.LastAssignment) addTarget(x.left);
  }
  return out;
}

/** True when `node` reads one of `names` outside nested functions (where a parameter could shadow it). */
function readsAnyName(node: ts.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return false;
    if (isIdentifier(n) && names.has(n.text) && isReference(n)) found = true;
  };
  visit(node);
  walkSameFunction(node, visit);
  return found;
}

function placeOf(description: string): string {
  return description.startsWith("module") ? `at ${description}` : `in ${description}`;
}

/** Statements that do nothing at run time between two awaits (types, empty statements). */
function isInert(stmt: ts.Statement): boolean {
  return isEmptyStatement(stmt) || isTypeAliasDeclaration(stmt) || isInterfaceDeclaration(stmt);
}

/**
 * The one await an expression waits for, when it waits for exactly one and always does: not
 * behind `&&`, `||`, `??` or `?:`. Awaits nested inside the awaited operand belong to it.
 */
function soleAwait(expr: ts.Expression): ts.AwaitExpression | undefined {
  const outer = awaitsIn(expr).filter((aw) => {
    for (let p = aw.parent; p && p !== expr.parent; p = p.parent) if (isAwaitExpression(p)) return false;
    return true;
  });
  if (outer.length !== 1) return undefined;
  const aw = outer[0];
  for (let child: ts.Node = aw, p = aw.parent; p && child !== expr; child = p, p = p.parent) {
    if (isConditionalExpression(p) && child !== p.condition) return undefined;
    if (isBinaryExpression(p) && child === p.right && isShortCircuit(p.operatorToken.kind)) return undefined;
    if (isCallExpression(p) && p.questionDotToken && child !== p.expression) return undefined;
  }
  return aw;
}

function isShortCircuit(k: ts.SyntaxKind): boolean {
  return k === SyntaxKind.AmpersandAmpersandToken || k === SyntaxKind.BarBarToken || k === SyntaxKind.QuestionQuestionToken || k === SyntaxKind.AmpersandAmpersandEqualsToken || k === SyntaxKind.BarBarEqualsToken || k === SyntaxKind.QuestionQuestionEqualsToken;
}

/** The operands of an expression whose parts all run, left to right: call arguments, array/object literals, arithmetic, template spans. */
function operandsOf(n: ts.Node): readonly ts.Expression[] | undefined {
  if (isCallExpression(n) || isNewExpression(n)) return n.arguments && n.arguments.length >= 2 ? n.arguments : undefined;
  if (isArrayLiteralExpression(n)) return n.elements.length >= 2 && !n.elements.some(ts.isSpreadElement) && !isAssignmentTarget(n) ? n.elements : undefined;
  if (isObjectLiteralExpression(n)) {
    if (isAssignmentTarget(n)) return undefined;
    const out: ts.Expression[] = [];
    for (const p of n.properties) {
      if (isPropertyAssignment(p)) out.push(p.initializer);
      else if (isSpreadAssignment(p)) out.push(p.expression);
    }
    return out.length >= 2 ? out : undefined;
  }
  if (isTemplateExpression(n)) return n.templateSpans.length >= 2 ? n.templateSpans.map((s) => s.expression) : undefined;
  if (isBinaryExpression(n) && isEagerOperator(n.operatorToken.kind)) {
    const p = n.parent;
    if (p && isBinaryExpression(p) && isEagerOperator(p.operatorToken.kind)) return undefined;
    // Iterative: generated code can chain thousands of `+`.
    const out: ts.Expression[] = [];
    const stack: ts.Expression[] = [n];
    while (stack.length) {
      const e = stack.pop()!;
      if (isBinaryExpression(e) && isEagerOperator(e.operatorToken.kind)) stack.push(e.right, e.left);
      else out.push(e);
    }
    return out;
  }
  return undefined;
}

/** Binary operators that evaluate both sides, in order, with no assignment. */
function isEagerOperator(k: ts.SyntaxKind): boolean {
  if (isShortCircuit(k) || k === SyntaxKind.CommaToken) return false;
  if (k >= SyntaxKind.FirstAssignment && k <= SyntaxKind.LastAssignment) return false;
  return k >= SyntaxKind.FirstBinaryOperator && k <= SyntaxKind.LastBinaryOperator && k !== SyntaxKind.InKeyword && k !== SyntaxKind.InstanceOfKeyword;
}

function isAssignmentTarget(n: ts.Node): boolean {
  let c = n;
  while (c.parent && (isArrayLiteralExpression(c.parent) || isObjectLiteralExpression(c.parent) || isPropertyAssignment(c.parent) || isParenthesizedExpression(c.parent))) c = c.parent;
  return !!c.parent && isBinaryExpression(c.parent) && c.parent.left === c && c.parent.operatorToken.kind === SyntaxKind.EqualsToken;
}

/** Calls, assignments and updates in an operand run between the awaits around it. */
function hasVisibleEffect(e: ts.Expression): boolean {
  let found = false;
  const check = (n: ts.Node) => {
    if (isCallExpression(n) || isNewExpression(n) || isTaggedTemplateExpression(n) || isDeleteExpression(n)) found = true;
    else if (isBinaryExpression(n) && n.operatorToken.kind >= SyntaxKind.FirstAssignment && n.operatorToken.kind <= SyntaxKind.LastAssignment) found = true;
    else if ((isPrefixUnaryExpression(n) || isPostfixUnaryExpression(n)) && (n.operator === SyntaxKind.PlusPlusToken || n.operator === SyntaxKind.MinusMinusToken)) found = true;
  };
  check(e);
  walk(e, (n) => {
    if (found) return false;
    if (isArrowFunction(n) || isFunctionExpression(n)) return false;
    check(n);
  });
  return found;
}
