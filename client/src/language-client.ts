/** The language client: the bundled server (out/server.js) started over Node IPC, for JS and TS documents. */
import type { ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type MessageTransports, type ServerOptions } from "vscode-languageclient/node";
import { LANGUAGES } from "./protocol";
import type { ServerCrashes } from "./server-crashes";

/** Tells the crash handler about each server process and each start, and lets it quiet the library's popups about a crash it reports itself. */
class LoopLensLanguageClient extends LanguageClient {
  constructor(
    serverOptions: ServerOptions,
    clientOptions: LanguageClientOptions,
    private readonly crashes: ServerCrashes,
  ) {
    super("looplens", "LoopLens", serverOptions, clientOptions);
  }

  override start(): Promise<void> {
    const start = super.start();
    this.crashes.started(start);
    return start;
  }

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    // The base constructor may log before `crashes` is assigned.
    super.error(message, data, this.crashes ? this.crashes.notify(showNotification) : showNotification);
  }

  protected override async createMessageTransports(encoding: string): Promise<MessageTransports> {
    const transports = await super.createMessageTransports(encoding);
    if (this.serverProcess) this.crashes.watch(this.serverProcess);
    return transports;
  }
}

export function createLanguageClient(context: ExtensionContext, crashes: ServerCrashes): LanguageClient {
  const module = context.asAbsolutePath("out/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // Used when the extension host itself is being debugged: attach to the server on this port.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    synchronize: { configurationSection: "looplens" },
    diagnosticCollectionName: "looplens",
    errorHandler: crashes.errorHandler,
    // Never retry initialize on the same connection: after a crash it is dead. The failed start is reported
    // once by the client (or, for a crash, by the crash handler), not also by a second popup.
    initializationFailedHandler: () => false,
  };
  const client = new LoopLensLanguageClient(serverOptions, clientOptions, crashes);
  crashes.attach(client);
  return client;
}
