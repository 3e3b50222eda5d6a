/**
 * `looplens/scanWorkspace`: every source file of every workspace folder, walked as `looplens scan`
 * walks (.gitignore honoured, node_modules skipped), analysed on this thread in slices that leave
 * room for typing, with $/progress on the client's token and request cancellation honoured (the
 * answer then holds what was scanned). Each file's diagnostics are published; open documents keep
 * their live ones, and the report uses their live text. The report is the CLI's text report.
 */
import { dirname, isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { RequestType, type CancellationToken, type ProgressToken } from "vscode-languageserver/node";
import type { ScannedFinding } from "../cli/analyze-file";
import { formatText } from "../cli/formats/text";
import { comparePaths, walkDirectory } from "../cli/walk";
import type { FileError } from "../engine/types";
import { analyzeBuffer, analyzeDiskFile, type FileReport } from "./disk-files";
import type { Folder } from "./folders";
import { AnalysedText } from "./positions";
import type { Services } from "./services";

export interface ScanParams {
  workDoneToken?: ProgressToken;
}

export interface ScanResult {
  report: string;
  files: number;
  findings: number;
  errors: number;
  cancelled: boolean;
}

export const ScanWorkspaceRequest = new RequestType<ScanParams | undefined, ScanResult, void>("looplens/scanWorkspace");

/** Analysis time per slice before pending messages (keystrokes, cancellation) get their turn. */
const SLICE_MS = 20;
/** Progress notifications at most this often. */
const PROGRESS_MS = 100;

export class WorkspaceScan {
  /** A later scan (or settings refresh) supersedes a running one. */
  private running?: { cancelled: boolean };

  constructor(private readonly s: Services) {}

  async scan(params: ScanParams | undefined, token: CancellationToken): Promise<ScanResult> {
    const started = performance.now();
    const run = this.supersede();
    const progress = this.s.connection.window.attachWorkDoneProgress(params?.workDoneToken);
    progress.begin("LoopLens: scanning the workspace", 0, undefined, true);
    const folders = this.s.folders.list();
    const errors: FileError[] = [];
    const files: { path: string; folder: Folder }[] = [];
    const seen = new Set<string>();
    for (const folder of folders) {
      const walked = walkDirectory(folder.path);
      errors.push(...walked.errors);
      for (const path of walked.files) if (!seen.has(path)) seen.add(path), files.push({ path, folder });
    }
    files.sort((a, b) => comparePaths(a.path, b.path));

    const reports: FileReport[] = [];
    let lastProgress = 0;
    const cancelled = await this.inSlices(files, run, token, async (file, i) => {
      reports.push(await this.analyze(file.path, file.folder));
      const now = performance.now();
      if (now - lastProgress >= PROGRESS_MS || i === files.length - 1) {
        lastProgress = now;
        progress.report(Math.round(((i + 1) / files.length) * 100), relative(file.folder.path, file.path));
      }
    });
    progress.done();
    if (this.running === run) this.running = undefined;

    for (const r of reports) errors.push(...r.errors);
    const findings: ScannedFinding[] = reports.flatMap((r) => r.findings);
    const cwd = folders.length === 1 ? folders[0].path : commonAncestor(folders.map((f) => f.path));
    let report = formatText({ findings, errors: errors.sort((a, b) => comparePaths(a.file, b.file)), files: reports.length, durationMs: Math.round(performance.now() - started), baseDir: cwd, cwd }, false);
    if (cancelled) report += `Scan cancelled: ${reports.length} of ${files.length} files scanned.\n`;
    return { report, files: reports.length, findings: findings.length, errors: errors.length, cancelled };
  }

  /** Settings changed: the files a scan published for (and that are not open) are analysed again, in the background. */
  async refreshScanned(): Promise<void> {
    const run = this.supersede();
    const files = [...this.s.diagnostics.scannedFiles()].filter(([uri]) => !this.s.documents.get(uri)).map(([, path]) => path);
    await this.inSlices(files, run, undefined, async (path) => {
      await this.analyze(path, this.s.folders.folderOf(path));
    });
  }

  cancel(): void {
    if (this.running) this.running.cancelled = true;
  }

  private supersede(): { cancelled: boolean } {
    this.cancel();
    return (this.running = { cancelled: false });
  }

  /** Analyses one file (an open document's live text, else the disk's) and publishes its diagnostics. */
  private async analyze(path: string, folder: Folder | undefined): Promise<FileReport> {
    const uri = pathToFileURL(path).href;
    const settings = await this.s.settings.forFile(folder?.uri ?? uri, path);
    const open = this.s.documents.get(uri);
    const result = open ? analyzeBuffer(uri, path, new AnalysedText(open).text, settings) : analyzeDiskFile(path, settings);
    this.s.diagnostics.publishScanned(uri, path, result.diagnostics);
    return result;
  }

  /** Runs `each` over `items`, yielding to the event loop every SLICE_MS; true when stopped early. */
  private async inSlices<T>(items: readonly T[], run: { cancelled: boolean }, token: CancellationToken | undefined, each: (item: T, index: number) => Promise<void>): Promise<boolean> {
    let sliceStart = performance.now();
    for (let i = 0; i < items.length; i++) {
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      if (run.cancelled || token?.isCancellationRequested) return true;
      await this.s.log.guardAsync("workspace scan", undefined, () => each(items[i], i));
    }
    return false;
  }
}

function commonAncestor(paths: readonly string[]): string {
  let base = paths[0] ?? process.cwd();
  while (!paths.every((p) => isInside(p, base)) && dirname(base) !== base) base = dirname(base);
  return base;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel));
}
