/**
 * Git's ignore rules as a stack of layers: `.git/info/exclude` and the `.gitignore` files from the
 * git root down to the directory being walked. Like git, the deepest file that has an opinion
 * about a path decides, and an ignored directory is never entered (so nothing below it can be
 * re-included).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";

export interface IgnoreLayer {
  /** The directory the patterns are relative to. */
  base: string;
  rules: Ignore;
}

// Git itself folds case only where the file system does (core.ignorecase).
const IGNORE_CASE = process.platform === "darwin" || process.platform === "win32";

/** The layer for `dir/.gitignore`, or undefined when there is none. Throws when it cannot be read. */
export function gitignoreLayer(dir: string): IgnoreLayer | undefined {
  return layerFromFile(dir, join(dir, ".gitignore"));
}

function layerFromFile(base: string, file: string): IgnoreLayer | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  if (!text.trim()) return undefined;
  return { base, rules: ignore({ ignorecase: IGNORE_CASE }).add(text) };
}

/** The work tree root containing `dir` (where `.git` is a directory, or a file for worktrees and submodules). */
export function findGitRoot(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, ".git"))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * The layers that apply above `root`: `.git/info/exclude` and every `.gitignore` from the git root
 * down to root's parent (root's own `.gitignore` is read by the walk). Outside a git work tree
 * there are none: a `.gitignore` above an unrelated folder says nothing about it.
 */
export function ancestorLayers(root: string): IgnoreLayer[] {
  const gitRoot = findGitRoot(root);
  if (!gitRoot || gitRoot === root) return gitRoot ? infoExclude(gitRoot) : [];
  const dirs: string[] = [];
  for (let d = dirname(root); ; d = dirname(d)) {
    dirs.unshift(d);
    if (d === gitRoot || dirname(d) === d) break;
  }
  const layers = infoExclude(gitRoot);
  for (const d of dirs) {
    const layer = safeLayer(d);
    if (layer) layers.push(layer);
  }
  return layers;
}

function infoExclude(gitRoot: string): IgnoreLayer[] {
  const gitDir = join(gitRoot, ".git");
  try {
    if (!statSync(gitDir).isDirectory()) return [];
    const layer = layerFromFile(gitRoot, join(gitDir, "info", "exclude"));
    return layer ? [layer] : [];
  } catch {
    return [];
  }
}

// An unreadable ignore file above the scanned folder is not the user's scan problem.
function safeLayer(dir: string): IgnoreLayer | undefined {
  try {
    return gitignoreLayer(dir);
  } catch {
    return undefined;
  }
}

/** Whether the deepest layer with an opinion ignores `path` (absolute; a directory when `isDir`). */
export function isIgnored(layers: readonly IgnoreLayer[], path: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, rules } = layers[i];
    const rel = relative(base, path);
    if (!rel || rel === ".." || rel.startsWith(".." + sep) || isAbsolute(rel)) continue;
    const probe = (sep === "/" ? rel : rel.split(sep).join("/")) + (isDir ? "/" : "");
    const verdict = rules.test(probe);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
