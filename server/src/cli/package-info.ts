/** The tool's own name, version and home page, read from its package.json at run time (bundle or sources). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface PackageInfo {
  version: string;
  /** Where users read about the tool and its rules (homepage, repository, or the registry page). */
  informationUri: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached) return cached;
  const pkg = findOwnPackageJson();
  const version = typeof pkg?.version === "string" ? pkg.version : "0.0.0";
  const name = typeof pkg?.name === "string" ? pkg.name : "looplens";
  cached = { version, informationUri: homepage(pkg) ?? `https://www.npmjs.com/package/${name}` };
  return cached;
}

function findOwnPackageJson(): Record<string, unknown> | undefined {
  for (let d = __dirname; ; d = dirname(d)) {
    const file = join(d, "package.json");
    if (existsSync(file)) {
      try {
        const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        if (json.name === "looplens") return json;
      } catch {
        // not ours, keep looking
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

function homepage(pkg: Record<string, unknown> | undefined): string | undefined {
  if (!pkg) return undefined;
  if (typeof pkg.homepage === "string") return pkg.homepage;
  const repo = pkg.repository;
  const url = typeof repo === "string" ? repo : typeof repo === "object" && repo && typeof (repo as { url?: unknown }).url === "string" ? (repo as { url: string }).url : undefined;
  if (!url) return undefined;
  const m = /github\.com[/:]([^/]+\/[^/#]+?)(?:\.git)?(?:#.*)?$/.exec(url) ?? /^github:([^/]+\/[^/#]+)$/.exec(url);
  return m ? `https://github.com/${m[1]}#readme` : /^https?:\/\//.test(url) ? url.replace(/^git\+/, "").replace(/\.git$/, "") : undefined;
}
