/**
 * Blocking Node APIs that have a non-blocking counterpart, looked up by the module and member
 * path a call resolves to (never by a name ending in "Sync": `store.readFileSync()` on a user
 * object is not fs's).
 */
import { ts } from "ts-morph";
import type { FileFacts } from "./file-facts";
import { CallNames } from "./named-calls";
import type { ApiRef } from "./node-apis";

export type BlockingCategory =
  /** Reads or writes a file by path: fs.readFileSync, fs.mkdirSync… */
  | "fs-path"
  /** Works on an open file descriptor: fs.writeSync(fd), fs.readSync(fd)… */
  | "fs-fd"
  /** A bare existence check that returns a boolean; its async form changes control flow. */
  | "fs-exists"
  /** Runs a child process to completion. */
  | "process"
  /** Compresses or decompresses a whole buffer on the main thread. */
  | "zlib"
  /** Key derivation, key/prime generation: CPU work the async form moves to the thread pool. */
  | "crypto"
  /** Walks directory trees. */
  | "glob";

export interface BlockingApi {
  /** How messages name the call: "fs.readFileSync", "execSync (execa)". */
  label: string;
  /** What to use instead, phrased to follow "use": "await readFile from node:fs/promises". */
  counterpart: string;
  category: BlockingCategory;
  /** The module the call resolved to ("fs", "fs-extra", …) and its member path. */
  ref: ApiRef;
  /** Blocking in form only: microseconds of work (an HKDF, a symmetric key), not worth an async detour. */
  cheap: boolean;
}

interface Entry {
  counterpart: string;
  category: BlockingCategory;
  cheap?: boolean;
}

const FS_PROMISES = "node:fs/promises";

/** fs.*Sync taking a path (or two), with the fs/promises function of the same shape. */
const FS_PATH_SYNC: Record<string, string> = {
  accessSync: "access",
  appendFileSync: "appendFile",
  chmodSync: "chmod",
  chownSync: "chown",
  copyFileSync: "copyFile",
  cpSync: "cp",
  globSync: "glob",
  lchmodSync: "lchmod",
  lchownSync: "lchown",
  linkSync: "link",
  lstatSync: "lstat",
  lutimesSync: "lutimes",
  mkdirSync: "mkdir",
  mkdtempSync: "mkdtemp",
  openSync: "open",
  opendirSync: "opendir",
  readdirSync: "readdir",
  readFileSync: "readFile",
  readlinkSync: "readlink",
  realpathSync: "realpath",
  "realpathSync.native": "realpath",
  renameSync: "rename",
  rmdirSync: "rmdir",
  rmSync: "rm",
  statSync: "stat",
  statfsSync: "statfs",
  symlinkSync: "symlink",
  truncateSync: "truncate",
  unlinkSync: "unlink",
  utimesSync: "utimes",
  writeFileSync: "writeFile",
};

/** fs.*Sync taking a file descriptor, with the FileHandle method that replaces it. */
const FS_FD_SYNC: Record<string, string> = {
  closeSync: "close",
  fchmodSync: "chmod",
  fchownSync: "chown",
  fdatasyncSync: "datasync",
  fstatSync: "stat",
  fsyncSync: "sync",
  ftruncateSync: "truncate",
  futimesSync: "utimes",
  readSync: "read",
  readvSync: "readv",
  writeSync: "write",
  writevSync: "writev",
};

/** fs-extra's own synchronous helpers; its promise API has the same name without "Sync". */
const FS_EXTRA_SYNC = [
  "copySync",
  "emptyDirSync",
  "emptydirSync",
  "ensureFileSync",
  "createFileSync",
  "ensureDirSync",
  "mkdirsSync",
  "mkdirpSync",
  "ensureLinkSync",
  "createLinkSync",
  "ensureSymlinkSync",
  "createSymlinkSync",
  "moveSync",
  "outputFileSync",
  "outputJsonSync",
  "outputJSONSync",
  "readJsonSync",
  "readJSONSync",
  "writeJsonSync",
  "writeJSONSync",
  "removeSync",
  "pathExistsSync",
];

function fsTable(promisesModule: string): Map<string, Entry> {
  const t = new Map<string, Entry>();
  for (const [sync, async] of Object.entries(FS_PATH_SYNC)) t.set(sync, { counterpart: `await ${async} from ${promisesModule}`, category: "fs-path" });
  for (const [sync, method] of Object.entries(FS_FD_SYNC)) {
    t.set(sync, { counterpart: `await handle.${method}() on a FileHandle from ${FS_PROMISES} open()`, category: "fs-fd" });
  }
  t.set("existsSync", { counterpart: `await access from ${FS_PROMISES} (it rejects when the path is missing)`, category: "fs-exists" });
  return t;
}

function promisified(module: string, fn: string, extra = ""): Entry["counterpart"] {
  return `await promisify(${fn}) from node:${module}${extra}`;
}

function namedTable(entries: Record<string, string>, category: BlockingCategory): Map<string, Entry> {
  return new Map(Object.entries(entries).map(([k, counterpart]) => [k, { counterpart, category }]));
}

const FS = fsTable(FS_PROMISES);

