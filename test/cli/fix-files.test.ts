import assert from "node:assert/strict";
import { realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { collectFixFiles, writablePath } from "../../server/src/cli/fix-files";
import { CLEAN_SAMPLE, makeTree, removeTree } from "./helpers";

describe("the files fix may write", () => {
  const outside = makeTree({ "elsewhere.ts": CLEAN_SAMPLE });
  const dir = makeTree({ "src/a.ts": CLEAN_SAMPLE, "node_modules/dep/index.js": CLEAN_SAMPLE, "notes.txt": "x" });
  symlinkSync(join(outside, "elsewhere.ts"), join(dir, "src/out.ts"));
  after(() => [dir, outside].forEach(removeTree));

  it("covers what scan covers: no node_modules, no symlink out of the tree", () => {
    const { files } = collectFixFiles(["."], dir);
    assert.deepEqual(files.map((f) => f.path), [join(dir, "src/a.ts")]);
    assert.equal(writablePath(files[0]), realpathSync(join(dir, "src/a.ts")));
  });

  it("refuses a path that resolves outside the folder it was found under", () => {
    const [file] = collectFixFiles(["."], dir).files;
    assert.equal(writablePath({ ...file, path: join(dir, "src/out.ts") }), undefined);
    assert.equal(writablePath({ ...file, path: join(dir, "src/missing.ts") }), undefined);
  });

  it("a file named on the command line may be written through its link, and only that file", () => {
    const { files } = collectFixFiles([join(dir, "src/out.ts")], dir);
    assert.equal(files.length, 1);
    assert.equal(writablePath(files[0]), realpathSync(join(outside, "elsewhere.ts")));
    assert.equal(writablePath({ ...files[0], path: join(dir, "src/a.ts") }), undefined);
  });

  it("names a file that is not source as an error, not a target", () => {
    const { files, errors } = collectFixFiles(["notes.txt"], dir);
    assert.deepEqual(files, []);
    assert.deepEqual(errors, [{ file: join(dir, "notes.txt"), message: "not a JavaScript or TypeScript source file: skipped" }]);
  });
});
