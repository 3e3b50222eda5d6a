/**
 * The LoopLens language server: wiring only (the features live in features/). Loading this module
 * starts the server on the transport its command line names (`--node-ipc` from the VS Code client,
 * `--stdio` from `looplens lsp --stdio` and other editors): it is out/server.js's entry, and the CLI
 * loads it on demand for `looplens lsp`.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from "vscode-languageserver/node";
import { packageInfo } from "./cli/package-info";
import { codeActions, FIX_ALL_KIND } from "./features/code-actions";
import { codeLenses } from "./features/code-lens";
import { COMMANDS, executeCommand } from "./features/commands";
import { createDocuments } from "./features/documents";
import { ScanWorkspaceRequest, WorkspaceScan } from "./features/scan";
import { createServices, type Services } from "./features/services";

export function startServer(connection: Connection): void {
  const documents = createDocuments();
  let s: Services | undefined;
  let scan: WorkspaceScan | undefined;
  /** Documents opened but not yet analysed: analysed at once, later changes after the debounce. */
  const justOpened = new Set<string>();

  connection.onInitialize((params): InitializeResult => {
    s = createServices(connection, documents, params, process.env);
    scan = new WorkspaceScan(s);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        executeCommandProvider: { commands: COMMANDS },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "looplens", version: packageInfo().version },
    };
  });

  connection.onInitialized(() => {
    if (!s) return;
    const ws = s.capabilities.workspace;
    if (ws?.didChangeConfiguration?.dynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: "looplens" });
    if (ws?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/.looplensrc.json" }, { globPattern: "**/package.json" }] });
    }
    if (ws?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((e) => s?.folders.changed(e));
  });

  const settingsChanged = (services: Services) => {
    services.diagnostics.refreshOpen();
    void scan?.refreshScanned();
    if (services.capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  connection.onDidChangeConfiguration((params) => {
    if (!s) return;
    s.log.guard("settings change", undefined, () => {
      s!.settings.changed(params.settings);
      settingsChanged(s!);
    });
  });
  connection.onDidChangeWatchedFiles(() => {
    if (!s) return;
    s.log.guard("project settings change", undefined, () => {
      s!.settings.projectFilesChanged();
      settingsChanged(s!);
    });
  });

  documents.onDidOpen((e) => justOpened.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    s?.diagnostics.schedule(uri, justOpened.delete(uri) ? 0 : undefined);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    if (s) void s.log.guardAsync("closing a document", undefined, () => s!.diagnostics.closed(e.document.uri));
  });

  connection.onCodeLens((params) => (s ? s.log.guardAsync("code lenses", [], () => codeLenses(s!, params)) : []));
  connection.onCodeAction((params) => (s ? s.log.guardAsync("code actions", [], () => codeActions(s!, params)) : []));
  connection.onExecuteCommand((params) => (s ? s.log.guardAsync(`command ${params.command}`, undefined, () => executeCommand(s!, params)) : undefined));
  connection.onRequest(ScanWorkspaceRequest, (params, token) => {
    const empty = { report: "", files: 0, findings: 0, errors: 0, cancelled: false };
    return s && scan ? s.log.guardAsync("workspace scan", empty, () => scan!.scan(params, token)) : empty;
  });
  connection.onShutdown(() => {
    scan?.cancel();
    s?.diagnostics.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

startServer(createConnection(ProposedFeatures.all));
