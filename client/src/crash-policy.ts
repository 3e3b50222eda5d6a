/**
 * What the client does when the language server dies on its own (pure: no vscode import, unit-tested).
 * A crashed server is restarted, within a bound, so one bad moment does not cost the user their
 * diagnostics; a server that keeps crashing is left stopped, because restarting it forever would
 * burn CPU and flood the log. The user hears about a crash once per session: after that, crashes
 * only go to the log, since a warning per crash would nag about something they cannot act on.
 */

/** How a server process ended, as Node's `exit` event reports it; undefined when it was not seen. */
export interface ServerExit {
  pid?: number;
  code: number | null;
  signal: string | null;
}

export type CrashDecision = "restart" | "stop";

export interface CrashPolicyOptions {
  now(): number;
  /** One line per crash, for the LoopLens output. */
  log(line: string): void;
  /** The warning that the server crashed and was restarted (called at most once per policy). */
  warnRestarted(message: string): void;
  /** The server crashed too often and stays stopped; the message offers to restart it. */
  reportStopped(message: string): void;
  /** Restarts allowed within `windowMs` (default 5). */
  maxRestarts?: number;
  /** Default 3 minutes. */
  windowMs?: number;
}

export class CrashPolicy {
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  /** When the crashes that count against the bound happened. */
  private recent: number[] = [];
  private total = 0;
  private warnings = 0;

  constructor(private readonly options: CrashPolicyOptions) {
    this.maxRestarts = options.maxRestarts ?? 5;
    this.windowMs = options.windowMs ?? 3 * 60_000;
  }

  /** Crashes seen in this session, restarted or not. */
  get crashes(): number {
    return this.total;
  }

  /** How often the crash warning was shown: 0 or 1. */
  get warningsShown(): number {
    return this.warnings;
  }

  /** The server's connection closed without the client asking: restart it or leave it stopped. */
  serverCrashed(exit: ServerExit | undefined): CrashDecision {
    const now = this.options.now();
    this.total++;
    this.recent = this.recent.filter((t) => now - t < this.windowMs);
    this.recent.push(now);
    const what = `The LoopLens server${exit?.pid === undefined ? "" : ` (pid ${exit.pid})`} ${describeExit(exit)}`;
    const window = describeWindow(this.windowMs);
    if (this.recent.length > this.maxRestarts) {
      this.options.log(`${what}: ${plural(this.recent.length, "crash", "crashes")} in ${window}, so it is not restarted.`);
      this.options.reportStopped(
        `LoopLens: the language server crashed ${plural(this.recent.length, "time", "times")} in ${window} and was not restarted. Diagnostics, code lenses and fixes are off until you restart it.`,
      );
      return "stop";
    }
    this.options.log(`${what}: restarting it (crash ${this.recent.length} of at most ${this.maxRestarts} restarted in ${window}).`);
    if (this.warnings === 0) {
      this.warnings++;
      this.options.warnRestarted("LoopLens: the language server crashed and was restarted. Any further crash is restarted quietly and logged in the LoopLens output.");
    }
    return "restart";
  }

  /** The user restarted the server: earlier crashes no longer count against the bound. */
  userRestarted(): void {
    this.recent = [];
  }
}

export function describeExit(exit: ServerExit | undefined): string {
  if (!exit) return "closed its connection (exit status not seen)";
  if (exit.signal) return `was killed by signal ${exit.signal}`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return "exited (no exit code or signal reported)";
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeWindow(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}` : `${Math.round(ms / 1000)} seconds`;
}
