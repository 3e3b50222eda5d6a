import assert from "node:assert/strict";
import { relative } from "node:path";
import { describe, it } from "node:test";
import { REPO, scanJson } from "./helpers";

// The README's quick start scans this workspace and shows its findings; keep the two in step.
describe("the bundled sample workspace", () => {
  it("gives the findings the README shows, and leaves startup code and the script alone", () => {
    const { run, report } = scanJson(["examples/sample-workspace"]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(report.errors, []);
    const got = report.findings.map((f) => `${relative(REPO, f.file)}:${f.range.start.line} ${f.rule}`);
    assert.deepEqual(got, [
      "examples/sample-workspace/src/jobs/sync-prices.ts:6 await-in-loop",
      "examples/sample-workspace/src/jobs/sync-prices.ts:14 unbuffered-write",
      "examples/sample-workspace/src/lib/digest.js:6 sync-io",
      "examples/sample-workspace/src/routes/orders.js:11 sequential-await",
      "examples/sample-workspace/src/routes/orders.js:18 sequential-await",
      "examples/sample-workspace/src/routes/orders.js:20 cpu-heavy-loop",
      "examples/sample-workspace/src/routes/orders.js:21 sync-io",
    ]);
  });
});
