/**
 * What a call's shape says about it, by syntax: the SQL it runs, a question put to the user, a
 * child process, an HTTP method that changes something, and the names in its receiver chain.
 */
import { ts } from "ts-morph";
import { calleeName, stringValue, unwrap } from "../../ast";
import type { ApiRef } from "../node-apis";
import { rootNode } from "./accesses";
import type { AwaitedOperation } from "./awaited-operation";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isCallExpression, isElementAccessExpression, isExpression, isIdentifier, isNoSubstitutionTemplateLiteral, isNonNullExpression, isObjectLiteralExpression, isParenthesizedExpression, isPropertyAccessExpression, isPropertyAssignment, isStringLiteral, isTaggedTemplateExpression, isTemplateExpression } = ts;

export const SQL_TRANSACTION = /^\s*(begin|start\s+transaction|commit|rollback|savepoint|release\s+savepoint|set\s+transaction|lock\s+table)\b/i;
export const SQL_MUTATION = /^\s*(insert|update|delete|create|drop|alter|truncate|grant|revoke|merge|replace|call|exec|execute|lock|set|vacuum|copy|refresh|notify|listen)\b/i;
export const SQL_READ = /^\s*(select|with|show|explain|values|table)\b/i;
const HTTP_MUTATING = /^(post|put|patch|delete)$/i;

/** The first word of a camelCase / snake_case name, lower-cased: getUserById → "get". */
export function firstWord(name: string): string {
  const m = /^[_$]*([A-Za-z][a-z0-9]*)/.exec(name);
  return m ? m[1].toLowerCase() : "";
}

/** Names of the calls in a receiver chain: `db.insert(t).values(v)` → ["insert"] for the receiver `db.insert(t)`. */
export function chainCallNames(receiver: ts.Expression | undefined): string[] {
  const names: string[] = [];
  for (let e: ts.Node | undefined = receiver; e; ) {
    e = isExpression(e) ? unwrap(e) : e;
    if (isCallExpression(e)) {
      const n = calleeName(e);
      if (n) names.push(n);
      e = e.expression;
    } else if (isPropertyAccessExpression(e) || isElementAccessExpression(e)) e = e.expression;
    else break;
  }
  return names;
}

/** Text of a call's receiver chain with arguments dropped: `this.limiter.schedule` → "this.limiter". */
export function calleeChainText(expr: ts.Expression): string {
  const parts: string[] = [];
  let e: ts.Node = expr;
  for (;;) {
    if (isPropertyAccessExpression(e)) {
      parts.unshift(e.name.text);
      e = e.expression;
    } else if (isCallExpression(e) || isNonNullExpression(e) || isParenthesizedExpression(e)) {
      e = e.expression;
    } else if (isElementAccessExpression(e)) {
      e = e.expression;
    } else break;
  }
  if (isIdentifier(e)) parts.unshift(e.text);
  else if (e.kind === SyntaxKind.ThisKeyword) parts.unshift("this");
  return parts.join(".");
}

/** The SQL text of a query call's first argument (string, template head, or tagged template head). */
export function sqlText(call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): string | undefined {
  let first: ts.Node | undefined;
  if (isTaggedTemplateExpression(call)) first = call.template;
  else first = call.arguments?.[0];
  if (!first) return undefined;
  if (isExpression(first)) first = unwrap(first);
  let text: string | undefined;
  if (isStringLiteral(first) || isNoSubstitutionTemplateLiteral(first)) text = first.text;
  else if (isTemplateExpression(first)) text = first.head.text;
  else if (isObjectLiteralExpression(first)) {
    // pg's query config object: { text: "SELECT …", values }
    for (const p of first.properties) {
      if (isPropertyAssignment(p) && isIdentifier(p.name) && (p.name.text === "text" || p.name.text === "sql")) text = stringValue(p.initializer);
    }
  }
  if (text === undefined) return undefined;
  const stripped = text.replace(/^(\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/))*/, "").trimStart();
  return SQL_TRANSACTION.test(stripped) || SQL_MUTATION.test(stripped) || SQL_READ.test(stripped) ? stripped : undefined;
}

const PROMPT_RECEIVER = /^(prompt|prompts|inquirer|enquirer|readline|rl|read|readUserInfo|clack|ask)$/;
const PROMPT_WORDS = /^(prompt|ask|question|password|passwords|username|otp)$/i;

/** `read.password("Password: ")`, `inquirer.prompt([...])`, `ask("Name? ")`: a question put to the user. */
export function isPrompt(call: ts.CallExpression, op: Pick<AwaitedOperation, "name" | "receiver">): boolean {
  const root = op.receiver ? rootNode(op.receiver) : undefined;
  if (root && isIdentifier(root) && PROMPT_RECEIVER.test(root.text) && op.receiver && isIdentifier(unwrap(op.receiver))) return true;
  const name = op.name ?? "";
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[^A-Za-z0-9]+/);
  if (words.some((w) => PROMPT_WORDS.test(w)) && !/^(get|fetch|find|load|update|set|reset|verify|check|hash|compare|validate|create|delete|send|parse|normalize|sanitize|format|encrypt|decrypt|store|save)/i.test(name)) return true;
  const first = call.arguments[0] && stringValue(unwrap(call.arguments[0]));
  return first !== undefined && /^[A-Z][^/\n]{0,80}[:?]\s*$/.test(first) && !/^\s*(select|insert|update|delete|with)\b/i.test(first);
}

const COMMAND_NAMES = /^(exec|execa|execFile|execCommand|execAsync|spawn|spawnAsync|runScript|runCommand|runCmd|shell|sh|\$|execaCommand|promiseSpawn|fork)$/;

/** Child processes: exec/spawn from child_process (promisified or not), execa, zx's $, runScript. */
export function isCommand(call: ts.CallExpression, name: string | undefined, receiver: ts.Expression | undefined, api: ApiRef | undefined): boolean {
  if (api && (api.module === "child_process" || api.module === "execa" || api.module === "zx" || api.module === "@npmcli/run-script" || api.module === "@npmcli/promise-spawn" || api.module === "cross-spawn")) return true;
  // A bare exec()/spawn() is a child process; query.exec() on a receiver (Mongoose, a db handle) is not.
  if (name && !receiver && COMMAND_NAMES.test(name)) return true;
  // { stdio: "inherit" }: a child process sharing the terminal
  for (const arg of call.arguments) {
    const a = unwrap(arg);
    if (!isObjectLiteralExpression(a)) continue;
    for (const p of a.properties) if (isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === "stdio") return true;
  }
  return false;
}

/** fetch(url, { method: "POST" }), axios({ method: "delete" }): an HTTP call that changes something. */
export function hasMutatingHttpMethod(call: ts.CallExpression): boolean {
  for (const arg of call.arguments) {
    const a = unwrap(arg);
    if (!isObjectLiteralExpression(a)) continue;
    for (const p of a.properties) {
      if (isPropertyAssignment(p) && isIdentifier(p.name) && p.name.text === "method") {
        const m = stringValue(p.initializer);
        if (m === undefined || HTTP_MUTATING.test(m)) return true;
      }
    }
  }
  return false;
}
