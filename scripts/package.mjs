// `npm run package`: builds fresh bundles into a staging folder and packs looplens-<version>.vsix at the
// repository root from there (vsce, no node_modules: the bundles carry their dependencies). Staging keeps a
// package run from rewriting out/ while a test or the CLI is reading it.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const stage = mkdtempSync(join(tmpdir(), "looplens-package-"));
try {
  // What .vscodeignore lets into the package comes from these; it picks the files.
  for (const entry of ["package.json", "README.md", "LICENSE", ".vscodeignore", "syntaxes", "docs"]) {
    if (existsSync(join(root, entry))) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
  execFileSync(process.execPath, [join(root, "scripts", "build.mjs"), `--outdir=${join(stage, "out")}`], { cwd: root, stdio: "inherit" });
  const vsce = join(root, "node_modules", ".bin", "vsce");
  const out = join(root, `${name}-${version}.vsix`);
  execFileSync(vsce, ["package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out], { cwd: stage, stdio: "inherit" });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
