/**
 * Runs one command as a child process and measures its wall-clock time and peak resident memory.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when it is installed: it reads the rusage
 * of the reaped child, which covers the grandchildren it waited for (a tool that forks workers or
 * a native binary). Without it the harness samples VmHWM of the child and its descendants from
 * /proc, which can miss growth in the last sampling interval; the result says which it used.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export interface Command {
  cmd: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
}

export interface RunResult {
  wallMs: number;
  /** Peak resident set in bytes, when it could be measured. */
  peakRss?: number;
  rssSource: "gnu-time" | "proc-sampling" | "none";
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";
const RSS_MARKER = "__looplens_bench_maxrss_kb=";
const SAMPLE_MS = 25;

export function runMeasured(command: Command): Promise<RunResult> {
  const useTime = existsSync(GNU_TIME);
  const [cmd, args] = useTime ? [GNU_TIME, ["-f", `${RSS_MARKER}%M`, command.cmd, ...command.args]] : [command.cmd, command.args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: command.cwd, env: { ...process.env, ...command.env }, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let sampledKb = 0;
    const sampler = useTime || child.pid === undefined ? undefined : setInterval(() => (sampledKb = Math.max(sampledKb, treeHighWaterKb(child.pid!))), SAMPLE_MS);
    child.on("error", (e) => {
      if (sampler) clearInterval(sampler);
      reject(e);
    });
    child.on("close", (exitCode, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (sampler) clearInterval(sampler);
      let err = Buffer.concat(stderr).toString("utf8");
      let peakKb: number | undefined = sampledKb || undefined;
      if (useTime) {
        // GNU time appends its line to the child's stderr; take it out so the tool's own stderr stays readable.
        const at = err.lastIndexOf(RSS_MARKER);
        if (at >= 0) {
          peakKb = Number(err.slice(at + RSS_MARKER.length).trim());
          // GNU time also notes a non-zero exit or a signal just before its line: that is ours, not the tool's.
          err = err.slice(0, at).replace(/Command (?:exited with non-zero status|terminated by signal) \d+\n$/, "");
        }
      }
      resolve({
        wallMs,
        peakRss: peakKb ? peakKb * 1024 : undefined,
        rssSource: peakKb ? (useTime ? "gnu-time" : "proc-sampling") : "none",
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: err,
      });
    });
  });
}

/** The largest VmHWM (kB) among `pid` and its live descendants; 0 where /proc cannot tell. */
function treeHighWaterKb(pid: number): number {
  let max = 0;
  const pending = [pid];
  while (pending.length) {
    const p = pending.pop()!;
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const hwm = /^VmHWM:\s+(\d+)/m.exec(status);
      if (hwm) max = Math.max(max, Number(hwm[1]));
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim();
      if (children) pending.push(...children.split(/\s+/).map(Number));
    } catch {
      // The process exited between samples, or /proc is not there (not Linux): nothing to add.
    }
  }
  return max;
}
