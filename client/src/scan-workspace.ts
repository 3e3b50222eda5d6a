/**
 * "LoopLens: Scan Workspace": a cancellable progress notification fed by the server's work-done
 * progress, then the report in its output channel and a one-line summary.
 */
import { randomUUID } from "node:crypto";
import { ProgressLocation, window, workspace } from "vscode";
import { LSPErrorCodes, ResponseError, WorkDoneProgress, type LanguageClient } from "vscode-languageclient/node";
import { percentageToIncrements } from "./progress-increments";
import { ScanWorkspaceRequest, type ScanWorkspaceResult } from "./protocol";
import type { ReportChannel } from "./report-channel";
import { scanSummary } from "./scan-summary";

/** Runs the scan; resolves to the server's result (also when cancelled part-way), or undefined when there was none. */
export async function scanWorkspace(client: LanguageClient, report: ReportChannel): Promise<ScanWorkspaceResult | undefined> {
  if (!workspace.workspaceFolders?.length) {
    void window.showInformationMessage("LoopLens: open a folder first — the workspace scan reads the files of the open folders.");
    return undefined;
  }
  let result: ScanWorkspaceResult | undefined;
  try {
    result = await window.withProgress(
      { location: ProgressLocation.Notification, title: "LoopLens: scanning the workspace", cancellable: true },
      async (progress, token) => {
        const workDoneToken = `looplens-scan-${randomUUID()}`;
        const increment = percentageToIncrements();
        const forward = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind !== "end") progress.report({ message: value.message, increment: increment(value.percentage) });
        });
        try {
          return await client.sendRequest(ScanWorkspaceRequest, { workDoneToken }, token);
        } catch (e) {
          if (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled) return undefined;
          throw e;
        } finally {
          forward.dispose();
        }
      },
    );
  } catch (e) {
    void window.showErrorMessage(`LoopLens: the workspace scan failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  if (!result) {
    void window.showInformationMessage("LoopLens: workspace scan cancelled.");
    return undefined;
  }
  report.update(result);
  void window.showInformationMessage(scanSummary(result), "Show Report").then((choice) => {
    if (choice) report.reveal();
  });
  return result;
}
