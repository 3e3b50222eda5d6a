/**
 * The function left in place of one moved to a worker: same name, same parameters (TypeScript
 * types kept), now returning a promise of the result, which it gets from the pool. In TypeScript
 * the promise's type is the declared return type, or one read off the `return`s when that is
 * plain (a number, a string, a boolean, a declared type); otherwise no fix.
 */
import { ts } from "ts-morph";
import { isFunctionNode, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { Movable } from "./worker-purity";

export interface WrapperStyle {
  /** `runInWorker` in scope (static import or require), or loaded inside the wrapper from `poolSpecifier`. */
  load: { kind: "static"; name: string } | { kind: "dynamic"; poolSpecifier: string };
  workerSpecifier: string;
  isTs: boolean;
  eol: string;
  indent: string;
  semi: string;
  quote: string;
}

/** The arguments the wrapper forwards (`[a, b, ...rest]`), or undefined for parameters it cannot name. */
export function forwardedArguments(m: Movable): string | undefined {
  const names: string[] = [];
  for (const p of m.fn.parameters) {
    if (!ts.isIdentifier(p.name) || p.name.text === "this" || p.name.text === "runInWorker") return undefined;
    names.push((p.dotDotDotToken ? "..." : "") + p.name.text);
  }
  return `[${names.join(", ")}]`;
}

/**
 * True when a parameter is a function (called in the body, or typed as one) or a class of this
 * file: it cannot be copied to a thread.
 */
export function takesFunctions(file: FileFacts, m: Movable): boolean {
  let found = false;
  const params = new Set(m.fn.parameters.map((p) => (ts.isIdentifier(p.name) ? file.scopes.declOf(p.name) : undefined)));
  walk(m.fn, (n) => {
    if (found) return false;
    if ((ts.isCallExpression(n) || ts.isNewExpression(n) || ts.isTaggedTemplateExpression(n)) && ts.isIdentifier(unwrap(ts.isTaggedTemplateExpression(n) ? n.tag : n.expression))) {
      const callee = unwrap(ts.isTaggedTemplateExpression(n) ? n.tag : n.expression) as ts.Identifier;
      if (params.has(file.scopes.resolve(callee))) found = true;
    }
  });
  for (const p of m.fn.parameters) {
    if (!p.type) continue;
    walk(p, (n) => {
      if (found) return false;
      if (ts.isFunctionTypeNode(n) || ts.isConstructorTypeNode(n)) found = true;
      else if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName)) {
        const name = n.typeName.text;
        if (name === "Function" || file.sf.statements.some((s) => ts.isClassDeclaration(s) && s.name?.text === name)) found = true;
      }
    });
  }
  return found;
}

/** The wrapper's return type (TypeScript): `Promise<T>` for the declared or evident T. */
export function promisedType(file: FileFacts, m: Movable): string | undefined {
  const sf = file.sf;
  const isAsync = (ts.getModifiers(m.fn) ?? []).some((k) => k.kind === ts.SyntaxKind.AsyncKeyword);
  if (m.fn.type) {
    const t = sf.text.slice(m.fn.type.getStart(sf), m.fn.type.getEnd());
    return isAsync ? t : `Promise<${t}>`;
  }
  if (isAsync) return undefined;
  const body = m.fn.body;
  if (!body) return undefined;
  const returned: (ts.Expression | undefined)[] = [];
  if (ts.isBlock(body)) {
    walk(body, (n) => {
      if (isFunctionNode(n)) return false;
      if (ts.isReturnStatement(n)) returned.push(n.expression);
    });
  } else returned.push(body);
  if (returned.every((e) => !e)) return "Promise<void>";
  const types = new Set(returned.map((e) => e && typeOf(file, e, 0)));
  const [only] = types;
  return types.size === 1 && only ? `Promise<${only}>` : undefined;
}

