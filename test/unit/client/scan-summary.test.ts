import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scanSummary } from "../../../client/src/scan-summary";

const result = { report: "", files: 6, findings: 7, errors: 0, cancelled: false };

describe("the workspace scan's summary message", () => {
  it("counts problems and scanned files", () => {
    assert.equal(scanSummary(result), "LoopLens: 7 problems in 6 files scanned.");
    assert.equal(scanSummary({ ...result, files: 1, findings: 1 }), "LoopLens: 1 problem in 1 file scanned.");
    assert.equal(scanSummary({ ...result, findings: 0 }), "LoopLens: no problems in 6 files scanned.");
  });

  it("names files that could not be analysed", () => {
    assert.equal(scanSummary({ ...result, errors: 1 }), "LoopLens: 7 problems in 6 files scanned. 1 file could not be analysed.");
    assert.equal(scanSummary({ ...result, errors: 2 }), "LoopLens: 7 problems in 6 files scanned. 2 files could not be analysed.");
  });

  it("says how far a cancelled scan got", () => {
    assert.equal(scanSummary({ ...result, cancelled: true, files: 3, findings: 2 }), "LoopLens: scan cancelled after 3 files — 2 problems so far.");
  });
});
