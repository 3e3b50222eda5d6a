/** The VS Code extension: starts the LoopLens language server and wires the commands, status bar and report. */
import type { ExtensionContext } from "vscode";
import { State, type LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { createLanguageClient } from "./language-client";
import { FindingsCountNotification } from "./protocol";
import { ReportChannel } from "./report-channel";
import { FindingsStatus } from "./status";

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const report = new ReportChannel();
  const status = new FindingsStatus();
  client = createLanguageClient(context);
  context.subscriptions.push(
    report,
    status,
    ...registerCommands(client, report),
    client.onNotification(FindingsCountNotification, ({ total }) => status.running(total)),
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) status.running(0);
      else if (newState === State.Stopped) status.stopped();
    }),
  );
  try {
    await client.start();
  } catch {
    // The client has already logged why in the LoopLens output and offered to open it.
    status.stopped();
  }
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
