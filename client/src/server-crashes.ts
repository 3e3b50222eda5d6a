/**
 * The language client's error handling, built on the crash policy: a server that dies on its own is
 * restarted (vscode-languageclient then re-opens every open document, so diagnostics come back),
 * each crash is logged with its exit code or signal, and the user is told once. A stop the client
 * asked for (Restart Server, deactivate) never reaches `closed()`, so it is not counted as a crash.
 */
import type { ChildProcess } from "node:child_process";
import { commands, window } from "vscode";
import { CloseAction, ErrorAction, State, type CloseHandlerResult, type ErrorHandler, type LanguageClient } from "vscode-languageclient/node";
import { CrashPolicy, type ServerExit } from "./crash-policy";
import { COMMANDS } from "./protocol";

/** Exported by `activate` (the e2e suite reads it; small on purpose). */
export interface LoopLensApi {
  /** Server crashes seen in this session. */
  crashes(): number;
  /** Error and warning notifications shown about the server: the crash warning, the give-up message, the client library's own. */
  messagesShown(): number;
}

export class ServerCrashes {
  private client: LanguageClient | undefined;
  private lastExit: ServerExit | undefined;
  private latestStart: Promise<void> | undefined;
  /** From a crash during start-up until that start has failed: the library's own error popups about it only go to the log. */
  private quiet = false;
  private shown = 0;

  readonly policy = new CrashPolicy({
    now: Date.now,
    log: (line) => this.client?.warn(line, undefined, false),
    warnRestarted: (message) => {
      this.shown++;
      void window.showWarningMessage(message, "Show Log").then((choice) => {
        if (choice) this.client?.outputChannel.show(true);
      });
    },
    reportStopped: (message) => {
      this.shown++;
      void window.showErrorMessage(message, "Restart", "Show Log").then((choice) => {
        if (choice === "Restart") void commands.executeCommand(COMMANDS.restartServer);
        else if (choice === "Show Log") this.client?.outputChannel.show(true);
      });
    },
  });

  readonly errorHandler: ErrorHandler = {
    // As the library's default, a few transport errors are tolerated and more shut the connection down. A
    // tolerated one (typically EPIPE: a message written to a server that just died) is only logged: the close
    // that follows is the crash, and the policy reports that.
    error: (_error, _message, count) =>
      count !== undefined && count <= 3 ? { action: ErrorAction.Continue, handled: true } : { action: ErrorAction.Shutdown },
    closed: () => this.closed(),
  };

  readonly api: LoopLensApi = {
    crashes: () => this.policy.crashes,
    messagesShown: () => this.shown,
  };

  attach(client: LanguageClient): void {
    this.client = client;
  }

  /** A new server process started: remember how it ends (Node emits `exit` before the connection closes). */
  watch(server: ChildProcess): void {
    this.lastExit = undefined;
    const pid = server.pid;
    server.once("exit", (code, signal) => (this.lastExit = { pid, code, signal }));
  }

  /** Every start of the client, including the library's own restarts. */
  started(start: Promise<void>): void {
    this.latestStart = start;
  }

  /** Whether an error the client library logs may also pop up (counted when it does). */
  notify(show: boolean | "force"): boolean | "force" {
    if (this.quiet) return false;
    if (show) this.shown++;
    return show;
  }

  /** "LoopLens: Restart Server": a fresh crash budget, and a start when the server was left stopped. */
  async restartByUser(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.policy.userRestarted();
    if (client.state === State.Running) await client.restart();
    else await client.start();
  }

  // `handled`: the policy has logged the crash and told the user, so the client only logs its own line.
  private closed(): CloseHandlerResult {
    const restart = this.policy.serverCrashed(this.lastExit) === "restart";
    if (this.client?.state !== State.Starting) return { action: restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    // During start-up the failing start still has to unwind (it marks the client failed and reports it): a restart
    // begun now would race with that, so the server is started again once it has.
    this.quiet = true;
    void this.afterFailedStart(this.latestStart, restart);
    return { action: CloseAction.DoNotRestart, handled: true, message: restart ? "The server crashed while starting: starting it again." : undefined };
  }

  private async afterFailedStart(failing: Promise<void> | undefined, restart: boolean): Promise<void> {
    await failing?.catch(() => undefined);
    this.quiet = false;
    // A crash of this start is handled by `closed()` again.
    if (restart) await this.client?.start().catch(() => undefined);
  }
}
