/**
 * What LoopLens must show for each file of the fixture workspace (test/e2e/fixtures/workspace).
 * Messages, ranges and titles are pinned exactly: a rule that changes what it says fails the suite.
 */
export type Range1 = readonly [line: number, column: number, endLine: number, endColumn: number];

export interface ExpectedFinding {
  /** Relative to the workspace root. */
  file: string;
  rule: string;
  message: string;
  /** 1-based, as `looplens scan` reports it. */
  range: Range1;
  /** The code lens above the finding. */
  lens: string;
  /** The preferred quick fix, and the file's text after it (test/e2e/fixtures/fixed/<file>). */
  fix: { title: string; fixed: string };
  /** Titles of the rule's other fixes, offered after the preferred one. */
  alternatives?: string[];
}

export const FINDINGS: readonly ExpectedFinding[] = [
  {
    file: "src/routes/orders.js",
    rule: "sequential-await",
    message: "3 independent awaits run one after another in request handler for GET /orders/:id/summary — start them together with Promise.all",
    range: [7, 3, 9, 51],
    lens: "3 independent awaits run one after another — run them together",
    fix: { title: "Run the 3 awaits together with Promise.all", fixed: "src/routes/orders.js" },
  },
  {
    file: "src/jobs/sync-prices.ts",
    rule: "await-in-loop",
    message:
      "Each iteration waits for fetchPrice() before the next starts, though iterations are independent — run them concurrently (bounded) and keep results in order (in async function syncPrices)",
    range: [5, 3, 7, 4],
    lens: "Loop awaits fetchPrice() one item at a time — run 8 at once, results in order",
    fix: { title: "Run the iterations concurrently, at most 8 at a time (mapConcurrent helper), results in order", fixed: "src/jobs/sync-prices.ts" },
    alternatives: ["Run all iterations at once with Promise.all (small collections only), results in order"],
  },
  {
    file: "src/routes/files.ts",
    rule: "sync-io",
    message: "fs.readFileSync blocks the event loop in a request handler — use await readFile from node:fs/promises",
    range: [5, 16, 5, 58],
    lens: "fs.readFileSync blocks the event loop — the async version keeps it free",
    fix: { title: "Use await readFile(…) from node:fs/promises", fixed: "src/routes/files.ts" },
  },
  {
    file: "src/jobs/export.js",
    rule: "unbuffered-write",
    message: "One await appendFile per item to the same file (file) — collect the lines and write once",
    range: [4, 3, 6, 4],
    lens: "One await appendFile per item — collect them and write once",
    fix: { title: "Collect the pieces in an array and write them once", fixed: "src/jobs/export.js" },
  },
  {
    file: "src/routes/report.ts",
    rule: "cpu-heavy-loop",
    message:
      "users.find() inside a loop over orders does O(orders × users) work on the event loop in request handler report — index users by id in a Map once before the loop",
    range: [10, 16, 10, 93],
    lens: "users.find() for every item of orders: O(orders × users) — index users by id in a Map once before the loop",
    fix: { title: "Index users by id in a Map once before the loop", fixed: "src/routes/report.ts" },
  },
];

/** A file with dependent awaits, startup I/O and nothing to report. */
export const CLEAN_FILE = "src/lib/catalog.ts";

/** Only the workspace scan reads it: no test opens it. */
export const UNOPENED: Omit<ExpectedFinding, "lens" | "fix"> = {
  file: "src/jobs/nightly.js",
  rule: "sync-io",
  message: "fs.readFileSync blocks the event loop in a setInterval callback — use await readFile from node:fs/promises",
  range: [5, 15, 5, 67],
};

/** JS and TS files in the workspace: what the scan reads. */
export const SOURCE_FILES = 7;
