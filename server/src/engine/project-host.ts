/**
 * One ts-morph Project per root (its tsconfig.json / jsconfig.json when present, sensible
 * defaults when not), with overlays for buffers open in an editor. Files are added on demand and
 * their imports are not followed: analysis is per file and must not pay for the whole program.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Project, ts, type SourceFile } from "ts-morph";
import { analyzeSourceFile, type AnalyzeOptions, type AnalyzeResult } from "./analyze";
import { syntaxError } from "./parse";
import type { LoopLensConfig } from "./types";

const CONFIG_NAMES = ["tsconfig.json", "jsconfig.json"];

const DEFAULT_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  noEmit: true,
};

interface Overlay {
  text: string;
  version: number;
}

export class ProjectHost {
  readonly project: Project;
  private readonly overlays = new Map<string, Overlay>();
  private readonly diskStamps = new Map<string, number>();

  constructor(
    readonly root: string,
    readonly configFile?: string,
  ) {
    this.project = configFile
      ? new Project({ tsConfigFilePath: configFile, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true, noEmit: true } })
      : new Project({ compilerOptions: DEFAULT_OPTIONS, skipFileDependencyResolution: true });
  }

  /** An editor's unsaved text for `path` replaces the disk contents until closed. */
  setOverlay(path: string, text: string, version: number): void {
    this.overlays.set(resolve(path), { text, version });
  }

  closeOverlay(path: string): void {
    const p = resolve(path);
    this.overlays.delete(p);
    const sf = this.project.getSourceFile(p);
    if (sf) this.project.removeSourceFile(sf);
    this.diskStamps.delete(p);
  }

  overlayVersion(path: string): number | undefined {
    return this.overlays.get(resolve(path))?.version;
  }

  /** The current source file for `path`: the overlay if open, else the disk file (re-read when it changed). */
  sourceFile(path: string): SourceFile {
    const p = resolve(path);
    const overlay = this.overlays.get(p);
    const existing = this.project.getSourceFile(p);
    if (overlay) {
      if (existing && existing.getFullText() === overlay.text) return existing;
      return this.project.createSourceFile(p, overlay.text, { overwrite: true });
    }
    const mtime = statSync(p).mtimeMs;
    if (existing && this.diskStamps.get(p) === mtime) return existing;
    this.diskStamps.set(p, mtime);
    if (existing) {
      existing.refreshFromFileSystemSync();
      return existing;
    }
    return this.project.addSourceFileAtPath(p);
  }

  analyze(path: string, config: LoopLensConfig, options?: AnalyzeOptions): AnalyzeResult {
    const file = resolve(path);
    const sf = this.sourceFile(file).compilerNode;
    // ts-morph tolerates syntax errors; the engine reports them the way the CLI does.
    const error = syntaxError(sf);
    if (error) return { findings: [], errors: [{ file, message: `${error}: skipped` }] };
    return analyzeSourceFile(file, sf, config, options);
  }
}

/** Finds (and keeps) the host for each file: the nearest folder with a tsconfig/jsconfig, else the workspace root. */
export class ProjectHosts {
  private readonly hosts = new Map<string, ProjectHost>();

  constructor(private readonly workspaceRoot: string) {}

  forFile(path: string): ProjectHost {
    const root = resolve(this.workspaceRoot);
    for (let d = dirname(resolve(path)); ; d = dirname(d)) {
      for (const name of CONFIG_NAMES) {
        const cfg = join(d, name);
        if (existsSync(cfg)) return this.host(d, cfg);
      }
      if (d === root || dirname(d) === d) break;
    }
    return this.host(root);
  }

  private host(root: string, configFile?: string): ProjectHost {
    let h = this.hosts.get(root);
    if (!h) this.hosts.set(root, (h = new ProjectHost(root, configFile)));
    return h;
  }
}
