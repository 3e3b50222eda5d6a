import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseLabels } from "../eval/corpus-labels";
import { ratio, score, thresholdFailures, type ReportedFinding } from "../eval/scoring";
import { RULE_IDS } from "../../server/src/engine/types";

describe("corpus label parser", () => {
  it("reads one or several rule ids from an expect marker, on the marker's own line", () => {
    const text = [
      "async function f() {",
      "  const a = await x(); // expect: sequential-await",
      "  for (const r of rows) out.write(r); // expect: unbuffered-write, cpu-heavy-loop",
      "}",
    ].join("\n");
    const { expected, quiet, problems } = parseLabels("a.ts", text);
    assert.deepEqual(problems, []);
    assert.deepEqual(quiet, []);
    assert.deepEqual(expected, [
      { file: "a.ts", line: 2, rule: "sequential-await" },
      { file: "a.ts", line: 3, rule: "unbuffered-write" },
      { file: "a.ts", line: 3, rule: "cpu-heavy-loop" },
    ]);
  });

  it("ignores a note after the ids of an expect marker", () => {
    const { expected, problems } = parseLabels("a.ts", "fs.readFileSync(p); // expect: sync-io — in a request handler");
    assert.deepEqual(problems, []);
    assert.deepEqual(expected, [{ file: "a.ts", line: 1, rule: "sync-io" }]);
  });

  it("reads quiet markers with and without rule ids", () => {
    const text = ["while (cursor) { // quiet: await-in-loop — pagination cursor", "x(); // quiet: startup only", "y(); // quiet: sync-io, cpu-heavy-loop -- worker thread"].join("\n");
    const { quiet, problems } = parseLabels("b.js", text);
    assert.deepEqual(problems, []);
    assert.deepEqual(quiet, [
      { file: "b.js", line: 1, rules: ["await-in-loop"], reason: "pagination cursor" },
      { file: "b.js", line: 2, rules: [], reason: "startup only" },
      { file: "b.js", line: 3, rules: ["sync-io", "cpu-heavy-loop"], reason: "worker thread" },
    ]);
  });

  it("reads an expect and a quiet marker sharing a line", () => {
    const { expected, quiet, problems } = parseLabels("c.ts", "for (const l of lines) { // expect: unbuffered-write; quiet: await-in-loop — ordered writes to one handle");
    assert.deepEqual(problems, []);
    assert.deepEqual(expected, [{ file: "c.ts", line: 1, rule: "unbuffered-write" }]);
    assert.deepEqual(quiet, [{ file: "c.ts", line: 1, rules: ["await-in-loop"], reason: "ordered writes to one handle" }]);
  });

  it("reports unknown ids, empty markers and contradictions", () => {
    const text = ["a(); // expect: sync-oi", "b(); // expect:", "c(); // expect: sync-io; quiet: sync-io — both", "d(); // quiet: await-in-lop — typo"].join("\n");
    const { problems, expected } = parseLabels("d.ts", text);
    assert.deepEqual(
      problems.map((p) => p.line),
      [1, 2, 3, 4],
    );
    assert.match(problems[0].message, /unknown rule id "sync-oi"/);
    assert.deepEqual(expected, [{ file: "d.ts", line: 3, rule: "sync-io" }]);
  });

  it("does not take ordinary comments or strings for markers", () => {
    const text = ['const url = "http://example.com/expect"; // we expect: nothing here', "// TODO quiet the logger"].join("\n");
    const labels = parseLabels("e.ts", text);
    assert.deepEqual(labels, { expected: [], quiet: [], problems: [] });
  });

  it("numbers lines the same for CRLF files", () => {
    const { expected } = parseLabels("f.ts", "a();\r\nb(); // expect: sync-io\r\n");
    assert.deepEqual(expected, [{ file: "f.ts", line: 2, rule: "sync-io" }]);
  });
});

