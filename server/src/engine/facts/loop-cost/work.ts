/**
 * What one iteration does: hashing, regex, JSON, arithmetic, calls into known CPU-heavy libraries
 * (looking one level into local helpers), and whether a loop waits on the clock by spinning.
 */
import { ts } from "ts-morph";
import { calleeName, isAsyncFunction, isFunctionNode, unwrap, walk } from "../../ast";
import type { LoopCostFacts } from "../loop-cost";
import { HASH_FACTORIES, HEAVY_APIS, HEAVY_NAMES } from "./heavy-apis";
import { labelOf } from "./names";
import { localFunction, thisMethod } from "./syntax";
import type { IterationSite, LoopWork } from "./types";

/** The compiler's kinds, read once: ts-morph exposes its namespace through getters. */
const SK = ts.SyntaxKind;

/** Calls that cost about as much as a property write: not "work" of their own. */
const CHEAP_CALLS = new Set(["push", "pop", "unshift", "shift", "set", "get", "has", "add", "delete", "toString", "valueOf", "String", "Number", "Boolean", "isArray", "isInteger", "isNaN", "isFinite", "floor", "ceil", "round", "abs", "min", "max", "trunc", "sign", "random", "now", "log", "debug", "info"]);
const MATH_WORK = new Set(["sqrt", "pow", "sin", "cos", "tan", "atan2", "exp", "log", "log2", "log10", "hypot", "cbrt"]);
const REGEX_METHODS = new Set(["test", "exec", "match", "matchAll", "replace", "replaceAll", "search", "split"]);
const CLOCK_MEMBERS = new Set(["now", "getTime", "hrtime", "bigint", "valueOf"]);

type Visit = (root: ts.Node, depth: number) => void;

export class IterationWork {
  private readonly workCache = new Map<IterationSite, LoopWork>();

  constructor(private readonly costs: LoopCostFacts) {}

  /** False when the file mentions no module with CPU-heavy calls: no loop in it can find any. */
  mayCallHeavyApis(): boolean {
    return this.costs.hints.mentionsHeavyModule;
  }

  /** What one iteration of `site` does, looking into inline callbacks and (one level) local helpers. */
  workOf(site: IterationSite): LoopWork {
    let w = this.workCache.get(site);
    if (w) return w;
    w = { hashing: false, regex: false, json: false, arithmetic: false, calls: [], heavy: [] };
    const work = w;
    const incrementor = ts.isForStatement(site.node) ? site.node.incrementor : undefined;
    const seenHelpers = new Set<ts.Node>();
    const visit: Visit = (root, depth) => {
      const check = (n: ts.Node): boolean | void => {
        if (n === incrementor) return false;
        if ((isFunctionNode(n) || ts.isClassLike(n)) && n !== root && !this.costs.index.siteOfCallback(n)) return false;
        if (ts.isRegularExpressionLiteral(n)) work.regex = true;
        if (ts.isBinaryExpression(n) && isArithmetic(n.operatorToken.kind)) work.arithmetic = true;
        if (ts.isCallExpression(n) || ts.isNewExpression(n)) this.classifyCall(n, work, depth, seenHelpers, visit);
      };
      if (check(root) !== false) walk(root, check);
    };
    for (const n of site.perIteration) visit(n, 0);
    this.workCache.set(site, w);
    return w;
  }

