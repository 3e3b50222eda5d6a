/**
 * Settings: `looplens.*` in VS Code; for the CLI a `.looplensrc.json`, or a `looplens` key in
 * package.json, found in the scanned folder or its nearest ancestor that has one.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { RULE_IDS, type LoopLensConfig, type RuleId, type Severity, type Thresholds } from "./types";

export const DEFAULT_THRESHOLDS: Thresholds = {
  concurrency: 8,
  cpuLoopIterations: 10_000,
  minSequentialAwaits: 2,
};

export const DEFAULT_SEVERITY: Record<RuleId, Severity> = {
  "sequential-await": "warning",
  "await-in-loop": "warning",
  "sync-io": "warning",
  "unbuffered-write": "warning",
  "cpu-heavy-loop": "warning",
};

const SEVERITIES: readonly Severity[] = ["off", "hint", "info", "warning", "error"];

export class ConfigError extends Error {}

export function defaultConfig(): LoopLensConfig {
  return { rules: { ...DEFAULT_SEVERITY }, thresholds: { ...DEFAULT_THRESHOLDS }, dependencies: [] };
}

/** Validates a settings object (`{ rules: {id: severity}, thresholds: {...} }`) on top of the defaults. */
export function mergeConfig(base: LoopLensConfig, raw: unknown, source: string): LoopLensConfig {
  const out: LoopLensConfig = { rules: { ...base.rules }, thresholds: { ...base.thresholds }, dependencies: base.dependencies };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new ConfigError(`${source}: settings must be an object`);
  const { rules, thresholds, ...rest } = raw as Record<string, unknown>;
  const unknownKeys = Object.keys(rest).filter((k) => k !== "$schema");
  if (unknownKeys.length) throw new ConfigError(`${source}: unknown setting ${unknownKeys.map((k) => `"${k}"`).join(", ")} (known: rules, thresholds)`);
  if (rules !== undefined) {
    if (typeof rules !== "object" || rules === null || Array.isArray(rules)) throw new ConfigError(`${source}: "rules" must be an object of rule id → severity`);
    for (const [id, sev] of Object.entries(rules)) {
      if (!(RULE_IDS as readonly string[]).includes(id)) throw new ConfigError(`${source}: unknown rule "${id}" (known: ${RULE_IDS.join(", ")})`);
      if (!SEVERITIES.includes(sev as Severity)) throw new ConfigError(`${source}: rule "${id}" has severity ${JSON.stringify(sev)}; use one of ${SEVERITIES.join(", ")}`);
      out.rules[id as RuleId] = sev as Severity;
    }
  }
  if (thresholds !== undefined) {
    if (typeof thresholds !== "object" || thresholds === null || Array.isArray(thresholds)) throw new ConfigError(`${source}: "thresholds" must be an object`);
    for (const [key, value] of Object.entries(thresholds)) {
      if (!(key in DEFAULT_THRESHOLDS)) throw new ConfigError(`${source}: unknown threshold "${key}" (known: ${Object.keys(DEFAULT_THRESHOLDS).join(", ")})`);
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new ConfigError(`${source}: threshold "${key}" must be a whole number ≥ 1`);
      out.thresholds[key as keyof Thresholds] = value;
    }
  }
  return out;
}

/**
 * The settings that apply to files under `dir`: the nearest .looplensrc.json or package.json
 * "looplens" key; `dependencies` always come from the nearest package.json. `base` (the editor's
 * settings) stands in for the defaults: keys the project's file sets win over it, so the editor
 * shows what CI reports.
 */
export function loadConfig(dir: string, base: LoopLensConfig = defaultConfig()): { config: LoopLensConfig; source?: string } {
  let dependencies: readonly string[] | undefined;
  let found: { config: LoopLensConfig; source?: string } | undefined;
  for (let d = resolve(dir); ; d = dirname(d)) {
    const rc = join(d, ".looplensrc.json");
    if (!found && existsSync(rc)) found = { config: mergeConfig(base, readJson(rc), rc), source: rc };
    const pkg = join(d, "package.json");
    if (existsSync(pkg)) {
      // Above the settings file a broken package.json only costs the dependency list.
      const json = found ? readJsonOrUndefined(pkg) : readJson(pkg);
      dependencies ??= packageDependencies(json);
      if (!found && isObject(json) && "looplens" in json) found = { config: mergeConfig(base, json.looplens, `${pkg} "looplens"`), source: pkg };
    }
    if ((found && dependencies) || dirname(d) === d) break;
  }
  const result = found ?? { config: mergeConfig(base, undefined, "") };
  result.config.dependencies = dependencies ?? [];
  return result;
}

const DEPENDENCY_KEYS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] as const;

/** Every package a package.json names, of any dependency kind. */
export function packageDependencies(json: unknown): string[] {
  if (!isObject(json)) return [];
  const names = new Set<string>();
  for (const key of DEPENDENCY_KEYS) {
    const deps = json[key];
    if (isObject(deps)) for (const name of Object.keys(deps)) names.add(name);
  }
  return [...names].sort();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readJsonOrUndefined(file: string): unknown {
  try {
    return readJson(file);
  } catch {
    return undefined;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}
