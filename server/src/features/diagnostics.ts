/**
 * Push diagnostics. An open document is analysed a short while after its last change (debounced),
 * and the result is published tagged with the version it was made for — unless a newer version
 * arrived meanwhile, in which case it is dropped. Files the workspace scan analysed keep the
 * scan's diagnostics while they are not open. After every publish the client hears the total
 * (`looplens/findingsCount`) for its status bar.
 */
import { NotificationType, PublishDiagnosticsNotification, type Connection, type Diagnostic, type TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Analyses, DocumentAnalysis } from "./analysis";
import { analyzeDiskFile } from "./disk-files";
import { analysisPath, filePath } from "./documents";
import type { WorkspaceFolders } from "./folders";
import type { Log } from "./log";
import { toDiagnostic } from "./lsp-findings";
import type { Settings } from "./settings";

export const FindingsCountNotification = new NotificationType<{ total: number }>("looplens/findingsCount");

/** Default wait after a keystroke before analysing: long enough to skip most intermediate states. */
export const DEFAULT_DEBOUNCE_MS = 200;

export class Diagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Diagnostics currently shown, per URI (open documents and scanned files). */
  private readonly shown = new Map<string, number>();
  /** Files the last workspace scan analysed (URI → path): they keep diagnostics when not open. */
  private readonly scanned = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: Analyses,
    private readonly settings: Settings,
    private readonly folders: WorkspaceFolders,
    private readonly log: Log,
    private readonly debounceMs: number,
  ) {}

  /** A document opened or changed: analyse it once the user pauses. */
  schedule(uri: string, delayMs = this.debounceMs): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.log.guardAsync(`diagnostics for ${uri}`, undefined, () => this.run(uri));
      }, delayMs),
    );
  }

  /** Shutdown: no analysis starts any more. */
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Settings changed: every open document again, now. */
  refreshOpen(): void {
    this.analyses.invalidate();
    for (const doc of this.documents.all()) this.schedule(doc.uri, 0);
  }

  /** A document closed: its diagnostics go — unless the scan covered it, then the file on disk speaks. */
  async closed(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.analyses.forget(uri);
    const path = this.scanned.get(uri);
    if (path === undefined) return this.publish(uri, undefined, []);
    const settings = await this.settings.forFile(this.folders.folderOf(path)?.uri ?? uri, path);
    if (this.documents.get(uri)) return; // opened again meanwhile
    this.publish(uri, undefined, analyzeDiskFile(path, settings).diagnostics);
  }

  /** A scanned file's diagnostics; open documents keep their live ones. */
  publishScanned(uri: string, path: string, diagnostics: Diagnostic[]): void {
    this.scanned.set(uri, path);
    if (!this.documents.get(uri)) this.publish(uri, undefined, diagnostics);
  }

  /** Files scanned before, for a settings change to analyse again. */
  scannedFiles(): ReadonlyMap<string, string> {
    return this.scanned;
  }

  /** The analysis of the document's current version, made now when the debounce has not run yet. */
  async current(doc: TextDocument): Promise<DocumentAnalysis | undefined> {
    const path = analysisPath(doc);
    if (path === undefined) return undefined;
    const version = doc.version;
    const settings = await this.settings.forFile(doc.uri, filePath(doc.uri));
    const now = this.documents.get(doc.uri);
    if (!now || now.version !== version) return undefined;
    return this.analyses.analyze(now, path, settings);
  }

  private async run(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const analysis = await this.current(doc);
    if (!analysis) {
      if (analysisPath(doc) === undefined) this.publish(uri, version, []);
      return;
    }
    // Messages that arrived during the analysis are read before publishing: a newer version
    // makes this result stale, and its own analysis is already scheduled.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.documents.get(uri)?.version !== version) return;
    // Mid-edit syntax errors are the compiler's to show; the last findings stay until the code parses.
    if (!analysis.parsed) return;
    this.publish(uri, version, analysis.findings.map((f) => toDiagnostic(f, analysis.text)));
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    if (!diagnostics.length && !this.shown.has(uri) && version === undefined) return;
    void this.connection.sendNotification(PublishDiagnosticsNotification.type, { uri, version, diagnostics });
    if (diagnostics.length) this.shown.set(uri, diagnostics.length);
    else this.shown.delete(uri);
    let total = 0;
    for (const n of this.shown.values()) total += n;
    void this.connection.sendNotification(FindingsCountNotification, { total });
  }
}
