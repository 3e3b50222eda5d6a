/**
 * Drives the BUILT language server (`node out/server.js --stdio`, or `bin/looplens.js lsp --stdio`)
 * over stdio with vscode-jsonrpc, as an editor would: it answers the server's requests
 * (workspace/configuration, workspace/applyEdit, window/showDocument, registrations) and records
 * every notification, so tests wait for messages instead of sleeping.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
  WorkDoneProgress,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";

export const REPO = resolve(__dirname, "..", "..");
export const SERVER = join(REPO, "out", "server.js");
export const BIN = join(REPO, "bin", "looplens.js");
const BUNDLES = ["cli.js", "server.js"];

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built = false;
/** Rebuilds out/cli.js and out/server.js when a source is newer (in a temp folder, then renamed: other test files may build too). */
export function ensureBuilt(): void {
  if (built) return;
  const bundleTime = Math.min(...BUNDLES.map((b) => mtime(join(REPO, "out", b))));
  if (bundleTime < Math.max(newest(join(REPO, "server", "src")), newest(join(REPO, "scripts")))) {
    const tmp = join(REPO, "out", `.lsp-${process.pid}-${Date.now()}`);
    mkdirSync(tmp, { recursive: true });
    try {
      const r = spawnSync(process.execPath, [join(REPO, "scripts", "build.mjs"), `--outdir=${tmp}`], { cwd: REPO, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`scripts/build.mjs failed:\n${r.stderr || r.stdout}`);
      for (const b of BUNDLES) {
        renameSync(join(tmp, `${b}.map`), join(REPO, "out", `${b}.map`));
        renameSync(join(tmp, b), join(REPO, "out", b));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  built = true;
}

function mtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** What VS Code's client announces, less what the server does not use. */
export const VSCODE_LIKE: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ["create", "rename", "delete"] },
    codeLens: { refreshSupport: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } }, isPreferredSupport: true },
  },
};

export interface Message {
  method: string;
  params: any;
}

export interface StartOptions {
  /** `server` (default): node out/server.js --stdio; `cli`: node bin/looplens.js lsp --stdio. */
  via?: "server" | "cli";
  capabilities?: ClientCapabilities;
  /** Workspace folder paths. */
  folders?: string[];
  initializationOptions?: unknown;
  /** The `looplens` section answered to workspace/configuration (per scope URI when a function). */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  env?: Record<string, string>;
}

export class LspClient {
  readonly received: Message[] = [];
  /** Every request the server sent, in order. */
  readonly requests: Message[] = [];
  settings: unknown | ((scopeUri: string | undefined) => unknown);
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly stderr: string[] = [];
  initializeResult?: InitializeResult;

  constructor(
    readonly connection: MessageConnection,
    readonly child: ChildProcess,
    settings: StartOptions["settings"],
  ) {
    this.settings = settings ?? {};
    child.stderr?.on("data", (d: Buffer) => this.stderr.push(d.toString()));
    connection.onNotification((method, params) => this.record(this.received, method, params));
    connection.onRequest((method, params: any) => {
      this.record(this.requests, method, params);
      switch (method) {
        case "workspace/configuration":
          return params.items.map((i: { scopeUri?: string }) => (typeof this.settings === "function" ? this.settings(i.scopeUri) : this.settings));
        case "workspace/applyEdit":
          return { applied: true };
        case "window/showDocument":
          return { success: true };
        default:
          return null;
      }
    });
    connection.listen();
  }

  private record(list: Message[], method: string, params: unknown): void {
    list.push({ method, params });
    for (const w of [...this.waiters]) w();
  }

  /** Resolves with the first message (already received or still to come) matching `match`. */
  waitFor(match: (m: Message) => boolean, what: string, list: Message[] = this.received, timeoutMs = 60_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = list.find(match);
        if (!m) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(m);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got: ${list.map((m) => m.method).join(", ")}\nserver stderr: ${this.stderr.join("")}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Records `$/progress` on `token` as messages `{ method: "$/progress", params: { token, value } }` (the connection routes them to progress handlers only). */
  watchProgress(token: string): void {
    this.connection.onProgress(WorkDoneProgress.type, token, (value) => this.record(this.received, "$/progress", { token, value }));
  }

  /** The diagnostics published for `uri` at `version` (undefined: unversioned, from a scan or a close). */
  async diagnostics(uri: string, version: number | undefined, after = 0): Promise<PublishDiagnosticsParams> {
    const m = await this.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && m.params.version === version && this.received.indexOf(m) >= after, `diagnostics for ${uri} v${version}`);
    return m.params as PublishDiagnosticsParams;
  }

  published(uri: string): PublishDiagnosticsParams[] {
    return this.received.filter((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri).map((m) => m.params);
  }

  open(uri: string, text: string, languageId = "typescript", version = 1): void {
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
  }

  /** Replaces the whole text (a change without range); returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental change, as editors send while typing; returns the new version. */
  edit(uri: string, edits: TextEdit[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
    return version;
  }

  close(uri: string): void {
    void this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** shutdown, exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => (this.child.exitCode !== null ? resolve(this.child.exitCode) : this.child.once("exit", (code) => resolve(code))));
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }
}

/** Starts the built server and initializes it. */
export async function startServer(options: StartOptions = {}): Promise<LspClient> {
  ensureBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const k of ["NODE_OPTIONS", "NODE_TEST_CONTEXT", "LOOPLENS_DEBOUNCE_MS"]) if (!options.env?.[k]) delete env[k];
  const args = options.via === "cli" ? [BIN, "lsp", "--stdio"] : [SERVER, "--stdio"];
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ["pipe", "pipe", "pipe"] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const client = new LspClient(connection, child, options.settings);
  const folders = (options.folders ?? []).map((p, i) => ({ uri: fileUri(p), name: `folder${i}` }));
  client.initializeResult = await connection.sendRequest<InitializeResult>("initialize", {
    processId: process.pid,
    rootUri: folders[0]?.uri ?? null,
    workspaceFolders: folders.length ? folders : null,
    capabilities: options.capabilities ?? VSCODE_LIKE,
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification("initialized", {});
  return client;
}

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

/** The text after applying a WorkspaceEdit's edits to the document `uri` (documentChanges or changes). */
export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit, uri: string): string {
  const edits: TextEdit[] = [];
  for (const c of edit.documentChanges ?? []) if ("textDocument" in c && c.textDocument.uri === uri) edits.push(...c.edits.filter((e): e is TextEdit => "range" in e));
  edits.push(...(edit.changes?.[uri] ?? []));
  return TextDocument.applyEdits(TextDocument.create(uri, "typescript", 0, text), edits);
}
