/**
 * What the pieces of an unbuffered write loop are, read from the syntax alone: strings (joined with
 * `join("")`), Buffers (`Buffer.concat`), or unknown. Also which collections are plain arrays (so
 * `.map` and `.length` exist) and which calls cannot fail halfway through a loop.
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, stringValue, unwrap, walk, walkSameFunction } from "../ast";
import type { FileFacts } from "../facts/file-facts";

export type PieceKind = "string" | "buffer" | "unknown";

/** Methods whose result is a string whatever their (string, number, Date, Buffer) receiver. */
const STRING_METHODS = new Set([
  "join", "toString", "toFixed", "toPrecision", "toExponential", "toISOString", "toUTCString", "toDateString", "toTimeString",
  "toLocaleString", "toLocaleDateString", "toLocaleTimeString", "toUpperCase", "toLowerCase", "padStart", "padEnd", "trim",
  "trimStart", "trimEnd", "repeat", "replace", "replaceAll", "substring", "substr", "charAt", "normalize",
]);

/** Calls that return without side effects and do not throw on ordinary values. */
const PURE_METHODS = new Set([
  ...STRING_METHODS, "split", "slice", "concat", "includes", "startsWith", "endsWith", "indexOf", "lastIndexOf", "at",
  "charCodeAt", "codePointAt", "push", "has", "get", "keys", "values", "entries", "localeCompare", "test",
]);
const PURE_GLOBALS = new Set(["String", "Number", "Boolean", "parseInt", "parseFloat", "isNaN", "isFinite", "encodeURIComponent"]);
const PURE_GLOBAL_MEMBERS = new Set(["JSON.stringify", "Buffer.from", "Buffer.concat", "Buffer.alloc", "Math", "Object.keys", "Object.values", "Object.entries", "Array.isArray", "Date.now", "Buffer.byteLength", "Number.isInteger"]);
const MAX_DEPTH = 4;

/** A string literal text safe to re-encode as a whole: each character encodes the same joined or not. */
export const JOINABLE_ENCODINGS = /^(utf-?8|latin1|binary|ascii|ucs-?2|utf-?16le)$/i;

export function pieceKind(file: FileFacts, expr: ts.Expression, depth = 0): PieceKind {
  const e = unwrap(expr);
  if (depth > MAX_DEPTH) return "unknown";
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return "string";
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    // A number is no valid write argument, so a `+` that the write accepts made a string.
    if (op === ts.SyntaxKind.PlusToken) return "string";
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return both(pieceKind(file, e.left, depth + 1), pieceKind(file, e.right, depth + 1));
    if (op === ts.SyntaxKind.CommaToken) return pieceKind(file, e.right, depth + 1);
    return "unknown";
  }
  if (ts.isConditionalExpression(e)) return both(pieceKind(file, e.whenTrue, depth + 1), pieceKind(file, e.whenFalse, depth + 1));
  if (ts.isCallExpression(e)) return callKind(file, e, depth);
  if (ts.isIdentifier(e)) return identifierKind(file, e, depth);
  return "unknown";
}

function both(a: PieceKind, b: PieceKind): PieceKind {
  return a === b ? a : "unknown";
}

function callKind(file: FileFacts, call: ts.CallExpression, depth: number): PieceKind {
  const ref = file.apis.callee(call);
  if (ref) {
    const path = ref.path.join(".");
    if (ref.module === "global" && (path === "String" || path === "JSON.stringify")) return "string";
    if (ref.module === "global" && /^Buffer\.(from|alloc|allocUnsafe|concat)$/.test(path)) return "buffer";
    if (ref.module === "path" || (ref.module === "util" && (path === "format" || path === "inspect"))) return "string";
  }
  const name = calleeName(call);
  if (name && STRING_METHODS.has(name) && ts.isPropertyAccessExpression(unwrap(call.expression))) return "string";
  // A function of this file: what every one of its returns gives.
  const fn = localFunction(file, call);
  if (!fn?.body) return "unknown";
  if (!ts.isBlock(fn.body)) return pieceKind(file, fn.body, depth + 1);
  const kinds: PieceKind[] = [];
  walkSameFunction(fn.body, (n) => {
    if (ts.isReturnStatement(n)) kinds.push(n.expression ? pieceKind(file, n.expression, depth + 1) : "unknown");
  });
  return kinds.length ? kinds.reduce(both) : "unknown";
}

function localFunction(file: FileFacts, call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const decl = file.scopes.resolve(callee);
  const init = decl.kind === "function" || (decl.kind === "const" && !decl.path) ? decl.init : undefined;
  const fn = init && (ts.isExpression(init) ? unwrap(init) : init);
  return fn && isFunctionNode(fn) && !fn.asteriskToken && !isAsync(fn) ? (fn as ts.FunctionLikeDeclaration) : undefined;
}

function isAsync(fn: ts.Node): boolean {
  return !!(ts.canHaveModifiers(fn) && ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword));
}

