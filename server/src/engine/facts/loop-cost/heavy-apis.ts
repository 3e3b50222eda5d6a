/** Synchronous calls known to be CPU-heavy per call: codecs, compression, key derivation, compilers. */
import type { HeavyKind } from "./types";

/** Sync CPU-heavy calls by module: which paths match, what kind of work, and whether Node's own `*Sync` API. */
export const HEAVY_APIS: { module: string; match: (path: string[]) => boolean; kind: HeavyKind; nodeSyncApi?: boolean }[] = [
  { module: "crypto", match: (p) => p.length === 1 && /^(pbkdf2Sync|scryptSync|generateKeyPairSync)$/.test(p[0]), kind: "key derivation", nodeSyncApi: true },
  { module: "zlib", match: (p) => p.length === 1 && /Sync$/.test(p[0]), kind: "compression", nodeSyncApi: true },
  { module: "bcrypt", match: (p) => p.length === 1 && /^(hashSync|compareSync|genSaltSync)$/.test(p[0]), kind: "key derivation" },
  { module: "bcryptjs", match: (p) => p.length === 1 && /^(hashSync|compareSync|genSaltSync)$/.test(p[0]), kind: "key derivation" },
  { module: "jpeg-js", match: (p) => p.length === 1 && /^(decode|encode)$/.test(p[0]), kind: "image codec" },
  { module: "pngjs", match: (p) => p.length >= 2 && p[p.length - 2] === "sync" && /^(read|write)$/.test(p[p.length - 1]), kind: "image codec" },
  { module: "upng-js", match: (p) => p.length === 1 && /^(decode|encode|toRGBA8)$/.test(p[0]), kind: "image codec" },
  { module: "bmp-js", match: (p) => p.length === 1 && /^(decode|encode)$/.test(p[0]), kind: "image codec" },
  { module: "pako", match: (p) => p.length === 1 && /^(deflate|inflate|gzip|ungzip|deflateRaw|inflateRaw)$/.test(p[0]), kind: "compression" },
  { module: "fflate", match: (p) => p.length === 1 && /Sync$|^(gzip|gunzip|zlib|unzlib|deflate|inflate|zip|unzip)Sync$/.test(p[0]), kind: "compression" },
  { module: "xlsx", match: (p) => (p.length === 1 && /^(read|write)$/.test(p[0])) || (p[0] === "utils" && /^sheet_to_|_to_sheet$/.test(p[1] ?? "")), kind: "spreadsheet codec" },
  { module: "esbuild", match: (p) => p.length === 1 && /^(transformSync|buildSync)$/.test(p[0]), kind: "compilation" },
  { module: "@babel/core", match: (p) => p.length === 1 && /^(transformSync|transformFileSync|transformFromAstSync|parseSync)$/.test(p[0]), kind: "compilation" },
  { module: "sass", match: (p) => p.length === 1 && /^(compile|compileString|renderSync)$/.test(p[0]), kind: "compilation" },
  { module: "typescript", match: (p) => p.length === 1 && /^(transpileModule|transpile)$/.test(p[0]), kind: "compilation" },
  { module: "uglify-js", match: (p) => p.length === 1 && p[0] === "minify", kind: "compilation" },
];

/** Every last name HEAVY_APIS can match, to skip resolving other callees. */
export const HEAVY_NAMES = new Set([
  "pbkdf2Sync", "scryptSync", "generateKeyPairSync", "hashSync", "compareSync", "genSaltSync", "decode", "encode", "toRGBA8", "read", "write",
  "deflate", "inflate", "gzip", "ungzip", "deflateRaw", "inflateRaw", "transformSync", "buildSync", "transformFileSync", "transformFromAstSync",
  "parseSync", "compile", "compileString", "renderSync", "transpileModule", "transpile", "minify",
]);

export const HASH_FACTORIES = new Set(["createHash", "createHmac"]);
