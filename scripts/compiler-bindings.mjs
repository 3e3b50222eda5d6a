// An esbuild plugin for the bundles: plain bindings for the TypeScript compiler (see below).
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { dirname, sep } from "node:path";

const require = createRequire(import.meta.url);

/** The TypeScript compiler that ts-morph ships and re-exports as its `ts`. */
const COMPILER = require.resolve("@ts-morph/common/dist/typescript.js", { paths: [dirname(require.resolve("ts-morph"))] });
const compiler = require(COMPILER);
const SOURCES = `${sep}server${sep}src${sep}`;

/**
 * The engine walks raw compiler nodes and asks `ts.isX(node)` / `ts.SyntaxKind.X` millions of times
 * per scan. Through ts-morph each such read climbs four layers of getters (esbuild's CJS interop,
 * ts-morph's re-export, its namespace copy, the compiler's own CJS export), and a module that only
 * needs `ts` still loads all of ts-morph. So, in the bundle only:
 * - a source file that imports nothing but `ts` (and types) from "ts-morph" gets the compiler
 *   module itself, with every export a plain binding, so `ts.isIdentifier` compiles to a direct
 *   reference (the same object ts-morph hands out; a file that needs Project gets real ts-morph);
 * - `ts.SyntaxKind.X` and `ts.NodeFlags.X` become the enum's number, as TypeScript's own
 *   `const enum`s would.
 */
export function compilerBindings() {
  const names = Object.keys(compiler).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== "default");
  return {
    name: "compiler-bindings",
    setup(b) {
      b.onResolve({ filter: /^looplens:compiler-exports$/ }, () => ({ path: "compiler-exports", namespace: "looplens" }));
      b.onLoad({ filter: /^compiler-exports$/, namespace: "looplens" }, () => ({
        contents: `const compiler = require(${JSON.stringify(COMPILER)});\n` + names.map((n) => `export const ${n} = compiler.${n};`).join("\n") + "\n",
        loader: "js",
        resolveDir: dirname(COMPILER),
      }));
      b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (!args.path.includes(SOURCES)) return undefined;
        const text = await readFile(args.path, "utf8");
        return { contents: rewriteSource(text), loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
      });
    },
  };
}

const ENUMS = { SyntaxKind: compiler.SyntaxKind, NodeFlags: compiler.NodeFlags };

/** One engine source as the bundle compiles it: `ts` straight from the compiler, enum members as numbers. */
export function rewriteSource(text) {
  const rewired = importsOnlyTs(text) ? text.replace(TS_MORPH_IMPORT, compilerImport) : text;
  const numbered = (whole, e, member) => {
    const value = ENUMS[e][member];
    return typeof value === "number" ? `${value} /* ${e}.${member} */` : whole;
  };
  // Hot modules read an enum once (`const SyntaxKind = ts.SyntaxKind;`: unbundled, under tsx, every
  // `ts.x` read is a getter); their `SyntaxKind.X` become numbers all the same. (First: the
  // numbers' comments name the members too.)
  let out = rewired;
  for (const e of Object.keys(ENUMS)) {
    if (new RegExp(`^const ${e} = ts\\.${e};$`, "m").test(out)) out = out.replace(new RegExp(`(?<![\\w$.])(${e})\\.([A-Za-z]\\w*)\\b`, "g"), numbered);
  }
  return out.replace(/\bts\.(SyntaxKind|NodeFlags)\.([A-Za-z]\w*)\b/g, numbered);
}

const TS_MORPH_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*["']ts-morph["'];?/g;

/** `ts` and type names imported by one `import { … } from "ts-morph"`. */
function importedNames(braces) {
  return braces.split(",").map((s) => s.trim()).filter(Boolean);
}

/** True when every value imported from "ts-morph" is `ts` (`import { ts, type X } from "ts-morph"`). */
function importsOnlyTs(source) {
  // Anchored at a line start, so prose in a comment ("… import them …") is never read as an import.
  if (/^\s*import\s+(?!type\s*\{)(?!\{)[^;]*from\s*["']ts-morph["']/m.test(source) || /require\(\s*["']ts-morph["']\s*\)/.test(source)) return false;
  let sawTs = false;
  for (const m of source.matchAll(TS_MORPH_IMPORT)) {
    if (m[1]) continue;
    for (const name of importedNames(m[2])) {
      if (name === "ts") sawTs = true;
      else if (!name.startsWith("type ")) return false;
    }
  }
  return sawTs;
}

/** `import { ts, type X } from "ts-morph"` → the compiler as a namespace import, types still from ts-morph. */
function compilerImport(whole, typeOnly, braces) {
  if (typeOnly) return whole;
  const types = importedNames(braces).filter((n) => n !== "ts");
  // As many lines as before, so the source map keeps every later line where it was.
  const lineBreaks = "\n".repeat(whole.split("\n").length - 1);
  return `import * as ts from "looplens:compiler-exports";` + (types.length ? ` import { ${types.join(", ")} } from "ts-morph";` : "") + lineBreaks;
}
