/** `looplens fix` driven as a user would: diffs, writes, safety, idempotence and exit codes. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BIN, ensureBuilt, MIXED_SAMPLE, runCli, scanJson, SEQUENTIAL_AWAIT_SAMPLE, tempTrees } from "./helpers";

const FIXED_SAMPLE = SEQUENTIAL_AWAIT_SAMPLE.replace("const x = await a();\n  const y = await b();", "const [x, y] = await Promise.all([a(), b()]);");
const SAMPLE_DIFF = `--- a/src/seq.ts
+++ b/src/seq.ts
@@ -1,7 +1,6 @@
 declare function a(): Promise<number>;
 declare function b(): Promise<number>;
 export async function f() {
-  const x = await a();
-  const y = await b();
+  const [x, y] = await Promise.all([a(), b()]);
   return x + y;
 }
`;
/** Nothing any fix can do: operands of `+`. */
const UNFIXABLE = "export async function h(x) {\n  return x + (await a()) + (await b());\n}\n";

const tree = tempTrees();

describe("looplens fix", () => {
  it("prints a unified diff by default and writes nothing", () => {
    const dir = tree({ "src/seq.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const r = runCli(["fix"], { cwd: dir });
    assert.equal(r.stdout, SAMPLE_DIFF);
    assert.match(r.stderr, /^looplens: 1 fix in 1 file shown as a diff; run with --write to apply\n/);
    assert.match(r.stderr, /no problems/);
    assert.equal(r.code, 0, "nothing would remain unfixed");
    assert.equal(readFileSync(join(dir, "src/seq.ts"), "utf8"), SEQUENTIAL_AWAIT_SAMPLE);
    const explicit = runCli(["fix", "--dry-run", "src"], { cwd: dir });
    assert.deepEqual([explicit.code, explicit.stdout], [r.code, r.stdout]);
  });

  it("--write rewrites the file, reports it, and a second run changes nothing", () => {
    const dir = tree({ "src/seq.ts": SEQUENTIAL_AWAIT_SAMPLE, "src/clean.ts": "export const x = 1;\n" });
    const first = runCli(["fix", "--write"], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^fixed src\/seq\.ts {2}1 sequential-await\n\n.*no problems · 2 files scanned/s);
    assert.equal(readFileSync(join(dir, "src/seq.ts"), "utf8"), FIXED_SAMPLE);
    const stamp = statSync(join(dir, "src/seq.ts")).mtimeMs;

    const second = runCli(["fix", "--write"], { cwd: dir });
    assert.equal(second.code, 0);
    assert.doesNotMatch(second.stdout, /fixed/);
    assert.equal(readFileSync(join(dir, "src/seq.ts"), "utf8"), FIXED_SAMPLE);
    assert.equal(statSync(join(dir, "src/seq.ts")).mtimeMs, stamp, "an unchanged file is not rewritten");
    assert.equal(runCli(["fix"], { cwd: dir }).stdout, "", "nothing left to show");
  });

  it("keeps the BOM, CRLF line ends, the file mode and every untouched byte", () => {
    const body = "export async function f(id: string) {\r\n  const a: number = await getA(id); // é\r\n  const b: string = await getB(id);\r\n  return [a, b];\r\n}";
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, "utf8")]);
    const dir = tree({ "src/bom.ts": bytes });
    chmodSync(join(dir, "src/bom.ts"), 0o640);
    const r = runCli(["fix", "--write", "src/bom.ts"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const expected = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from("export async function f(id: string) {\r\n  // é\r\n  const [a, b]: [number, string] = await Promise.all([getA(id), getB(id)]);\r\n  return [a, b];\r\n}", "utf8"),
    ]);
    assert.deepEqual(readFileSync(join(dir, "src/bom.ts")), expected);
    assert.equal(statSync(join(dir, "src/bom.ts")).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(join(dir, "src")), ["bom.ts"], "no temporary file left behind");
  });

  it("exit 1 and the remaining findings when some cannot be fixed; the rest is fixed", () => {
    const dir = tree({ "src/seq.ts": SEQUENTIAL_AWAIT_SAMPLE, "src/left.js": UNFIXABLE });
    const r = runCli(["fix", "--write"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^fixed src\/seq\.ts/);
    assert.match(r.stdout, /src\/left\.js\n {2}2:14 +warning +2 independent awaits/);
    assert.equal(readFileSync(join(dir, "src/left.js"), "utf8"), UNFIXABLE);
    assert.equal(readFileSync(join(dir, "src/seq.ts"), "utf8"), FIXED_SAMPLE);
    const dry = runCli(["fix"], { cwd: dir });
    assert.equal(dry.code, 1, "the dry run counts what would remain");
    assert.equal(dry.stdout, "");
  });

  it("--rule limits the fixes to that rule", () => {
    const dir = tree({ "src/mixed.ts": MIXED_SAMPLE });
    const r = runCli(["fix", "--write", "--rule", "sync-io"], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^fixed src\/mixed\.ts {2}1 sync-io\n/);
    // The sequential awaits stay as they were.
    const syncIoFixed = MIXED_SAMPLE.replace('import { readFileSync } from "node:fs";', 'import { readFile } from "node:fs/promises";').replace("return readFileSync(", "return await readFile(");
    assert.equal(readFileSync(join(dir, "src/mixed.ts"), "utf8"), syncIoFixed);
  });

  it("refuses to write a file that changed after it was read", async () => {
    const dir = tree({ "src/seq.ts": SEQUENTIAL_AWAIT_SAMPLE });
    const file = join(dir, "src/seq.ts");
    const r = await runCliRacing(["fix", "--write"], dir, { LOOPLENS_TEST_PAUSE_BEFORE_WRITE_MS: "1500" }, () => appendFileSync(file, "// edited meanwhile\n"));
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /src\/seq\.ts {2}changed since it was read: not written \(run fix again\)/);
    assert.match(r.stdout, /1 problem \(1 sequential-await\)/);
    assert.equal(readFileSync(file, "utf8"), SEQUENTIAL_AWAIT_SAMPLE + "// edited meanwhile\n");
    assert.deepEqual(readdirSync(join(dir, "src")), ["seq.ts"], "the staged copy is removed");
  });

  it("writes through a symlink named on the command line to the real file, keeping the link", () => {
    const dir = tree({ "real/seq.ts": SEQUENTIAL_AWAIT_SAMPLE });
    symlinkSync(join(dir, "real/seq.ts"), join(dir, "link.ts"));
    const r = runCli(["fix", "--write", "link.ts"], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(lstatSync(join(dir, "link.ts")).isSymbolicLink());
    assert.equal(readFileSync(join(dir, "real/seq.ts"), "utf8"), FIXED_SAMPLE);
  });

  it("reports but never rewrites a file that is not UTF-8, and skips one that does not parse", () => {
    const latin1 = Buffer.concat([Buffer.from("// caf"), Buffer.from([0xe9]), Buffer.from("\n" + SEQUENTIAL_AWAIT_SAMPLE)]);
    const dir = tree({ "src/latin1.ts": latin1, "src/broken.ts": "export const = ;\n" });
    const r = runCli(["fix", "--write"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual(readFileSync(join(dir, "src/latin1.ts")), latin1);
    assert.match(r.stdout, /src\/latin1\.ts {2}not UTF-8: reported, not fixed/);
    assert.match(r.stdout, /src\/broken\.ts {2}syntax error at 1:14/);
  });

  it("usage errors exit 2", () => {
    for (const args of [["fix", "--write", "--dry-run"], ["fix", "--format", "json"], ["fix", "--rule", "nope"], ["fix", "--write=yes"]]) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, /^looplens: .+\nUsage: looplens scan .*\n {7}looplens fix /, args.join(" "));
    }
    const missing = runCli(["fix", "no/such/dir"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory: no\/such\/dir/);
  });

  it("--help documents fix and its default", () => {
    const r = runCli(["fix", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /fix \[paths\.\.\.\] +apply the preferred fix/);
    assert.match(r.stdout, /by default \(--dry-run\)/);
  });
});

describe("fixes in the scan report", () => {
  it("a sequential-await finding lists its fix with title and safety", () => {
    const dir = tree({ "src/seq.ts": SEQUENTIAL_AWAIT_SAMPLE, "src/left.js": UNFIXABLE });
    const { report } = scanJson([dir]);
    const byFile = Object.fromEntries(report.findings.map((f) => [f.file.slice(dir.length + 1), f.fixes]));
    assert.deepEqual(byFile, {
      "src/left.js": [],
      "src/seq.ts": [{ title: "Run the 2 awaits together with Promise.all", safe: true }],
    });
  });
});

/** Runs the CLI and calls `meanwhile` once it says it is about to write. */
function runCliRacing(args: string[], cwd: string, env: Record<string, string>, meanwhile: () => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  ensureBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    let done = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (!done && /test hook: pausing/.test(stderr)) {
        done = true;
        meanwhile();
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
