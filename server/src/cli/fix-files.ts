/**
 * The files `looplens fix` covers: the ones `scan` would analyse for the same paths (folders
 * walked honouring .gitignore, node_modules skipped, no symlink leading out), each with its
 * settings and the real path of the scanned root it came from, so no write lands outside it.
 */
import { realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { loadConfig } from "../engine/config";
import type { FileError, LoopLensConfig } from "../engine/types";
import { ScanInputError } from "./scan";
import { comparePaths, errorCode, isExplicitSource, walkDirectory } from "./walk";

export interface FixFile {
  path: string;
  config: LoopLensConfig;
  /** Real path of the folder (or the file) named on the command line that covers this file. */
  root: string;
  rootIsDirectory: boolean;
}

export interface FixFiles {
  files: FixFile[];
  errors: FileError[];
  /** Each root's settings, with where they came from. */
  settings: { config: LoopLensConfig; source?: string }[];
}

export function collectFixFiles(paths: readonly string[], cwd: string): FixFiles {
  const errors: FileError[] = [];
  const chosen = new Map<string, FixFile>();
  const settings: FixFiles["settings"] = [];
  for (const arg of paths) {
    const path = resolve(cwd, arg);
    let isDirectory: boolean;
    let real: string;
    try {
      isDirectory = statSync(path).isDirectory();
      real = realpathSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ScanInputError(code === "ENOENT" || code === "ENOTDIR" ? `no such file or directory: ${arg}` : `cannot read ${arg} (${errorCode(e)})`);
    }
    const loaded = loadConfig(isDirectory ? path : dirname(path));
    settings.push(loaded);
    const add = (file: string) => {
      if (!chosen.has(file)) chosen.set(file, { path: file, config: loaded.config, root: real, rootIsDirectory: isDirectory });
    };
    if (isDirectory) {
      const walked = walkDirectory(path);
      errors.push(...walked.errors);
      walked.files.forEach(add);
    } else if (isExplicitSource(path)) {
      add(path);
    } else {
      errors.push({ file: path, message: "not a JavaScript or TypeScript source file: skipped" });
    }
  }
  const files = [...chosen.values()].sort((a, b) => comparePaths(a.path, b.path));
  return { files, errors, settings };
}

/** The real path a fix may write for `file`, or undefined when it lies outside the root it was found under. */
export function writablePath(file: FixFile): string | undefined {
  let real: string;
  try {
    real = realpathSync(file.path);
  } catch {
    return undefined;
  }
  if (!file.rootIsDirectory) return real === file.root ? real : undefined;
  const rel = relative(file.root, real);
  return rel !== "" && rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel) ? real : undefined;
}