function identifierKind(file: FileFacts, id: ts.Identifier, depth: number): PieceKind {
  const decl = file.scopes.resolve(id);
  const holder = decl.id?.parent;
  if (!holder || decl.path) return "unknown";
  if ((ts.isParameter(holder) || ts.isVariableDeclaration(holder)) && holder.type) return typeKind(holder.type);
  if (ts.isVariableDeclaration(holder) && ts.isVariableDeclarationList(holder.parent)) {
    const loop = holder.parent.parent;
    if (ts.isForInStatement(loop)) return "string";
    if (ts.isForOfStatement(loop)) return elementKind(file, loop.expression, depth + 1);
  }
  if (ts.isParameter(holder)) {
    const host = callbackHost(holder);
    return host ? elementKind(file, host, depth + 1) : "unknown";
  }
  if (ts.isVariableDeclaration(holder) && holder.initializer && !file.scopes.isReassigned(decl)) return pieceKind(file, holder.initializer, depth + 1);
  return "unknown";
}

/** `xs` for the first parameter of the callback in `xs.forEach((x) => …)` / `xs.map(…)`. */
function callbackHost(param: ts.ParameterDeclaration): ts.Expression | undefined {
  const fn = param.parent;
  if (!isFunctionNode(fn) || fn.parameters[0] !== param) return undefined;
  let arg: ts.Node = fn;
  while (ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== arg) return undefined;
  const callee = unwrap(call.expression);
  const name = calleeName(call);
  return ts.isPropertyAccessExpression(callee) && (name === "forEach" || name === "map" || name === "flatMap" || name === "filter") ? callee.expression : undefined;
}

function typeKind(type: ts.TypeNode): PieceKind {
  if (type.kind === ts.SyntaxKind.StringKeyword) return "string";
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return "string";
  if (ts.isUnionTypeNode(type)) return type.types.map(typeKind).reduce(both);
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Buffer") return "buffer";
  return "unknown";
}

/** What iterating `iterable` gives: the element kind of a typed or string-built array, or the characters of a string. */
function elementKind(file: FileFacts, iterable: ts.Expression, depth: number): PieceKind {
  const e = unwrap(iterable);
  if (depth > MAX_DEPTH) return "unknown";
  if (ts.isArrayLiteralExpression(e)) return e.elements.length && !e.elements.some(ts.isSpreadElement) ? e.elements.map((x) => pieceKind(file, x, depth + 1)).reduce(both) : "unknown";
  if (ts.isCallExpression(e)) {
    const name = calleeName(e);
    const callee = unwrap(e.expression);
    if (name === "split" && ts.isPropertyAccessExpression(callee)) return "string";
    if (file.apis.callee(e)?.module === "global" && file.apis.callee(e)?.path.join(".") === "Object.keys") return "string";
    if ((name === "filter" || name === "slice" || name === "reverse" || name === "sort") && ts.isPropertyAccessExpression(callee)) return elementKind(file, callee.expression, depth + 1);
    if (name === "map" && ts.isPropertyAccessExpression(callee)) {
      const cb = e.arguments[0] && unwrap(e.arguments[0]);
      return cb && ts.isArrowFunction(cb) && !ts.isBlock(cb.body) ? pieceKind(file, cb.body, depth + 1) : "unknown";
    }
    return "unknown";
  }
  if (ts.isIdentifier(e)) {
    const decl = file.scopes.resolve(e);
    const holder = decl.id?.parent;
    if (!holder || decl.path) return "unknown";
    if ((ts.isParameter(holder) || ts.isVariableDeclaration(holder)) && holder.type) {
      const element = arrayElementType(holder.type);
      if (element) return typeKind(element);
      return typeKind(holder.type) === "string" ? "string" : "unknown";
    }
    if (ts.isVariableDeclaration(holder) && holder.initializer && !file.scopes.isReassigned(decl)) return elementKind(file, holder.initializer, depth + 1);
  }
  return pieceKind(file, e, depth + 1) === "string" ? "string" : "unknown";
}

/** `T` of `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>`, `Iterable<T>`, `Set<T>`. */
function arrayElementType(type: ts.TypeNode): ts.TypeNode | undefined {
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return arrayElementType(type.type);
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeArguments?.length === 1) {
    if (["Array", "ReadonlyArray", "Iterable", "Set", "ReadonlySet"].includes(type.typeName.text)) return type.typeArguments[0];
  }
  return undefined;
}

/** Names that say bytes: `chunk`, `buf`, `entireSlice`, `outBytes`, `payload`. */
const BINARY_NAME = /^(chunks?|bufs?|buffers?|bytes|data|blob|block|payload|body|bin|binary|raw|frame|packet|encoded|compressed|encrypted|ciphertext|digest)$|(Chunks?|Bufs?|Buffers?|Bytes|Slice|Data|Blob|Block|Payload|Frame|Packet)$/;
/** Calls that return bytes: slices of a buffer, reads, codecs. */
const BINARY_CALL = /^(slice|subarray|read|readSync|encode|encrypt|compress|deflate\w*|gzip\w*|brotli\w*|toBuffer|serialize|pack|digest|final|update)$/;

