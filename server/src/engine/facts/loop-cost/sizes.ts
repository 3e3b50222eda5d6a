/**
 * How many items a collection holds, from how it was made: literal arrays and objects are their
 * own size; parameters, request bodies, awaited results, parsed JSON, directory listings, lines of
 * a file and stores that grow in a loop or a handler are data-sized; anything else is unknown.
 */
import { ts } from "ts-morph";
import { calleeName, memberName, unwrap, walk } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import type { Decl } from "../scope";
import { enclosingFunctionOf, isArrayType, isAwaited, isLoopVariable, isThisMember, propertyInit, rootIdentifier, thisClass } from "./syntax";
import type { Bound } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

/** Callee names whose module decides the size of the result (Object.keys, Array.from, fs.readdirSync, glob…). */
const SIZE_API_NAMES = new Set(["keys", "values", "entries", "getOwnPropertyNames", "from", "of", "Array", "parse", "readdirSync", "readdir", "glob", "globSync", "sync", "globby", "fg"]);
/** Methods whose result has (at most) as many items as their receiver. */
const SIZE_FOLLOWS_RECEIVER = new Set(["map", "filter", "flat", "flatMap", "sort", "toSorted", "reverse", "toReversed", "concat", "keys", "values", "entries", "fill", "split", "match", "matchAll", "slice", "splice", "toSpliced", "with"]);

export class CollectionSizes {
  private readonly sizeCache = new Map<ts.Node, Bound>();
  private readonly declSize = new Map<Decl, Bound>();
  private readonly memberSize = new Map<ts.Node, Map<string, Bound>>();
  private readonly visiting = new Set<Decl>();

  constructor(private readonly costs: LoopCostFacts) {}

  /** How many items iterating `expr` visits. */
  sizeOf(expr: ts.Expression): Bound {
    let b = this.sizeCache.get(expr);
    if (!b) {
      b = this.computeSize(expr, 0);
      this.sizeCache.set(expr, b);
    }
    return b;
  }

