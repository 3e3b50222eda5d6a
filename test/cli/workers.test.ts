import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { Writable } from "node:stream";
import { after, describe, it } from "node:test";
import { join } from "node:path";
import { analyzeInProcess, analyzeInWorkers, workerCount } from "../../server/src/cli/pool";
import { defaultConfig } from "../../server/src/engine/config";
import { scan } from "../../server/src/cli/scan";
import { CLEAN_SAMPLE, makeTree, removeTree, scanJson, SYNC_IO_SAMPLE, type JsonReport, type TreeEntry } from "./helpers";

/** A few hundred small files: findings, clean files, syntax errors and binary files spread over folders. */
function bigTree(): string {
  const files: Record<string, TreeEntry> = {};
  for (let i = 0; i < 320; i++) {
    const dir = `pkg${i % 9}/${i % 2 ? "lib" : "src"}`;
    if (i % 40 === 7) files[`${dir}/broken${i}.ts`] = `export function f${i}( {\n`;
    else if (i % 53 === 11) files[`${dir}/blob${i}.js`] = Buffer.from([0, 1, 2, 3, i % 256]);
    else if (i % 3 === 0) files[`${dir}/load${i}.ts`] = SYNC_IO_SAMPLE.replace("load", `load${i}`);
    else files[`${dir}/ok${i}.ts`] = CLEAN_SAMPLE.replace("add", `add${i}`);
  }
  return makeTree(files);
}

const withoutTiming = (r: JsonReport) => ({ ...r, stats: { files: r.stats.files } });

describe("parallel analysis", () => {
  const dir = bigTree();
  after(() => removeTree(dir));

  it("sizes the pool by the scan and the cores: in-process below 150 files or 4 cores, then min(cores / 2, 4, files / 50)", () => {
    assert.equal(workerCount(149, {}, 16), 0);
    assert.equal(workerCount(320, {}, 2), 0, "on two cores one thread already keeps both busy");
    assert.equal(workerCount(320, {}, 3), 0, "a single worker is never faster than in-process");
    assert.equal(workerCount(320, {}, 4), 2);
    assert.equal(workerCount(320, {}, 16), 4);
    assert.equal(workerCount(160, {}, 16), 3);
    assert.equal(workerCount(100_000, {}, 64), 4);
    assert.equal(workerCount(320, { LOOPLENS_WORKERS: "0" }, 16), 0);
    assert.equal(workerCount(10, { LOOPLENS_WORKERS: "3" }, 2), 3);
    assert.equal(workerCount(2, { LOOPLENS_WORKERS: "3" }), 2);
    assert.throws(() => workerCount(10, { LOOPLENS_WORKERS: "-1" }), /whole number/);
  });

  it("worker threads give the same report as in-process analysis", () => {
    const inProcess = scanJson([dir], { env: { LOOPLENS_WORKERS: "0", LOOPLENS_DEBUG: "1" } });
    assert.match(inProcess.run.stderr, /analysing 320 files in-process/);
    const threaded = scanJson([dir], { env: { LOOPLENS_WORKERS: "3", LOOPLENS_DEBUG: "1" } });
    assert.match(threaded.run.stderr, /analysing 320 files on 3 worker threads/);
    assert.equal(threaded.run.code, inProcess.run.code);
    assert.deepEqual(withoutTiming(threaded.report), withoutTiming(inProcess.report));

    const r = inProcess.report;
    assert.equal(r.stats.files, 320);
    assert.equal(r.errors.length, 8 + 6, "every broken and binary file is named");
    assert.ok(r.findings.length > 90, `findings from the sync-io files (${r.findings.length})`);
    const files = r.findings.map((f) => f.file);
    assert.deepEqual(files, [...files].sort(), "findings in path order");
  });

  it("sizes the pool of a default scan by this machine's cores", () => {
    const { run } = scanJson([dir], { env: { LOOPLENS_DEBUG: "1" } });
    const expected = workerCount(320, {}, availableParallelism());
    assert.match(run.stderr, expected ? new RegExp(`on ${expected} worker threads`) : /analysing 320 files in-process/);
  });

  it("runs workers from the TypeScript sources too (tsx), with the same result", async () => {
    let said = "";
    const stderr = new Writable({ write: (chunk, _enc, done) => ((said += String(chunk)), done()) });
    const io = (workers: string) => ({ cwd: dir, env: { LOOPLENS_WORKERS: workers, LOOPLENS_DEBUG: "1" }, stdout: process.stdout, stderr });
    const args = { command: "scan" as const, paths: ["."], format: "json" as const, rules: [] };
    const a = await scan(args, io("0"));
    const b = await scan(args, io("2"));
    assert.match(said, /analysing 320 files on 2 worker threads/);
    assert.deepEqual({ ...b, durationMs: 0 }, { ...a, durationMs: 0 });
    assert.equal(a.files, 320);
  });
});

describe("worker failures", () => {
  const dir = makeTree(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${String(i).padStart(2, "0")}.ts`, SYNC_IO_SAMPLE])));
  after(() => removeTree(dir));
  const tasks = Array.from({ length: 12 }, (_, i) => ({ index: i, path: join(dir, `f${String(i).padStart(2, "0")}.ts`), config: 0 }));
  const configs = [defaultConfig()];

  it("falls back to in-process analysis when no worker starts", async () => {
    const results = await analyzeInWorkers(tasks, configs, [], 2, undefined, { script: `throw new Error("cannot start")`, eval: true });
    assert.deepEqual(results, analyzeInProcess(tasks, configs, []));
    assert.ok(results.every((r) => r.findings.length === 1));
  });

  it("reports the batch of a worker that dies mid-scan, and analyses the rest", async () => {
    // Answers its first batch (with nothing), then fails on the second.
    const flaky = `const { parentPort } = require("node:worker_threads");
      let batches = 0;
      parentPort.on("message", (batch) => {
        if (batches++) throw new Error("thread crashed");
        parentPort.postMessage(batch.map((t) => ({ index: t.index, result: { findings: [], errors: [] } })));
      });`;
    const seen: number[] = [];
    const results = await analyzeInWorkers(tasks, configs, [], 1, (done) => seen.push(done), { script: flaky, eval: true });
    assert.equal(results.length, 12);
    assert.deepEqual(seen, Array.from({ length: 12 }, (_, i) => i + 1), "progress counts every file once");
    // batches of 2 (12 files / (1 worker × 8), rounded up): the first answered empty, the second lost, the rest in-process
    assert.deepEqual(results.slice(0, 2), [{ findings: [], errors: [] }, { findings: [], errors: [] }]);
    for (const r of results.slice(2, 4)) assert.match(r.errors[0]?.message ?? "", /analysis thread stopped \(thread crashed\)/);
    assert.ok(results.slice(4).every((r) => r.findings.length === 1 && r.errors.length === 0));
  });
});
