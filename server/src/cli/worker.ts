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

/** In the bundle every module shares the bundle's file name; under tsx this is worker.ts itself. */
export const WORKER_SCRIPT = __filename;

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
