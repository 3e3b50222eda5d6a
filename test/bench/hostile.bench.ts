/**
 * `npm run bench:hostile`: time and peak memory of `looplens scan` over 1,000 and 10,000 small
 * realistic files (test/hostile/many-files.ts), and the hostile workspace of issue 6 once. Memory
 * must stay flat as the tree grows: each file's syntax tree and facts are dropped once its
 * findings are out, so what grows is only the report (the findings themselves).
 *
 *   npm run bench:hostile -- [--workers N] [--json]
 *
 * A report, not a test: it exits 1 only when a scan fails (exit code other than 0/1).
 */
import { rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { buildHostileTree, removeTree } from "../hostile/hostile-tree";
import { buildManyFilesTree } from "../hostile/many-files";
import { runMeasured } from "./measure";

const REPO = join(__dirname, "..", "..");
const BIN = join(REPO, "bin", "looplens.js");

interface Row {
  tree: string;
  files: number;
  findings: number;
  errors: number;
  wallMs: number;
  peakRssMb?: number;
  rssSource: string;
  /** Peak RSS above the 1,000-file scan's, per 1,000 extra files. */
  mbPerThousandExtra?: number;
}

async function scanOnce(tree: string, root: string, workers: string | undefined): Promise<Row> {
  const env: Record<string, string> = { NO_COLOR: "1" };
  if (workers !== undefined) env.LOOPLENS_WORKERS = workers;
  const run = await runMeasured({ cmd: process.execPath, args: [BIN, "scan", root, "--format", "json"], env });
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`scan of ${tree} failed (exit ${run.exitCode}, signal ${run.signal}):\n${run.stderr}`);
  const report = JSON.parse(run.stdout) as { findings: unknown[]; errors: unknown[]; stats: { files: number } };
  return {
    tree,
    files: report.stats.files,
    findings: report.findings.length,
    errors: report.errors.length,
    wallMs: Math.round(run.wallMs),
    peakRssMb: run.peakRss === undefined ? undefined : Math.round(run.peakRss / 1024 / 1024),
    rssSource: run.rssSource,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--workers");
  const workers = at >= 0 ? argv[at + 1] : undefined;
  const json = argv.includes("--json");
  const rows: Row[] = [];
  for (const count of [1_000, 10_000]) {
    const root = buildManyFilesTree(count);
    try {
      rows.push(await scanOnce(`${count.toLocaleString("en")} files`, root, workers));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const [small, large] = rows;
  if (small.peakRssMb !== undefined && large.peakRssMb !== undefined) {
    large.mbPerThousandExtra = Math.round(((large.peakRssMb - small.peakRssMb) / ((large.files - small.files) / 1000)) * 10) / 10;
  }
  const hostile = buildHostileTree();
  try {
    rows.push(await scanOnce("hostile workspace", hostile.root, workers));
  } finally {
    removeTree(hostile);
  }

  const machine = `${cpus().length} cores, load ${loadavg()[0].toFixed(1)}, node ${process.version}, LOOPLENS_WORKERS=${workers ?? "(default)"}`;
  if (json) {
    console.log(JSON.stringify({ machine, rows, ratios: ratios(small, large) }, null, 2));
    return;
  }
  console.log(`looplens scan, one run each (${machine})\n`);
  console.log(["tree".padEnd(18), "files".padStart(6), "findings".padStart(9), "errors".padStart(7), "time".padStart(8), "peak RSS".padStart(9)].join("  "));
  for (const r of rows) {
    console.log(
      [r.tree.padEnd(18), String(r.files).padStart(6), String(r.findings).padStart(9), String(r.errors).padStart(7), `${(r.wallMs / 1000).toFixed(1)}s`.padStart(8), (r.peakRssMb === undefined ? "?" : `${r.peakRssMb} MB`).padStart(9)].join("  "),
    );
  }
  const q = ratios(small, large);
  console.log(`\n10,000 vs 1,000 files: ${q.files}× the files, ${q.time}× the time, ${q.rss ?? "?"}× the peak RSS (${large.mbPerThousandExtra ?? "?"} MB per 1,000 extra files; RSS from ${large.rssSource})`);
}

function ratios(small: Row, large: Row): { files: number; time: number; rss?: number } {
  const r = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return { files: r(large.files, small.files), time: r(large.wallMs, small.wallMs), rss: small.peakRssMb && large.peakRssMb ? r(large.peakRssMb, small.peakRssMb) : undefined };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
