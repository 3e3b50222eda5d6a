/**
 * Edit-to-diagnostics latency of the built language server (`npm run bench` runs it before the
 * scan benchmark; arguments after `--` go to the scan benchmark): a ~2,700-line module made of corpus code is opened, then typed into — 20
 * edits, each a statement added in an async function, sent as incremental didChange — and for each
 * the time from sending the change to receiving publishDiagnostics for that version is measured.
 * The server's debounce is set to 0 for the measurement (initializationOptions.debounceMs); in the
 * editor the debounce comes on top, after the last keystroke. Peak RSS is the server's VmHWM.
 *
 *   node --import tsx test/bench/lsp-latency.bench.ts [--edits N] [--warmup N] [--json] [--cpu-prof DIR]
 *
 * `--warmup N` first makes N unmeasured edits, for the figure of a server that has been running.
 * `--cpu-prof DIR` has the server write a V8 CPU profile into DIR when it exits.
 *
 * Besides wall time it reports the CPU time of the server's main thread per edit (from
 * /proc/<pid>/task/<pid>/schedstat, in ns): the analysis itself, without GC and JIT helper threads,
 * and barely moved by other processes competing for the cores — the figure to compare two builds
 * by on a busy machine (run them interleaved).
 *
 * It reports; it asserts nothing (targets: p95 ≤ 100 ms, peak RSS ≤ 400 MB).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_DEBOUNCE_MS } from "../../server/src/features/diagnostics";
import { makeTree, removeTree } from "../cli/helpers";
import { fileUri, startServer } from "../lsp/helpers";
import { benchModule } from "./lsp-bench-file";

const LINES = 2700;

function parseArgs(argv: string[]): { edits: number; warmup: number; json: boolean; cpuProf?: string } {
  const out: { edits: number; warmup: number; json: boolean; cpuProf?: string } = { edits: 20, warmup: 0, json: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--json") out.json = true;
    else if (argv[i] === "--edits") out.edits = Number(argv[++i]);
    else if (argv[i] === "--warmup") out.warmup = Number(argv[++i]);
    else if (argv[i] === "--cpu-prof") out.cpuProf = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (use --edits N, --warmup N, --json, --cpu-prof DIR)`);
  }
  if (!Number.isInteger(out.edits) || out.edits < 1) throw new Error("--edits takes a whole number ≥ 1");
  if (!Number.isInteger(out.warmup) || out.warmup < 0) throw new Error("--warmup takes a whole number ≥ 0");
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** CPU time the process has used, in ms (utime + stime from /proc, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time the process's main thread has used, in ms; undefined where /proc does not say. */
function mainThreadCpuMs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * A module that profiles the process it is required into and writes the profile to `dir` on exit
 * (`--cpu-prof` itself is not allowed in NODE_OPTIONS, which is how the server gets it).
 */
function profilerHook(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const hook = join(dir, "cpu-profile-hook.cjs");
  writeFileSync(
    hook,
    `const inspector = require("node:inspector");
const { writeFileSync } = require("node:fs");
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.start");
process.on("exit", () => {
  session.post("Profiler.stop", (err, result) => {
    if (!err) writeFileSync(${JSON.stringify(join(dir, "server"))} + "-" + process.pid + ".cpuprofile", JSON.stringify(result.profile));
  });
});
`,
  );
  return hook;
}

