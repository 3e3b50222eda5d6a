/**
 * Whether `.includes` / `.indexOf` on a value scans an array or searches a string — decided from
 * how the value was made (a literal, a template, `.join()`, `String(…)`, `.map()`…), its declared
 * type, how it is used elsewhere (`xs.map` vs `s.trim`), and, failing all that, its name.
 */
import { ts } from "ts-morph";
import { calleeName, memberName, stringValue, unwrap } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import type { Decl } from "../scope";
import { isPluralName, lastWord, STRINGISH_WORDS } from "./names";
import { isLoopVariable, thisClass, typeShape } from "./syntax";
import type { IterationSite, Shape } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

const ARRAY_ONLY_METHODS = new Set(["map", "filter", "forEach", "reduce", "reduceRight", "find", "findIndex", "findLast", "findLastIndex", "some", "every", "push", "pop", "shift", "unshift", "splice", "flat", "flatMap", "join", "sort", "reverse", "fill", "toSorted", "toReversed", "toSpliced"]);
const STRING_ONLY_METHODS = new Set(["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd", "startsWith", "endsWith", "split", "charAt", "charCodeAt", "codePointAt", "replace", "replaceAll", "match", "matchAll", "substring", "substr", "padStart", "padEnd", "normalize", "localeCompare", "search", "repeat"]);
const STRING_PRODUCERS = new Set(["join", "toString", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd", "replace", "replaceAll", "substring", "substr", "padStart", "padEnd", "repeat", "normalize", "charAt", "toFixed", "toISOString", "toJSON", "toDateString", "text"]);
const ARRAY_PRODUCERS = new Set(["map", "filter", "flat", "flatMap", "split", "sort", "toSorted", "reverse", "toReversed", "splice", "toSpliced", "fill"]);

export class ValueShapes {
  private readonly shapeCache = new Map<ts.Node, Shape>();
  private readonly declShape = new Map<Decl, Shape>();
  private readonly visiting = new Set<Decl>();

  constructor(private readonly costs: LoopCostFacts) {}

  /** Whether `.includes` / `.indexOf` on `expr` scans an array (rather than searching a string). */
  shapeOf(expr: ts.Expression): Shape {
    let s = this.shapeCache.get(expr);
    if (!s) {
      s = this.computeShape(expr, 0);
      this.shapeCache.set(expr, s);
    }
    return s;
  }

  /**
   * Whether `.includes(x)` / `.indexOf(x)` at `call` scans an array. Beyond what `shapeOf` knows,
   * the argument tells: an id (`p.id`, `row.userId`) or an element of an array being iterated is
   * looked up in a list far more often than searched for in a string — unless the receiver's name
   * says it is text.
   */
  searchShape(call: ts.CallExpression, receiver: ts.Expression): Shape {
    const known = this.shapeOf(receiver);
    if (known !== "unknown") return known;
    const r = unwrap(receiver);
    const name = ts.isIdentifier(r) ? r.text : ts.isPropertyAccessExpression(r) ? r.name.text : undefined;
    if (!name || STRINGISH_WORDS.has(lastWord(name))) return "unknown";
    if (ts.isIdentifier(r) && this.costs.file.scopes.resolve(r).kind === "global") return "unknown";
    const arg = call.arguments[0] && unwrap(call.arguments[0]);
    if (!arg) return "unknown";
    if (/^(id|uuid|sku|key)$|(Id|Uuid|Sku|Key)$/.test(memberName(arg) ?? "")) return "array";
    if (ts.isIdentifier(arg)) {
      const d = this.costs.file.scopes.resolve(arg);
      const site = d.id && this.elementSite(d);
      if (site && site.collection && (site.callback || this.shapeOf(site.collection) === "array")) return "array";
    }
    return "unknown";
  }

  private computeShape(expr: ts.Expression, depth: number): Shape {
    if (depth > 8) return "unknown";
    const e = unwrap(expr);
    if (ts.isArrayLiteralExpression(e)) return "array";
    if (ts.isStringLiteral(e) || ts.isTemplateExpression(e) || ts.isNoSubstitutionTemplateLiteral(e)) return "string";
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === SK.PlusToken) {
      const l = this.computeShape(e.left, depth + 1);
      return l === "string" || this.computeShape(e.right, depth + 1) === "string" ? "string" : "unknown";
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === SK.BarBarToken || e.operatorToken.kind === SK.QuestionQuestionToken)) {
      const l = this.computeShape(e.left, depth + 1);
      const r = this.computeShape(e.right, depth + 1);
      return l === r ? l : l === "unknown" ? r : r === "unknown" ? l : "unknown";
    }
    if (ts.isAwaitExpression(e)) {
      const inner = unwrap(e.expression);
      if (ts.isCallExpression(inner)) {
        const name = calleeName(inner);
        if (name === "text" || name === "readFile") return "string";
      }
      return "unknown";
    }
    if (ts.isCallExpression(e)) return this.shapeOfCall(e, depth);
    if (ts.isIdentifier(e)) return this.shapeOfDecl(this.costs.file.scopes.resolve(e), depth);
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === SK.ThisKeyword) {
      const cls = thisClass(e);
      const m = cls?.members.find((x): x is ts.PropertyDeclaration => ts.isPropertyDeclaration(x) && !!x.name && ts.isIdentifier(x.name) && x.name.text === e.name.text);
      if (m?.type) return typeShape(m.type);
      if (m?.initializer) return this.computeShape(m.initializer, depth + 1);
      return isPluralName(e.name.text) ? "array" : "unknown";
    }
    if (ts.isPropertyAccessExpression(e)) {
      const name = e.name.text;
      if (name === "url" || name === "path" || name === "pathname" || name === "originalUrl") return "string";
      const api = this.costs.file.apis.resolve(e);
      if (api?.module === "global" && api.path[0] === "process") return "unknown";
      return isPluralName(name) ? "array" : "unknown";
    }
    return "unknown";
  }

  private shapeOfCall(e: ts.CallExpression, depth: number): Shape {
    const api = this.costs.file.apis.callee(e);
    if (api?.module === "global") {
      if (api.path[0] === "String" && api.path.length === 1) return "string";
      if (api.path[0] === "JSON" && api.path[1] === "stringify") return "string";
      if (api.path[0] === "Object" && /^(keys|values|entries)$/.test(api.path[1] ?? "")) return "array";
      if (api.path[0] === "Array" && (api.path[1] === "from" || api.path[1] === "of")) return "array";
    }
    if (api?.module === "fs" && /^readFileSync$/.test(api.path[api.path.length - 1]) && e.arguments.length > 1) return "string";
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const m = callee.name.text;
      if (STRING_PRODUCERS.has(m)) return "string";
      if (ARRAY_PRODUCERS.has(m)) return "array";
      if (m === "slice" || m === "concat") return this.computeShape(callee.expression, depth + 1);
    }
    return "unknown";
  }

  /** The site whose element `d` is: a for…of variable or the first parameter of an array-method callback. */
  private elementSite(d: Decl): IterationSite | undefined {
    const declNode = d.id?.parent;
    if (declNode && isLoopVariable(declNode)) return this.costs.index.siteOf(declNode.parent.parent);
    if (d.kind === "param" && declNode && ts.isParameter(declNode)) {
      const site = this.costs.index.siteOfCallback(declNode.parent);
      if (site && site.callback?.parameters[0] === declNode && site.method !== "reduce" && site.method !== "reduceRight") return site;
    }
    return undefined;
  }

  private shapeOfDecl(decl: Decl, depth: number): Shape {
    const cached = this.declShape.get(decl);
    if (cached) return cached;
    if (this.visiting.has(decl)) return "unknown";
    this.visiting.add(decl);
    let s: Shape;
    try {
      s = this.computeDeclShape(decl, depth);
    } finally {
      this.visiting.delete(decl);
    }
    this.declShape.set(decl, s);
    return s;
  }

  private computeDeclShape(decl: Decl, depth: number): Shape {
    if (decl.kind === "global" || decl.kind === "function" || decl.kind === "class" || decl.kind === "enum") return "unknown";
    const declNode = decl.id?.parent;
    const typeNode = declNode && (ts.isParameter(declNode) || ts.isVariableDeclaration(declNode)) && declNode.name === decl.id ? declNode.type : undefined;
    if (typeNode) {
      const t = typeShape(typeNode);
      if (t !== "unknown") return t;
    }
    if (decl.kind === "import") return /\.json$/i.test(decl.module ?? "") && isPluralName(decl.name) ? "array" : "unknown";
    if (!decl.path && decl.init && ts.isExpression(decl.init) && decl.kind !== "param") {
      const fromInit = this.computeShape(decl.init, depth + 1);
      if (fromInit !== "unknown") {
        const reassigned = this.costs.writes.assignedValues(decl).map((v) => this.computeShape(v, depth + 1));
        return reassigned.every((s) => s === fromInit || s === "unknown") ? fromInit : "unknown";
      }
    }
    const used = this.usageShape(decl);
    if (used !== "unknown") return used;
    return isPluralName(decl.name) ? "array" : "unknown";
  }

  /** Evidence from how the name is used elsewhere: `xs.map(…)` is an array, `s.trim()` a string. */
  private usageShape(decl: Decl): Shape {
    let array = false;
    let string = false;
    for (const ref of this.costs.file.scopes.references(decl)) {
      const p = ref.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === ref && ts.isCallExpression(p.parent) && p.parent.expression === p) {
        const m = p.name.text;
        if (ARRAY_ONLY_METHODS.has(m)) array = true;
        else if (STRING_ONLY_METHODS.has(m)) string = true;
      }
      if (ts.isCallExpression(p) && p.arguments[0] === ref && this.costs.file.apis.is(p.expression, "global", "Array", "isArray")) array = true;
      if (ts.isTypeOfExpression(p) && ts.isBinaryExpression(p.parent) && stringValue(p.parent.right === p ? p.parent.left : p.parent.right) === "string") string = true;
    }
    return array === string ? "unknown" : array ? "array" : "string";
  }
}
