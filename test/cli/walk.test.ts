import assert from "node:assert/strict";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { walkDirectory } from "../../server/src/cli/walk";
import { CLEAN_SAMPLE, scanJson, tempTrees } from "./helpers";

const tree = tempTrees();

const x = CLEAN_SAMPLE;
function found(root: string, scanned = root): string[] {
  const { files, errors } = walkDirectory(scanned);
  assert.deepEqual(errors, []);
  return files.map((f) => relative(root, f));
}

describe("file discovery", () => {
  it("takes the source extensions only, not declaration files, in sorted order", () => {
    const dir = tree({
      "b.ts": x, "a.tsx": x, "c.js": x, "d.jsx": x, "e.mjs": x, "f.cjs": x, "g.mts": x, "h.cts": x,
      "types.d.ts": x, "types.d.mts": x, "README.md": x, "data.json": "{}", "sub/z.ts": x, "sub.ts": x,
    });
    assert.deepEqual(found(dir), ["a.tsx", "b.ts", "c.js", "d.jsx", "e.mjs", "f.cjs", "g.mts", "h.cts", "sub.ts", "sub/z.ts"]);
  });

  it("honours .gitignore files, nested ones included, deeper ones winning", () => {
    const dir = tree({
      ".gitignore": "dist/\n*.gen.ts\n# comment\n/only-top.ts\n",
      "app.ts": x, "only-top.ts": x, "x.gen.ts": x, "dist/bundle.js": x,
      "src/.gitignore": "local/\n!keep.gen.ts\n",
      "src/main.ts": x, "src/only-top.ts": x, "src/a.gen.ts": x, "src/keep.gen.ts": x,
      "src/local/secret.ts": x, "src/dist/deep.js": x,
      "src/deeper/.gitignore": "*.js\n",
      "src/deeper/one.ts": x, "src/deeper/two.js": x,
    });
    assert.deepEqual(found(dir), ["app.ts", "src/deeper/one.ts", "src/keep.gen.ts", "src/main.ts", "src/only-top.ts"]);
  });

  it("applies the .gitignore files above the scanned folder up to the git root, and .git/info/exclude", () => {
    const dir = tree({
      ".git/info/exclude": "*.local.ts\n",
      ".gitignore": "packages/app/generated/\n/packages/app/top-anchored.ts\nsnapshots/\n",
      "packages/.gitignore": "*.tmp.ts\n",
      "packages/app/index.ts": x,
      "packages/app/top-anchored.ts": x,
      "packages/app/generated/types.ts": x,
      "packages/app/debug.tmp.ts": x,
      "packages/app/me.local.ts": x,
      "packages/app/snapshots/s.ts": x,
    });
    assert.deepEqual(found(dir, join(dir, "packages/app")), ["packages/app/index.ts"]);
  });

  it("ignores .gitignore files above the git root, and above a folder outside any repository", () => {
    const dir = tree({ ".gitignore": "*.ts\n", "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/a.ts": x, "plain/b.ts": x });
    assert.deepEqual(found(dir, join(dir, "repo")), ["repo/a.ts"]);
    assert.deepEqual(found(dir, join(dir, "plain")), ["plain/b.ts"]);
  });

  it("scans a folder named explicitly even when .gitignore excludes it", () => {
    const dir = tree({ ".git/HEAD": "", ".gitignore": "dist/\n", "dist/out.js": x, "dist/nested/more.js": x });
    assert.deepEqual(found(dir, join(dir, "dist")), ["dist/nested/more.js", "dist/out.js"]);
  });

  it("never enters node_modules or .git, whatever .gitignore says", () => {
    const dir = tree({
      ".gitignore": "!node_modules\n",
      "index.ts": x,
      "node_modules/pkg/index.js": x,
      "packages/a/node_modules/dep/index.js": x,
      ".git/hooks/pre-commit.js": x,
    });
    assert.deepEqual(found(dir), ["index.ts"]);
  });

  it("does not follow directory symlinks, so loops end", () => {
    const dir = tree({
      "src/a.ts": x,
      "src/self": { symlink: "." },
      "src/up": { symlink: ".." },
      "src/ring/one": { symlink: "../ring" },
    });
    assert.deepEqual(found(dir), ["src/a.ts"]);
  });

  it("never follows a symlink out of the tree", () => {
    const outside = tree({ "secret.ts": x, "lib/more.ts": x });
    const dir = tree({ "src/a.ts": x, "src/secret.ts": { symlink: join(outside, "secret.ts") }, "src/lib": { symlink: join(outside, "lib") } });
    assert.deepEqual(found(dir), ["src/a.ts"]);
  });

  it("takes a symlinked file inside the tree once, and not when its target is scanned anyway", () => {
    const dir = tree({
      "real.ts": x,
      "alias.ts": { symlink: "real.ts" },
      "shared/code.txt": x,
      "b-link.ts": { symlink: "shared/code.txt" },
      "a-link.ts": { symlink: "shared/code.txt" },
      "dangling.ts": { symlink: "nowhere.ts" },
      "vendored.ts": { symlink: "node_modules/dep/index.ts" },
      "node_modules/dep/index.ts": x,
    });
    assert.deepEqual(found(dir), ["a-link.ts", "real.ts"]);
  });

  it("reports an unreadable folder and walks on", { skip: process.getuid?.() === 0 ? "running as root: chmod does not stop reads" : false }, () => {
    const dir = tree({ "a.ts": x, "locked/b.ts": x, "z/c.ts": x });
    chmodSync(join(dir, "locked"), 0o000);
    try {
      const { files, errors } = walkDirectory(dir);
      assert.deepEqual(files.map((f) => relative(dir, f)), ["a.ts", "z/c.ts"]);
      assert.equal(errors.length, 1);
      assert.equal(errors[0].file, join(dir, "locked"));
      assert.match(errors[0].message, /permission denied/);
    } finally {
      chmodSync(join(dir, "locked"), 0o755);
    }
  });
});

describe("file discovery through the CLI", () => {
  it("a symlink loop does not hang the scan and adds no files", () => {
    const dir = tree({ "a/x.ts": x, "a/b/loop": { symlink: "../../a" }, "a/c": { symlink: "b" } });
    const { run, report } = scanJson([dir], { timeoutMs: 30_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(report.stats.files, 1);
  });

  it("scans an ignored file that is named explicitly, and skips it in a folder walk", () => {
    const dir = tree({ ".gitignore": "gen.ts\n", "gen.ts": x, "main.ts": x });
    assert.equal(scanJson([dir]).report.stats.files, 1);
    assert.equal(scanJson([join(dir, "gen.ts")]).report.stats.files, 1);
  });

  it("scans an extensionless node script named explicitly", () => {
    const dir = tree({ "bin/tool": "#!/usr/bin/env node\nconsole.log(1);\n" });
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "bin/notes"), "plain text\n");
    const ok = scanJson([join(dir, "bin/tool")]);
    assert.deepEqual([ok.report.stats.files, ok.report.errors], [1, []]);
    const other = scanJson([join(dir, "bin/notes"), join(dir, "empty")]);
    assert.equal(other.report.stats.files, 0);
    assert.match(other.report.errors[0]?.message ?? "", /not a JavaScript or TypeScript source file/);
  });
});
