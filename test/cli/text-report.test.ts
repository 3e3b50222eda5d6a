import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { CLEAN_SAMPLE, makeTree, removeTree, runCli, SYNC_IO_SAMPLE } from "./helpers";

const ESC = "\u001b[";

describe("scan --format text", () => {
  const dir = makeTree({
    "src/b.ts": SYNC_IO_SAMPLE,
    "src/a.ts": SYNC_IO_SAMPLE + `export async function again(p: string) {\n  return readFileSync(p);\n}\n`,
    "src/ok.ts": CLEAN_SAMPLE,
    "src/broken.js": "function (\n",
  });
  const clean = makeTree({ "ok.ts": CLEAN_SAMPLE });
  after(() => [dir, clean].forEach(removeTree));

  it("groups findings under each file's path relative to the working directory, then errors, then a summary", () => {
    const r = runCli(["scan"], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "");
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "src/a.ts");
    assert.match(lines[1], /^ {2}3:10 {2}warning {2}\S.* {2}sync-io$/);
    assert.match(lines[2], /^ {2}6:10 {2}warning {2}\S.* {2}sync-io$/);
    assert.equal(lines[3], "");
    assert.equal(lines[4], "src/b.ts");
    assert.match(lines[5], /^ {2}3:10 {2}warning {2}.* {2}sync-io$/);
    assert.equal(lines[6], "");
    assert.match(lines[7], /1 error/);
    assert.match(lines[8], /^ {2}src\/broken\.js {2}syntax error at /);
    assert.equal(lines[9], "");
    assert.match(lines[10], /^✖ 3 problems \(3 sync-io\) in 2 files · 4 files scanned in \d+(ms|\.\ds) · 1 error$/);
    assert.equal(lines.length, 11);
    assert.ok(!r.stdout.includes(ESC), "no colour when stdout is not a terminal");
  });

  it("says so when there is nothing to report", () => {
    const r = runCli(["scan", "."], { cwd: clean });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^✔ no problems · 1 file scanned in \d+(ms|\.\ds)\n$/);
  });

  it("shows absolute paths for files outside the working directory", () => {
    const r = runCli(["scan", dir]);
    assert.ok(r.stdout.split("\n").includes(`${dir}/src/a.ts`), r.stdout);
  });

  it("colours with FORCE_COLOR=1; FORCE_COLOR=0 and NO_COLOR keep it plain", () => {
    const forced = runCli(["scan"], { cwd: dir, env: { FORCE_COLOR: "1" } });
    assert.ok(forced.stdout.includes(`${ESC}33mwarning`), "severity in yellow");
    assert.ok(forced.stdout.includes(`${ESC}4msrc/a.ts`), "file header underlined");
    const off = runCli(["scan"], { cwd: dir, env: { FORCE_COLOR: "0" } });
    assert.ok(!off.stdout.includes(ESC));
    const noColor = runCli(["scan"], { cwd: dir, env: { NO_COLOR: "1" } });
    assert.ok(!noColor.stdout.includes(ESC));
  });
});
