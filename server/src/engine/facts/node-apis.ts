/**
 * Which Node API an expression really is, through imports, `require`, `node:` prefixes, aliases,
 * destructuring, namespace/default imports and member chains — so `fs.readFileSync` is known as
 * fs's and a user method that happens to be called `readFileSync` is not.
 */
import { builtinModules } from "node:module";
import { ts } from "ts-morph";
import { memberName, stringValue, unwrap } from "../ast";
import type { ScopeFacts } from "./scope";

/** A value reached from a module: `fs.promises.readFile` is { module: "fs", path: ["promises", "readFile"] }. */
export interface ApiRef {
  /** Normalised module id ("fs", "child_process", "fs-extra"), or "global" for unbound globals such as `process`. */
  module: string;
  path: string[];
}

const BUILTINS = new Set(builtinModules);

/** Sub-path modules that are members of their parent: `fs/promises` is `fs.promises`. */
const SUBMODULE_ALIASES: Record<string, ApiRef> = {
  "fs/promises": { module: "fs", path: ["promises"] },
  "timers/promises": { module: "timers", path: ["promises"] },
  "stream/promises": { module: "stream", path: ["promises"] },
  "dns/promises": { module: "dns", path: ["promises"] },
  "readline/promises": { module: "readline", path: ["promises"] },
};

export function normaliseModule(spec: string): ApiRef {
  const bare = spec.startsWith("node:") ? spec.slice(5) : spec;
  return SUBMODULE_ALIASES[bare] ?? { module: bare, path: [] };
}

export function isBuiltinModule(module: string): boolean {
  return BUILTINS.has(module);
}

const MAX_DEPTH = 12;

export class NodeApiFacts {
  private readonly cache = new Map<ts.Node, ApiRef | undefined>();

  constructor(private readonly scopes: ScopeFacts) {}

  /** What `expr` evaluates to, when it is a module or something reached from one; else undefined. */
  resolve(expr: ts.Node): ApiRef | undefined {
    return this.resolveAt(expr, 0);
  }

  /** What a call calls: `fs.readFileSync(p)` → { module: "fs", path: ["readFileSync"] }. */
  callee(call: ts.CallExpression | ts.NewExpression): ApiRef | undefined {
    return this.resolve(call.expression);
  }

  /** True when `expr` resolves to `module` (after normalisation) with exactly `path`. */
  is(expr: ts.Node, module: string, ...path: string[]): boolean {
    const r = this.resolve(expr);
    return !!r && r.module === module && r.path.length === path.length && r.path.every((p, i) => p === path[i]);
  }

  private resolveAt(node: ts.Node, depth: number): ApiRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (this.cache.has(node)) return this.cache.get(node);
    const r = this.compute(node, depth);
    this.cache.set(node, r);
    return r;
  }

  private compute(node: ts.Node, depth: number): ApiRef | undefined {
    const expr = ts.isExpression(node) ? unwrap(node) : node;
    if (ts.isIdentifier(expr)) return this.resolveIdentifier(expr, depth);
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const name = memberName(expr);
      if (name === undefined) return undefined;
      const base = this.resolveAt(expr.expression, depth + 1);
      return base && { module: base.module, path: [...base.path, name] };
    }
    if (ts.isCallExpression(expr)) {
      // require("fs") / require("node:fs/promises")
      const callee = unwrap(expr.expression);
      if (ts.isIdentifier(callee) && callee.text === "require" && expr.arguments.length === 1) {
        const spec = stringValue(expr.arguments[0]);
        if (spec && this.scopes.resolve(callee).kind === "global") return normaliseModule(spec);
      }
      if (expr.expression.kind === ts.SyntaxKind.ImportKeyword && expr.arguments.length >= 1) {
        const spec = stringValue(expr.arguments[0]);
        if (spec) return normaliseModule(spec);
      }
      return undefined;
    }
    if (ts.isAwaitExpression(expr)) {
      // `await import("fs")` resolves to the module namespace
      const inner = unwrap(expr.expression);
      if (ts.isCallExpression(inner) && inner.expression.kind === ts.SyntaxKind.ImportKeyword) return this.resolveAt(inner, depth + 1);
    }
    return undefined;
  }

  private resolveIdentifier(id: ts.Identifier, depth: number): ApiRef | undefined {
    const decl = this.scopes.resolve(id);
    switch (decl.kind) {
      case "global":
        return { module: "global", path: [decl.name] };
      case "import": {
        const base = normaliseModule(decl.module!);
        if (decl.imported === "*" || decl.imported === "default") return base;
        return { module: base.module, path: [...base.path, decl.imported!] };
      }
      case "const":
      case "let":
      case "var": {
        if (!decl.init || this.scopes.isReassigned(decl)) return undefined;
        // A for-of/for-in variable is an element, not the iterable.
        const declNode = decl.id?.parent;
        if (declNode && ts.isVariableDeclaration(declNode) && declNode.parent && (ts.isForOfStatement(declNode.parent.parent) || ts.isForInStatement(declNode.parent.parent))) return undefined;
        const base = this.resolveAt(decl.init, depth + 1);
        if (!base) return undefined;
        if (!decl.path) return base;
        // `const { promises: fsp } = require("fs")`; rest elements and array slots are not members.
        if (decl.path.some((p) => p === "..." || p === "?" || /^\d+$/.test(p))) return undefined;
        return { module: base.module, path: [...base.path, ...decl.path] };
      }
      default:
        return undefined;
    }
  }
}
