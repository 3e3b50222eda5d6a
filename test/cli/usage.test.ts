import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseArgs, UsageError } from "../../server/src/cli/args";
import { CLEAN_SAMPLE, makeTree, removeTree, REPO, runCli } from "./helpers";

describe("argument parsing", () => {
  it("reads paths, format and repeated or comma-separated rules", () => {
    assert.deepEqual(parseArgs(["scan"]), { command: "scan", paths: ["."], format: "text", rules: [] });
    assert.deepEqual(parseArgs(["scan", "src", "lib", "--format", "sarif", "--rule", "sync-io", "-r", "sequential-await,sync-io"]), {
      command: "scan",
      paths: ["src", "lib"],
      format: "sarif",
      rules: ["sync-io", "sequential-await"],
    });
    assert.deepEqual(parseArgs(["scan", "--format=json", "--rule=await-in-loop", "-f", "text", "--", "--odd-name"]), {
      command: "scan",
      paths: ["--odd-name"],
      format: "text",
      rules: ["await-in-loop"],
    });
  });

  it("knows --help and --version, globally and after scan", () => {
    for (const a of [["--help"], ["-h"], ["help"], ["scan", "x", "--help"]]) assert.deepEqual(parseArgs(a), { command: "help" }, a.join(" "));
    for (const a of [["--version"], ["-v"], ["scan", "--version"]]) assert.deepEqual(parseArgs(a), { command: "version" }, a.join(" "));
  });

  const usageErrors: [string, string[], RegExp][] = [
    ["no command", [], /missing command/],
    ["an unknown command", ["lint"], /unknown command "lint"/],
    ["an unknown global flag", ["--fast"], /unknown option "--fast"/],
    ["an unknown scan flag", ["scan", ".", "--fast"], /unknown option "--fast"/],
    ["an unknown rule id", ["scan", "--rule", "no-sync"], /unknown rule "no-sync" \(known rules: sequential-await, await-in-loop, sync-io, unbuffered-write, cpu-heavy-loop\)/],
    ["an empty rule list", ["scan", "--rule="], /--rule needs a rule id/],
    ["an unknown format", ["scan", "--format", "xml"], /unknown format "xml" \(use one of text, json, sarif\)/],
    ["a format without value", ["scan", "--format"], /option --format needs a value/],
    ["a flag where a value belongs", ["scan", "--rule", "--format", "json"], /option --rule needs a value/],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseArgs(args), (e: unknown) => e instanceof UsageError && message.test(e.message));
    });
  }
});

describe("looplens command line", () => {
  const dir = makeTree({ "src/ok.ts": CLEAN_SAMPLE });
  after(() => removeTree(dir));

  it("--help prints the usage on stdout and exits 0", () => {
    const r = runCli(["scan", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: looplens scan \[paths\.\.\.\] \[--format text\|json\|sarif\] \[--rule ID\]\.\.\./);
    assert.match(r.stdout, /LOOPLENS_WORKERS/);
    assert.equal(r.stderr, "");
  });

  it("--version prints the package version", () => {
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version;
    assert.deepEqual(runCli(["--version"]), { code: 0, stdout: `${version}\n`, stderr: "" });
  });

  for (const args of [["lint", "."], ["scan", ".", "--rule", "no-sync"], []]) {
    it(`usage errors go to stderr with the usage, exit 2: looplens ${args.join(" ")}`, () => {
      const r = runCli(args, { cwd: dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^looplens: .+\nUsage: looplens scan /);
    });
  }

  it("a path that does not exist stops the scan with exit 2", () => {
    const r = runCli(["scan", join(dir, "nope")]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /no such file or directory: .*nope/);
  });

  it("a malformed LOOPLENS_WORKERS is reported, not guessed at", () => {
    const r = runCli(["scan", dir], { env: { LOOPLENS_WORKERS: "many" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /LOOPLENS_WORKERS must be a whole number/);
  });

  it("defaults to the current folder", () => {
    const r = runCli(["scan", "--format=json", "-r", "sync-io"], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(JSON.parse(r.stdout).stats.files, 1);
  });
});
