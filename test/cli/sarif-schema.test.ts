import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Ajv from "ajv-draft-04";
import { makeTree, MIXED_SAMPLE, REPO, removeTree, runCli } from "./helpers";

// The official SARIF 2.1.0 (rtm.5) schema, as shipped in Microsoft's jest-sarif package.
const SCHEMA = join(REPO, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");

interface SarifLog {
  version: string;
  runs: { results: unknown[]; invocations: { toolExecutionNotifications: unknown[] }[] }[];
}

describe("sarif output against the official SARIF 2.1.0 schema", () => {
  const root = makeTree({ "src/mixed.ts": MIXED_SAMPLE, "src/broken.js": "const = ;\n" });
  after(() => removeTree(root));

  it("validates, findings and tool notifications included", () => {
    const run = runCli(["scan", ".", "--format", "sarif"], { cwd: root });
    assert.equal(run.code, 1, run.stderr);
    const log = JSON.parse(run.stdout) as SarifLog;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile<SarifLog>(JSON.parse(readFileSync(SCHEMA, "utf8")));
    const ok = validate(log);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(validate({ ...log, version: "2.0.0" }), false, "the validator rejects a wrong version");
    assert.ok(log.runs[0].results.length > 0, "the sample has findings");
    assert.ok(log.runs[0].invocations[0].toolExecutionNotifications.length > 0, "the broken file is reported");
  });
});
