/** The fuzzer's own parts: mutations hit the targets they say, cases replay, and the checks catch bad fixes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixProblem, lostComments, rangeProblem } from "./check";
import { loadCorpus } from "./corpus";
import { applyMutation, applyMutations, type Mutation } from "./mutate";
import { createRng } from "./prng";
import { makeCase } from "./run";
import { tokenize } from "./tokens";

const TEXT = "const a = await f();\nconst b = g(a);\n";
const at = (kind: Mutation["kind"], a = 0.3, b = 0.9) => applyMutation(TEXT, { kind, a, b });

describe("mutations", () => {
  it("work on tokens, templates and regular expressions included", () => {
    const text = "x = `a${b + `c${d}`}e` / 2; y = /'}/g;";
    assert.deepEqual(
      tokenize(text).map((t) => text.slice(t.start, t.end)),
      ["x", "=", "`a${", "b", "+", "`c${", "d", "}`", "}e`", "/", "2", ";", "y", "=", "/'}/g", ";"],
    );
  });

  it("delete, duplicate and swap tokens", () => {
    assert.deepEqual(at("delete-token"), { text: "const a = await ();\nconst b = g(a);\n", note: 'delete token "f" at 1:17' });
    // The lower half of `b` aims at keyword-ish tokens: `await` is the second of those.
    assert.equal(at("delete-token", 0.3, 0.1)?.text, "const a =  f();\nconst b = g(a);\n");
    assert.equal(at("duplicate-token")?.text, "const a = await f f();\nconst b = g(a);\n");
    assert.equal(at("swap-tokens")?.text, "const a = await (f);\nconst b = g(a);\n");
  });

  it("delete, duplicate and swap lines", () => {
    assert.equal(at("delete-line")?.text, "const b = g(a);\n");
    assert.equal(at("duplicate-line", 0.9)?.text, "const a = await f();\nconst b = g(a);\nconst b = g(a);\n");
    assert.equal(at("swap-lines")?.text, "const b = g(a);\nconst a = await f();\n");
  });

  it("insert keywords, braces and loops", () => {
    // Mostly before an identifier, `this`, `new`, `(` or `[`: here a, f, (, b, g, (, a.
    assert.equal(at("insert-await", 0.5, 0.1)?.text, "const a = await f();\nconst await b = g(a);\n");
    assert.equal(at("insert-await", 0.6, 0.1)?.text, "const a = await f();\nconst b = await g(a);\n");
    assert.equal(at("insert-close-brace")?.text, "const a = await }f();\nconst b = g(a);\n");
    assert.equal(at("wrap-lines-in-loop")?.text, "for (const x of xs) {\nconst a = await f();\nconst b = g(a);\n}\n");
    assert.equal(applyMutation("  a();\n  b()", { kind: "wrap-lines-in-loop", a: 0.9, b: 0 })?.text, "  a();\n  for (const x of xs) {\n  b()\n  }");
  });

  it("truncate, and change line breaks, BOM and non-ASCII text", () => {
    assert.equal(at("truncate", 0.5)?.text, "const a = await f(");
    assert.equal(at("insert-crlf")?.text, "const a = await f();\r\nconst b = g(a);\n");
    assert.equal(at("crlf-everywhere")?.text, "const a = await f();\r\nconst b = g(a);\r\n");
    assert.deepEqual(at("insert-bom", 0, 0), { text: "\uFEFF" + TEXT, note: "BOM at the start" });
    assert.equal(at("insert-non-ascii", 0.6, 0.1)?.text, 'const a = await f();\nconst ñame = "Ωμέγα 😀";\nconst b = g(a);\n');
  });

  it("insert code the rules look for, lines of another fixture, and comments", () => {
    assert.deepEqual(at("insert-snippet", 0.6, 0.2), {
      text: "const a = await f();\nfor (const item of items) {\n  await save(item);\n}\nconst b = g(a);\n",
      note: 'insert snippet "for (const item of items) {\\n  await save…" before line 2:1',
    });
    const donor = { name: "donor.js", text: "one();\ntwo();\nthree();\n" };
    assert.deepEqual(applyMutation(TEXT, { kind: "insert-donor-lines", a: 0.6, b: 0.4, donor }), {
      text: "const a = await f();\ntwo();\nthree();\nconst b = g(a);\n",
      note: "insert lines 2–3 of donor.js before line 2:1",
    });
    assert.equal(at("insert-comment", 0.3, 0.25)?.text, "const a = await /* fuzz 250 */ f();\nconst b = g(a);\n");
    assert.equal(at("insert-comment", 0.3, 0.75)?.text, "const a = await // fuzz 750\nf();\nconst b = g(a);\n");
  });

  it("say when a mutation finds nothing to change", () => {
    assert.deepEqual(applyMutations("", [{ kind: "swap-lines", a: 0, b: 0 }]), { text: "", notes: ["swap-lines: no target"], steps: [] });
  });
});

