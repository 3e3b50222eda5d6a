import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfig } from "../../../server/src/engine/config";
import { FIX_BUILDERS, type FixBuilder } from "../../../server/src/engine/fixes";
import { analyzeWithFixes, fixText, MAX_FIX_PASSES } from "../../../server/src/engine/fixes/fix-text";

const config = defaultConfig();

/** Runs `body` with the sequential-await builder replaced. */
function withBuilder(builder: FixBuilder, body: () => void): void {
  const builders = FIX_BUILDERS as Record<string, FixBuilder>;
  const saved = builders["sequential-await"];
  builders["sequential-await"] = builder;
  try {
    body();
  } finally {
    builders["sequential-await"] = saved;
  }
}

const TWO = `export async function f(id) {
  const a = await getA(id);
  const b = await getB(id);
  return [a, b];
}
`;

describe("analyzeWithFixes", () => {
  it("gives each finding its fixes with edits against the analysed text", () => {
    const { findings, errors } = analyzeWithFixes("/x/a.js", TWO, config);
    assert.deepEqual(errors, []);
    assert.equal(findings.length, 1);
    const [fix] = findings[0].fixes;
    assert.deepEqual(fix.edits, [{ start: TWO.indexOf("const a"), end: TWO.indexOf("\n  return"), text: "const [a, b] = await Promise.all([getA(id), getB(id)]);" }]);
  });
});

describe("fixText", () => {
  it("applies the fixes, reports them, and a second run changes nothing", () => {
    const first = fixText("/x/a.js", TWO, config);
    assert.equal(first.text, TWO.replace("const a = await getA(id);\n  const b = await getB(id);", "const [a, b] = await Promise.all([getA(id), getB(id)]);"));
    assert.deepEqual(first.applied, [{ rule: "sequential-await", title: "Run the 2 awaits together with Promise.all", line: 2, pass: 1 }]);
    assert.equal(first.initial.length, 1);
    assert.deepEqual(first.remaining, []);
    const second = fixText("/x/a.js", first.text, config);
    assert.equal(second.text, first.text);
    assert.deepEqual(second.applied, []);
  });

  it("re-analyses until stable: a group split for size ends as one flat Promise.all", () => {
    const n = 70;
    const code = `export async function f() {\n${Array.from({ length: n }, (_, i) => `  const v${i} = await get${i}();`).join("\n")}\n  return v0;\n}\n`;
    const r = fixText("/x/a.js", code, config);
    assert.equal(r.initial.length, 2, "the rule reports more than 64 awaits in pieces");
    assert.deepEqual(r.applied.map((a) => a.pass), [1, 1, 2]);
    const names = Array.from({ length: n }, (_, i) => `v${i}`).join(", ");
    const calls = Array.from({ length: n }, (_, i) => `    get${i}(),`).join("\n");
    assert.equal(r.text, `export async function f() {\n  const [${names}] = await Promise.all([\n${calls}\n  ]);\n  return v0;\n}\n`);
    assert.deepEqual(r.remaining, []);
  });

  it("keeps what no fix applies to as remaining findings", () => {
    const code = "export async function f(x) {\n  return x + (await a()) + (await b());\n}\n";
    const r = fixText("/x/a.js", code, config);
    assert.equal(r.text, code);
    assert.equal(r.remaining.length, 1);
    assert.equal(r.remaining[0].rule, "sequential-await");
  });

  it("fixes only the rules asked for", () => {
    const r = fixText("/x/a.js", TWO, config, { only: ["sync-io"] });
    assert.equal(r.text, TWO);
    assert.deepEqual(r.initial, []);
  });

  it("never applies a fix whose result does not parse, and says so", () => {
    withBuilder(
      (file, finding) => [{ title: "break it", safe: true, edits: [{ start: finding.node.getStart(file.sf), end: finding.node.getStart(file.sf), text: "{{" }] }],
      () => {
        const r = fixText("/x/a.js", TWO, config);
        assert.equal(r.text, TWO);
        assert.deepEqual(r.applied, []);
        assert.equal(r.remaining.length, 1);
        assert.deepEqual(r.errors.map((e) => e.message), ['fix "break it" for sequential-await at 2:3 would not parse: not applied']);
      },
    );
  });

  it("stops after a bounded number of passes when a fix keeps the finding alive", () => {
    withBuilder(
      (file, finding) => [{ title: "add a blank", safe: true, edits: [{ start: finding.node.getStart(file.sf), end: finding.node.getStart(file.sf), text: " " }] }],
      () => {
        const r = fixText("/x/a.js", TWO, config);
        assert.equal(r.applied.length, MAX_FIX_PASSES);
        assert.equal(r.remaining.length, 1);
      },
    );
  });

  it("applies a fix marked for review only when asked to; a later safe fix is taken instead", () => {
    const insert = (title: string, safe: boolean, text: string): FixBuilder => (file, finding) => [{ title, safe, edits: [{ start: finding.node.getStart(file.sf), end: finding.node.getStart(file.sf), text }] }];
    withBuilder(insert("review me", false, "void 0;\n  "), () => {
      const held = fixText("/x/a.js", TWO, config);
      assert.equal(held.text, TWO);
      assert.deepEqual(held.applied, []);
      assert.deepEqual(held.remaining[0].fixes.map((f) => [f.title, f.safe]), [["review me", false]]);
      const taken = fixText("/x/a.js", TWO, config, { unsafe: true });
      assert.equal(taken.applied[0].title, "review me");
    });
    withBuilder(
      (file, finding) => [...insert("review me", false, "void 0;\n  ")(file, finding, config), ...insert("safe one", true, "void 1;\n  ")(file, finding, config)],
      () => assert.equal(fixText("/x/a.js", TWO, config).applied[0]?.title, "safe one"),
    );
  });
});