  private classifyCall(n: ts.CallExpression | ts.NewExpression, work: LoopWork, depth: number, seen: Set<ts.Node>, visit: Visit) {
    const { file } = this.costs;
    const name = calleeName(n);
    // Resolving a callee is the costly part; only names that can be hashing, JSON, Math or a
    // known heavy API are worth it.
    const owner = ts.isPropertyAccessExpression(n.expression) ? unwrap(n.expression.expression) : undefined;
    const heavyName = name !== undefined && (HEAVY_NAMES.has(name) || name.endsWith("Sync") || /^sheet_to_|_to_sheet$/.test(name));
    const interesting = (name !== undefined && (HASH_FACTORIES.has(name) || name === "hash" || (heavyName && this.mayCallHeavyApis()))) || (owner !== undefined && ts.isIdentifier(owner) && (owner.text === "JSON" || owner.text === "Math"));
    const api = interesting ? file.apis.callee(n) : undefined;
    if (ts.isNewExpression(n)) {
      if (name === "RegExp") work.regex = true;
      return;
    }
    if (api) {
      const last = api.path[api.path.length - 1];
      if (api.module === "crypto" && (HASH_FACTORIES.has(last) || last === "hash")) {
        work.hashing = true;
        if (this.hashesFileContents(n)) work.heavy.push({ call: n, label: labelOf(n.expression, file.sf), kind: "file hashing", nodeSyncApi: false });
        return;
      }
      const heavy = HEAVY_APIS.find((h) => h.module === api.module && h.match(api.path));
      if (heavy) {
        if (heavy.kind === "key derivation") work.hashing = true;
        work.heavy.push({ call: n, label: labelOf(n.expression, file.sf), kind: heavy.kind, nodeSyncApi: !!heavy.nodeSyncApi });
        return;
      }
      if (api.module === "global" && api.path[0] === "JSON") {
        work.json = true;
        return;
      }
      if (api.module === "global" && api.path[0] === "Math") {
        if (MATH_WORK.has(last)) work.arithmetic = true;
        return;
      }
    }
    if (name && REGEX_METHODS.has(name) && (n.arguments.some((a) => ts.isRegularExpressionLiteral(unwrap(a))) || (ts.isPropertyAccessExpression(n.expression) && ts.isRegularExpressionLiteral(unwrap(n.expression.expression))))) {
      work.regex = true;
    }
    if (!name || CHEAP_CALLS.has(name)) return;
    if (!work.calls.includes(name)) work.calls.push(name);
    // One level into local helpers: resize(file) → jpeg.encode(…)
    if (depth === 0) {
      const callee = unwrap(n.expression);
      const fn = ts.isIdentifier(callee) ? localFunction(file, callee) : ts.isPropertyAccessExpression(callee) && callee.expression.kind === SK.ThisKeyword ? thisMethod(callee) : undefined;
      if (fn?.body && !seen.has(fn) && !isAsyncFunction(fn)) {
        seen.add(fn);
        visit(fn.body, depth + 1);
      }
    }
  }