/** The evident type of an expression, from its shape or a declaration's annotation or initial value. */
function typeOf(file: FileFacts, expr: ts.Expression, depth: number): string | undefined {
  if (depth > 6) return undefined;
  const e = unwrap(expr);
  const K = ts.SyntaxKind;
  switch (e.kind) {
    case K.NumericLiteral:
      return "number";
    case K.BigIntLiteral:
      return "bigint";
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression:
      return "string";
    case K.TrueKeyword:
    case K.FalseKeyword:
      return "boolean";
  }
  if (ts.isPrefixUnaryExpression(e)) return e.operator === K.ExclamationToken ? "boolean" : typeOf(file, e.operand, depth + 1) === "bigint" ? "bigint" : "number";
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    if (k >= K.FirstCompoundAssignment && k <= K.LastCompoundAssignment) return undefined;
    if ([K.LessThanToken, K.GreaterThanToken, K.LessThanEqualsToken, K.GreaterThanEqualsToken, K.EqualsEqualsToken, K.EqualsEqualsEqualsToken, K.ExclamationEqualsToken, K.ExclamationEqualsEqualsToken, K.InKeyword, K.InstanceOfKeyword].includes(k)) return "boolean";
    const l = typeOf(file, e.left, depth + 1);
    const r = typeOf(file, e.right, depth + 1);
    if (k === K.PlusToken) return l === "string" || r === "string" ? "string" : l === "number" && r === "number" ? "number" : undefined;
    if ([K.MinusToken, K.AsteriskToken, K.SlashToken, K.PercentToken, K.AsteriskAsteriskToken, K.AmpersandToken, K.BarToken, K.CaretToken, K.LessThanLessThanToken, K.GreaterThanGreaterThanToken, K.GreaterThanGreaterThanGreaterThanToken].includes(k)) {
      return l === "bigint" && r === "bigint" ? "bigint" : l === "number" || r === "number" ? "number" : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === "length") return "number";
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = unwrap(callee.expression);
      if (ts.isIdentifier(owner) && owner.text === "Math") return "number";
      if (/^(toFixed|toString|join|toLowerCase|toUpperCase|trim|padStart|padEnd)$/.test(callee.name.text)) return "string";
      if (callee.name.text === "digest" && e.arguments.length === 1 && ts.isStringLiteral(e.arguments[0])) return "string";
    }
    if (ts.isIdentifier(callee) && /^(Number|parseInt|parseFloat)$/.test(callee.text)) return "number";
    if (ts.isIdentifier(callee) && callee.text === "String") return "string";
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const d = file.scopes.resolve(e);
    const node = d.id?.parent;
    if (!node || !(ts.isVariableDeclaration(node) || ts.isParameter(node)) || node.name !== d.id) return undefined;
    if (node.type) return file.sf.text.slice(node.type.getStart(file.sf), node.type.getEnd());
    return node.initializer ? typeOf(file, node.initializer, depth + 1) : undefined;
  }
  return undefined;
}

/** The text that replaces the moved function's statement. */
export function wrapperText(file: FileFacts, m: Movable, args: string, returnType: string | undefined, s: WrapperStyle): string {
  const sf = file.sf;
  const text = (n: ts.Node) => sf.text.slice(n.getStart(sf), n.getEnd());
  const fn = m.fn;
  const typeParams = fn.typeParameters ? sf.text.slice(sf.text.lastIndexOf("<", fn.typeParameters.pos), sf.text.indexOf(">", fn.typeParameters.end) + 1) : "";
  const params = `(${fn.parameters.map(text).join(", ")})${s.isTs && returnType ? `: ${returnType}` : ""}`;
  const q = (x: string) => s.quote + x + s.quote;
  const call = `runInWorker(${q(s.workerSpecifier)}, ${q(m.name)}, ${args})`;
  const why = `// Runs on a worker thread (${s.workerSpecifier.replace(/^\.\//, "")}): the loop no longer blocks the event loop.`;
  const body =
    s.load.kind === "static"
      ? [why, `return ${call.replace(/^runInWorker/, s.load.name)}${s.semi}`]
      : [why, `const { runInWorker } = await import(${q(s.load.poolSpecifier)})${s.semi}`, `return ${call}${s.semi}`];
  const block = `{${s.eol}${body.map((l) => s.indent + l + s.eol).join("")}}`;
  const async = s.load.kind === "dynamic" ? "async " : "";
  if (ts.isFunctionDeclaration(m.statement)) return `${async}function ${m.name}${typeParams}${params} ${block}`;
  const keyword = sf.text.slice(m.statement.declarationList.getStart(sf), m.statement.declarationList.getStart(sf) + 5);
  const head = ts.isArrowFunction(fn) ? `${async}${typeParams}${params} =>` : `${async}function ${typeParams}${params}`;
  return `${keyword} ${m.name} = ${head} ${block}${s.semi}`;
}
