/**
 * The settings a document is analysed with. Layers, later winning: the engine's defaults, the
 * editor's `looplens.*` settings (workspace/configuration for the document's scope, or what the
 * client pushed with didChangeConfiguration / initializationOptions when it cannot be asked), and
 * the keys the project's .looplensrc.json or package.json "looplens" sets — the file CI reads, so
 * the editor shows what CI reports. A broken project file is shown once and skipped.
 */
import { dirname } from "node:path";
import { MessageType, ShowMessageNotification, type Connection } from "vscode-languageserver/node";
import { ConfigError, defaultConfig, loadConfig, mergeConfig } from "../engine/config";
import { RULE_IDS, type LoopLensConfig, type Severity, type Thresholds } from "../engine/types";
import type { Log } from "./log";

const SEVERITIES: readonly string[] = ["off", "hint", "info", "warning", "error"];

/** The `looplens` section as the editor holds it. */
export interface EditorSettings {
  enable: boolean;
  codeLens: boolean;
  /** Only valid entries: an editor that sends a bad value gets the default for it. */
  base: LoopLensConfig;
}

export interface DocumentSettings extends EditorSettings {
  /** The editor's settings under the project's. */
  config: LoopLensConfig;
  /** Equal keys, equal analyses. */
  key: string;
}

/** Reads the `looplens` section leniently: VS Code validates it; other editors may send anything. */
export function editorSettings(section: unknown): EditorSettings {
  const s = isObject(section) ? section : {};
  const base = defaultConfig();
  if (isObject(s.rules)) {
    for (const id of RULE_IDS) {
      const sev = s.rules[id];
      if (typeof sev === "string" && SEVERITIES.includes(sev)) base.rules[id] = sev as Severity;
    }
  }
  if (isObject(s.thresholds)) {
    for (const key of Object.keys(base.thresholds) as (keyof Thresholds)[]) {
      const v = s.thresholds[key];
      if (typeof v === "number" && Number.isInteger(v) && v >= 1) base.thresholds[key] = v;
    }
  }
  return { enable: s.enable !== false, codeLens: !(isObject(s.codeLens) && s.codeLens.enabled === false), base };
}

export class Settings {
  /** Editor settings per scope URI (a document or a workspace folder). */
  private readonly editor = new Map<string, Promise<EditorSettings>>();
  private readonly project = new Map<string, { config: LoopLensConfig; source?: string }>();
  private readonly shownErrors = new Set<string>();
  /** Settings pushed by a client that cannot be asked (didChangeConfiguration `settings.looplens`). */
  private pushed: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
    private readonly canAsk: boolean,
    initial: unknown,
  ) {
    this.pushed = initial;
  }

  /** The settings for a document (or a scanned file) at `path`; `scopeUri` is whose editor settings apply. */
  async forFile(scopeUri: string, path: string | undefined): Promise<DocumentSettings> {
    const editor = await this.editorSettings(scopeUri);
    return this.withProject(editor, path ? dirname(path) : undefined);
  }

  /** didChangeConfiguration: forget everything read; `pushed` is the notification's settings, if any. */
  changed(settings: unknown): void {
    if (isObject(settings) && "looplens" in settings) this.pushed = settings.looplens;
    this.editor.clear();
    this.project.clear();
  }

  /** A .looplensrc.json or package.json changed on disk. */
  projectFilesChanged(): void {
    this.project.clear();
  }

  private editorSettings(scopeUri: string): Promise<EditorSettings> {
    let p = this.editor.get(scopeUri);
    if (!p) {
      p = this.canAsk
        ? this.connection.workspace.getConfiguration({ scopeUri, section: "looplens" }).then(editorSettings, (e: unknown) => {
            this.log.errorOnce(`configuration`, `LoopLens: could not read the editor settings (${(e as Error)?.message ?? String(e)}); using defaults`);
            return editorSettings(undefined);
          })
        : Promise.resolve(editorSettings(this.pushed));
      this.editor.set(scopeUri, p);
    }
    return p;
  }

  private withProject(editor: EditorSettings, dir: string | undefined): DocumentSettings {
    const config = dir ? this.projectConfig(dir, editor.base) : mergeConfig(editor.base, undefined, "");
    return { ...editor, config, key: JSON.stringify([editor.enable, editor.codeLens, config]) };
  }

  private projectConfig(dir: string, base: LoopLensConfig): LoopLensConfig {
    const cacheKey = `${dir}\0${JSON.stringify(base)}`;
    let found = this.project.get(cacheKey);
    if (!found) {
      try {
        found = loadConfig(dir, base);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        this.showOnce(`LoopLens: ${e.message} — using the editor's settings until it is fixed.`);
        found = { config: mergeConfig(base, undefined, "") };
      }
      this.project.set(cacheKey, found);
    }
    return found.config;
  }

  private showOnce(message: string): void {
    if (this.shownErrors.has(message)) return;
    this.shownErrors.add(message);
    this.log.error(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
