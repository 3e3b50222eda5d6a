/**
 * Builds the hostile workspace of issue 6 in a temp folder: real project files (copied from the
 * labelled corpus) next to every kind of file a messy repository holds — binary bytes named `.js`,
 * a 4 MB one-line bundle, 50,000-deep nesting, a file cut mid-edit, Latin-1, NULs, empty files,
 * `.d.ts`, symlink loops, a FIFO, a folder named `x.js`, an unreadable file — each with what a scan
 * must say about it. The same generator builds the tree of the normal files alone, so a test can
 * check the bad files cost the good ones nothing.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { transformSync } from "esbuild";

const CORPUS = join(__dirname, "..", "fixtures", "corpus");
/** Corpus projects copied under app/: servers, jobs, a scraper — findings of every rule. */
const NORMAL_PROJECTS = ["api-server", "queue-worker", "scraper", "koa-gateway", "log-processor"];
export const DEPTH = 50_000;
const BUNDLE_BYTES = 4 * 1024 * 1024;

/** What a scan must say about one bad path (relative to the tree's root). */
export type Expectation =
  /** Named in `errors` with a message matching `message`, no findings. */
  | { path: string; kind: "error"; message: RegExp }
  /** Scanned: no error, and exactly these rules' findings (none for a clean file). */
  | { path: string; kind: "scanned"; rules: string[] }
  /** Not a file to scan (declaration file, FIFO, link out of the tree or into a loop): neither a finding nor an error. */
  | { path: string; kind: "absent" };

export interface HostileTree {
  root: string;
  /** Relative paths of the corpus copies under app/. */
  normalFiles: string[];
  expectations: Expectation[];
  /** Files a scan covers: the normal ones and every `error` or `scanned` one. */
  scannedCount: number;
}

const SEQUENTIAL = `declare function a(): Promise<number>;
declare function b(): Promise<number>;
export async function f() {
  const x = await a();
  const y = await b();
  return x + y;
}
`;
const SYNC_IO = `import { readFileSync } from "node:fs";
export async function load(path: string) {
  return readFileSync(path, "utf8");
}
`;
const PACKAGE_JSON = JSON.stringify({ name: "hostile", private: true, dependencies: { express: "^4.0.0" } }, null, 2) + "\n";

/** A temp folder with the normal files only, laid out as in the hostile tree. */
export function buildNormalTree(): HostileTree {
  const root = mkdtempSync(join(tmpdir(), "looplens-normal-"));
  writeFileSync(join(root, "package.json"), PACKAGE_JSON);
  const normalFiles = copyCorpus(root);
  return { root, normalFiles, expectations: [], scannedCount: normalFiles.length };
}

