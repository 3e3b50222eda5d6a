/**
 * Runs the per-file analysis in-process or on worker threads. Each thread pays a start-up cost: it
 * loads the engine and the TypeScript parser, and V8 then compiles the parser's hot code again for
 * that thread (JIT code is not shared between threads) — seconds of CPU on a background thread.
 * While warming up, one analysing thread keeps about two cores busy, so workers only pay off on
 * large scans on machines with at least four cores; on two cores the in-process scan is fastest.
 * LOOPLENS_WORKERS=0 forces in-process analysis, LOOPLENS_WORKERS=N forces N workers.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { LoopLensConfig, RuleId } from "../engine/types";
import { analyzeFile, type FileResult } from "./analyze-file";
import { WORKER_SCRIPT, type FileTask, type ScanWorkerData, type TaskResult } from "./worker";

export type { FileTask } from "./worker";

const MIN_FILES_FOR_WORKERS = 150;
const FILES_PER_WORKER = 50;
const MAX_WORKERS = 4;
/** Cores one analysing thread keeps busy: its own, plus V8's compiler and garbage-collector threads. */
const CORES_PER_WORKER = 2;

export class WorkerSettingError extends Error {}

/** How many workers a scan of `files` files gets (0 = in-process). */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): number {
  const forced = env.LOOPLENS_WORKERS;
  if (forced !== undefined && forced !== "") {
    if (!/^\d+$/.test(forced)) throw new WorkerSettingError(`LOOPLENS_WORKERS must be a whole number (0 = no worker threads), got "${forced}"`);
    return Math.min(Number(forced), files, 32);
  }
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  const n = Math.min(Math.floor(cores / CORES_PER_WORKER), MAX_WORKERS, Math.floor(files / FILES_PER_WORKER));
  // One worker is the in-process scan plus a thread to start: never faster.
  return n >= 2 ? n : 0;
}

export type Progress = (done: number, total: number) => void;

export function analyzeInProcess(tasks: readonly FileTask[], configs: readonly LoopLensConfig[], only: readonly RuleId[], progress?: Progress): FileResult[] {
  return tasks.map((t, i) => {
    const result = analyzeFile(t.path, configs[t.config], only);
    progress?.(i + 1, tasks.length);
    return result;
  });
}

/** A worker script: a file, or source code evaluated on the thread. */
export interface WorkerSpec {
  script: string;
  eval: boolean;
}

/** Whether worker threads can be started from this build (always for the bundle; under tsx when tsx resolves). */
export function workersAvailable(): boolean {
  return workerSpec() !== undefined;
}

/** How to start a worker: the bundle runs itself; from TypeScript sources (tsx) the loader is registered first. */
function workerSpec(): WorkerSpec | undefined {
  if (/\.[cm]?js$/.test(WORKER_SCRIPT)) return { script: WORKER_SCRIPT, eval: false };
  try {
    const tsx = require.resolve("tsx/cjs/api");
    return { script: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(WORKER_SCRIPT)});`, eval: true };
  } catch {
    return undefined;
  }
}

/**
 * Analyses on `workers` threads, handing out small batches as threads come free; results come back
 * in task order. A worker that dies mid-batch costs that batch (reported per file), not the scan;
 * if none can be started, or all die, the rest is analysed in-process.
 */
export function analyzeInWorkers(
  tasks: readonly FileTask[],
  configs: readonly LoopLensConfig[],
  only: readonly RuleId[],
  workers: number,
  progress?: Progress,
  spec: WorkerSpec | undefined = workerSpec(),
): Promise<FileResult[]> {
  if (!spec || workers < 1) return Promise.resolve(analyzeInProcess(tasks, configs, only, progress));
  const results: (FileResult | undefined)[] = new Array(tasks.length);
  const batchSize = Math.max(1, Math.min(16, Math.ceil(tasks.length / (workers * 8))));
  const queue: FileTask[][] = [];
  for (let i = 0; i < tasks.length; i += batchSize) queue.push(tasks.slice(i, i + batchSize));
  const data: ScanWorkerData = { looplensScanWorker: true, configs: [...configs], only: [...only] };
  let done = 0;
  let live = 0;
  const pool: Worker[] = [];
  // Workers waiting for work: a batch given back by a failed worker goes to one of them.
  const idle: (() => void)[] = [];

  return new Promise<FileResult[]>((resolve, reject) => {
    let settled = false;
    const finishIfDone = () => {
      if (settled || done < tasks.length) return;
      settled = true;
      for (const w of pool) void w.terminate();
      resolve(results as FileResult[]);
    };
    const record = (index: number, result: FileResult) => {
      if (results[index]) return;
      results[index] = result;
      done++;
      progress?.(done, tasks.length);
    };
    const fallBackInProcess = () => {
      try {
        for (const batch of queue.splice(0)) for (const t of batch) record(t.index, analyzeFile(t.path, configs[t.config], only));
        finishIfDone();
      } catch (e) {
        settled = true;
        reject(e);
      }
    };

    for (let k = 0; k < workers; k++) {
      const worker = new Worker(spec.script, { eval: spec.eval, workerData: data });
      pool.push(worker);
      live++;
      let inFlight: FileTask[] = [];
      let answered = false;
      let failure = "";
      const feed = () => {
        const batch = queue.shift();
        if (!batch) {
          idle.push(feed);
          return;
        }
        inFlight = batch;
        worker.postMessage(batch);
      };
      worker.on("message", (out: TaskResult[]) => {
        answered = true;
        inFlight = [];
        for (const r of out) record(r.index, r.result);
        feed();
        finishIfDone();
      });
      worker.on("error", (e) => {
        failure = e?.message ?? String(e);
      });
      worker.on("exit", () => {
        live--;
        const waiting = idle.indexOf(feed);
        if (waiting >= 0) idle.splice(waiting, 1);
        if (settled) return;
        if (inFlight.length && !answered) {
          // A worker that never answered failed to start: its batch is not to blame.
          queue.unshift(inFlight);
          idle.shift()?.();
        } else {
          const message = `internal error: analysis thread stopped (${failure || "no reason given"}): skipped`;
          for (const t of inFlight) record(t.index, { findings: [], errors: [{ file: t.path, message }] });
        }
        inFlight = [];
        if (live === 0) fallBackInProcess();
        else finishIfDone();
      });
      feed();
    }
  });
}
