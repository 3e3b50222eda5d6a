/**
 * sync-io → await the async counterpart, the rewrite a careful engineer makes by hand:
 *
 *   import { readFileSync } from "fs";                import { readFile } from "fs/promises";
 *   export async function load(p) {             →     export async function load(p) {
 *     return JSON.parse(readFileSync(p, "utf8"));       return JSON.parse(await readFile(p, "utf8"));
 *
 * one `await` in place of one call (so effects keep their order and a surrounding try/catch still
 * catches), arguments copied as written, the file's own bindings reused (`fs.promises.readFile`,
 * an existing `fsp`, a `const gzipAsync = promisify(gzip)`), imports added in the file's style
 * and a binding only the old call used removed. zlib / crypto calls go through a module-level
 * `promisify` (they run on the thread pool); execSync becomes `(await execAsync(…)).stdout`. Marked
 * for review: exec (its stderr, stdin and error differ) and writes (two overlapping runs of the code
 * could now interleave on one file). Calls whose async form differs (a file descriptor where
 * fs/promises wants a path, `throwIfNoEntry`), or that sit where `await` would change when code
 * runs, get no fix.
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast";
import { BlockingApiFacts } from "../facts/blocking-apis";
import type { FileFacts } from "../facts/file-facts";
import type { ApiRef } from "../facts/node-apis";
import type { Fix, RawFinding } from "../types";
import { asyncCounterpart, type AsyncCounterpart } from "./async-io-apis";
import { awaitCall, declaredAs, describeCallee, dropCallee, promisified, sibling, type Callee, type CallRewrite } from "./async-io-callee";
import { execCallRewrite } from "./async-io-exec";
import { awaitSite } from "./await-site";
import { ImportEditor } from "./imports";

export function asyncIoFixes(file: FileFacts, finding: RawFinding): Fix[] {
  const call = finding.node;
  if (!ts.isCallExpression(call) || call.questionDotToken || call.typeArguments) return [];
  const api = file.get(BlockingApiFacts).of(call);
  const counterpart = api && asyncCounterpart(api.ref);
  if (!api || !counterpart) return [];
  const site = awaitSite(file, call);
  const callee = site && describeCallee(file, call, api.ref);
  if (!site || !callee) return [];
  const editor = new ImportEditor(file);
  const rewrite = rewriteCall(file, call, api.ref, counterpart, callee, editor);
  const importEdits = rewrite && editor.edits();
  if (!rewrite || !importEdits) return [];
  const caveat = [site.caveat, rewrite.caveat].filter(Boolean).join("; ");
  const title = `Use ${rewrite.what}${site.note ? `; ${site.note}` : ""}${caveat ? ` — ${caveat}` : ""}`;
  return [{ title, safe: !caveat, edits: [...rewrite.edits, ...(site.makeAsync ? [site.makeAsync] : []), ...importEdits] }];
}

function rewriteCall(file: FileFacts, call: ts.CallExpression, ref: ApiRef, counterpart: AsyncCounterpart, callee: Callee, editor: ImportEditor): CallRewrite | undefined {
  switch (counterpart.kind) {
    case "fs-promises":
      return fsPromisesRewrite(file, call, counterpart, callee, editor);
    case "exec": {
      const fn = promisified(file, call, { module: "child_process", path: [counterpart.name] }, callee, editor);
      return fn && execCallRewrite(file, call, counterpart.name, fn);
    }
    case "promisify": {
      if (!counterpart.typed && isTypeScript(file)) return undefined;
      const fn = promisified(file, call, { module: ref.module, path: [counterpart.name] }, callee, editor);
      return fn && { edits: awaitCall(file, call, fn.name), what: `await ${fn.name}(…)${declaredAs(fn)}` };
    }
  }
}

function fsPromisesRewrite(file: FileFacts, call: ts.CallExpression, c: Extract<AsyncCounterpart, { kind: "fs-promises" }>, callee: Callee, editor: ImportEditor): CallRewrite | undefined {
  const [first, second] = call.arguments;
  if (call.arguments.some(ts.isSpreadElement)) return undefined;
  if (c.takesFd && first && mayBeFileDescriptor(file, first)) return undefined;
  if (c.statOptions && second && !isPlainOptions(second, "throwIfNoEntry")) return undefined;
  const want = { module: "fs", path: ["promises", c.name] };
  // An fs/promises binding the file has (`readFile`, `fsp`) first, then the module the call went through.
  const own = editor.bindings.reference(want, call);
  let text: string;
  let from = "";
  const extendable = editor.bindings.namedImportOf({ module: "fs", path: ["promises"] }) && editor.bindings.isFree(c.name);
  if (own && own.binding.ref!.path.length >= 1) text = own.text;
  else if (callee.moduleBase && !extendable) text = `${callee.moduleBase.getText(file.sf)}.promises.${c.name}`;
  else {
    const spec = sibling(callee.specifier, "fs/promises");
    const imported = editor.importNamed(spec, c.name, call, `${c.name}Async`, callee.home);
    if (!imported) return undefined;
    text = imported.text;
    if (imported.added) from = ` from ${spec}`;
  }
  dropCallee(callee, text, editor);
  return { edits: awaitCall(file, call, text), what: `await ${text}(…)${from}`, caveat: c.caveat };
}

/** A number, or a name that says it holds one (`fd`, `outFd`, `process.stdout.fd`), or the result of openSync. */
function mayBeFileDescriptor(file: FileFacts, arg: ts.Expression): boolean {
  const e = unwrap(arg);
  if (ts.isNumericLiteral(e) || ts.isPrefixUnaryExpression(e)) return true;
  const name = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
  if (name && /^fd([A-Z_\d]|$)|Fd([A-Z_\d]|$)|_fd(_|$)|^FD(_|$)|_FD(_|$)|[dD]escriptor/.test(name)) return true;
  if (!ts.isIdentifier(e)) return false;
  const decl = file.scopes.resolve(e);
  const init = decl.init && !decl.path && ts.isExpression(decl.init) ? unwrap(decl.init) : undefined;
  if (!init) return false;
  if (ts.isNumericLiteral(init)) return true;
  const opened = ts.isCallExpression(init) ? file.apis.callee(init) : undefined;
  return !!opened && opened.module === "fs" && opened.path.join(".") === "openSync";
}

/** An object literal without spreads whose `key`, if present, is `true`: options the async form treats the same. */
function isPlainOptions(arg: ts.Expression, key: string): boolean {
  const e = unwrap(arg);
  if (ts.isStringLiteral(e)) return true;
  if (!ts.isObjectLiteralExpression(e)) return false;
  return e.properties.every((p) => {
    if (!p.name || ts.isComputedPropertyName(p.name)) return false;
    const name = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
    if (name !== key) return true;
    return ts.isPropertyAssignment(p) && p.initializer.kind === ts.SyntaxKind.TrueKeyword;
  });
}

function isTypeScript(file: FileFacts): boolean {
  return /\.[cm]?tsx?$/i.test(file.path);
}
