/**
 * execSync / execFileSync → `promisify(exec)` / `promisify(execFile)`, awaited. The sync forms
 * return stdout (a Buffer, or a string with an `encoding`); the promisified ones resolve
 * `{ stdout, stderr }` (strings unless `encoding: "buffer"`). So:
 *
 *   execSync(cmd);                          → await execAsync(cmd);
 *   execSync(cmd, { encoding: "utf8" })     → (await execAsync(cmd, { encoding: "utf8" })).stdout
 *   execSync(cmd).toString()                → (await execAsync(cmd)).stdout
 *   const buf = execSync(cmd)               → const buf = (await execAsync(cmd, { encoding: "buffer" })).stdout
 *
 * Both throw (reject) on a non-zero exit, with the same maxBuffer and timeout. What differs is
 * left for review: execSync shows the child's stderr and closes its stdin, exec captures the
 * one and leaves the other open; the error has `code` where execSync's had `status`. `stdio` and
 * `input` have no exec equivalent: no fix.
 */
import { ts } from "ts-morph";
import { stringValue, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";
import { declaredAs, type CallRewrite, type Promisified } from "./async-io-callee";
import { appendToList } from "./imports";

const CAVEAT = "check: the command's stderr is captured instead of shown, its stdin is left open, and a failure sets err.code where execSync set err.status";
const BUFFER = `encoding: "buffer"`;

type Encoding = "buffer" | "string" | "unknown";

export function execCallRewrite(file: FileFacts, call: ts.CallExpression, name: "exec" | "execFile", fn: Promisified): CallRewrite | undefined {
  const sf = file.sf;
  const args = call.arguments;
  if (args.some(ts.isSpreadElement) || args.length > (name === "exec" ? 2 : 3)) return undefined;
  const options = optionsOf(args, name);
  if (options === "unknown") return undefined;
  if (options && !options.properties.every(plainProperty)) return undefined;
  const encoding = encodingOf(options);
  const open: TextEdit = { start: call.expression.getStart(sf), end: call.expression.end, text: `(await ${fn.name}` };
  let parent: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) {
    return { edits: [{ ...open, text: `await ${fn.name}` }], what: `await ${fn.name}(…)${declaredAs(fn)}`, caveat: CAVEAT };
  }
  if (encoding === "unknown") return undefined;
  const what = `(await ${fn.name}(…)).stdout${declaredAs(fn)}`;
  const toString = encoding === "buffer" ? utf8ToString(call) : undefined;
  if (toString) return { edits: [open, { start: call.end, end: toString.end, text: ").stdout" }], what, caveat: CAVEAT };
  const edits = [open, { start: call.end, end: call.end, text: ").stdout" }];
  if (encoding === "buffer") edits.push(askForBuffer(sf, call, options));
  return { edits, what, caveat: CAVEAT };
}

/** The options object, undefined when there is none, "unknown" when an argument may or may not be it. */
function optionsOf(args: ts.NodeArray<ts.Expression>, name: "exec" | "execFile"): ts.ObjectLiteralExpression | undefined | "unknown" {
  const candidate = name === "exec" ? args[1] : args.length === 3 ? args[2] : args[1];
  if (!candidate) return undefined;
  const e = unwrap(candidate);
  if (name === "execFile" && args.length === 2 && ts.isArrayLiteralExpression(e)) return undefined;
  return ts.isObjectLiteralExpression(e) ? e : "unknown";
}

/** A named property that exec treats as execSync does (`stdio` and `input` it has not). */
function plainProperty(p: ts.ObjectLiteralElementLike): boolean {
  if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return false;
  return p.name.text !== "stdio" && p.name.text !== "input";
}

function encodingOf(options: ts.ObjectLiteralExpression | undefined): Encoding {
  const prop = options?.properties.find((p) => p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === "encoding");
  if (!prop) return "buffer";
  const value = ts.isPropertyAssignment(prop) ? stringValue(unwrap(prop.initializer)) : undefined;
  if (value === undefined) return "unknown";
  return value === "buffer" ? "buffer" : "string";
}

/** `execSync(…).toString()` or `.toString("utf8")`: the call that decodes the Buffer as exec would. */
function utf8ToString(call: ts.CallExpression): ts.CallExpression | undefined {
  const access = call.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== call || access.name.text !== "toString" || access.questionDotToken) return undefined;
  const decode = access.parent;
  if (!ts.isCallExpression(decode) || decode.expression !== access) return undefined;
  const [enc, ...rest] = decode.arguments;
  if (rest.length || (enc && !/^utf-?8$/i.test(stringValue(enc) ?? ""))) return undefined;
  return decode;
}

/** `encoding: "buffer"` added to the options, or as new options: stdout stays a Buffer. */
function askForBuffer(sf: ts.SourceFile, call: ts.CallExpression, options: ts.ObjectLiteralExpression | undefined): TextEdit {
  if (!options) {
    const last = call.arguments[call.arguments.length - 1];
    return { start: last.end, end: last.end, text: `, { ${BUFFER} }` };
  }
  if (!options.properties.length) return { start: options.getStart(sf), end: options.end, text: `{ ${BUFFER} }` };
  return appendToList(sf, options, options.properties, [BUFFER]);
}