  /** `createHash(…).update(readFileSync(p))`, or of a value read from a file. */
  private hashesFileContents(factory: ts.CallExpression): boolean {
    const inputs: ts.Expression[] = [];
    if (calleeName(factory) === "hash" && factory.arguments[1]) inputs.push(factory.arguments[1]);
    for (let p: ts.Node = factory; ; ) {
      const access = p.parent;
      if (!access || !ts.isPropertyAccessExpression(access) || !ts.isCallExpression(access.parent)) break;
      if (access.name.text === "update" && access.parent.arguments[0]) inputs.push(access.parent.arguments[0]);
      p = access.parent;
    }
    // const h = createHash("sha256"); h.update(buf)
    const holder = factory.parent;
    if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
      const { scopes } = this.costs.file;
      for (const ref of scopes.references(scopes.resolve(holder.name))) {
        const a = ref.parent;
        if (ts.isPropertyAccessExpression(a) && a.name.text === "update" && ts.isCallExpression(a.parent) && a.parent.arguments[0]) inputs.push(a.parent.arguments[0]);
      }
    }
    return inputs.some((i) => this.isFileContents(i));
  }

  /** A value read from a file: `readFileSync(p)`, `await readFile(p)`, or a name bound to one. */
  isFileContents(expr: ts.Expression, depth = 0): boolean {
    if (depth > 3) return false;
    let e = unwrap(expr);
    if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
    // readFileSync(p).toString()
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "toString") e = unwrap(e.expression.expression);
    if (ts.isCallExpression(e)) {
      const api = this.costs.file.apis.callee(e);
      return !!api && api.module === "fs" && /^(readFileSync|readFile)$/.test(api.path[api.path.length - 1]);
    }
    if (ts.isIdentifier(e)) {
      const decl = this.costs.file.scopes.resolve(e);
      return !decl.path && !!decl.init && ts.isExpression(decl.init) && this.isFileContents(decl.init, depth + 1);
    }
    return false;
  }

  /** A loop that only waits, by spinning on the clock: `while (Date.now() < end) {}` — no other condition, no work, no way out. */
  busyWaits(site: IterationSite): boolean {
    if (!this.spinsOnClock(site)) return false;
    const loop = site.node as ts.IterationStatement;
    const cond = unwrap((loop as ts.ForStatement).condition ?? (loop as ts.WhileStatement | ts.DoStatement).expression);
    if (ts.isBinaryExpression(cond) && (cond.operatorToken.kind === SK.AmpersandAmpersandToken || cond.operatorToken.kind === SK.BarBarToken)) return false;
    let leaves = ts.isBreakStatement(loop.statement) || ts.isReturnStatement(loop.statement);
    loop.statement.forEachChild(function visit(n): void {
      if (ts.isBreakStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) leaves = true;
      else n.forEachChild(visit);
    });
    const work = this.workOf(site);
    return !leaves && work.calls.length === 0 && work.heavy.length === 0;
  }

  /** `while (Date.now() < end)`, `while (performance.now() - t0 < ms)`: waiting by spinning. */
  spinsOnClock(site: IterationSite): boolean {
    const loop = site.node;
    const cond = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : undefined;
    if (!cond) return false;
    let clock = false;
    walk(cond, (n) => {
      if (clock) return false;
      if (ts.isCallExpression(n)) {
        const name = calleeName(n);
        if (!name || !CLOCK_MEMBERS.has(name)) return;
        const api = this.costs.file.apis.callee(n);
        if (api?.module === "global" && ((api.path[0] === "Date" && api.path[1] === "now") || (api.path[0] === "performance" && api.path[1] === "now") || (api.path[0] === "process" && api.path[1] === "hrtime"))) clock = true;
        if (api?.module === "perf_hooks" && name === "now") clock = true;
        if (ts.isPropertyAccessExpression(n.expression) && ts.isNewExpression(unwrap(n.expression.expression)) && calleeName(unwrap(n.expression.expression) as ts.NewExpression) === "Date") clock = true;
      }
    });
    return clock && !this.costs.index.yields(site);
  }
}

function isArithmetic(k: ts.SyntaxKind): boolean {
  switch (k) {
    case SK.AsteriskToken:
    case SK.SlashToken:
    case SK.PercentToken:
    case SK.AsteriskAsteriskToken:
    case SK.PlusToken:
    case SK.MinusToken:
    case SK.LessThanLessThanToken:
    case SK.GreaterThanGreaterThanToken:
    case SK.GreaterThanGreaterThanGreaterThanToken:
    case SK.CaretToken:
    case SK.AmpersandToken:
    case SK.BarToken:
    case SK.PlusEqualsToken:
    case SK.MinusEqualsToken:
    case SK.AsteriskEqualsToken:
    case SK.SlashEqualsToken:
    case SK.PercentEqualsToken:
    case SK.CaretEqualsToken:
      return true;
    default:
      return false;
  }
}

/** True when an iteration does anything beyond moving data around. */
export function hasWork(w: LoopWork): boolean {
  return w.hashing || w.regex || w.json || w.arithmetic || w.calls.length > 0 || w.heavy.length > 0;
}

/** The heaviest kind of work an iteration does, for messages. */
export function describeWork(w: LoopWork): string {
  if (w.hashing) return "hashing";
  if (w.heavy.length) return w.heavy[0].kind;
  if (w.regex) return "regex matching";
  if (w.json) return "JSON parsing/serialisation";
  if (w.calls.length) return `calls to ${w.calls[0]}()`;
  return "arithmetic";
}
