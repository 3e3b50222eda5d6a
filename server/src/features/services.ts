/**
 * What the features share, made once per connection when the client says what it supports (no
 * module-level state: a second connection in one process gets its own).
 */
import type { ClientCapabilities, Connection, InitializeParams, TextDocuments } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { Analyses } from "./analysis";
import { DEFAULT_DEBOUNCE_MS, Diagnostics } from "./diagnostics";
import { WorkspaceFolders } from "./folders";
import { Log } from "./log";
import { Settings } from "./settings";

/** What the client can apply: versioned document edits, and file creation (fixes that add a worker module). */
export interface EditSupport {
  documentChanges: boolean;
  createFiles: boolean;
}

export interface Services {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  log: Log;
  settings: Settings;
  analyses: Analyses;
  folders: WorkspaceFolders;
  diagnostics: Diagnostics;
  edits: EditSupport;
  capabilities: ClientCapabilities;
}

/** initializationOptions the server reads (all optional). */
interface InitOptions {
  /** Wait after a change before analysing, in ms (0 analyses at once: the latency benchmark). */
  debounceMs?: number;
  /** The `looplens` settings, for clients that neither answer workspace/configuration nor push them. */
  settings?: unknown;
}

export function createServices(connection: Connection, documents: TextDocuments<TextDocument>, params: InitializeParams, env: NodeJS.ProcessEnv): Services {
  const capabilities = params.capabilities;
  const options = (typeof params.initializationOptions === "object" && params.initializationOptions) || {};
  const { debounceMs, settings: initialSettings } = options as InitOptions;
  const log = new Log(connection.console, Boolean(env.LOOPLENS_DEBUG));
  const settings = new Settings(connection, log, capabilities.workspace?.configuration === true, initialSettings);
  const analyses = new Analyses(log);
  const folders = new WorkspaceFolders(params);
  const debounce = validDelay(debounceMs) ?? validDelay(Number(env.LOOPLENS_DEBOUNCE_MS || NaN)) ?? DEFAULT_DEBOUNCE_MS;
  const diagnostics = new Diagnostics(connection, documents, analyses, settings, folders, log, debounce);
  const workspaceEdit = capabilities.workspace?.workspaceEdit;
  const edits: EditSupport = {
    documentChanges: workspaceEdit?.documentChanges === true,
    createFiles: workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes("create"),
  };
  return { connection, documents, log, settings, analyses, folders, diagnostics, edits, capabilities };
}

function validDelay(n: unknown): number | undefined {
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}
