/**
 * Finds the files a scan covers. Directories are walked honouring .gitignore (nested ones, and the
 * ones above the folder up to the git root), always skipping node_modules and .git. Symbolic links
 * never lead the walk out of, or around, the tree: a linked directory is not entered, and a linked
 * file is taken only when its real path is inside the walked folder and not already covered.
 */
import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { isSourceFile } from "../engine/parse";
import type { FileError } from "../engine/types";
import { ancestorLayers, gitignoreLayer, isIgnored, type IgnoreLayer } from "./gitignore";

export interface WalkResult {
  /** Absolute paths, sorted. */
  files: string[];
  errors: FileError[];
}

const NEVER_ENTERED = new Set(["node_modules", ".git"]);

/** Source files under the directory `root` (absolute). */
export function walkDirectory(root: string): WalkResult {
  const errors: FileError[] = [];
  const files: string[] = [];
  const links: string[] = [];
  // Naming a folder that .gitignore excludes is a request to scan it anyway.
  let layers = ancestorLayers(root);
  if (isIgnored(layers, root, true)) layers = [];

  const seenDirs = new Set<string>();
  const stack: { dir: string; layers: IgnoreLayer[] }[] = [{ dir: root, layers }];
  while (stack.length) {
    const { dir, layers: inherited } = stack.pop()!;
    let entries: Dirent[];
    try {
      // Bind mounts can make a directory its own descendant without any symlink.
      const st = statSync(dir);
      const id = `${st.dev}:${st.ino}`;
      if (seenDirs.has(id)) continue;
      seenDirs.add(id);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push({ file: dir, message: `cannot read directory (${errorCode(e)}): skipped` });
      continue;
    }
    let here = inherited;
    try {
      const own = gitignoreLayer(dir);
      if (own) here = [...inherited, own];
    } catch (e) {
      errors.push({ file: join(dir, ".gitignore"), message: `cannot read .gitignore (${errorCode(e)}): its rules were not applied` });
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NEVER_ENTERED.has(entry.name) && !isIgnored(here, full, true)) stack.push({ dir: full, layers: here });
      } else if (entry.isFile()) {
        if (isSourceFile(entry.name) && !isIgnored(here, full, false)) files.push(full);
      } else if (entry.isSymbolicLink()) {
        if (isSourceFile(entry.name) && !isIgnored(here, full, false)) links.push(full);
      }
    }
  }
  files.push(...linkedFilesInside(root, files, links));
  return { files: files.sort(comparePaths), errors };
}

/**
 * The symlinked files worth scanning: real path inside the tree, not under node_modules/.git, and
 * not a second name for a file already scanned (first link in path order wins).
 */
function linkedFilesInside(root: string, files: readonly string[], links: string[]): string[] {
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    return [];
  }
  // Only real directories are walked, so a walked file's real path is the real root plus its relative path.
  const covered = new Set(files.map((f) => join(rootReal, relative(root, f))));
  const taken: string[] = [];
  for (const link of links.sort(comparePaths)) {
    let target: string;
    try {
      target = realpathSync(link);
      if (!statSync(target).isFile()) continue;
    } catch {
      continue; // a dangling link is not a source file
    }
    const rel = relative(rootReal, target);
    if (!rel || rel.startsWith(".." + sep) || rel === ".." || rel.split(sep).some((part) => NEVER_ENTERED.has(part))) continue;
    if (covered.has(target)) continue;
    covered.add(target);
    taken.push(link);
  }
  return taken;
}

/**
 * Whether a file named explicitly on the command line is one to analyse: any source extension, or
 * an extensionless script whose shebang runs node (the usual shape of a package's bin).
 */
export function isExplicitSource(path: string): boolean {
  if (isSourceFile(path)) return true;
  if (extname(path) !== "") return false;
  return /^#!.*\b(node|tsx|ts-node|bun|deno)\b/.test(readHead(path, 128));
}

function readHead(path: string, bytes: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString("utf8").split("\n")[0];
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Code-unit order: the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function errorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOENT") return "no longer exists";
  return code ?? (e as Error)?.message ?? String(e);
}
