#!/usr/bin/env node
"use strict";
/**
 * The `looplens` command, and the script each scan worker thread starts from: loads the bundled
 * CLI (out/cli.js). The bundle carries the TypeScript compiler, some 10 MB of JavaScript that V8
 * needs ~0.3 s of CPU to compile in every process and again in every worker thread. A V8 code
 * cache (the bytecode of an earlier run, as the v8-compile-cache package keeps it) skips most of
 * that. It is keyed by the bundle's content and V8's version and flags, lives in the user's cache
 * folder, and is only an optimisation: any problem with it and the bundle loads as usual.
 * LOOPLENS_CODE_CACHE=0 turns it off; with --enable-source-maps the bundle loads the usual way so
 * Node can map stack traces to the TypeScript sources.
 */
const { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const cli = join(__dirname, "..", "out", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write("looplens: the CLI is not built yet — run `npm install` (or `npm run build`) in " + join(__dirname, "..") + "\n");
  process.exit(2);
}
// Scan workers start from this file too, so they load the bundle from the cache as well.
globalThis[Symbol.for("looplens.launcher")] = __filename;

const sourceMapped = process.execArgv.includes("--enable-source-maps") || process.sourceMapsEnabled === true || /--enable-source-maps/.test(process.env.NODE_OPTIONS ?? "");
if (process.env.LOOPLENS_CODE_CACHE === "0" || sourceMapped || !loadWithCodeCache(cli)) require(cli);

/** Runs `file` as a CommonJS module compiled with a V8 code cache; false when it could not even start. */
function loadWithCodeCache(file) {
  let source, script, cacheFile, cached;
  const vm = require("node:vm");
  const Module = require("node:module");
  try {
    source = readFileSync(file, "utf8");
    cacheFile = cachePath(file, source);
    try {
      if (cacheFile) cached = readFileSync(cacheFile);
    } catch {
      // no cache yet
    }
    script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  } catch {
    return false;
  }
  const { isMainThread } = require("node:worker_threads");
  const state = !cacheFile ? "off (no writable cache folder)" : !cached ? "missing" : script.cachedDataRejected ? "rejected" : "used";
  if (process.env.LOOPLENS_DEBUG && isMainThread) process.stderr.write(`looplens: code cache ${state}${cacheFile ? `: ${cacheFile}` : ""}\n`);
  if (cacheFile && isMainThread && (!cached || script.cachedDataRejected)) {
    // Written at exit, so the cache also holds the functions this run compiled lazily.
    process.once("exit", () => saveCache(script, cacheFile));
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  require.cache[file] = mod;
  script.runInThisContext({ displayErrors: true }).call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return true;
}

/** `<cache dir>/<bundle path hash>-<content hash>-<V8 tag>.v8cache`, or undefined when there is no usable folder. */
function cachePath(file, source) {
  const { createHash } = require("node:crypto");
  const { cachedDataVersionTag } = require("node:v8");
  const dir = cacheDir();
  if (!dir) return undefined;
  const hash = (s) => createHash("sha256").update(s).digest("hex").slice(0, 16);
  return join(dir, `${hash(file).slice(0, 8)}-${hash(source)}-${cachedDataVersionTag()}.v8cache`);
}

/** The user's cache folder; a private folder under the temp dir when there is no home. */
function cacheDir() {
  const os = require("node:os");
  const home = process.env.XDG_CACHE_HOME || (os.homedir() && join(os.homedir(), ".cache"));
  const candidates = [home && join(home, "looplens"), join(os.tmpdir(), `looplens-${process.getuid?.() ?? os.userInfo().username}`)];
  for (const dir of candidates) {
    if (!dir) continue;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Bytecode is code: never load it from a folder someone else owns or could have swapped.
      const st = lstatSync(dir);
      if (st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid())) return dir;
    } catch {
      // not writable here: try the next place
    }
  }
  return undefined;
}

/** Writes the cache atomically and drops this bundle's older caches. Never fails the command. */
function saveCache(script, cacheFile) {
  try {
    const data = script.createCachedData();
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, cacheFile);
    const dir = dirname(cacheFile);
    const prefix = cacheFile.slice(dir.length + 1, dir.length + 10);
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith(".v8cache") && join(dir, f) !== cacheFile) rmSync(join(dir, f), { force: true });
  } catch {
    // a read-only or full disk costs the next run its speed-up, nothing else
  }
}
