/**
 * Blocking Node calls and the async counterpart that does exactly the same thing, for the sync-io
 * fix. Only pairs whose arguments and result carry over unchanged are here; the rule still reports
 * the others (openSync returns a number where fs/promises open gives a FileHandle; globSync an
 * array where glob gives an async iterator; spawnSync a result object) with advice only.
 */
import type { ApiRef } from "../facts/node-apis";

export type AsyncCounterpart =
  /** `fs.xSync(…)` → `await x(…)` from fs/promises, same arguments, same result. */
  | {
      kind: "fs-promises";
      name: string;
      /** The sync form also takes a file descriptor (a number) first, which fs/promises rejects. */
      takesFd?: boolean;
      /** `{ throwIfNoEntry: false }` makes the sync form return undefined; fs/promises has no such option. */
      statOptions?: boolean;
      /** What differs, for a reviewer to check. */
      caveat?: string;
    }
  /** `execSync(…)` → `(await promisify(exec)(…)).stdout`. */
  | { kind: "exec"; name: "exec" | "execFile" }
  /** `gzipSync(…)` → `await promisify(gzip)(…)`: the callback form takes the same arguments and yields the same result. */
  | {
      kind: "promisify";
      module: "zlib" | "crypto";
      name: string;
      /** @types/node types `promisify(name)` like the sync form (through `__promisify__` or a single signature). */
      typed: boolean;
    };

/** Each sync write finished before anything else ran; two awaited ones from overlapping runs (two requests) can interleave. */
const OVERLAPPING_WRITES = "check no two runs write the same file at once: overlapping writes could now interleave";
const OVERLAPPING_APPENDS = "check no two runs append to the same file at once: overlapping appends could now land out of order";

const FS: Record<string, { name: string; takesFd?: boolean; statOptions?: boolean; caveat?: string }> = {
  accessSync: { name: "access" },
  appendFileSync: { name: "appendFile", takesFd: true, caveat: OVERLAPPING_APPENDS },
  chmodSync: { name: "chmod" },
  chownSync: { name: "chown" },
  copyFileSync: { name: "copyFile", caveat: OVERLAPPING_WRITES },
  cpSync: { name: "cp", caveat: OVERLAPPING_WRITES },
  lchmodSync: { name: "lchmod" },
  lchownSync: { name: "lchown" },
  linkSync: { name: "link" },
  lstatSync: { name: "lstat", statOptions: true },
  lutimesSync: { name: "lutimes" },
  mkdirSync: { name: "mkdir" },
  mkdtempSync: { name: "mkdtemp" },
  opendirSync: { name: "opendir" },
  readdirSync: { name: "readdir" },
  readFileSync: { name: "readFile", takesFd: true },
  readlinkSync: { name: "readlink" },
  realpathSync: { name: "realpath", caveat: "fs/promises realpath resolves like realpathSync.native (check paths on Windows network or substituted drives)" },
  "realpathSync.native": { name: "realpath" },
  renameSync: { name: "rename" },
  rmdirSync: { name: "rmdir" },
  rmSync: { name: "rm" },
  statfsSync: { name: "statfs" },
  statSync: { name: "stat", statOptions: true },
  symlinkSync: { name: "symlink" },
  truncateSync: { name: "truncate", takesFd: true, caveat: OVERLAPPING_WRITES },
  unlinkSync: { name: "unlink" },
  utimesSync: { name: "utimes" },
  writeFileSync: { name: "writeFile", takesFd: true, caveat: OVERLAPPING_WRITES },
};

const ZLIB = ["deflate", "deflateRaw", "gzip", "gunzip", "inflate", "inflateRaw", "unzip", "brotliCompress", "brotliDecompress", "zstdCompress", "zstdDecompress"];

/**
 * crypto functions whose callback form matches the sync form; `typed` where @types/node's
 * promisify keeps the types (overloaded ones such as scrypt lose them, so TS files get no fix).
 */
const CRYPTO: Record<string, boolean> = { pbkdf2: true, generateKeyPair: true, scrypt: false, randomFill: false, generatePrime: false, checkPrime: false };

export function asyncCounterpart(ref: ApiRef): AsyncCounterpart | undefined {
  const key = ref.path.join(".");
  switch (ref.module) {
    case "fs": {
      const e = Object.hasOwn(FS, key) ? FS[key] : undefined;
      return e && { kind: "fs-promises", ...e };
    }
    case "child_process":
      return key === "execSync" ? { kind: "exec", name: "exec" } : key === "execFileSync" ? { kind: "exec", name: "execFile" } : undefined;
    case "zlib": {
      const name = key.replace(/Sync$/, "");
      return key.endsWith("Sync") && ZLIB.includes(name) ? { kind: "promisify", module: "zlib", name, typed: true } : undefined;
    }
    case "crypto": {
      const name = key.replace(/Sync$/, "");
      return key.endsWith("Sync") && Object.hasOwn(CRYPTO, name) ? { kind: "promisify", module: "crypto", name, typed: CRYPTO[name] } : undefined;
    }
    default:
      return undefined;
  }
}
