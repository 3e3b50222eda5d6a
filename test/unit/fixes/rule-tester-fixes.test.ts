/** The rule tester's checks on fixes: a fix must change the code and leave it parseable. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding, Fix } from "../../../server/src/engine/types";
import { applyPreferredFixes, checkFix } from "../../rule-tester";

const code = "const a = 1;\nconst b = 2;\n";
const fix = (...edits: [number, number, string][]): Fix => ({ title: "t", safe: true, edits: edits.map(([start, end, text]) => ({ start, end, text })) });
const finding = (...fixes: Fix[]): Finding => ({
  rule: "sequential-await",
  file: "/virtual/src/app.ts",
  range: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
  severity: "warning",
  message: "m",
  fixes,
});

describe("rule tester fix checks", () => {
  it("accepts a fix that changes the code into code that parses", () => {
    assert.equal(checkFix("/virtual/src/app.ts", code, fix([6, 7, "x"])), "const x = 1;\nconst b = 2;\n");
  });

  it("rejects a fix that changes nothing", () => {
    assert.throws(() => checkFix("/virtual/src/app.ts", code, fix([6, 7, "a"])), /changes nothing/);
    assert.throws(() => checkFix("/virtual/src/app.ts", code, fix()), /changes nothing/);
  });

  it("rejects a fix whose output does not parse", () => {
    assert.throws(() => checkFix("/virtual/src/app.ts", code, fix([12, 12, " {"])), /does not parse \(syntax error at 3:1/);
    // Parsed as the file's language: `<T>x` is a type assertion in .ts, unclosed JSX in .js.
    assert.throws(() => checkFix("/virtual/src/app.js", code, fix([10, 10, "<number>"])), /does not parse/);
    assert.doesNotThrow(() => checkFix("/virtual/src/app.ts", code, fix([10, 10, "<number>"])));
  });

  it("applies every finding's preferred fix together, and fails when they overlap", () => {
    const findings = [finding(fix([6, 7, "x"]), fix([0, 12, ""])), finding(), finding(fix([19, 20, "y"]))];
    assert.equal(applyPreferredFixes(code, findings), "const x = 1;\nconst y = 2;\n");
    assert.throws(() => applyPreferredFixes(code, [finding(fix([0, 7, ""])), finding(fix([6, 8, ""]))]), /overlap/);
  });
});
