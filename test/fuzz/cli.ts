/**
 * The long fuzz run: `npm run fuzz -- [--seed N] [--cases M] [--minutes T] [--case N] [--max-failures K]`.
 * Without --seed a fresh one is drawn and printed; with neither --cases nor --minutes it runs
 * 10,000 cases. --case N replays one case; --baseline first checks the unmutated fixtures. Exits 1
 * when a case fails, after printing each shrunk reproducer.
 */
import { parseArgs } from "node:util";
import { formatSummary, runFuzz } from "./run";

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a number ≥ 0, not ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n;
}

const USAGE = "usage: npm run fuzz -- [--seed N] [--cases M] [--minutes T] [--case N] [--max-failures K] [--baseline]";
let values: { seed?: string; cases?: string; minutes?: string; case?: string; "max-failures"?: string; baseline?: boolean };
try {
  values = parseArgs({
    options: {
      seed: { type: "string" },
      cases: { type: "string" },
      minutes: { type: "string" },
      case: { type: "string" },
      "max-failures": { type: "string" },
      baseline: { type: "boolean", default: false },
    },
  }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}

const seed = wholeNumber("seed", values.seed) ?? Math.floor(Math.random() * 2 ** 32);
const minutes = wholeNumber("minutes", values.minutes);
const only = wholeNumber("case", values.case);
const cases = only !== undefined ? 1 : (wholeNumber("cases", values.cases) ?? (minutes !== undefined ? Number.MAX_SAFE_INTEGER : 10_000));
const maxFailures = wholeNumber("max-failures", values["max-failures"]) ?? 10;

console.log(`looplens fuzz: seed ${seed}${only !== undefined ? `, case ${only}` : `, ${cases === Number.MAX_SAFE_INTEGER ? "unbounded" : cases} cases`}${minutes !== undefined ? `, at most ${minutes} min` : ""}`);
const report = runFuzz({
  seed: Math.floor(seed),
  cases: Math.floor(cases),
  first: only,
  budgetMs: minutes !== undefined ? minutes * 60_000 : undefined,
  baseline: values.baseline,
  maxFailures,
  log: (line) => console.log(line),
  progressEvery: 1000,
});
console.log(formatSummary(report));
process.exitCode = report.failures.length ? 1 : 0;
