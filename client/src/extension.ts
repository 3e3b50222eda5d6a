/** The VS Code extension: starts the LoopLens language server and wires the commands, status bar and report. */
import type { ExtensionContext } from "vscode";
import { State, type LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { createLanguageClient } from "./language-client";
import { FindingsCountNotification } from "./protocol";
import { ReportChannel } from "./report-channel";
import { ServerCrashes, type LoopLensApi } from "./server-crashes";
import { FindingsStatus } from "./status";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<LoopLensApi> {
  const report = new ReportChannel();
  const status = new FindingsStatus();
  const crashes = new ServerCrashes();
  client = createLanguageClient(context, crashes);
  context.subscriptions.push(
    report,
    status,
    ...registerCommands(client, report, crashes),
    client.onNotification(FindingsCountNotification, ({ total }) => status.running(total)),
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) status.running(0);
      else if (newState === State.Stopped || newState === State.StartFailed) status.stopped();
    }),
  );
  try {
    await client.start();
  } catch {
    // The client has already logged why in the LoopLens output and offered to open it.
    status.stopped();
  }
  return crashes.api;
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
