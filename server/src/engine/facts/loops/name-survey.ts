/**
 * One walk of a loop body by syntax only: the names it declares, assigns, writes under and reads.
 * From those names alone, whether the loop can carry state from one iteration to the next at all,
 * so a loop that only appends results is settled without resolving a name.
 */
import { ts } from "ts-morph";
import { memberName, unwrap, walk } from "../../ast";
import { assignmentBy, WRITE_METHODS } from "../effects/accesses";
import { isReference, isWrite } from "../scope";
import { isInvariant, perIterationParts, stepOf } from "./loop-header";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const NodeFlags = ts.NodeFlags;
const { isArrayBindingPattern, isArrayLiteralExpression, isBindingElement, isCallExpression, isClassLike, isElementAccessExpression, isForInStatement, isForOfStatement, isForStatement, isFunctionDeclaration, isFunctionExpression, isIdentifier, isNonNullExpression, isObjectBindingPattern, isParameter, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isShorthandPropertyAssignment, isSpreadAssignment, isSpreadElement, isVariableDeclaration, isVariableDeclarationList } = ts;

/** What one walk of a loop body finds about names, by syntax only. */
interface NameSurvey {
  /** Names declared in the body with let/const, as parameters, functions or classes (nested functions included). */
  declared: Set<string>;
  /** Names the body assigns: `x = …`, `x++`, `[a, b] = …`. */
  plainWritten: Set<string>;
  /** Root names (or "this") of properties and collections the body writes: `a.b = …`, `out.push(…)`. */
  memberWritten: Set<string>;
  /** Root names (or "this") the body reads, nested functions included. */
  reads: Set<string>;
}

/** Which halves of the carried-state analysis could find anything, judged by names. */
export interface CarryCandidates {
  locals: boolean;
  collections: boolean;
}

/** Root names the body writes and reads, and the names it declares: one walk, by syntax only. */
function surveyNames(body: ts.Statement): NameSurvey {
  const s: NameSurvey = { declared: new Set(), plainWritten: new Set(), memberWritten: new Set(), reads: new Set() };
  const visit = (n: ts.Node) => {
    if (isIdentifier(n)) {
      if (isReference(n)) noteUse(n, s.plainWritten, s.reads, s.memberWritten);
      // A `var` may share its binding with one outside the loop; only block-scoped names count as the body's own.
      else if (isDeclaredName(n) && !isVarName(n)) s.declared.add(n.text);
    } else if (n.kind === SyntaxKind.ThisKeyword) noteUse(n, s.plainWritten, s.reads, s.memberWritten);
  };
  visit(body);
  walk(body, visit);
  return s;
}

/**
 * Which halves of the carried-state analysis could find anything, judged by names alone: a name
 * the loop assigns, or a property or collection it writes, that it also reads; a header counter
 * the body moves or the header moves by other than a fixed step. A loop that only appends
 * results (`out.push(await f(x))`) is settled here without resolving a name.
 */
export function mayCarry(loop: ts.IterationStatement): CarryCandidates {
  const incrementor = isForStatement(loop) ? loop.incrementor : undefined;
  const parts = perIterationParts(loop).filter((p) => p !== incrementor && p !== loop.statement);
  if (isForOfStatement(loop) || isForInStatement(loop)) parts.push(loop.expression);
  const survey = surveyNames(loop.statement);
  const memberWritten = new Set<string>(survey.memberWritten);
  const reads = new Set<string>(survey.reads);
  // The header's own counters, each moved by a fixed step, hand nothing over; any other update does.
  const counters = new Set<string>();
  if (incrementor) {
    const visit = (n: ts.Node) => {
      if (isIdentifier(n) && isReference(n) && isWrite(n)) counters.add(n.text);
    };
    visit(incrementor);
    walk(incrementor, visit);
    for (const name of counters) {
      const step = stepOf(incrementor, (id) => id.text === name);
      if (typeof step !== "number" && !(step && isInvariant(loop, step))) return { locals: true, collections: true };
    }
    const visitReads = (n: ts.Node) => {
      if (isIdentifier(n) && isReference(n) && !counters.has(n.text)) reads.add(n.text);
    };
    visitReads(incrementor);
    walk(incrementor, visitReads);
  }
  const visit = (n: ts.Node) => noteUse(n, new Set(), reads, memberWritten);
  for (const part of parts) {
    visit(part);
    walk(part, visit);
  }
  // A name the body declares is the iteration's own (let/const) or shared in a way the resolved
  // analysis ignores too (a var hoisted out of the body); its uses carry nothing.
  const candidate = (names: Iterable<string>) => {
    for (const name of names) if ((reads.has(name) || counters.has(name)) && !survey.declared.has(name)) return true;
    return false;
  };
  return { locals: candidate(survey.plainWritten), collections: candidate(memberWritten) };
}

