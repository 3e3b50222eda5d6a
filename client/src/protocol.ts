/** The custom messages of the editor contract, as the client sees them (the server defines the same names). */
import { NotificationType, RequestType, type ProgressToken } from "vscode-languageclient/node";

export interface ScanWorkspaceParams {
  workDoneToken?: ProgressToken;
}

export interface ScanWorkspaceResult {
  /** The CLI's text report (no colour) followed by its summary line. */
  report: string;
  files: number;
  findings: number;
  errors: number;
  /** True when the scan was cancelled: the report covers the files scanned until then. */
  cancelled: boolean;
}

export const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>("looplens/scanWorkspace");

/** Sent after every publish: the findings in every document the server has diagnostics for. */
export const FindingsCountNotification = new NotificationType<{ total: number }>("looplens/findingsCount");

export const COMMANDS = {
  scanWorkspace: "looplens.scanWorkspace",
  showReport: "looplens.showReport",
  restartServer: "looplens.restartServer",
} as const;

/** The languages LoopLens analyses (the VS Code language ids of JS and TS files). */
export const LANGUAGES = ["javascript", "javascriptreact", "typescript", "typescriptreact"] as const;
