/**
 * The `looplens` command. Exit codes: 0 no findings, 1 findings, 2 usage error or internal failure.
 * The bundle (out/cli.js) is also the scan's worker-thread script; on a worker thread it serves
 * analysis batches (see worker.ts) instead of running the command.
 */
import { isMainThread } from "node:worker_threads";
import { ConfigError } from "../engine/config";
import { HELP, parseArgs, USAGE, UsageError } from "./args";
import { runFix } from "./fix";
import { runLsp } from "./lsp";
import { packageInfo } from "./package-info";
import { WorkerSettingError } from "./pool";
import { runScan, ScanInputError } from "./scan";
import "./worker";

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case "help":
        process.stdout.write(HELP);
        return 0;
      case "version":
        process.stdout.write(`${packageInfo().version}\n`);
        return 0;
      case "scan":
        return await runScan(args, { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
      case "fix":
        return await runFix(args, { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
      case "lsp":
        return runLsp();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`looplens: ${e.message}\n${USAGE}\nRun "looplens --help" for more.\n`);
    } else if (e instanceof ConfigError || e instanceof ScanInputError || e instanceof WorkerSettingError) {
      process.stderr.write(`looplens: ${e.message}\n`);
    } else {
      const detail = process.env.LOOPLENS_DEBUG ? ((e as Error)?.stack ?? String(e)) : ((e as Error)?.message ?? String(e));
      process.stderr.write(`looplens: internal error: ${detail}\n`);
    }
    return 2;
  }
}

if (isMainThread) {
  // A reader that goes away early (`looplens scan | head`) is not a failure of the scan.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
