/**
 * The generated worker pool, run for real: ESM and CommonJS pools next to a worker module, driven
 * by small programs. Results come back in order of the calls, errors and uncloneable arguments
 * reject only their task, a crashed thread is replaced, an awaited task keeps the process alive
 * and an idle pool does not.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { poolModuleText } from "../../../server/src/engine/fixes/worker-pool-module";
import { parseSource, syntaxError } from "../../../server/src/engine/parse";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "looplens-pool-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function runNode(dir: string, file: string): { code: number | null; stdout: string; stderr: string; ms: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [join(dir, file)], { cwd: dir, encoding: "utf8", timeout: 30_000, env: { ...process.env, NODE_OPTIONS: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t };
}

const ESM_WORKER = `export function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
export function fail(message) { throw new RangeError(message); }
export function giveFunction() { return () => 1; }
export function crash() { process.exit(3); }
export async function later(x) { return x * 2; }
`;

describe("generated worker pool (ESM)", () => {
  it("runs tasks on threads, in order, rejecting only the failing ones", () => {
    const dir = folder({
      "looplens-worker-pool.mjs": poolModuleText("esm", false, "\n"),
      "calc.worker.mjs": ESM_WORKER,
      "main.mjs": `import { runInWorker } from "./looplens-worker-pool.mjs";
const results = await Promise.all([25, 20, 15, 10, 5].map((n) => runInWorker("./calc.worker.mjs", "fib", [n])));
console.log("fib", results.join(","));
const errors = await Promise.allSettled([
  runInWorker("./calc.worker.mjs", "fail", ["bad input"]),
  runInWorker("./calc.worker.mjs", "fib", [() => 1]),
  runInWorker("./calc.worker.mjs", "giveFunction", []),
  runInWorker("./calc.worker.mjs", "crash", []),
  runInWorker("./missing.worker.mjs", "fib", [1]),
]);
for (const e of errors) console.log(e.status, e.reason?.constructor?.name, e.reason?.name);
console.log("after", await runInWorker("./calc.worker.mjs", "fib", [10]), await runInWorker("./calc.worker.mjs", "later", [21]));
`,
    });
    const r = runNode(dir, "main.mjs");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        "fib 75025,6765,610,55,5",
        "rejected RangeError RangeError",
        "rejected DOMException DataCloneError",
        "rejected Error Error",
        "rejected Error Error",
        "rejected Error Error",
        "after 55 42",
        "",
      ].join("\n"),
    );
  });

  it("keeps the process alive while a task runs, and lets it exit once idle", () => {
    const dir = folder({
      "looplens-worker-pool.mjs": poolModuleText("esm", false, "\n"),
      "calc.worker.mjs": ESM_WORKER,
      // Nothing else keeps this process alive: only the running task may, and the idle pool must not.
      "main.mjs": `import { runInWorker } from "./looplens-worker-pool.mjs";
runInWorker("./calc.worker.mjs", "fib", [27]).then((v) => console.log("done", v));
`,
    });
    const r = runNode(dir, "main.mjs");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "done 196418\n");
    assert.ok(r.ms < 15_000, `the process should exit once the pool is idle (${Math.round(r.ms)}ms)`);
  });
});

describe("generated worker pool (CommonJS)", () => {
  it("loads worker modules with require and answers through runInWorker", () => {
    const dir = folder({
      "looplens-worker-pool.cjs": poolModuleText("cjs", false, "\n"),
      "calc.worker.cjs": `function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function fail() { throw new TypeError("nope"); }
module.exports = { fib, fail };
`,
      "main.cjs": `const { runInWorker } = require("./looplens-worker-pool.cjs");
async function main() {
  console.log(await Promise.all([20, 10].map((n) => runInWorker("./calc.worker.cjs", "fib", [n]))));
  await runInWorker("./calc.worker.cjs", "fail", []).catch((e) => console.log(e instanceof TypeError, e.message));
}
main();
`,
    });
    const r = runNode(dir, "main.cjs");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "[ 6765, 55 ]\ntrue nope\n");
  });
});

describe("piscina pool", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`${format}: parses, sizes piscina like the thread pool and exports the task runner`, () => {
      const text = poolModuleText(format, true, "\r\n");
      assert.equal(syntaxError(parseSource(format === "esm" ? "/x/p.mjs" : "/x/p.cjs", text)), undefined);
      assert.doesNotMatch(text, /[^\r]\n/, "every line ends with the file's CRLF");
      assert.match(text, /new Piscina\(\{ filename: [^,]+, name: "runTask", maxThreads: Math\.max\(1, availableParallelism\(\) - 1\) \}\)/);
      assert.match(text, format === "esm" ? /^export async function runTask\(\{ module, name, args \}\)/m : /^module\.exports = \{ runInWorker, runTask \};/m);
    });
  }
});