describe("scoring", () => {
  const finding = (file: string, line: number, rule: ReportedFinding["rule"], message = "m"): ReportedFinding => ({ file, line, rule, message });

  it("matches by file, rule and start line", () => {
    const expected = [
      { file: "a.ts", line: 3, rule: "sync-io" as const },
      { file: "a.ts", line: 9, rule: "await-in-loop" as const },
      { file: "b.ts", line: 3, rule: "sync-io" as const },
    ];
    const findings = [
      finding("a.ts", 3, "sync-io"), // TP
      finding("a.ts", 9, "sequential-await", "group"), // FP: right line, wrong rule
      finding("b.ts", 4, "sync-io", "off by one"), // FP: wrong line
    ];
    const s = score(expected, [], findings, RULE_IDS);
    const sync = s.perRule.get("sync-io")!;
    assert.deepEqual([sync.tp, sync.fp, sync.fn], [1, 1, 1]);
    assert.equal(sync.precision, 0.5);
    assert.equal(sync.recall, 0.5);
    const loop = s.perRule.get("await-in-loop")!;
    assert.deepEqual([loop.tp, loop.fp, loop.fn, loop.precision, loop.recall], [0, 0, 1, null, 0]);
    assert.deepEqual([s.overall.tp, s.overall.fp, s.overall.fn], [1, 2, 2]);
    assert.equal(s.overall.precision, 1 / 3);
    assert.equal(s.overall.recall, 1 / 3);
    assert.deepEqual(
      s.falsePositives.map((m) => `${m.file}:${m.line} ${m.rule} ${m.message}`),
      ["a.ts:9 sequential-await group", "b.ts:4 sync-io off by one"],
    );
    assert.deepEqual(
      s.falseNegatives.map((m) => `${m.file}:${m.line} ${m.rule}`),
      ["a.ts:9 await-in-loop", "b.ts:3 sync-io"],
    );
  });

  it("counts repeated findings on one line against as many expectations", () => {
    const expected = [{ file: "a.ts", line: 1, rule: "sync-io" as const }];
    const s = score(expected, [], [finding("a.ts", 1, "sync-io"), finding("a.ts", 1, "sync-io")], ["sync-io"]);
    assert.deepEqual([s.overall.tp, s.overall.fp, s.overall.fn], [1, 1, 0]);
    const twice = score([...expected, ...expected], [], [finding("a.ts", 1, "sync-io")], ["sync-io"]);
    assert.deepEqual([twice.overall.tp, twice.overall.fp, twice.overall.fn], [1, 0, 1]);
  });

  it("scores only the rules asked for", () => {
    const expected = [
      { file: "a.ts", line: 1, rule: "sync-io" as const },
      { file: "a.ts", line: 2, rule: "cpu-heavy-loop" as const },
    ];
    const s = score(expected, [], [finding("a.ts", 5, "cpu-heavy-loop")], ["sync-io"]);
    assert.deepEqual([...s.perRule.keys()], ["sync-io"]);
    assert.deepEqual([s.overall.tp, s.overall.fp, s.overall.fn], [0, 0, 1]);
    assert.equal(s.overall.precision, null);
  });

  it("counts hard negatives and the ones a false positive broke, and names the label on the FP", () => {
    const quiet = [
      { file: "a.ts", line: 4, rules: ["await-in-loop" as const], reason: "pagination cursor" },
      { file: "a.ts", line: 8, rules: ["await-in-loop" as const, "sync-io" as const], reason: "worker" },
      { file: "a.ts", line: 12, rules: [], reason: "startup" },
    ];
    const findings = [finding("a.ts", 4, "await-in-loop"), finding("a.ts", 12, "sync-io"), finding("a.ts", 8, "cpu-heavy-loop")];
    const s = score([], quiet, findings, RULE_IDS);
    const loop = s.perRule.get("await-in-loop")!;
    assert.deepEqual([loop.hardNegatives, loop.hardNegativesBroken], [2, 1]);
    const sync = s.perRule.get("sync-io")!;
    assert.deepEqual([sync.hardNegatives, sync.hardNegativesBroken], [1, 0]);
    // two named for await-in-loop, one for sync-io, one unnamed; the unnamed one broke.
    assert.deepEqual([s.overall.hardNegatives, s.overall.hardNegativesBroken], [4, 2]);
    assert.deepEqual(
      s.falsePositives.map((m) => [m.line, m.rule, m.quietReason]),
      [
        [4, "await-in-loop", "pagination cursor"],
        [8, "cpu-heavy-loop", undefined],
        [12, "sync-io", "startup"],
      ],
    );
  });

  it("gives null ratios when there is nothing to divide", () => {
    assert.equal(ratio(0, 0), null);
    assert.equal(ratio(3, 4), 0.75);
    const s = score([], [], [], RULE_IDS);
    assert.equal(s.overall.precision, null);
    assert.equal(s.overall.recall, null);
  });

  it("fails thresholds only when a figure falls below them", () => {
    const s = score(
      [
        { file: "a.ts", line: 1, rule: "sync-io" },
        { file: "a.ts", line: 2, rule: "sync-io" },
      ],
      [],
      [finding("a.ts", 1, "sync-io"), finding("a.ts", 3, "sync-io")],
      RULE_IDS,
    );
    assert.deepEqual(thresholdFailures(s.overall), []);
    assert.deepEqual(thresholdFailures(s.overall, 0.5, 0.5), []);
    const failures = thresholdFailures(s.overall, 0.9, 0.85);
    assert.equal(failures.length, 2);
    assert.match(failures[0], /precision 0\.500 is below 0\.9/);
    assert.match(failures[1], /recall 0\.500 is below 0\.85/);
    assert.deepEqual(thresholdFailures(score([], [], [], RULE_IDS).overall, 0.9, 0.85), []);
  });
});
