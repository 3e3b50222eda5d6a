/**
 * An in-process scan keeps what the report needs and no more: the findings it holds until the
 * report is printed must not keep their file's text (or tree) alive. Measured on the heap after a
 * full collection: 24 files of 1 MB each with one finding apiece cost ~24 MB if each finding's
 * strings still point into its file's text, next to nothing when they do not.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { analyzeInProcess } from "../../server/src/cli/pool";
import { defaultConfig } from "../../server/src/engine/config";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const FILES = 24;
const dir = mkdtempSync(join(tmpdir(), "looplens-memory-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** About 1 MB of comment lines (unique per file), then code with one sync-io finding. */
function bigFile(i: number): string {
  const padding = Array.from({ length: 16_000 }, (_, line) => `// file ${i} padding line ${line} ${"x".repeat(40)}\n`).join("");
  return `${padding}import { readFileSync } from "node:fs";\nexport async function load${i}(path: string) {\n  return readFileSync(path, "utf8");\n}\n`;
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe("memory held by a scan", () => {
  it("the findings kept for the report do not hold their files' text", () => {
    const tasks = Array.from({ length: FILES }, (_, i) => {
      const path = join(dir, `big-${i}.ts`);
      writeFileSync(path, bigFile(i));
      return { index: i, path, config: 0 };
    });
    const before = heapAfterGc();
    const results = analyzeInProcess(tasks, [defaultConfig()], []);
    const held = heapAfterGc() - before;
    assert.deepEqual(
      results.map((r) => r.findings.map((f) => `${f.rule} ${f.sourceLine}`)),
      tasks.map(() => ['sync-io return readFileSync(path, "utf8");']),
    );
    const textBytes = bigFile(0).length * FILES;
    assert.ok(held < textBytes / 4, `the findings hold ${(held / 1e6).toFixed(1)} MB; the files' text is ${(textBytes / 1e6).toFixed(1)} MB`);
  });
});
