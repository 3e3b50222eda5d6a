/**
 * sequential-await → Promise.all over the group, the rewrite a careful engineer makes by hand:
 *
 *   const user = await getUser(id);              const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
 *   const orders = await getOrders(id);    →
 *
 * keeping const/let/var, destructuring, TypeScript annotations (as one tuple type), assignments,
 * comments, indentation and line endings; awaited operands of a call or array literal become one
 * spread `...(await Promise.all([…]))` in their place, which keeps every other operand's
 * evaluation order. Every call still starts in source order and all rejections are handled (no
 * "start all, then await one by one"). Shapes that cannot be rewritten exactly get no fix.
 */
import { ts } from "ts-morph";
import type { FileFacts } from "../facts/file-facts";
import type { Fix, RawFinding, TextEdit } from "../types";
import { operandGroupEdit } from "./promise-all-operands";
import { statementGroupEdit } from "./promise-all-statements";
import { PromiseShadows } from "./promise-shadows";

export interface GroupRewrite {
  edit: TextEdit;
  /** Awaits now run together. */
  count: number;
}

export function promiseAllFixes(file: FileFacts, finding: RawFinding): Fix[] {
  const first = finding.node;
  const last = finding.endNode ?? finding.node;
  if (file.get(PromiseShadows).shadowedAt(first)) return [];
  const isStatementUnit = (n: ts.Node) => ts.isVariableStatement(n) || ts.isExpressionStatement(n) || ts.isVariableDeclaration(n);
  const rewrite = isStatementUnit(first) ? statementGroupEdit(file, first, last) : operandGroupEdit(file, first, last);
  if (!rewrite) return [];
  return [{ title: `Run the ${rewrite.count} awaits together with Promise.all`, safe: true, edits: [rewrite.edit] }];
}
