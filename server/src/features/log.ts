/**
 * Logging to the client's output (connection.console) and the guard every handler runs in: a
 * handler never throws into the connection — it logs and answers with an empty result.
 */
import type { RemoteConsole } from "vscode-languageserver/node";

export class Log {
  private readonly said = new Set<string>();

  constructor(
    private readonly console: RemoteConsole,
    /** LOOPLENS_DEBUG: say what each analysis cost. */
    readonly debug = false,
  ) {}

  info(message: string): void {
    this.console.info(message);
  }

  error(message: string): void {
    this.console.error(message);
  }

  /** Logs `message` the first time `key` comes up: a rule failing on a file is said once, not per keystroke. */
  errorOnce(key: string, message: string): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    this.console.error(message);
  }

  /** Runs `fn`; on a throw logs it under `what` and returns `fallback`. */
  guard<R>(what: string, fallback: R, fn: () => R): R {
    try {
      return fn();
    } catch (e) {
      return this.failed(what, e, fallback);
    }
  }

  /** As guard, for async handlers: a rejection is logged and answered with `fallback`. */
  async guardAsync<R>(what: string, fallback: R, fn: () => Promise<R>): Promise<R> {
    try {
      return await fn();
    } catch (e) {
      return this.failed(what, e, fallback);
    }
  }

  private failed<R>(what: string, e: unknown, fallback: R): R {
    this.console.error(`LoopLens: ${what} failed: ${(e as Error)?.stack ?? String(e)}`);
    return fallback;
  }
}
