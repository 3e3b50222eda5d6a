/**
 * cpu-heavy-loop → the function holding the loop moves to a worker module next to the file, run
 * by a small pool of worker threads, and its callers await it:
 *
 *   function countPrimes(limit) { …loop… }       function countPrimes(limit) {
 *                                                  return runInWorker("./count-primes.worker.mjs", "countPrimes", [limit]);
 *   app.get("/p", async (req, res) => {      →   }
 *     res.json(countPrimes(1e6));                 app.get("/p", async (req, res) => {
 *   });                                             res.json(await countPrimes(1e6));
 *
 * plus `count-primes.worker.mjs` (the function, with what it uses) and the pool module, unless the
 * folder has it. Offered only for a top-level, unexported function that is pure enough to move
 * (see worker-purity), changes none of its arguments, takes no functions, and whose every use in
 * the file is a call inside an async function. Never `safe`: whether arguments and result survive
 * the copy to another thread is for a person to check, and the title says so.
 */
import { basename, dirname, extname, join } from "node:path";
import { ts } from "ts-morph";
import { enclosingFunction, isAncestor, isAsyncFunction, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { Fix, LoopLensConfig, NewFile, RawFinding, TextEdit } from "../types";
import { ImportEditor } from "./imports";
import { usesSemicolons } from "./insert-before";
import { eolAt, indentUnitOf } from "./layout";
import { moduleStyle } from "./module-bindings";
import { changesArguments, returnsArgument } from "./worker-arguments";
import { workerModuleText } from "./worker-module";
import { POOL_BASENAME, poolDeclarationText, poolModuleText, type PoolFormat } from "./worker-pool-module";
import { movableAround, planMove, type Movable, type MovePlan } from "./worker-purity";
import { forwardedArguments, promisedType, takesFunctions, wrapperText } from "./worker-signature";

/** How the file loads the pool, and the extension of the files generated for it. */
interface Layout {
  format: PoolFormat;
  /** `import`/`require` at the top, or `await import()` inside the wrapper (works from CommonJS and ESM alike). */
  load: "static" | "dynamic";
  ext: string;
  isTs: boolean;
}

export function workerOffloadFixes(file: FileFacts, finding: RawFinding, config: LoopLensConfig): Fix[] {
  const layout = layoutOf(file);
  const main = layout && movableAround(file, finding.node);
  if (!layout || !main || main.exported) return [];
  const plan = planMove(file, main);
  const args = forwardedArguments(main);
  if (!plan || !args || changesArguments(file, main, plan.helpers) || takesFunctions(file, main)) return [];
  const calls = callSites(file, main);
  if (!calls?.length) return [];
  const returnType = layout.isTs ? promisedType(file, main) : undefined;
  if (layout.isTs && !returnType) return [];

  const sf = file.sf;
  const text = sf.text;
  const eol = eolAt(text, main.statement.getStart(sf));
  const semi = usesSemicolons(text) ? ";" : "";
  const quote = quoteOf(sf);
  const dir = dirname(file.path);
  const workerName = `${kebab(main.name)}.worker${layout.ext}`;
  const poolName = `${POOL_BASENAME}${layout.ext}`;
  const workerText = workerModuleText(file, plan, { format: layout.format, erase: layout.isTs, sourceName: basename(file.path), poolName, eol, semi, quote });
  if (!workerText) return [];

  const editor = new ImportEditor(file);
  const newFiles: NewFile[] = [{ path: join(dir, workerName), text: workerText }];
  const piscina = config.dependencies.includes("piscina");
  let load: { kind: "static"; name: string } | { kind: "dynamic"; poolSpecifier: string };
  if (layout.load === "static") {
    const existing = poolBinding(file, `./${poolName}`);
    const imported = existing ? { text: existing, added: false } : editor.importNamed(`./${poolName}`, "runInWorker", main.statement);
    if (!imported) return [];
    load = { kind: "static", name: imported.text };
    if (imported.added !== false) newFiles.push({ path: join(dir, poolName), text: poolModuleText(layout.format, piscina, eol) });
  } else {
    load = { kind: "dynamic", poolSpecifier: `./${poolName}` };
    newFiles.push({ path: join(dir, poolName), text: poolModuleText(layout.format, piscina, eol) });
    if (layout.isTs) newFiles.push({ path: join(dir, `${POOL_BASENAME}.d.mts`), text: poolDeclarationText(eol) });
  }

  const edits: TextEdit[] = [
    {
      start: main.statement.getStart(sf),
      end: main.statement.getEnd(),
      text: wrapperText(file, main, args, returnType, { load, workerSpecifier: `./${workerName}`, isTs: layout.isTs, eol, indent: indentUnitOf(text), semi, quote }),
    },
    ...calls.flatMap((c) => awaitEdits(sf, c)),
    ...leftovers(file, plan, editor),
  ];
  const importEdits = editor.edits();
  if (!importEdits) return [];
  edits.push(...importEdits);
  const check = layout.isTs ? "its arguments and result are plain data, and a build that compiles to another folder copies the .mjs files" : "its arguments and result are plain data";
  const safeNote = returnsArgument(file, main) ? "; it returns an argument, which callers now get as a copy" : "";
  return [{ title: `Move ${main.name}() to a worker thread and await it (check: ${check}${safeNote})`, safe: false, edits, newFiles }];
}

function layoutOf(file: FileFacts): Layout | undefined {
  const ext = extname(file.path).toLowerCase();
  switch (ext) {
    case ".mjs":
      return { format: "esm", load: "static", ext: ".mjs", isTs: false };
    case ".cjs":
      return { format: "cjs", load: "static", ext: ".cjs", isTs: false };
    case ".js": {
      const style = moduleStyle(file.path, file.sf);
      if (style === "esm") return { format: "esm", load: "static", ext: ".js", isTs: false };
      if (style === "cjs") return { format: "cjs", load: "static", ext: ".js", isTs: false };
      return { format: "esm", load: "dynamic", ext: ".mjs", isTs: false };
    }
    case ".mts":
      return { format: "esm", load: "dynamic", ext: ".mjs", isTs: true };
    case ".ts":
    case ".cts":
      // Whether it compiles to CommonJS or ESM is the tsconfig's say: `await import()` works in both.
      return { format: "esm", load: "dynamic", ext: ".mjs", isTs: true };
    default:
      return undefined;
  }
}

/** Every use of the function in the file, when each is a plain call inside an async function's body. */
function callSites(file: FileFacts, main: Movable): ts.CallExpression[] | undefined {
  const calls: ts.CallExpression[] = [];
  const exported = file.sf.statements.some((s) => ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause) && s.exportClause.elements.some((e) => (e.propertyName ?? e.name).text === main.name));
  if (exported) return undefined;
  for (const ref of file.scopes.references(main.decl)) {
    if (isAncestor(main.fn, ref)) continue;
    const call = ref.parent;
    if (!ts.isCallExpression(call) || call.expression !== ref || call.questionDotToken) return undefined;
    const fn = enclosingFunction(call);
    if (!fn || !isAsyncFunction(fn) || !fn.body || !isAncestor(fn.body, call)) return undefined;
    calls.push(call);
  }
  return calls;
}

