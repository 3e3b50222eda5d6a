/**
 * "Never run user code", checked on the code itself: every source that goes into the bundles
 * (server/src, client/src) and the launcher (bin/looplens.js) is parsed and searched for the ways
 * code can run other code — `require`/`require.resolve`/`import()` with a computed argument, `eval`,
 * `Function`, `node:vm`, `node:module` (createRequire), `new Worker`, and the loaders' internals.
 * The few uses that exist are listed below with the reason each is safe; a new one fails until it
 * is reviewed and listed, and a listed one that disappears fails too, so the list stays true.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { REPO } from "../cli/helpers";

/** Reviewed exceptions: file (relative, /-separated) and finding → why it never runs workspace code. */
const ALLOWED: Record<string, Record<string, string>> = {
  "bin/looplens.js": {
    "require(<computed>)": "require(cli): the bundle out/cli.js, a fixed path next to the launcher",
    "module node:vm": "compiles that same bundle with a V8 code cache (vm.Script + runInThisContext)",
    "module node:module": "Module.wrap / Module.createRequire for the bundle as a CommonJS module",
    ".runInThisContext": "runs the compiled bundle",
    ".createRequire": "the bundle's own require",
    "._nodeModulePaths": "module paths of the bundle's folder",
  },
  "server/src/engine/facts/node-apis.ts": {
    "module node:module": "builtinModules: the names of Node's own modules, to recognise imports of them",
  },
  "server/src/cli/pool.ts": {
    "new Worker": "starts the CLI's own worker script (the launcher or bundle; under tsx, a loader of worker.ts), never a workspace path",
  },
};

const LOADER_INTERNALS = new Set(["runInThisContext", "runInNewContext", "runInContext", "compileFunction", "createRequire", "_load", "_compile", "_nodeModulePaths"]);
/** Members of `process` that load native code. */
const PROCESS_LOADERS = new Set(["dlopen", "binding", "_linkedBinding"]);
const BANNED_MODULES = new Set(["vm", "node:vm", "module", "node:module", "repl", "node:repl", "inspector", "node:inspector"]);

/** What in `text` could run code other than this package's own, one string per occurrence. */
export function codeRunners(path: string, text: string): string[] {
  const kind = path.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const found: string[] = [];
  const literal = (n: ts.Node | undefined) => !!n && ts.isStringLiteralLike(n);
  const moduleName = (n: ts.Node | undefined) => (n && ts.isStringLiteralLike(n) && BANNED_MODULES.has(n.text) ? found.push(`module ${n.text.startsWith("node:") ? n.text : `node:${n.text}`}`) : 0);
  const callee = (e: ts.Expression): ts.Expression => {
    while (ts.isParenthesizedExpression(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken)) e = ts.isParenthesizedExpression(e) ? e.expression : e.right;
    return e;
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const c = callee(n.expression);
      const [arg] = n.arguments;
      if (n.expression.kind === ts.SyntaxKind.ImportKeyword) {
        if (!literal(arg)) found.push("import(<computed>)");
        moduleName(arg);
      } else if (ts.isIdentifier(c) && c.text === "require") {
        if (n.arguments.length !== 1 || !literal(arg)) found.push("require(<computed>)");
        moduleName(arg);
      } else if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === "require" && c.name.text === "resolve") {
        if (!literal(arg)) found.push("require.resolve(<computed>)");
      } else if (ts.isIdentifier(c) && (c.text === "eval" || c.text === "Function")) {
        found.push(`${c.text}()`);
      }
    } else if (ts.isNewExpression(n)) {
      const c = callee(n.expression);
      const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : "";
      if (name === "Function" || name === "Worker") found.push(`new ${name}`);
    } else if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) {
      moduleName(n.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      moduleName(n.moduleReference.expression);
    } else if (ts.isPropertyAccessExpression(n) && (LOADER_INTERNALS.has(n.name.text) || (PROCESS_LOADERS.has(n.name.text) && ts.isIdentifier(n.expression) && n.expression.text === "process"))) {
      found.push(`.${n.name.text}`);
    } else if (ts.isIdentifier(n) && n.text === "eval" && !isName(n) && !isCallee(n)) {
      found.push("eval (as a value)");
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** `eval` as a member's name (`spec.eval`, `{ eval: true }`), not the global. */
function isName(n: ts.Identifier): boolean {
  const p = n.parent;
  return (ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === n;
}

/** The called expression itself, through parentheses and commas: `eval(…)`, `(0, eval)(…)`. */
function isCallee(n: ts.Node): boolean {
  let e = n;
  while (ts.isParenthesizedExpression(e.parent) || (ts.isBinaryExpression(e.parent) && e.parent.operatorToken.kind === ts.SyntaxKind.CommaToken && e.parent.right === e)) e = e.parent;
  return ts.isCallExpression(e.parent) && e.parent.expression === e;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

describe("the shipped code never runs other code", () => {
  it("(the search finds each way in)", () => {
    const sample = [
      'const m = require(name); require.resolve(`${x}`); import(spec); eval("1"); (0, eval)("2"); const e = eval;',
      'new Function("return 1"); Function("x"); new Worker(file, { eval: true }); new threads.Worker(f);',
      'import vm from "node:vm"; const mod = require("module"); export * from "vm"; import r = require("repl");',
      "vm.runInThisContext(s); mod.createRequire(f); Module._load(p); process.dlopen(m, f); process.binding('fs');",
      "run(eval);",
      'require("./fine"); import("./fine.js"); obj.eval(1); const o = { eval: true }; spec.eval; editor.bindings.binding; interface W { eval: boolean }',
    ].join("\n");
    const expected = [
      ".binding", ".createRequire", ".dlopen", "._load", ".runInThisContext",
      "Function()", "eval (as a value)", "eval (as a value)", "eval()", "eval()", "import(<computed>)",
      "module node:module", "module node:repl", "module node:vm", "module node:vm",
      "new Function", "new Worker", "new Worker", "require(<computed>)", "require.resolve(<computed>)",
    ];
    assert.deepEqual(codeRunners("sample.ts", sample).sort(), expected.sort());
  });

  it("server/src, client/src and bin/looplens.js: only the reviewed uses, each still there", () => {
    const files = [...sources(join(REPO, "server", "src")), ...sources(join(REPO, "client", "src")), join(REPO, "bin", "looplens.js")];
    assert.ok(files.length > 50, `${files.length} sources`);
    const unreviewed: string[] = [];
    const used = new Set<string>();
    for (const file of files) {
      const rel = relative(REPO, file).split("\\").join("/");
      for (const what of codeRunners(file, readFileSync(file, "utf8"))) {
        if (ALLOWED[rel]?.[what]) used.add(`${rel} ${what}`);
        else unreviewed.push(`${rel}: ${what}`);
      }
    }
    assert.deepEqual(unreviewed, [], "new ways to run code: review them, then list them in ALLOWED with the reason");
    const listed = Object.entries(ALLOWED).flatMap(([rel, whats]) => Object.keys(whats).map((w) => `${rel} ${w}`));
    assert.deepEqual(listed.filter((l) => !used.has(l)), [], "listed uses no longer found: remove them from ALLOWED");
  });
});
