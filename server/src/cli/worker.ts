/**
 * The worker-thread side of a parallel scan. The bundled out/cli.js is its own worker script: loaded
 * on a worker thread with this role's workerData it answers batches instead of running the CLI.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { LoopLensConfig, RuleId } from "../engine/types";
import { analyzeFile, type FileResult } from "./analyze-file";

export interface ScanWorkerData {
  looplensScanWorker: true;
  configs: LoopLensConfig[];
  only: RuleId[];
}

/** One file to analyse; `config` indexes ScanWorkerData.configs. */
export interface FileTask {
  index: number;
  path: string;
  config: number;
}

export interface TaskResult {
  index: number;
  result: FileResult;
}

/**
 * The script a worker thread starts from. Under bin/looplens.js that launcher itself (it loads the
 * bundle from V8's code cache, saving each thread ~0.3 s of compiling); otherwise this module's
 * file: in the bundle every module shares the bundle's file name, under tsx it is worker.ts.
 */
export const WORKER_SCRIPT = launcher() ?? __filename;

function launcher(): string | undefined {
  const script = (globalThis as Record<symbol, unknown>)[Symbol.for("looplens.launcher")];
  return typeof script === "string" ? script : undefined;
}

export function isScanWorker(): boolean {
  return !isMainThread && (workerData as Partial<ScanWorkerData> | null)?.looplensScanWorker === true;
}

function serve(): void {
  const { configs, only } = workerData as ScanWorkerData;
  parentPort!.on("message", (batch: FileTask[]) => {
    const out: TaskResult[] = batch.map((t) => ({ index: t.index, result: analyzeFile(t.path, configs[t.config], only) }));
    parentPort!.postMessage(out);
  });
}

if (isScanWorker()) serve();
