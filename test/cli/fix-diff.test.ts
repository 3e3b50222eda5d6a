import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitLines, unifiedDiff } from "../../server/src/cli/diff";

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}\n`).join("");

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    assert.equal(unifiedDiff("a\n", "a\n", "a/x", "b/x"), "");
  });

  it("shows a change with three lines of context", () => {
    const before = lines(10);
    const after = before.replace("line 5\n", "line five\nline 5b\n");
    assert.equal(
      unifiedDiff(before, after, "a/x.ts", "b/x.ts"),
      "--- a/x.ts\n+++ b/x.ts\n@@ -2,7 +2,8 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n+line 5b\n line 6\n line 7\n line 8\n",
    );
  });

  it("keeps changes far apart in separate hunks and close ones in one", () => {
    const before = lines(30);
    const far = before.replace("line 3\n", "LINE 3\n").replace("line 25\n", "");
    assert.equal(
      unifiedDiff(before, far, "a", "b"),
      "--- a\n+++ b\n@@ -1,6 +1,6 @@\n line 1\n line 2\n-line 3\n+LINE 3\n line 4\n line 5\n line 6\n@@ -22,7 +22,6 @@\n line 22\n line 23\n line 24\n-line 25\n line 26\n line 27\n line 28\n",
    );
    const close = before.replace("line 3\n", "LINE 3\n").replace("line 9\n", "LINE 9\n");
    assert.match(unifiedDiff(before, close, "a", "b"), /^--- a\n\+\+\+ b\n@@ -1,12 \+1,12 @@\n/);
  });

  it("keeps CRLF line ends in the diff and marks a last line without one", () => {
    assert.equal(unifiedDiff("a\r\nb\r\nc", "a\r\nB\r\nc", "a/f", "b/f"), "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\n\\ No newline at end of file\n");
  });

  it("numbers an insertion into an empty file and a deletion of everything as diff -u does", () => {
    assert.equal(unifiedDiff("", "x\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
    assert.equal(unifiedDiff("x\n", "", "a", "b"), "--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x\n");
  });

  it("splits lines keeping their terminators", () => {
    assert.deepEqual(splitLines("a\r\nb\n\nc"), ["a\r\n", "b\n", "\n", "c"]);
    assert.deepEqual(splitLines(""), []);
  });
});