/** `await f(x)` in place of `f(x)`, in parentheses where the call is an operand that binds tighter. */
function awaitEdits(sf: ts.SourceFile, call: ts.CallExpression): TextEdit[] {
  let outer: ts.Node = call;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  if (ts.isAwaitExpression(outer.parent)) return [];
  const p = call.parent;
  const operand =
    ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === call) ||
    ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression === call) ||
    (ts.isTaggedTemplateExpression(p) && p.tag === call) ||
    ts.isNonNullExpression(p) ||
    ts.isPostfixUnaryExpression(p) ||
    (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && p.left === call);
  const start = call.getStart(sf);
  return operand ? [{ start, end: start, text: "(await " }, { start: call.getEnd(), end: call.getEnd(), text: ")" }] : [{ start, end: start, text: "await " }];
}

/**
 * Module-level code only the moved function used: constants and helpers go (their copies live in
 * the worker module), and so do imports nothing else uses.
 */
function leftovers(file: FileFacts, plan: MovePlan, editor: ImportEditor): TextEdit[] {
  const sf = file.sf;
  const moved = [plan.main.fn];
  const onlyMoved = (refs: readonly ts.Node[]) => refs.every((r) => moved.some((m) => isAncestor(m, r)));
  const gone: ts.Statement[] = [];
  // A helper may be used only by another helper that goes: repeat until none is left to remove.
  for (let changed = true; changed; ) {
    changed = false;
    for (const h of plan.helpers) {
      if (moved.includes(h.fn) || h.exported || !onlyMoved(file.scopes.references(h.decl).filter((r) => !isAncestor(h.fn, r)))) continue;
      moved.push(h.fn);
      gone.push(h.statement);
      changed = true;
    }
  }
  for (const d of plan.constants) {
    const stmt = d.parent.parent;
    const decl = ts.isIdentifier(d.name) ? file.scopes.declOf(d.name) : undefined;
    if (!decl || !ts.isVariableStatement(stmt) || stmt.declarationList.declarations.length !== 1 || ts.getModifiers(stmt)?.length) continue;
    if (onlyMoved(file.scopes.references(decl))) gone.push(stmt);
  }
  for (const [decl, refs] of plan.used) if (decl.kind === "import" || isRequireBinding(decl)) editor.dropUses(decl, file.scopes.references(decl).filter((r) => refs.includes(r) || moved.some((m) => isAncestor(m, r))));
  return removals(sf, gone);
}

