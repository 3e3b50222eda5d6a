/**
 * The Promise.all builder on groups given directly (as a future rule change might report them),
 * including shapes today's rule never groups, and the registry around it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { defaultConfig } from "../../../server/src/engine/config";
import { FileFacts } from "../../../server/src/engine/facts/file-facts";
import { FIX_BUILDERS, findingFixes, type FixBuilder } from "../../../server/src/engine/fixes";
import { promiseAllFixes } from "../../../server/src/engine/fixes/promise-all";
import { applyEdits } from "../../../server/src/engine/fixes/text-edits";
import { parseSource } from "../../../server/src/engine/parse";
import type { RawFinding } from "../../../server/src/engine/types";

/** The file and the statements of the first function body (or of the file when there is none). */
function load(code: string, path = "/virtual/src/app.ts") {
  const sf = parseSource(path, code);
  const fn = sf.statements.find(ts.isFunctionDeclaration);
  return { file: new FileFacts(path, sf), code, stmts: fn?.body?.statements ?? sf.statements };
}

function fixed(code: string, pick: (stmts: readonly ts.Statement[]) => [ts.Node, ts.Node], path?: string): string | undefined {
  const { file, stmts } = load(code, path);
  const [node, endNode] = pick(stmts);
  const fixes = promiseAllFixes(file, { node, endNode, message: "m" });
  if (!fixes.length) return undefined;
  assert.equal(fixes.length, 1);
  return applyEdits(code, fixes[0].edits);
}

const wrap = (body: string) => `async function f() {\n${body}\n}`;

describe("promise-all builder", () => {
  it("discarded results only: one awaited Promise.all", () => {
    assert.equal(fixed(wrap("  await warmA();\n  await warmB();"), (s) => [s[0], s[1]]), wrap("  await Promise.all([warmA(), warmB()]);"));
  });

  it("discarded results among declarations leave holes; trailing ones need none", () => {
    const code = wrap("  const a = await f();\n  await g();\n  const c = await h();\n  await i();");
    assert.equal(fixed(code, (s) => [s[0], s[3]]), wrap("  const [a, , c] = await Promise.all([f(), g(), h(), i()]);"));
  });

  it("a discarded result in an annotated group is typed unknown", () => {
    const code = wrap("  const a: A = await f();\n  await g();");
    assert.equal(fixed(code, (s) => [s[0], s[1]]), wrap("  const [a]: [A, unknown] = await Promise.all([f(), g()]);"));
  });

  it("no fix for a statement between the group's ends that is not an await", () => {
    assert.equal(fixed(wrap("  const a = await f();\n  log(a);\n  const b = await g();"), (s) => [s[0], s[2]]), undefined);
  });

  it("no fix for ends in different blocks, or a declaration split across statements", () => {
    const nested = wrap("  const a = await f();\n  {\n    const b = await g();\n  }");
    assert.equal(fixed(nested, (s) => [s[0], (s[1] as ts.Block).statements[0]]), undefined);
    const split = wrap("  const a = await f(), b = await g();\n  const c = await h();");
    assert.equal(fixed(split, (s) => [(s[0] as ts.VariableStatement).declarationList.declarations[1], s[1]]), undefined);
  });

  it("no fix when exported and local declarations mix", () => {
    const code = "export const a = await f();\nconst b = await g();\n";
    assert.equal(fixed(code, (s) => [s[0], s[1]], "/virtual/src/app.mts"), undefined);
  });

  it("no fix for a node it does not know", () => {
    assert.equal(fixed(wrap("  return await f();"), (s) => [s[0], s[0]]), undefined);
  });
});

describe("fix registry", () => {
  const code = wrap("  const a = await getA();\n  const b = await getB();\n  return [a, b];");
  const { file, stmts } = load(code);
  const finding: RawFinding = { node: stmts[0], endNode: stmts[1], message: "m", fixes: [{ title: "Read the docs", safe: false }] };

  it("sequential-await has a builder; reports list titles, the fix command gets edits", () => {
    assert.equal(FIX_BUILDERS["sequential-await"], promiseAllFixes);
    const errors: string[] = [];
    const titles = findingFixes("sequential-await", file, finding, defaultConfig(), false, (m) => errors.push(m));
    assert.deepEqual(titles, [
      { title: "Run the 2 awaits together with Promise.all", safe: true },
      { title: "Read the docs", safe: false },
    ]);
    const withEdits = findingFixes("sequential-await", file, finding, defaultConfig(), true, (m) => errors.push(m));
    assert.equal(withEdits.length, 1);
    assert.equal(withEdits[0].edits.length, 1);
    assert.deepEqual(errors, []);
  });

  it("a builder that throws costs the finding its fixes, not the finding, and says why", () => {
    const builders = FIX_BUILDERS as Record<string, FixBuilder>;
    const saved = builders["sequential-await"];
    builders["sequential-await"] = () => {
      throw new Error("boom");
    };
    try {
      const errors: string[] = [];
      assert.deepEqual(findingFixes("sequential-await", file, finding, defaultConfig(), true, (m) => errors.push(m)), []);
      assert.deepEqual(errors, ["fix for sequential-await failed: boom"]);
    } finally {
      builders["sequential-await"] = saved;
    }
  });
});