export function buildHostileTree(seed = 6): HostileTree {
  const root = mkdtempSync(join(tmpdir(), "looplens-hostile-"));
  writeFileSync(join(root, "package.json"), PACKAGE_JSON);
  const normalFiles = copyCorpus(root);
  const random = mulberry32(seed);
  const expectations: Expectation[] = [];
  const put = (path: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const error = (path: string, content: string | Buffer, message: RegExp) => (put(path, content), expectations.push({ path, kind: "error", message }));
  const scanned = (path: string, content: string | Buffer, rules: string[]) => (put(path, content), expectations.push({ path, kind: "scanned", rules }));

  // Random bytes: a NUL in the first 8 KiB marks them binary; without one they read as Latin-1 noise.
  const noise = Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256)));
  noise[100] = 0;
  error("hostile/binary.js", noise, /^binary content, not source text: skipped$/);
  error("hostile/noise.ts", Buffer.from(noise.map((b) => (b === 0 ? 1 : b))), /^syntax error at \d+:\d+: .+: skipped$/);

  error("hostile/bundle.min.js", minifiedBundle(BUNDLE_BYTES), /^minified code \(\d+ KiB on one line\): skipped$/);
  // One 2 MB line: a string literal, as in an inlined asset.
  scanned("hostile/huge-line.js", `export const asset = "${"QUJD".repeat(512 * 1024)}";`, []);
  // Left-nested chains parse without recursion, so the tree is 50,000 deep but parses: the engine's walks must cope.
  scanned("hostile/deep-chain.js", `export const sum = ${Array.from({ length: DEPTH }, (_, i) => `a${i}`).join(" + ")};\n`, []);

  // One level a line where a line of `{` would look minified (and be skipped as such before parsing).
  const tooDeep = /^nesting too deep to parse \(more than the parser's stack allows\): skipped$/;
  error("hostile/deep-arrays.js", `export const x = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)};\n`, tooDeep);
  error("hostile/deep-parens.js", `export const x = ${"(".repeat(DEPTH)}1${")".repeat(DEPTH)};\n`, tooDeep);
  error("hostile/deep-functions.js", `${"async function f() { await g();\n".repeat(DEPTH)}${"}".repeat(DEPTH)}\n`, tooDeep);
  error("hostile/deep-blocks.ts", `${"{\n".repeat(DEPTH)}${"}\n".repeat(DEPTH)}`, tooDeep);
  error("hostile/deep-ifs.mjs", `${"if (a) ".repeat(DEPTH)}b();\n`, tooDeep);
  error("hostile/deep-objects.cjs", `module.exports = ${"{ a:\n".repeat(DEPTH)}1${"\n}".repeat(DEPTH)};\n`, tooDeep);

  // Saved mid-edit: a corpus file cut inside a statement.
  const orders = readFileSync(join(CORPUS, "api-server/src/routes/orders.ts"), "utf8");
  error("hostile/mid-edit.ts", orders.slice(0, orders.indexOf("await", orders.length / 2) + "await".length) + " (", /^syntax error at \d+:\d+: .+: skipped$/);

  scanned("hostile/latin1.ts", Buffer.concat([Buffer.from("// caf"), Buffer.from([0xe9]), Buffer.from(" cr\xe8me\n", "latin1"), Buffer.from(SEQUENTIAL)]), ["sequential-await"]);
  scanned("hostile/empty.js", "", []);
  scanned("hostile/blank.ts", "\n\n   \r\n\t\n", []);
  const withNul = Buffer.from(SYNC_IO);
  error("hostile/nul-middle.ts", Buffer.concat([withNul.subarray(0, 60), Buffer.from([0]), withNul.subarray(60)]), /^binary content, not source text: skipped$/);
  // Past the 8 KiB probe a NUL is text to the decoder and an invalid character to the parser.
  error("hostile/late-nul.ts", `${"// padding line\n".repeat(1024)}export const a = 1;\u0000\n`, /^syntax error at 1025:\d+: .+: skipped$/);
  scanned("hostile/x.js/inside.ts", SYNC_IO, ["sync-io"]);
  scanned("hostile/ünïcödé ✓.ts", SEQUENTIAL, ["sequential-await"]);

  put("hostile/types.d.ts", "export declare function f(): Promise<void>;\n");
  expectations.push({ path: "hostile/types.d.ts", kind: "absent" });
  mkdirSync(join(root, "hostile/loop"), { recursive: true });
  symlinkSync("..", join(root, "hostile/loop/up"));
  symlinkSync(".", join(root, "hostile/loop/self"));
  symlinkSync("/dev/zero", join(root, "hostile/dev-zero.js"));
  symlinkSync("nowhere.js", join(root, "hostile/dangling.js"));
  execFileSync("mkfifo", [join(root, "hostile/fifo.js")]);
  for (const path of ["hostile/loop/up", "hostile/loop/self", "hostile/dev-zero.js", "hostile/dangling.js", "hostile/fifo.js"]) expectations.push({ path, kind: "absent" });

  // Root reads anything: the case only exists for other users.
  if (process.getuid?.() !== 0) {
    error("hostile/unreadable.js", SYNC_IO, /^cannot read \(permission denied\): skipped$/);
    chmodSync(join(root, "hostile/unreadable.js"), 0o000);
  }
  const scannedCount = normalFiles.length + expectations.filter((e) => e.kind !== "absent").length;
  return { root, normalFiles, expectations, scannedCount };
}

export function removeTree(tree: HostileTree): void {
  rmSync(tree.root, { recursive: true, force: true });
}

function copyCorpus(root: string): string[] {
  const copied: string[] = [];
  for (const project of NORMAL_PROJECTS) {
    for (const file of filesUnder(join(CORPUS, project))) {
      const rel = join("app", project, relative(join(CORPUS, project), file));
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      copyFileSync(file, join(root, rel));
      copied.push(rel);
    }
  }
  return copied.sort();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * A webpack-style bundle on one line: every corpus module minified by esbuild (template literals
 * lowered, so no string spans lines) and wrapped as a module function, repeated under new ids
 * until it reaches `bytes`.
 */
export function minifiedBundle(bytes: number): string {
  const modules: string[] = [];
  for (const f of filesUnder(CORPUS).filter((f) => /\.[cm]?[jt]s$/.test(f))) {
    try {
      modules.push(transformSync(readFileSync(f, "utf8").replace(/^#!.*/, ""), { loader: "ts", minify: true, format: "cjs", supported: { "template-literal": false } }).code.replace(/\n/g, ""));
    } catch {
      // Top-level await has no CommonJS form: such a script is left out of the bundle.
    }
  }
  const parts: string[] = [];
  let size = 0;
  for (let round = 0; size < bytes; round++) {
    for (const [i, code] of modules.entries()) {
      const part = `${JSON.stringify(`m${round}_${i}`)}:function(module,exports,require){${code}}`;
      parts.push(part);
      size += part.length + 1;
    }
  }
  return `(()=>{var __modules={${parts.join(",")}};for(var k in __modules)__modules[k]({exports:{}},{},require)})();`;
}

/** A small seeded generator: the same tree on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
