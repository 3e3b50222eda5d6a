/**
 * The client's own commands. `looplens.applyFix` and `looplens.openRuleDocs` belong to the server
 * (its executeCommandProvider): the language client registers those, so they are not registered here.
 */
import { commands, window, type Disposable } from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { COMMANDS } from "./protocol";
import type { ReportChannel } from "./report-channel";
import { scanWorkspace } from "./scan-workspace";
import type { ServerCrashes } from "./server-crashes";

export function registerCommands(client: LanguageClient, report: ReportChannel, crashes: ServerCrashes): Disposable[] {
  return [
    commands.registerCommand(COMMANDS.scanWorkspace, () => scanWorkspace(client, report)),
    commands.registerCommand(COMMANDS.showReport, async () => {
      // Before any scan there is no report to show: make one.
      if (!report.lastResult && !(await scanWorkspace(client, report))) return;
      report.reveal();
    }),
    commands.registerCommand(COMMANDS.restartServer, async () => {
      try {
        await crashes.restartByUser();
      } catch (e) {
        void window.showErrorMessage(`LoopLens: the language server did not restart: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  ];
}
