/** The language client: the bundled server (out/server.js) started over Node IPC, for JS and TS documents. */
import type { ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { LANGUAGES } from "./protocol";

export function createLanguageClient(context: ExtensionContext): LanguageClient {
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
  };
  return new LanguageClient("looplens", "LoopLens", serverOptions, clientOptions);
}
