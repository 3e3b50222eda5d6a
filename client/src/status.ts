/** The status bar item: how many findings the server reports, a click away from the report. */
import { StatusBarAlignment, ThemeColor, window, type Disposable, type StatusBarItem } from "vscode";
import { COMMANDS } from "./protocol";

export class FindingsStatus implements Disposable {
  private readonly item: StatusBarItem;

  constructor() {
    this.item = window.createStatusBarItem("looplens.findings", StatusBarAlignment.Right, 100);
    this.item.name = "LoopLens";
    this.item.command = COMMANDS.showReport;
    this.running(0);
  }

  /** The count from the server's latest `looplens/findingsCount`. */
  running(total: number): void {
    this.item.text = `$(pulse) LoopLens: ${total}`;
    this.item.tooltip =
      total === 0
        ? "LoopLens: no event-loop findings in the files checked so far. Click to show the workspace report."
        : `LoopLens: ${total} event-loop finding${total === 1 ? "" : "s"} in the files checked so far. Click to show the workspace report.`;
    this.item.backgroundColor = undefined;
    this.item.show();
  }

  /** The server is not running (failed to start, crashed too often, or is restarting). */
  stopped(): void {
    this.item.text = "$(pulse) LoopLens: off";
    this.item.tooltip = "The LoopLens language server is not running. Run “LoopLens: Restart Server”, or see the LoopLens output.";
    this.item.backgroundColor = new ThemeColor("statusBarItem.warningBackground");
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