  private computeSize(expr: ts.Expression, depth: number): Bound {
    if (depth > 10) return { kind: "unknown" };
    const e = unwrap(expr);
    if (ts.isArrayLiteralExpression(e)) {
      let count = 0;
      for (const el of e.elements) {
        if (!ts.isSpreadElement(el)) count++;
        else {
          const s = this.computeSize(el.expression, depth + 1);
          if (s.kind === "data") return s;
          if (s.kind !== "const") return { kind: "unknown" };
          count += s.count;
        }
      }
      return { kind: "const", count };
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: "const", count: e.text.length };
    if (ts.isObjectLiteralExpression(e)) {
      if (e.properties.some((p) => ts.isSpreadAssignment(p))) return { kind: "unknown" };
      return { kind: "const", count: e.properties.length };
    }
    if (ts.isAwaitExpression(e)) return { kind: "data" };
    if (ts.isConditionalExpression(e)) return joinBounds(this.computeSize(e.whenTrue, depth + 1), this.computeSize(e.whenFalse, depth + 1));
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === SK.BarBarToken || e.operatorToken.kind === SK.QuestionQuestionToken)) {
      return joinBounds(this.computeSize(e.left, depth + 1), this.computeSize(e.right, depth + 1));
    }
    if (ts.isIdentifier(e)) return this.sizeOfDecl(this.costs.file.scopes.resolve(e), depth);
    if (ts.isNewExpression(e)) return this.sizeOfNew(e, depth);
    if (ts.isCallExpression(e)) return this.sizeOfCall(e, depth);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (e.expression.kind === SK.ThisKeyword) {
        const name = memberName(e);
        return name ? this.sizeOfThisMember(e, name) : { kind: "unknown" };
      }
      const owner = unwrap(e.expression);
      const obj = this.costs.bounds.constObject(owner);
      const name = memberName(e);
      if (obj && name) {
        const init = propertyInit(obj, name);
        return init ? this.computeSize(init, depth + 1) : { kind: "unknown" };
      }
      // A member of input data is data: req.body.items, order.lines, rows[0].tags.
      const root = rootIdentifier(e);
      if (root && this.isInputDecl(this.costs.file.scopes.resolve(root))) return { kind: "data" };
      return { kind: "unknown" };
    }
    return { kind: "unknown" };
  }

  private sizeOfNew(e: ts.NewExpression, depth: number): Bound {
    const name = calleeName(e);
    const arg = e.arguments?.[0];
    if (name === "Array" && arg && e.arguments!.length === 1) {
      const n = this.costs.bounds.constValue(arg);
      return n !== undefined ? { kind: "const", count: n } : { kind: "unknown" };
    }
    if ((name === "Set" || name === "Map" || name === "Array") && arg) return this.computeSize(arg, depth + 1);
    return { kind: "unknown" };
  }

  private sizeOfCall(e: ts.CallExpression, depth: number): Bound {
    const { apis } = this.costs.file;
    const callee = unwrap(e.expression);
    const calleeLast = calleeName(e);
    const api = calleeLast !== undefined && SIZE_API_NAMES.has(calleeLast) ? apis.callee(e) : undefined;
    const arg = e.arguments[0];
    if (api?.module === "global" && api.path[0] === "Object" && /^(keys|values|entries|getOwnPropertyNames)$/.test(api.path[1] ?? "") && arg) return this.computeSize(arg, depth + 1);
    if (api?.module === "global" && api.path[0] === "Array" && (api.path[1] === "from" || api.path[1] === "of")) {
      if (api.path[1] === "of") return { kind: "const", count: e.arguments.length };
      if (!arg) return { kind: "unknown" };
      const a = unwrap(arg);
      if (ts.isObjectLiteralExpression(a)) {
        const len = propertyInit(a, "length");
        const n = len ? this.costs.bounds.constValue(len) : undefined;
        return n !== undefined ? { kind: "const", count: n } : { kind: "unknown" };
      }
      return this.computeSize(arg, depth + 1);
    }
    if (api?.module === "global" && api.path[0] === "Array" && api.path.length === 1 && arg && e.arguments.length === 1) {
      const n = this.costs.bounds.constValue(arg);
      return n !== undefined ? { kind: "const", count: n } : { kind: "unknown" };
    }
    if (api?.module === "global" && api.path[0] === "JSON" && api.path[1] === "parse") return { kind: "data" };
    if (api && api.module === "fs" && /^(readdirSync|readdir)$/.test(api.path[api.path.length - 1])) return { kind: "data" };
    if (api && /^(glob|fast-glob|globby|tiny-glob)$/.test(api.module)) return { kind: "data" };
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      // db.prepare(sql).all() (better-sqlite3), cursor.toArray()
      if ((method === "all" && ts.isCallExpression(unwrap(callee.expression)) && calleeName(unwrap(callee.expression) as ts.CallExpression) === "prepare") || method === "toArray") return { kind: "data" };
      if (method === "slice" && e.arguments.length) {
        // .slice(0, 10) / .slice(-5): at most that many.
        const a = this.costs.bounds.constValue(e.arguments[0]);
        const b = e.arguments[1] ? this.costs.bounds.constValue(e.arguments[1]) : undefined;
        if (a !== undefined && b !== undefined && a >= 0 && b >= 0) return { kind: "const", count: Math.max(0, b - a) };
        if (a !== undefined && a < 0 && !e.arguments[1]) return { kind: "const", count: -a };
      }
      if (method === "split") {
        // "a,b".split(",") is small; the lines of a file or a response body are data. Other
        // strings (a header, a setting) are usually split into a handful of parts.
        const r = this.computeSize(callee.expression, depth + 1);
        if (r.kind === "const") return r;
        return this.costs.work.isFileContents(callee.expression) || isAwaited(callee.expression) ? { kind: "data" } : { kind: "unknown" };
      }
      if (SIZE_FOLLOWS_RECEIVER.has(method)) return this.computeSize(callee.expression, depth + 1);
    }
    return { kind: "unknown" };
  }

  /** Parameters, loop elements and awaited results: values whose size comes from input. */
  isInputDecl(decl: Decl): boolean {
    if (decl.kind === "param") return !isScalarParam(decl);
    if (decl.kind !== "const" && decl.kind !== "let" && decl.kind !== "var") return false;
    const declNode = decl.id?.parent;
    if (declNode && isLoopVariable(declNode)) return true;
    const init = decl.init && ts.isExpression(decl.init) ? unwrap(decl.init) : undefined;
    if (!init) return false;
    if (ts.isAwaitExpression(init)) return true;
    if (ts.isIdentifier(init) && !this.visiting.has(decl)) return this.withVisit(decl, () => this.isInputDecl(this.costs.file.scopes.resolve(init)));
    if (ts.isPropertyAccessExpression(init) || ts.isElementAccessExpression(init)) {
      const root = rootIdentifier(init);
      return !!root && !this.visiting.has(decl) && this.withVisit(decl, () => this.isInputDecl(this.costs.file.scopes.resolve(root)));
    }
    return ts.isCallExpression(init) && this.costs.file.apis.is(init.expression, "global", "JSON", "parse");
  }

  private withVisit<T>(decl: Decl, f: () => T): T {
    this.visiting.add(decl);
    try {
      return f();
    } finally {
      this.visiting.delete(decl);
    }
  }

  private sizeOfDecl(decl: Decl, depth: number): Bound {
    const cached = this.declSize.get(decl);
    if (cached) return cached;
    if (this.visiting.has(decl)) return { kind: "unknown" };
    const b = this.withVisit(decl, () => this.computeDeclSize(decl, depth));
    this.declSize.set(decl, b);
    return b;
  }

  private computeDeclSize(decl: Decl, depth: number): Bound {
    switch (decl.kind) {
      case "param": {
        const p = decl.id?.parent;
        if (p && ts.isParameter(p) && p.name === decl.id && p.type) {
          if (ts.isTupleTypeNode(p.type)) return { kind: "const", count: p.type.elements.length };
          if (isScalarParam(decl)) return { kind: "unknown" };
        }
        return { kind: "data" };
      }
      case "import":
        return /\.json$/i.test(decl.module ?? "") ? { kind: "data" } : { kind: "unknown" };
      case "const":
      case "let":
      case "var":
        break;
      default:
        return { kind: "unknown" };
    }
    const declNode = decl.id?.parent;
    if (declNode && isLoopVariable(declNode)) return { kind: "data" };
    const init = decl.init && ts.isExpression(decl.init) ? decl.init : undefined;
    if (decl.path) {
      // const { rows } = await db.query(…); const { items } = req.body
      if (!init) return { kind: "unknown" };
      const u = unwrap(init);
      if (ts.isAwaitExpression(u)) return { kind: "data" };
      if (ts.isCallExpression(u) && this.costs.file.apis.is(u.expression, "global", "JSON", "parse")) return { kind: "data" };
      if (ts.isObjectLiteralExpression(u) && decl.path.length === 1) {
        const prop = propertyInit(u, decl.path[0]);
        return prop ? this.computeSize(prop, depth + 1) : { kind: "unknown" };
      }
      const root = ts.isIdentifier(u) ? u : rootIdentifier(u);
      return root && this.isInputDecl(this.costs.file.scopes.resolve(root)) ? { kind: "data" } : { kind: "unknown" };
    }
    let size: Bound = init ? this.computeSize(init, depth + 1) : { kind: "const", count: 0 };
    for (const rhs of this.costs.writes.assignedValues(decl)) size = joinBounds(size, this.computeSize(rhs, depth + 1));
    // An array that is pushed to grows with whatever loop pushes: a store at module level, or a
    // result filled in a loop over data.
    if (size.kind === "const" && init && (ts.isArrayLiteralExpression(unwrap(init)) || ts.isObjectLiteralExpression(unwrap(init))) && this.growsWithData(decl)) return { kind: "data" };
    return size;
  }

  private growsWithData(decl: Decl): boolean {
    const moduleLevel = ts.isSourceFile(decl.scope) || ts.isModuleBlock(decl.scope);
    const grows: ts.Node[] = this.costs.writes.mutationsOf(decl).filter((call) => /^(push|unshift|splice)$/.test((call.expression as ts.PropertyAccessExpression).name.text));
    grows.push(...this.costs.writes.keyedStoresOf(decl));
    for (const node of grows) {
      if (moduleLevel && enclosingFunctionOf(node)) return true;
      if (this.costs.index.enclosingSites(node).some((s) => s.bound.kind !== "const")) return true;
    }
    return false;
  }

  /** `this.users`: a class field typed or initialised as an array, or assigned from input. */
  private sizeOfThisMember(at: ts.Node, name: string): Bound {
    const cls = thisClass(at);
    if (!cls) return { kind: "unknown" };
    let perClass = this.memberSize.get(cls);
    if (!perClass) this.memberSize.set(cls, (perClass = new Map()));
    let b = perClass.get(name);
    if (!b) perClass.set(name, (b = this.computeMemberSize(cls, name)));
    return b;
  }

  private computeMemberSize(cls: ts.ClassLikeDeclaration, name: string): Bound {
    let result: Bound = { kind: "unknown" };
    let literal = false;
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === name) {
        if (m.type && isArrayType(m.type)) return { kind: "data" };
        if (m.initializer && ts.isArrayLiteralExpression(unwrap(m.initializer))) literal = true;
      }
    }
    walk(cls, (n) => {
      if (result.kind === "data") return false;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === SK.EqualsToken && isThisMember(n.left, name)) {
        const v = unwrap(n.right);
        if (ts.isArrayLiteralExpression(v)) literal = true;
        else if (ts.isIdentifier(v) && this.isInputDecl(this.costs.file.scopes.resolve(v))) result = { kind: "data" };
        else if (ts.isAwaitExpression(v)) result = { kind: "data" };
      }
      // this.users.push(…): a store that grows
      if (literal && ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(push|unshift)$/.test(n.expression.name.text) && isThisMember(n.expression.expression, name)) result = { kind: "data" };
    });
    return result;
  }
}

export function joinBounds(a: Bound, b: Bound): Bound {
  if (a.kind === "data" || b.kind === "data") return { kind: "data" };
  if (a.kind === "const" && b.kind === "const") return { kind: "const", count: Math.max(a.count, b.count) };
  return { kind: "unknown" };
}

/** A parameter typed as a number / boolean is not a collection. */
function isScalarParam(decl: Decl): boolean {
  const p = decl.id?.parent;
  if (!p || !ts.isParameter(p) || !p.type || p.name !== decl.id) return false;
  const k = p.type.kind;
  return k === SK.NumberKeyword || k === SK.BooleanKeyword || k === SK.BigIntKeyword;
}
