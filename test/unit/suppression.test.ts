import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findSuppressions, isSuppressed } from "../../server/src/engine/suppression";

describe("suppression comments", () => {
  it("ignore-next-line covers only the next line and only the named rules", () => {
    const s = findSuppressions(["a();", "// looplens-ignore-next-line sync-io", "b();", "c();"].join("\n"));
    assert.equal(isSuppressed(s, "sync-io", 3), true);
    assert.equal(isSuppressed(s, "sequential-await", 3), false);
    assert.equal(isSuppressed(s, "sync-io", 4), false);
    assert.equal(isSuppressed(s, "sync-io", 2), false);
  });
  it("a directive without rule ids covers every rule", () => {
    const s = findSuppressions("x();\n  /* looplens-ignore-next-line */\ny();");
    assert.equal(isSuppressed(s, "cpu-heavy-loop", 3), true);
    assert.equal(isSuppressed(s, "await-in-loop", 3), true);
  });
  it("several ids, commas and a reason after --", () => {
    const s = findSuppressions("// looplens-ignore-next-line sync-io, unbuffered-write -- startup only\nz();");
    assert.equal(isSuppressed(s, "sync-io", 2), true);
    assert.equal(isSuppressed(s, "unbuffered-write", 2), true);
    assert.equal(isSuppressed(s, "cpu-heavy-loop", 2), false);
  });
  it("ignore-file covers every line, for the named rules", () => {
    const s = findSuppressions("// looplens-ignore-file await-in-loop\n\nfor (;;) {}\n");
    assert.equal(isSuppressed(s, "await-in-loop", 1), true);
    assert.equal(isSuppressed(s, "await-in-loop", 300), true);
    assert.equal(isSuppressed(s, "sync-io", 3), false);
  });
  it("counts lines correctly across several directives and CRLF", () => {
    const s = findSuppressions("// looplens-ignore-next-line sync-io\r\na();\r\nb();\r\n// looplens-ignore-next-line cpu-heavy-loop\r\nc();\r\n");
    assert.equal(isSuppressed(s, "sync-io", 2), true);
    assert.equal(isSuppressed(s, "cpu-heavy-loop", 5), true);
    assert.equal(isSuppressed(s, "cpu-heavy-loop", 2), false);
  });
});
