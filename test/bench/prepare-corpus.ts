/**
 * The benchmark corpus: a published npm package with its bundled dependencies, fetched with
 * `npm pack`, extracted once into a cache directory outside the repository and reused.
 *
 * Every tool under test skips `node_modules` by default (LoopLens by contract, ESLint and oxlint by
 * their own defaults), so the corpus is a copy in which each `node_modules` path segment is renamed
 * `deps`: all contestants then see the same files. Only hand-written JavaScript is copied (.js
 * .cjs .mjs): the bundled `.d.ts` files would be read by LoopLens and oxlint but not by ESLint's
 * default parser, and oxlint always skips `*.min.js`; the benchmark is about the same files for
 * everyone. Each package.json `type` is recorded, so ESLint can be told which `.js` files are ES
 * modules (it does not read package.json itself, and parses them as CommonJS otherwise).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const DEFAULT_PACKAGE = "npm@10.9.2";
const JS_FILE = /\.(?:js|cjs|mjs)$/i;
const MINIFIED = /\.min\.[cm]?js$/i;
/** Bumped when the corpus layout or summary changes, so a cache from an older harness is rebuilt. */
const FORMAT = 2;

export interface Corpus {
  /** The package spec it came from, e.g. "npm@10.9.2". */
  spec: string;
  dir: string;
  files: number;
  lines: number;
  bytes: number;
  /** Module type declared by each package.json, by directory relative to the corpus ("" = root). */
  packageTypes: Record<string, "module" | "commonjs">;
}

type Summary = Omit<Corpus, "dir"> & { format: number };

export function cacheRoot(): string {
  return process.env.LOOPLENS_BENCH_DIR || join(homedir(), ".cache", "looplens-bench");
}

/** Returns the prepared corpus for `spec`, fetching and building it on first use. */
export function prepareCorpus(spec: string, log: (line: string) => void): Corpus {
  const root = join(cacheRoot(), spec.replace(/[^\w.@-]+/g, "_"));
  const dir = join(root, "corpus");
  const summaryFile = join(root, "corpus.json");
  // The summary is written last, so its presence means a complete corpus (an interrupted run rebuilds).
  if (existsSync(summaryFile) && existsSync(dir)) {
    const { format, ...summary } = JSON.parse(readFileSync(summaryFile, "utf8")) as Summary;
    if (format === FORMAT) return { ...summary, dir };
  }

  mkdirSync(root, { recursive: true });
  const tarball = fetchTarball(spec, root, log);
  const extracted = join(root, "extracted");
  rmSync(extracted, { recursive: true, force: true });
  mkdirSync(extracted);
  execFileSync("tar", ["-xzf", tarball, "-C", extracted]);

  log(`building the corpus in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const tally: Tally = { files: 0, lines: 0, bytes: 0, packageTypes: {} };
  copyJavaScript(join(extracted, "package"), dir, "", tally);
  rmSync(extracted, { recursive: true, force: true });
  const summary: Summary = { format: FORMAT, spec, ...tally };
  writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + "\n");
  return { spec, dir, ...tally };
}

function fetchTarball(spec: string, root: string, log: (line: string) => void): string {
  // Only a finished download is renamed to this name, so an interrupted one is fetched again.
  const target = join(root, "package.tgz");
  if (existsSync(target)) return target;
  log(`fetching ${spec} with npm pack into ${root}`);
  const out = execFileSync("npm", ["pack", spec, "--json", "--pack-destination", root], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const [{ filename }] = JSON.parse(out) as { filename: string }[];
  // npm names a scoped tarball "scope-name-version.tgz"; older npm versions reported the raw name.
  renameSync(join(root, filename.replace(/^@/, "").replace(/\//g, "-")), target);
  return target;
}

type Tally = Pick<Corpus, "files" | "lines" | "bytes" | "packageTypes">;

function copyJavaScript(from: string, to: string, relative: string, tally: Tally): void {
  const type = packageType(join(from, "package.json"));
  if (type) tally.packageTypes[relative] = type;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) {
      const name = entry.name === "node_modules" ? "deps" : entry.name;
      copyJavaScript(source, join(to, name), relative ? `${relative}/${name}` : name, tally);
    } else if (entry.isFile() && JS_FILE.test(entry.name) && !MINIFIED.test(entry.name)) {
      mkdirSync(to, { recursive: true });
      const target = join(to, entry.name);
      copyFileSync(source, target);
      const text = readFileSync(target, "utf8");
      tally.files++;
      tally.bytes += Buffer.byteLength(text);
      tally.lines += text.length === 0 ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    }
    // Symlinks are left out: a packed tarball should hold none, and following one could leave the tree.
  }
}

function packageType(path: string): "module" | "commonjs" | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const { type } = JSON.parse(readFileSync(path, "utf8")) as { type?: unknown };
    return type === "module" || type === "commonjs" ? type : undefined;
  } catch {
    return undefined;
  }
}