function peakRss(pid: number): number | undefined {
  const m = /VmHWM:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : undefined;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const text = benchModule(LINES);
  const dir = makeTree({ "package.json": "{}" });
  const uri = fileUri(join(dir, "src", "big-module.ts"));
  const env = options.cpuProf ? { NODE_OPTIONS: `--require ${profilerHook(options.cpuProf)}` } : undefined;
  const client = await startServer({ folders: [dir], initializationOptions: { debounceMs: 0 }, env });
  try {
    let t = performance.now();
    client.open(uri, text);
    const opened = await client.diagnostics(uri, 1);
    const openMs = performance.now() - t;

    // Each edit adds a statement after a one-line await statement, as a user typing in a handler would.
    const anchors = [...text.matchAll(/^( *)(?:const|let) [^\n]*= await [^\n]*;$/gm)];
    const latencies: number[] = [];
    const mainCpu: number[] = [];
    const pid = client.child.pid;
    let cpuBefore = 0;
    let current = text;
    let version = 1;
    for (let i = 0; i < options.warmup + options.edits; i++) {
      const anchor = anchors[(i * 7) % anchors.length];
      const line = current.slice(0, current.indexOf(anchor[0]) + anchor[0].length).split("\n").length; // 1-based line of the anchor
      const insert = `${anchor[1]}const typed${i} = await loadTyped${i}();\n`;
      const lines = current.split("\n");
      lines.splice(line, 0, insert.slice(0, -1));
      current = lines.join("\n");
      if (i === options.warmup && client.child.pid) cpuBefore = cpuMs(client.child.pid);
      const cpu = pid ? mainThreadCpuMs(pid) : undefined;
      t = performance.now();
      version = client.edit(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: insert }]);
      await client.diagnostics(uri, version);
      if (i >= options.warmup) {
        latencies.push(performance.now() - t);
        const after = pid ? mainThreadCpuMs(pid) : undefined;
        if (cpu !== undefined && after !== undefined) mainCpu.push(after - cpu);
      }
    }
    const rss = client.child.pid ? peakRss(client.child.pid) : undefined;
    const cpuPerEdit = client.child.pid ? (cpuMs(client.child.pid) - cpuBefore) / latencies.length : undefined;
    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedCpu = [...mainCpu].sort((a, b) => a - b);
    const result = {
      file: { lines: text.split("\n").length, findings: opened.diagnostics.length },
      openMs: Math.round(openMs),
      edits: latencies.length,
      p50Ms: Math.round(percentile(sorted, 50)),
      p95Ms: Math.round(percentile(sorted, 95)),
      maxMs: Math.round(sorted[sorted.length - 1]),
      /** Each edit's latency in the order made: the first few after opening pay for cold code. */
      latenciesMs: latencies.map(Math.round),
      /** The server's CPU time per edit (all its threads): less sensitive to a busy machine than wall time. */
      serverCpuPerEditMs: cpuPerEdit === undefined ? undefined : Math.round(cpuPerEdit),
      /** The server's main thread per edit (the analysis without GC and JIT helper threads), p50 and p95. */
      mainThreadCpuMs: sortedCpu.length ? { p50: Math.round(percentile(sortedCpu, 50)), p95: Math.round(percentile(sortedCpu, 95)) } : undefined,
      debounceMs: DEFAULT_DEBOUNCE_MS,
      peakRssMiB: rss === undefined ? undefined : Math.round(rss / 2 ** 20),
      machine: { cpus: cpus().length, load1: Number(loadavg()[0].toFixed(2)) },
    };
    if (options.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + "\n");
    } else {
      process.stdout.write(
        [
          `LSP edit → diagnostics on a ${result.file.lines}-line module (${result.file.findings} findings), ${result.edits} edits${options.warmup ? ` after ${options.warmup} warm-up edits` : " right after opening it"}, debounce 0:`,
          `  p50 ${result.p50Ms} ms · p95 ${result.p95Ms} ms · max ${result.maxMs} ms   (target p95 ≤ 100 ms, aim 50)`,
          `  server CPU per edit ${result.serverCpuPerEditMs ?? "?"} ms (all threads: analysis, GC, JIT; less sensitive to load than wall time)`,
          `  server main thread CPU per edit p50 ${result.mainThreadCpuMs?.p50 ?? "?"} ms · p95 ${result.mainThreadCpuMs?.p95 ?? "?"} ms (compare builds by this on a busy machine)`,
          `  open → first diagnostics ${result.openMs} ms (cold: parse and JIT warm-up)`,
          `  in the editor the debounce of ${result.debounceMs} ms after the last keystroke comes on top`,
          `  server peak RSS ${result.peakRssMiB ?? "?"} MiB (VmHWM; target ≤ 400 MB)`,
          `  machine: ${result.machine.cpus} cores, load ${result.machine.load1}`,
          "",
        ].join("\n"),
      );
    }
    await client.stop();
  } catch (e) {
    client.kill();
    throw e;
  } finally {
    removeTree(dir);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`lsp-latency bench: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