/**
 * A piece of unknown type whose names say it may be bytes (`readStream.write(entireSlice.slice(a,
 * b))`, `out.write(chunk)`): joining it as a string would corrupt it, so it is not assumed to be one.
 */
export function mayBeBinary(expr: ts.Expression): boolean {
  let binary = false;
  const check = (n: ts.Node): false | void => {
    if (binary || isFunctionNode(n)) return false;
    if (ts.isIdentifier(n) && BINARY_NAME.test(n.text)) binary = true;
    if (ts.isCallExpression(n) && BINARY_CALL.test(calleeName(n) ?? "")) binary = true;
    // Only the value's own path: `r.line` is a string-looking name even when `r` is a `record`.
    if (ts.isPropertyAccessExpression(n)) {
      check(n.name);
      return false;
    }
  };
  check(unwrap(expr));
  walk(unwrap(expr), check);
  return binary;
}

/** True when `expr` is certainly a plain array: it has `.map` and `.length` as arrays do. */
export function isKnownArray(file: FileFacts, expr: ts.Expression, depth = 0): boolean {
  const e = unwrap(expr);
  if (depth > MAX_DEPTH) return false;
  if (ts.isArrayLiteralExpression(e)) return true;
  if (ts.isCallExpression(e)) {
    const ref = file.apis.callee(e);
    const path = ref?.module === "global" ? ref.path.join(".") : "";
    if (/^(Array\.from|Array\.of|Object\.keys|Object\.values|Object\.entries)$/.test(path)) return true;
    const callee = unwrap(e.expression);
    const name = calleeName(e);
    if (name === "split" && ts.isPropertyAccessExpression(callee) && e.arguments.length >= 1) return true;
    return (name === "map" || name === "filter" || name === "slice") && ts.isPropertyAccessExpression(callee) && isKnownArray(file, callee.expression, depth + 1);
  }
  if (!ts.isIdentifier(e)) return false;
  const decl = file.scopes.resolve(e);
  const holder = decl.id?.parent;
  if (!holder || decl.path || !(ts.isParameter(holder) || ts.isVariableDeclaration(holder))) return false;
  if (holder.type) return isArrayType(holder.type);
  return ts.isVariableDeclaration(holder) && !!holder.initializer && !file.scopes.isReassigned(decl) && isKnownArray(file, holder.initializer, depth + 1);
}

function isArrayType(type: ts.TypeNode): boolean {
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return isArrayType(type.type);
  if (ts.isArrayTypeNode(type)) return true;
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && (type.typeName.text === "Array" || type.typeName.text === "ReadonlyArray");
}

/** A call that cannot leave a loop halfway: string and array helpers, `path`, `JSON.stringify`, `Math`. */
export function isPureCall(file: FileFacts, call: ts.CallExpression | ts.NewExpression, seen = new Set<ts.Node>()): boolean {
  if (ts.isNewExpression(call)) return false;
  const ref = file.apis.callee(call);
  if (ref) {
    if (ref.module === "path") return true;
    if (ref.module === "global") {
      const path = ref.path.join(".");
      if (PURE_GLOBALS.has(path) || PURE_GLOBAL_MEMBERS.has(path) || PURE_GLOBAL_MEMBERS.has(ref.path[0])) return true;
    }
    if (ref.module === "util" && ref.path.join(".") === "format") return true;
    return false;
  }
  const name = calleeName(call);
  if (name && PURE_METHODS.has(name) && ts.isPropertyAccessExpression(unwrap(call.expression))) return true;
  // A function of this file that only formats: it calls nothing that may throw, and never throws.
  const fn = localFunction(file, call);
  if (!fn?.body || seen.has(fn) || seen.size > MAX_DEPTH) return false;
  seen.add(fn);
  let pure = true;
  const check = (n: ts.Node): false | void => {
    if (!pure) return false;
    if (ts.isThrowStatement(n) || ts.isAwaitExpression(n) || ts.isTaggedTemplateExpression(n)) pure = false;
    else if ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !isPureCall(file, n, seen)) pure = false;
  };
  check(fn.body);
  walkSameFunction(fn.body, check);
  return pure;
}

/** An extra write argument that leaves the bytes of a joined write the same: an encoding a character at a time, or a plain option. */
export function keepsBytes(arg: ts.Expression, allowFlag: boolean): boolean {
  const a = unwrap(arg);
  if (a.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(a) && a.text === "undefined")) return true;
  const s = stringValue(a);
  if (s !== undefined) return JOINABLE_ENCODINGS.test(s);
  if (!ts.isObjectLiteralExpression(a)) return false;
  return a.properties.every((p) => {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) return false;
    const v = unwrap(p.initializer);
    if (p.name.text === "encoding") return JOINABLE_ENCODINGS.test(stringValue(v) ?? "");
    // Appending flags only: with "w" every call would truncate what the one before wrote.
    if (p.name.text === "flag") return allowFlag && /^a/.test(stringValue(v) ?? "");
    if (p.name.text === "mode") return ts.isNumericLiteral(v) || stringValue(v) !== undefined;
    return false;
  });
}
