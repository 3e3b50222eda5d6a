/**
 * `looplens lsp --stdio`: the language server (the same one the VS Code extension starts) in this
 * process, speaking LSP on stdin/stdout, for any editor with an LSP client.
 */
export function runLsp(): number {
  // Loading the server starts it; it reads `--stdio` from the command line as any LSP server does.
  // Loaded on demand (the bundle initialises it lazily), so scan and fix never pay for it.
  require("../server");
  // The process now lives as long as the connection: the client's `exit` notification (or the
  // stream closing) ends it, with status 0 after a `shutdown` request and 1 without one.
  return 0;
}
