/** The fuzzer's seed texts: every source file of the test fixtures, in a fixed order. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isSourceFile } from "../../server/src/engine/parse";

export const REPO = resolve(__dirname, "..", "..");
const ROOTS = ["test/fixtures/corpus", "test/fixtures/corpus-holdout", "test/fixtures/runnable", "test/e2e/fixtures"];

export interface SeedFile {
  /** Absolute path: the analyser reads a file's role (CLI script, worker, route…) from it. */
  path: string;
  /** Relative to the repository, for reports. */
  name: string;
  text: string;
}

export function loadCorpus(): SeedFile[] {
  const out: SeedFile[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isSourceFile(p)) out.push({ path: p, name: relative(REPO, p), text: readFileSync(p, "utf8") });
    }
  };
  for (const root of ROOTS) walk(join(REPO, root));
  return out;
}

/** The same file under another extension, so TS is read as TSX and CommonJS or ESM as plain `.js`. */
export function renamed(path: string, variant: number): string {
  const swaps: Record<string, string[]> = { ".ts": [".tsx", ".mts", ".cts"], ".js": [".jsx", ".mjs", ".cjs"], ".mjs": [".js", ".jsx"], ".cjs": [".js"], ".mts": [".ts", ".tsx"] };
  const ext = /\.[cm]?[jt]sx?$/.exec(path)?.[0] ?? "";
  const options = swaps[ext];
  if (!options) return path;
  return path.slice(0, path.length - ext.length) + options[variant % options.length];
}