function isRequireBinding(decl: { kind: string; init?: ts.Node }): boolean {
  const init = decl.init && ts.isExpression(decl.init) ? unwrap(decl.init) : undefined;
  return decl.kind === "const" && !!init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === "require";
}

/**
 * Whole statements removed with their lines (and the comment lines right above them); removals
 * that meet are one, and where one leaves two blank lines in a row, one goes too.
 */
function removals(sf: ts.SourceFile, statements: readonly ts.Statement[]): TextEdit[] {
  const text = sf.text;
  const ranges = statements.map((stmt) => {
    let start = stmt.getStart(sf);
    const comments = ts.getLeadingCommentRanges(text, stmt.getFullStart()) ?? [];
    for (let i = comments.length - 1; i >= 0 && (text.slice(comments[i].end, start).match(/\n/g)?.length ?? 0) <= 1; i--) start = comments[i].pos;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    if (!/\S/.test(text.slice(lineStart, start))) start = lineStart;
    const end = stmt.getEnd() + /^[ \t]*(\r?\n)?/.exec(text.slice(stmt.getEnd()))![0].length;
    return { start, end };
  });
  ranges.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged.map(({ start, end }) => {
    const blankAfter = /^\r?\n/.exec(text.slice(end));
    if (blankAfter && (start === 0 || /\n\r?\n$/.test(text.slice(0, start)))) end += blankAfter[0].length;
    return { start, end, text: "" };
  });
}

/** The local name an existing `import { runInWorker } from "./looplens-worker-pool…"` (or require) gives. */
function poolBinding(file: FileFacts, specifier: string): string | undefined {
  for (const s of file.sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === specifier) {
      const named = s.importClause?.namedBindings;
      const el = named && ts.isNamedImports(named) ? named.elements.find((e) => (e.propertyName ?? e.name).text === "runInWorker") : undefined;
      if (el) return el.name.text;
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== "require" || !ts.isStringLiteral(init.arguments[0] ?? init) || (init.arguments[0] as ts.StringLiteral).text !== specifier) continue;
        if (!ts.isObjectBindingPattern(d.name)) continue;
        const el = d.name.elements.find((e) => ((e.propertyName as ts.Identifier | undefined) ?? (e.name as ts.Identifier)).text === "runInWorker");
        if (el && ts.isIdentifier(el.name)) return el.name.text;
      }
    }
  }
  return undefined;
}

function quoteOf(sf: ts.SourceFile): string {
  for (const s of sf.statements) {
    const spec = ts.isImportDeclaration(s) ? s.moduleSpecifier : undefined;
    if (spec) return sf.text[spec.getStart(sf)] === "'" ? "'" : '"';
  }
  const m = /(["'])(?:node:|\.\/|\.\.\/)/.exec(sf.text);
  return m?.[1] ?? '"';
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
}