const FS_EXTRA = new Map(FS);
for (const sync of FS_EXTRA_SYNC) {
  const async = sync.slice(0, -"Sync".length);
  FS_EXTRA.set(sync, { counterpart: `await ${async} from fs-extra`, category: sync === "pathExistsSync" ? "fs-exists" : "fs-path" });
}

const CHILD_PROCESS = namedTable(
  {
    execSync: promisified("child_process", "exec"),
    execFileSync: promisified("child_process", "execFile"),
    spawnSync: "spawn from node:child_process and await its 'close' event",
  },
  "process",
);

const ZLIB = namedTable(
  Object.fromEntries(
    ["deflate", "deflateRaw", "gzip", "gunzip", "inflate", "inflateRaw", "unzip", "brotliCompress", "brotliDecompress", "zstdCompress", "zstdDecompress"].map((fn) => [
      `${fn}Sync`,
      promisified("zlib", fn, " (it runs on the thread pool), or a zlib stream"),
    ]),
  ),
  "zlib",
);

const CRYPTO = namedTable(
  Object.fromEntries(
    ["pbkdf2", "scrypt", "randomFill", "generateKeyPair", "generateKey", "generatePrime", "checkPrime", "hkdf"].map((fn) => [
      `${fn}Sync`,
      promisified("crypto", fn, " (it runs on the thread pool)"),
    ]),
  ),
  "crypto",
);
// A few HMACs, or random bytes for a symmetric key: the thread-pool round trip costs more than the work.
for (const cheap of ["hkdfSync", "generateKeySync"]) CRYPTO.set(cheap, { ...CRYPTO.get(cheap)!, cheap: true });

/** Packages whose synchronous entry points block the same way. */
const PACKAGES: Record<string, Map<string, Entry>> = {
  fs: FS,
  "graceful-fs": FS,
  "fs-extra": FS_EXTRA,
  child_process: CHILD_PROCESS,
  zlib: ZLIB,
  crypto: CRYPTO,
  glob: namedTable({ sync: "await glob from glob", globSync: "await glob from glob" }, "glob"),
  "fast-glob": namedTable({ sync: "await fg() from fast-glob", globSync: "await glob from fast-glob" }, "glob"),
  globby: namedTable({ sync: "await globby from globby", globbySync: "await globby from globby" }, "glob"),
  execa: namedTable({ sync: "await execa", execaSync: "await execa", commandSync: "await execaCommand", execaCommandSync: "await execaCommand" }, "process"),
  "cross-spawn": namedTable({ sync: "cross-spawn's async spawn and await its 'close' event" }, "process"),
  rimraf: namedTable({ sync: "await rimraf", rimrafSync: "await rimraf" }, "fs-path"),
  mkdirp: namedTable({ sync: "await mkdirp", mkdirpSync: "await mkdirp" }, "fs-path"),
  del: namedTable({ sync: "await deleteAsync from del", deleteSync: "await deleteAsync from del" }, "fs-path"),
  jsonfile: namedTable({ readFileSync: "await readFile from jsonfile", writeFileSync: "await writeFile from jsonfile" }, "fs-path"),
};

const NODE_BUILTIN = new Set(["fs", "child_process", "zlib", "crypto"]);

/** The blocking API `ref` names, if any. `fs.promises.*` and callback forms are not blocking. */
export function lookupBlockingApi(ref: ApiRef | undefined): BlockingApi | undefined {
  if (!ref || ref.path.length === 0) return undefined;
  const table = PACKAGES[ref.module];
  if (!table) return undefined;
  const key = ref.path.join(".");
  const entry = table.get(key);
  if (!entry) return undefined;
  const label = NODE_BUILTIN.has(ref.module) ? `${ref.module}.${key}` : `${key} (${ref.module})`;
  return { label, counterpart: entry.counterpart, category: entry.category, ref, cheap: !!entry.cheap };
}

/** Every name a member path of the table ends in (or passes through): what a blocking call's callee can be called. */
const BLOCKING_NAMES = new CallNames(new Set(Object.values(PACKAGES).flatMap((t) => [...t.keys()].flatMap((k) => k.split(".")))), ["ync", "native"]);
/**
 * A call reaches one of these modules only through an import or require naming it, so a file whose
 * text names none of them (`"fs"`, `'node:zlib'`, `` `execa` ``) holds no blocking call.
 */
const BLOCKING_MODULE_SPECIFIER = new RegExp(`["'\`](?:node:)?(?:${Object.keys(PACKAGES).join("|")})["'\`]`);

/** Per-file answers: which calls are blocking API calls. */
export class BlockingApiFacts {
  private readonly cache = new Map<ts.CallExpression, BlockingApi | undefined>();
  private candidateCalls?: ts.CallExpression[];

  constructor(private readonly file: FileFacts) {}

  /** The calls that may be blocking API calls (named like one), in source order; `of()` says which are. */
  candidates(): ts.CallExpression[] {
    if (!this.candidateCalls) {
      const calls = BLOCKING_NAMES.callsIn(this.file.sf);
      this.candidateCalls = calls.length && BLOCKING_MODULE_SPECIFIER.test(this.file.text) ? calls : [];
    }
    return this.candidateCalls;
  }

  of(call: ts.CallExpression): BlockingApi | undefined {
    if (this.cache.has(call)) return this.cache.get(call);
    const api = lookupBlockingApi(this.file.apis.callee(call));
    this.cache.set(call, api);
    return api;
  }
}
