/**
 * When an index built just before a statement still answers every lookup made inside it: the
 * array is a name no code inside the statement changes, and no code the statement may call can
 * change it either. Read from syntax and the file's reference index; when in doubt, no.
 */
import { ts } from "ts-morph";
import { isFunctionNode, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { Decl } from "../facts/scope";

/** Array methods that read the array without changing it (callbacks aside). */
const READ_METHODS = new Set([
  "find", "findIndex", "findLast", "findLastIndex", "filter", "some", "every", "includes", "indexOf", "lastIndexOf", "map", "forEach",
  "reduce", "reduceRight", "slice", "concat", "join", "at", "flat", "flatMap", "entries", "keys", "values", "toSorted", "toReversed",
  "toSpliced", "with", "toString", "toLocaleString",
]);
/** Methods whose callback is handed the array itself as its third argument. */
const CALLBACK_METHODS = new Set(["find", "findIndex", "findLast", "findLastIndex", "filter", "some", "every", "map", "forEach", "flatMap", "reduce", "reduceRight"]);
/** Calls a quiet statement may make: reads of arrays, strings, numbers, Maps and Sets. */
const QUIET_METHODS = new Set([
  ...READ_METHODS, "get", "has", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd",
  "startsWith", "endsWith", "padStart", "padEnd", "substring", "charAt", "charCodeAt", "split", "toFixed", "localeCompare", "repeat",
]);
const QUIET_GLOBALS = new Set(["Number", "String", "Boolean", "parseInt", "parseFloat", "isNaN", "isFinite", "Math", "JSON", "Object", "Array"]);

export type RefUse = "read" | "mutation" | "escape";

/**
 * The array declaration `receiver` names when an index of it built right before `stmt` stays
 * exact for every lookup inside `stmt`; undefined otherwise.
 */
export function stableArray(file: FileFacts, receiver: ts.Expression, stmt: ts.Statement): Decl | undefined {
  if (!ts.isIdentifier(receiver)) return undefined;
  const decl = file.scopes.resolve(receiver);
  if (decl.kind === "global" || decl.kind === "function" || decl.kind === "class" || decl.kind === "enum") return undefined;
  const sf = file.sf;
  const start = stmt.getStart(sf);
  // Declared inside the statement (or after it): the index would read it before it exists.
  if (!decl.id || decl.id.getStart(sf) >= start) return undefined;
  let risky = decl.kind === "import";
  for (const ref of file.scopes.references(decl)) {
    const use = refUse(ref);
    if (use === "read") continue;
    if (ref.pos >= stmt.pos && ref.end <= stmt.end) return undefined;
    risky = true;
  }
  // Changed or handed out elsewhere: only a statement that calls nothing unknown cannot reach that code.
  return risky && !isQuiet(file, stmt) ? undefined : decl;
}

/** What a reference does with the array: reads it, changes it, or hands it to code we cannot see. */
export function refUse(ref: ts.Identifier): RefUse {
  let e: ts.Node = ref;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isSatisfiesExpression(e.parent) || ts.isTypeAssertionExpression(e.parent))) e = e.parent;
  const p = e.parent;
  if (!p) return "escape";
  if (isAssignmentTarget(e)) return "mutation";
  if (ts.isPropertyAccessExpression(p) && p.expression === e) {
    if (isAssignmentTarget(p)) return "mutation";
    const call = p.parent;
    if (!ts.isCallExpression(call) || call.expression !== p) return "read";
    const name = p.name.text;
    if (!READ_METHODS.has(name)) return /^(push|pop|shift|unshift|splice|sort|reverse|fill|copyWithin)$/.test(name) ? "mutation" : "escape";
    if (CALLBACK_METHODS.has(name)) {
      const fn = call.arguments[0] && unwrap(call.arguments[0]);
      if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length > 2) return "escape";
    }
    return "read";
  }
  if (ts.isElementAccessExpression(p) && p.expression === e) {
    if (isAssignmentTarget(p)) return "mutation";
    return ts.isCallExpression(p.parent) && p.parent.expression === p ? "escape" : "read";
  }
  if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.expression === e) return "read";
  if (ts.isSpreadElement(p) || ts.isTypeOfExpression(p)) return "read";
  if (ts.isBinaryExpression(p) && isComparison(p.operatorToken.kind)) return "read";
  return "escape";
}

