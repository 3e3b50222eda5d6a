import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { canReindent, commentsOutside, eolAt, indentContinuationLines, indentUnitOf, lineIndentAt } from "../../../server/src/engine/fixes/layout";
import { applyEdits, compatibleFixes, EditConflictError, editsConflict } from "../../../server/src/engine/fixes/text-edits";
import type { Fix } from "../../../server/src/engine/types";

const fix = (title: string, ...edits: [number, number, string][]): Fix => ({ title, safe: true, edits: edits.map(([start, end, text]) => ({ start, end, text })) });

describe("applyEdits", () => {
  it("applies edits given in any order against the original offsets", () => {
    assert.equal(
      applyEdits("0123456789", [
        { start: 8, end: 9, text: "X" },
        { start: 0, end: 2, text: "" },
        { start: 4, end: 4, text: "+" },
      ]),
      "23+4567X9",
    );
  });

  it("puts an insertion before a replacement starting at the same offset, and allows touching ranges", () => {
    assert.equal(
      applyEdits("abcdef", [
        { start: 2, end: 4, text: "XY" },
        { start: 2, end: 2, text: "<" },
        { start: 4, end: 6, text: "Z" },
      ]),
      "ab<XYZ",
    );
  });

  it("rejects overlapping edits, two insertions at one point and edits outside the text", () => {
    const conflicts: [number, number][][] = [
      [[1, 4], [3, 5]],
      [[1, 5], [2, 3]],
      [[2, 2], [2, 2]],
      [[1, 4], [2, 2]],
    ];
    for (const [[s1, e1], [s2, e2]] of conflicts) {
      assert.throws(() => applyEdits("abcdef", [{ start: s1, end: e1, text: "" }, { start: s2, end: e2, text: "" }]), EditConflictError, `${s1}-${e1} vs ${s2}-${e2}`);
    }
    assert.throws(() => applyEdits("abc", [{ start: 2, end: 4, text: "" }]), EditConflictError);
    assert.throws(() => applyEdits("abc", [{ start: 2, end: 1, text: "" }]), EditConflictError);
    assert.equal(editsConflict({ start: 1, end: 3, text: "" }, { start: 3, end: 5, text: "" }), false);
  });
});

describe("compatibleFixes", () => {
  it("takes fixes in order and leaves the ones that overlap a taken one for a later pass", () => {
    const a = fix("a", [0, 3, "A"]);
    const b = fix("b", [2, 5, "B"]);
    const c = fix("c", [5, 6, "C"], [8, 9, "C"]);
    const d = fix("d", [7, 9, "D"]);
    assert.deepEqual(compatibleFixes([a, b, c, d]).map((f) => f.title), ["a", "c"]);
  });

  it("never takes a fix without edits or whose own edits conflict", () => {
    assert.deepEqual(compatibleFixes([fix("empty"), fix("self", [0, 4, "x"], [2, 3, "y"]), fix("ok", [5, 6, "z"])]).map((f) => f.title), ["ok"]);
  });
});

describe("layout", () => {
  it("finds the line ending in use around a position", () => {
    assert.equal(eolAt("a\r\nb\r\nc", 0), "\r\n");
    assert.equal(eolAt("a\nb\r\nc", 0), "\n");
    assert.equal(eolAt("a\r\nlast", 5), "\r\n");
    assert.equal(eolAt("single line", 3), "\n");
  });

  it("reads the indentation of a line and the file's indentation step", () => {
    const text = "function f() {\n    if (x) {\n        y();\n    }\n}\n";
    assert.equal(lineIndentAt(text, text.indexOf("y()")), "        ");
    assert.equal(lineIndentAt(text, text.indexOf("function")), "");
    assert.equal(indentUnitOf(text), "    ");
    assert.equal(indentUnitOf("a {\n\tb;\n\tc {\n\t\td;\n\t}\n}\n"), "\t");
    assert.equal(indentUnitOf("no indentation at all"), "  ");
  });

  it("collects the comments outside the copied spans", () => {
    const text = "const a = /* one */ f(/* kept */); // two\nconst b = g();";
    const copied = [{ start: text.indexOf("f("), end: text.indexOf(");") + 1 }];
    assert.deepEqual(commentsOutside(text, 0, text.length, copied), ["/* one */", "// two"]);
  });

  it("re-indents continuation lines only when no string or template spans a line break", () => {
    const parse = (code: string) => {
      const sf = ts.createSourceFile("x.ts", code, ts.ScriptTarget.Latest, true);
      return { sf, expr: (sf.statements[0] as ts.ExpressionStatement).expression };
    };
    const plain = parse("f({\n  a: 1,\n})");
    assert.equal(canReindent(plain.sf, plain.expr), true);
    const template = parse("f(`\n  a`)");
    assert.equal(canReindent(template.sf, template.expr), false);
    const spans = parse("f(`${x}\n`)");
    assert.equal(canReindent(spans.sf, spans.expr), false);
    assert.equal(indentContinuationLines("f({\r\n  a: 1,\r\n})", "  "), "f({\r\n    a: 1,\r\n  })");
  });
});
