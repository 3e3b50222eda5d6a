/**
 * The engine at the edges of what a file can be: nesting deeper than the compiler's parser can
 * recurse is one file's clear error (and leaves the parser fit for the next file); code that
 * parses however deep is analysed; minified code is named and skipped, while a long line of data
 * or a large hand-written file is analysed as usual.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeText } from "../../server/src/engine/analyze";
import { defaultConfig } from "../../server/src/engine/config";
import { minifiedCode, ParseError, parseWithErrors, TOO_DEEP_TO_PARSE } from "../../server/src/engine/parse";
import { DEPTH, minifiedBundle } from "./hostile-tree";

const config = defaultConfig();
const SEQUENTIAL = "export async function f() {\n  const x = await a();\n  const y = await b();\n  return x + y;\n}\n";
const rules = (path: string, text: string) => analyzeText(path, text, config).findings.map((f) => `${f.rule}@${f.range.start.line}`);

const TOO_DEEP: Record<string, string> = {
  "arrays.js": `export const x = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)};\n`,
  "calls.ts": `${"f(".repeat(DEPTH)}${")".repeat(DEPTH)};\n`,
  "arrows.ts": `export const f = ${"() => ".repeat(DEPTH)}1;\n`,
  "ternaries.js": `export const t = ${"a ? b : ".repeat(DEPTH)}c;\n`,
  "templates.mjs": `export const s = ${"`${\n".repeat(DEPTH)}1${"}`\n".repeat(DEPTH)};\n`,
  "loops.ts": `export async function f(xs: number[][]) {\n${"for (const x of xs)\n".repeat(DEPTH)}await g(x);\n}\n`,
};

describe("nesting deeper than the parser can go", () => {
  for (const [name, text] of Object.entries(TOO_DEEP)) {
    it(`${name}: one clear error, no findings`, () => {
      const r = analyzeText(`/w/${name}`, text, config);
      assert.deepEqual(r, { findings: [], errors: [{ file: `/w/${name}`, message: `${TOO_DEEP_TO_PARSE}: skipped` }] });
    });
  }

  it("the parser the language server uses says the same, as a ParseError", () => {
    assert.throws(() => parseWithErrors("/w/a.js", TOO_DEEP["arrays.js"]), (e) => e instanceof ParseError && e.message === TOO_DEEP_TO_PARSE);
  });

  it("leaves the parser fit for the next file: the same findings before and after", () => {
    const before = rules("/w/seq.ts", SEQUENTIAL);
    assert.deepEqual(before, ["sequential-await@2"]);
    for (const [name, text] of Object.entries(TOO_DEEP)) analyzeText(`/w/${name}`, text, config);
    assert.deepEqual(rules("/w/seq.ts", SEQUENTIAL), before);
    assert.deepEqual(parseWithErrors("/w/seq.ts", SEQUENTIAL).statements.length, 1);
  });
});

describe("deep code that parses", () => {
  it("a 50,000-operand chain, a 50,000-link member chain and 2,000 nested ifs are analysed without error", () => {
    const sum = `export const sum = ${Array.from({ length: DEPTH }, (_, i) => `a${i}`).join(" + ")};\n`;
    const member = `export const m = root${".next".repeat(DEPTH)};\n`;
    const ifs = `export async function f() {\n${"if (a)\n".repeat(2000)}{ const x = await a(); const y = await b(); return x + y; }\n}\n`;
    for (const [name, text] of [["sum.js", sum], ["member.js", member]]) assert.deepEqual(analyzeText(`/w/${name}`, text, config), { findings: [], errors: [] }, name);
    assert.deepEqual(rules("/w/ifs.ts", ifs), ["sequential-await@2002"], "found at the bottom of the nest");
  });
});

describe("minified code", () => {
  it("a one-line bundle is named and skipped before parsing", () => {
    const bundle = minifiedBundle(256 * 1024);
    assert.match(minifiedCode(bundle) ?? "", /^minified code \(\d+ KiB on one line\)$/);
    const started = performance.now();
    const r = analyzeText("/w/vendor.min.js", bundle, config);
    assert.ok(performance.now() - started < 2_000, "skipped, not analysed");
    assert.deepEqual(r.findings, []);
    assert.match(r.errors[0].message, /^minified code \(\d+ KiB on one line\): skipped$/);
  });

  it("counts lone CR line ends as lines", () => {
    const code = "x();".repeat(20).concat("\r");
    assert.equal(minifiedCode(code.repeat(2000)), undefined, "80-character lines");
    assert.match(minifiedCode(code.replace("\r", "").repeat(2000)) ?? "", /on one line/);
  });

  it("a long line of data, a small one-line file and a large hand-written file are analysed", () => {
    const asset = `export const png = "${"iVBORw0KGgo".repeat(200_000)}";\n${SEQUENTIAL}`;
    const small = SEQUENTIAL.replace(/\n\s*/g, " ");
    const large = Array.from({ length: 2000 }, (_, i) => SEQUENTIAL.replace("function f", `function f${i}`)).join("\n");
    for (const text of [asset, small, large]) assert.equal(minifiedCode(text), undefined);
    assert.deepEqual(rules("/w/asset.js", asset), ["sequential-await@3"]);
    assert.deepEqual(rules("/w/small.js", small), ["sequential-await@1"]);
    assert.equal(rules("/w/large.ts", large).length, 2000);
  });
});