/** `x = …`, `x += …`, `x++`, `delete x`, `[x] = …`, a `for (x of …)` head. */
function isAssignmentTarget(n: ts.Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  if (ts.isDeleteExpression(p)) return true;
  if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.initializer === n) return true;
  if (ts.isArrayLiteralExpression(p) || ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p) || ts.isSpreadElement(p)) {
    // Inside a destructuring assignment's target.
    let top: ts.Node = p;
    while (top.parent && (ts.isArrayLiteralExpression(top.parent) || ts.isObjectLiteralExpression(top.parent) || ts.isPropertyAssignment(top.parent) || ts.isShorthandPropertyAssignment(top.parent) || ts.isSpreadElement(top.parent))) top = top.parent;
    return !!top.parent && ts.isBinaryExpression(top.parent) && top.parent.left === top && top.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  return false;
}

function isComparison(k: ts.SyntaxKind): boolean {
  return k === ts.SyntaxKind.EqualsEqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsEqualsToken || k === ts.SyntaxKind.EqualsEqualsToken || k === ts.SyntaxKind.ExclamationEqualsToken || k === ts.SyntaxKind.InstanceOfKeyword || k === ts.SyntaxKind.InKeyword;
}

/**
 * A statement that cannot run code we do not see: it calls only reading methods and a few pure
 * globals, creates nothing with `new`, stores through no computed key, and never gives the event
 * loop a turn.
 */
export function isQuiet(file: FileFacts, stmt: ts.Node): boolean {
  let quiet = true;
  walk(stmt, (n) => {
    if (!quiet) return false;
    switch (n.kind) {
      case ts.SyntaxKind.CallExpression: {
        const callee = unwrap((n as ts.CallExpression).expression);
        if (ts.isPropertyAccessExpression(callee)) {
          const owner = unwrap(callee.expression);
          const globalOwner = ts.isIdentifier(owner) && QUIET_GLOBALS.has(owner.text) && file.scopes.resolve(owner).kind === "global";
          if (!QUIET_METHODS.has(callee.name.text) && !globalOwner) quiet = false;
        } else if (!(ts.isIdentifier(callee) && QUIET_GLOBALS.has(callee.text) && file.scopes.resolve(callee).kind === "global")) quiet = false;
        break;
      }
      case ts.SyntaxKind.NewExpression:
      case ts.SyntaxKind.TaggedTemplateExpression:
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.YieldExpression:
      case ts.SyntaxKind.DeleteExpression:
        quiet = false;
        break;
      case ts.SyntaxKind.BinaryExpression: {
        const b = n as ts.BinaryExpression;
        const left = unwrap(b.left);
        const assigns = b.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && b.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
        if (assigns && (ts.isElementAccessExpression(left) || (ts.isPropertyAccessExpression(left) && left.name.text === "length"))) quiet = false;
        break;
      }
      default:
        // A function defined here runs later, or as a callback of a reading method: its body is walked all the same.
        if (isFunctionNode(n) && !(ts.isArrowFunction(n) || ts.isFunctionExpression(n))) quiet = false;
    }
  });
  return quiet;
}

/**
 * True when code inside `stmt` stores to a property named like one of `keys` (`u.id = …`,
 * `delete u.id`): an element's key may change after the index was built.
 */
export function writesKeyProperty(stmt: ts.Node, keys: ReadonlySet<string>): boolean {
  let found = false;
  walk(stmt, (n) => {
    if (found) return false;
    if ((ts.isPropertyAccessExpression(n) && keys.has(n.name.text)) || (ts.isElementAccessExpression(n) && ts.isStringLiteralLike(n.argumentExpression) && keys.has(n.argumentExpression.text))) {
      if (isAssignmentTarget(n)) found = true;
    }
  });
  return found;
}