/** Records the root name of the access chain `n` starts (an identifier reference or `this`) as written and/or read. */
function noteUse(n: ts.Node, plainWritten: Set<string>, reads: Set<string>, memberWritten: Set<string>): void {
  let name: string;
  if (n.kind === SyntaxKind.ThisKeyword) name = "this";
  else if (isIdentifier(n) && isReference(n)) name = n.text;
  else return;
  const use = chainUse(n);
  // The name itself assigned (as EffectFacts and the binder see it), or something under it.
  if (isIdentifier(n) && isWrite(n)) plainWritten.add(name);
  else if (use !== "read") memberWritten.add(name);
  if (use !== "write") reads.add(name);
}

/** A name declared by `var` (directly or in a destructuring pattern). */
function isVarName(n: ts.Identifier): boolean {
  let p: ts.Node | undefined = n.parent;
  while (p && (isBindingElement(p) || isObjectBindingPattern(p) || isArrayBindingPattern(p))) p = p.parent;
  if (!p || !isVariableDeclaration(p) || !isVariableDeclarationList(p.parent)) return false;
  return (p.parent.flags & (NodeFlags.Let | NodeFlags.Const)) === 0;
}

/** The name a variable, parameter, function, class or catch binding declares. */
export function isDeclaredName(n: ts.Identifier): boolean {
  const p = n.parent;
  return !!p && (isVariableDeclaration(p) || isParameter(p) || isBindingElement(p) || isFunctionDeclaration(p) || isFunctionExpression(p) || isClassLike(p));
}

/**
 * How an access chain starting at `root` is used: "write" when it is only assigned (`x = …`,
 * `a.b = …`) or added to (`out.push(…)`, `m.set(…)`), "both" for updates (`x += …`, `n++`,
 * `delete a[k]`), "read" otherwise. Mirrors EffectFacts' access paths, by syntax only.
 */
function chainUse(root: ts.Node): "read" | "write" | "both" {
  let top: ts.Node = root;
  let members = 0;
  for (;;) {
    const p: ts.Node | undefined = top.parent;
    if (p && ((isPropertyAccessExpression(p) && p.expression === top) || (isElementAccessExpression(p) && p.expression === top))) {
      members++;
      top = p;
    } else if (p && (isNonNullExpression(p) || isParenthesizedExpression(p))) top = p;
    else break;
  }
  const p = top.parent;
  if (!p) return "read";
  if (members > 0 && isCallExpression(p) && p.expression === top) return WRITE_METHODS.has(memberName(unwrap(top as ts.Expression)) ?? "") ? "write" : "read";
  const assigned = assignmentBy(p, top);
  if (assigned) return assigned === "write" ? "write" : "both";
  // Destructuring targets and for…of/in heads: treat as both, the resolved analysis sorts them out.
  if (isArrayLiteralExpression(p) || isShorthandPropertyAssignment(p) || (isPropertyAssignment(p) && p.initializer === top) || isSpreadElement(p) || isSpreadAssignment(p) || ((isForOfStatement(p) || isForInStatement(p)) && p.initializer === top)) return members > 0 || (isIdentifier(root) && isWrite(root)) ? "both" : "read";
  return "read";
}
