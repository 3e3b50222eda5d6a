/** The output channel that shows the last workspace scan's report, highlighted by the looplens-report grammar. */
import { window, type Disposable, type OutputChannel } from "vscode";
import type { ScanWorkspaceResult } from "./protocol";

export const REPORT_LANGUAGE = "looplens-report";

export class ReportChannel implements Disposable {
  private channel: OutputChannel | undefined;
  private last: ScanWorkspaceResult | undefined;

  /** The result of the last scan, if any ran in this window. */
  get lastResult(): ScanWorkspaceResult | undefined {
    return this.last;
  }

  /** Replaces the channel's text with this scan's report. */
  update(result: ScanWorkspaceResult): void {
    this.last = result;
    const channel = (this.channel ??= window.createOutputChannel("LoopLens Report", REPORT_LANGUAGE));
    channel.clear();
    channel.append(result.cancelled ? `Scan cancelled — the report covers the ${result.files} files scanned until then.\n\n` : "");
    channel.append(result.report.endsWith("\n") ? result.report : result.report + "\n");
  }

  reveal(): void {
    this.channel?.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
