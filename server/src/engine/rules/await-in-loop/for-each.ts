/** `xs.forEach(async (x) => { await … })`: reported on its own, as forEach does not wait for the promises. */
import { ts } from "ts-morph";
import { awaitsIn, isAsyncFunction, isFunctionNode, unwrap } from "../../ast";
import type { EffectFacts } from "../../facts/effects";
import type { FileFacts } from "../../facts/file-facts";
import type { RawFinding } from "../../types";
import { callLabel, placeOf } from "./messages";

/** `xs.forEach(async (x) => { await … })`: forEach drops the promises its callback returns. */
export function forEachFinding(file: FileFacts, call: ts.CallExpression, effects: EffectFacts): RawFinding | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  if (name !== "forEach" && name !== "each") return undefined;
  const receiver = unwrap(callee.expression);
  // _.forEach(xs, fn) / _.each(xs, fn) from lodash or underscore; otherwise xs.forEach(fn).
  // Only a two-argument call can be lodash's; the import is looked up last (it binds the file's scopes).
  const lodash = ts.isIdentifier(receiver) && call.arguments.length >= 2 && (/^(_|lodash|underscore)$/.test(receiver.text) || /^(lodash|underscore)/.test(file.scopes.resolve(receiver).module ?? ""));
  const fnArg = lodash ? call.arguments[1] : name === "forEach" ? call.arguments[0] : undefined;
  if (!fnArg) return undefined;
  const fn = asyncFunctionOf(file, fnArg);
  if (!fn || !fn.body) return undefined;
  const awaits = awaitsIn(fn.body);
  if (!awaits.length) return undefined;
  // Streams, observables and cursors have forEach methods that return a promise and await the callback.
  const receiverText = callee.expression.getText(file.sf);
  if (/stream|readable|observable|\$$|cursor|iterator|rx/i.test(receiverText)) return undefined;
  let top: ts.Node = call;
  while (top.parent && (ts.isParenthesizedExpression(top.parent) || ts.isAwaitExpression(top.parent) || ts.isVoidExpression(top.parent))) top = top.parent;
  const node = top.parent && ts.isExpressionStatement(top.parent) ? top.parent : call;
  const op = awaits.map((aw) => effects.awaited(aw)).find((o) => !o.started);
  const what = op ? callLabel(file, op) : "the awaited work";
  const where = file.context.at(call).description;
  return {
    node,
    message: `forEach() does not wait for its async callback: ${placeOf(where)} the code after this line runs before ${what} finishes, and a rejection goes unhandled — use for…of to run in order, or Promise.all over map() (bounded) to run concurrently`,
    lens: `forEach does not wait for ${what} — await it, so errors are caught and the caller waits`,
  };
}

function asyncFunctionOf(file: FileFacts, e: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const x = unwrap(e);
  if (isFunctionNode(x)) return isAsyncFunction(x) ? (x as ts.FunctionLikeDeclaration) : undefined;
  if (ts.isIdentifier(x)) {
    const d = file.scopes.resolve(x);
    const init = d.init && ts.isExpression(d.init) ? unwrap(d.init) : d.init;
    if (init && isFunctionNode(init) && isAsyncFunction(init) && (d.kind === "function" || d.kind === "const" || !file.scopes.isReassigned(d))) return init as ts.FunctionLikeDeclaration;
  }
  return undefined;
}