describe("cases", () => {
  it("are the same for the same seed and index, and differ across indexes", () => {
    const corpus = loadCorpus();
    const one = makeCase(corpus, 7, 42);
    assert.deepEqual(makeCase(corpus, 7, 42), one);
    assert.notDeepEqual(makeCase(corpus, 7, 43), one);
    assert.ok(one.mutations.length >= 1 && one.mutations.length <= 4);
  });

  it("draw evenly enough to reach every fixture", () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[rng.int(4)]++;
    for (const c of counts) assert.ok(c > 900 && c < 1100, `bucket of ${c} out of 4000`);
  });
});

describe("checks", () => {
  const fix = (edits: { start: number; end: number; text: string }[], newFiles?: { path: string; text: string }[]) => ({ title: "t", safe: true, edits, newFiles });

  it("catch a fix that is out of range, changes nothing, or breaks the syntax", () => {
    assert.equal(fixProblem("/a.ts", TEXT, fix([{ start: 0, end: 99, text: "" }]))?.property, "fix does not apply");
    assert.equal(fixProblem("/a.ts", TEXT, fix([{ start: 0, end: 5, text: "const" }]))?.property, "fix changes nothing");
    assert.equal(fixProblem("/a.ts", TEXT, fix([{ start: 0, end: 5, text: "const {" }]))?.property, "fix output does not parse");
    assert.equal(fixProblem("/a.ts", TEXT, fix([{ start: 0, end: 5, text: "let" }], [{ path: "/w.mjs", text: "export {" }]))?.property, "fix's new file does not parse");
    assert.equal(fixProblem("/a.ts", TEXT, fix([{ start: 0, end: 5, text: "let" }], [{ path: "/w.mjs", text: "export {};" }])), undefined);
  });

  it("catch a comment the fixes lost, wherever the others went", () => {
    const before = "// head\nf(/* a */ x); /* b */\n";
    assert.deepEqual(lostComments(before, ["// head\nawait g(/* a */ x);\n", "/*   b */"]), []);
    assert.deepEqual(lostComments(before, ["// head\nawait g(x); /* b */\n"]), ["/* a */"]);
    assert.deepEqual(lostComments("/* a */ /* a */", ["/* a */"]), ["/* a */"]);
  });

  it("catch a finding range outside the text or backwards", () => {
    const finding = (sl: number, sc: number, el: number, ec: number) => ({
      rule: "sync-io" as const,
      file: "/a.ts",
      range: { start: { line: sl, column: sc }, end: { line: el, column: ec } },
      severity: "warning" as const,
      message: "m",
      fixes: [],
    });
    assert.equal(rangeProblem(TEXT, finding(1, 1, 2, 16)), undefined);
    assert.equal(rangeProblem(TEXT, finding(3, 1, 3, 1)), undefined);
    assert.match(rangeProblem(TEXT, finding(1, 1, 2, 17)) ?? "", /past the end of its line/);
    assert.match(rangeProblem(TEXT, finding(1, 1, 4, 1)) ?? "", /past the last line/);
    assert.match(rangeProblem(TEXT, finding(2, 1, 1, 3)) ?? "", /after end/);
    assert.match(rangeProblem("a\r\nb", finding(1, 1, 1, 3)) ?? "", /past the end of its line/);
  });
});
