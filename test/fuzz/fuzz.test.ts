/**
 * The fixed-seed fuzz run of `npm test` (issue 6): thousands of mutated fixture files through
 * analysis and every fix, within a time budget. A longer run with any seed: `npm run fuzz`.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatReproducer, formatSummary, runFuzz } from "./run";

const SEED = 20_240_906;
const CASES = 3000;
/** On a loaded machine the run stops early rather than overrun the suite: the cases run are always a prefix of the same list. */
const BUDGET_MS = 40_000;

test(`fuzz: ${CASES} mutated fixture files, seed ${SEED}`, () => {
  const report = runFuzz({ seed: SEED, cases: CASES, budgetMs: BUDGET_MS, baseline: true, maxFailures: 5 });
  console.log(formatSummary(report));
  assert.equal(report.failures.length, 0, `\n${report.failures.map(formatReproducer).join("\n\n")}\n${formatSummary(report)}`);
  // A fuzzer whose mutations all break the syntax, or that reaches no fix, would pass without testing anything.
  assert.ok(report.cases >= Math.min(CASES, 500), `only ${report.cases} cases ran in the time budget`);
  assert.ok(report.parsed >= report.cases * 0.2, `only ${report.parsed} of ${report.cases} mutated files parsed`);
  assert.ok(report.fixes >= report.parsed * 0.5, `only ${report.fixes} fixes offered on ${report.parsed} parsed files`);
});
