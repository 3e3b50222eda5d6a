/**
 * Fixes that create files: fixText carries them through its passes (a pool shared by two moved
 * functions is created once), a fix whose file may not be created is not applied, and
 * `looplens fix` shows new files as /dev/null diffs, creates them next to the file, reuses an
 * identical one (two files of one folder share the pool) and never writes over a different one.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { defaultConfig } from "../../../server/src/engine/config";
import { fixText } from "../../../server/src/engine/fixes/fix-text";
import { poolModuleText } from "../../../server/src/engine/fixes/worker-pool-module";
import { runCli, tempTrees } from "../../cli/helpers";

const config = defaultConfig();

const hashing = (name: string) => `function ${name}(seed) {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return h;
}
`;

const TWO_FUNCTIONS = `import { createHash } from "node:crypto";

${hashing("stretch")}
${hashing("digest")}
app.get("/a", async (req, res) => res.send(stretch(req.query.s)));
app.get("/b", async (req, res) => res.send(digest(req.query.s)));
`;

const ONE_FUNCTION = (name: string) => `import { createHash } from "node:crypto";

${hashing(name)}
app.get("/${name}", async (req, res) => res.send(${name}(req.query.s)));
`;

describe("fixText with fixes that create files", () => {
  it("moves two functions in two passes, creating the shared pool once", () => {
    const r = fixText("/x/app.mjs", TWO_FUNCTIONS, config, { unsafe: true });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.remaining, []);
    assert.deepEqual(r.applied.map((a) => a.pass), [1, 2]);
    assert.deepEqual(r.newFiles.map((f) => f.path), ["/x/stretch.worker.mjs", "/x/looplens-worker-pool.mjs", "/x/digest.worker.mjs"]);
    assert.equal(r.newFiles[1].text, poolModuleText("esm", false, "\n"));
    assert.equal(
      r.text,
      `import { runInWorker } from "./looplens-worker-pool.mjs";

function stretch(seed) {
  // Runs on a worker thread (stretch.worker.mjs): the loop no longer blocks the event loop.
  return runInWorker("./stretch.worker.mjs", "stretch", [seed]);
}

function digest(seed) {
  // Runs on a worker thread (digest.worker.mjs): the loop no longer blocks the event loop.
  return runInWorker("./digest.worker.mjs", "digest", [seed]);
}

app.get("/a", async (req, res) => res.send(await stretch(req.query.s)));
app.get("/b", async (req, res) => res.send(await digest(req.query.s)));
`,
    );
    // The second pass found the import the first one added.
    assert.equal(r.text.match(/looplens-worker-pool/g)?.length, 1);
  });

  it("does not apply a fix whose file may not be created; the finding stays", () => {
    const r = fixText("/x/app.mjs", ONE_FUNCTION("stretch"), config, { unsafe: true, canCreate: (f) => !f.path.endsWith("stretch.worker.mjs") });
    assert.equal(r.text, ONE_FUNCTION("stretch"));
    assert.deepEqual(r.newFiles, []);
    assert.deepEqual(r.remaining.map((f) => f.rule), ["cpu-heavy-loop"]);
  });

  it("keeps CRLF line endings in the files it creates", () => {
    const r = fixText("/x/app.mjs", ONE_FUNCTION("stretch").replace(/\n/g, "\r\n"), config, { unsafe: true });
    assert.equal(r.newFiles.length, 2);
    for (const f of r.newFiles) assert.doesNotMatch(f.text, /[^\r]\n/, `${f.path} has a bare LF`);
  });
});

describe("looplens fix with new files", () => {
  const tree = tempTrees();

  it("--dry-run shows the new files as /dev/null diffs and creates nothing", () => {
    const dir = tree({ "src/app.mjs": ONE_FUNCTION("stretch") });
    const r = runCli(["fix", "--dry-run", "--unsafe", "src"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^--- a\/src\/app\.mjs\n\+\+\+ b\/src\/app\.mjs\n/m);
    assert.match(r.stdout, /^--- \/dev\/null\n\+\+\+ b\/src\/stretch\.worker\.mjs\n@@ -0,0 \+1,\d+ @@\n\+\/\/ stretch\(\) moved here from app\.mjs/m);
    assert.match(r.stdout, /^--- \/dev\/null\n\+\+\+ b\/src\/looplens-worker-pool\.mjs\n@@ -0,0 \+1,\d+ @@\n/m);
    assert.equal(existsSync(join(dir, "src", "stretch.worker.mjs")), false);
    assert.equal(readFileSync(join(dir, "src", "app.mjs"), "utf8"), ONE_FUNCTION("stretch"));
  });

  it("without --unsafe the move (marked for review) is held back and named", () => {
    const dir = tree({ "src/app.mjs": ONE_FUNCTION("stretch") });
    const r = runCli(["fix", "--write", "src"], { cwd: dir });
    assert.equal(r.code, 1, "the finding stays");
    assert.match(r.stderr, /1 fix marked for review not applied \(src\/app\.mjs:\d+ \(cpu-heavy-loop\)\): check them in the editor, or rerun with --unsafe/);
    assert.equal(readFileSync(join(dir, "src", "app.mjs"), "utf8"), ONE_FUNCTION("stretch"));
    assert.equal(existsSync(join(dir, "src", "stretch.worker.mjs")), false);
  });

  it("--write creates the files next to the source; two files of one folder share the pool", () => {
    const dir = tree({ "src/a.mjs": ONE_FUNCTION("stretch"), "src/b.mjs": ONE_FUNCTION("digest") });
    const r = runCli(["fix", "--write", "--unsafe", "src"], { cwd: dir });
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.equal(r.stdout.match(/^created src\/looplens-worker-pool\.mjs$/gm)?.length, 1, r.stdout);
    assert.match(r.stdout, /^created src\/stretch\.worker\.mjs$/m);
    assert.match(r.stdout, /^created src\/digest\.worker\.mjs$/m);
    assert.equal(readFileSync(join(dir, "src", "looplens-worker-pool.mjs"), "utf8"), poolModuleText("esm", false, "\n"));
    assert.match(readFileSync(join(dir, "src", "b.mjs"), "utf8"), /^import \{ runInWorker \} from "\.\/looplens-worker-pool\.mjs";$/m);
  });

  it("never writes over a file it did not make: that fix is not applied, and the finding stays", () => {
    const dir = tree({ "src/app.mjs": ONE_FUNCTION("stretch"), "src/stretch.worker.mjs": "// mine\n" });
    const r = runCli(["fix", "--write", "--unsafe", "src"], { cwd: dir });
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    assert.doesNotMatch(r.stdout, /^(fixed|created) /m);
    assert.equal(readFileSync(join(dir, "src", "stretch.worker.mjs"), "utf8"), "// mine\n");
    assert.equal(readFileSync(join(dir, "src", "app.mjs"), "utf8"), ONE_FUNCTION("stretch"));
    assert.equal(existsSync(join(dir, "src", "looplens-worker-pool.mjs")), false);
  });

  it("an identical pool already there is used, not created again", () => {
    const dir = tree({ "src/app.mjs": ONE_FUNCTION("stretch") });
    writeFileSync(join(dir, "src", "looplens-worker-pool.mjs"), poolModuleText("esm", false, "\n"));
    const r = runCli(["fix", "--write", "--unsafe", "src"], { cwd: dir });
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^created src\/stretch\.worker\.mjs$/m);
    assert.doesNotMatch(r.stdout, /^created src\/looplens-worker-pool\.mjs$/m);
  });
});
