import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { before, describe, it } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";
import type { ScannedFinding } from "../../../server/src/cli/analyze-file";
import { formatText } from "../../../server/src/cli/formats/text";
import type { ScanReport } from "../../../server/src/cli/formats/report";
import type { ActiveSeverity, RuleId } from "../../../server/src/engine/types";

const require = createRequire(__filename);
const GRAMMAR = "syntaxes/looplens-report.tmLanguage.json";

interface Token {
  text: string;
  scopes: string[];
}

let grammar: textmate.IGrammar;

before(async () => {
  await oniguruma.loadWASM(readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (scope === "text.looplens-report" ? textmate.parseRawGrammar(readFileSync(GRAMMAR, "utf8"), GRAMMAR) : null),
  });
  const g = await registry.loadGrammar("text.looplens-report");
  assert.ok(g, "grammar loads");
  grammar = g;
});

function tokenize(text: string): Token[][] {
  let stack = textmate.INITIAL;
  return text.split("\n").map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes that every token of `part` (found in `line`) carries. */
function scopesOf(line: Token[], part: string): string[] {
  const text = line.map((t) => t.text).join("");
  const start = text.indexOf(part);
  assert.ok(start >= 0, `${JSON.stringify(part)} in ${JSON.stringify(text)}`);
  let at = 0;
  const covering: string[][] = [];
  for (const t of line) {
    const end = at + t.text.length;
    if (end > start && at < start + part.length) {
      assert.ok(at >= start && end <= start + part.length, `${JSON.stringify(part)} is one or more whole tokens, not part of ${JSON.stringify(t.text)}`);
      covering.push(t.scopes);
    }
    at = end;
  }
  return covering[0].filter((s) => covering.every((c) => c.includes(s)));
}

function finding(file: string, line: number, column: number, severity: ActiveSeverity, rule: RuleId, message: string): ScannedFinding {
  return { rule, file, severity, message, fixes: [], sourceLine: "", range: { start: { line, column }, end: { line, column: column + 1 } } };
}

const CWD = "/ws";
const report: ScanReport = {
  cwd: CWD,
  baseDir: CWD,
  files: 6,
  durationMs: 102,
  errors: [{ file: "/ws/src/broken.js", message: "syntax error at 1:10: '(' expected" }],
  findings: [
    finding("/ws/src/jobs/sync prices.ts", 6, 3, "warning", "await-in-loop", "Each iteration waits for fetchPrice() before the next starts — run them concurrently (bounded)"),
    finding("/ws/src/jobs/sync prices.ts", 14, 3, "error", "unbuffered-write", "One await appendFile per item to the same file (file) — collect the lines and write once"),
    finding("/ws/src/lib/digest.js", 6, 17, "info", "sync-io", "crypto.pbkdf2Sync blocks the event loop in a 'password-changed' event callback — use await promisify(pbkdf2) from node:crypto"),
    finding("/ws/src/lib/digest.js", 120, 1, "hint", "cpu-heavy-loop", "users.find() inside a loop over orders does O(orders × users) work"),
  ],
};

describe("the looplens-report grammar on the CLI's text report", () => {
  it("scopes file headers, positions, severities, rule ids and message parts", () => {
    const text = formatText(report, false);
    const lines = tokenize(text);
    const raw = text.split("\n");
    const at = (prefix: string) => lines[raw.findIndex((l) => l.startsWith(prefix))];

    assert.ok(scopesOf(at("src/jobs/sync prices.ts"), "src/jobs/sync prices.ts").includes("entity.name.section.file.looplens-report"));
    const first = at("  6:3 ");
    assert.ok(scopesOf(first, "6").includes("constant.numeric.line-number.looplens-report"));
    assert.ok(scopesOf(first, "3").includes("constant.numeric.column-number.looplens-report"));
    assert.ok(scopesOf(first, "warning").includes("token.warn-token"));
    assert.ok(scopesOf(first, "fetchPrice").includes("entity.name.function.looplens-report"));
    assert.ok(scopesOf(first, "await-in-loop").includes("entity.name.tag.rule.looplens-report"));
    assert.ok(scopesOf(first, "Each iteration waits for ").includes("meta.message.looplens-report"));

    const second = at("  14:3");
    assert.ok(scopesOf(second, "error").includes("token.error-token"));
    assert.ok(scopesOf(second, "unbuffered-write").includes("entity.name.tag.rule.looplens-report"));
    // The padded columns of a file's findings line up: "14:3" is as wide as "6:3 ".
    assert.ok(scopesOf(second, "14").includes("constant.numeric.line-number.looplens-report"));

    const third = at("  6:17");
    assert.ok(scopesOf(third, "info").includes("token.info-token"));
    assert.ok(scopesOf(third, "crypto.pbkdf2Sync").includes("entity.name.function.api.looplens-report"));
    assert.ok(scopesOf(third, " blocks the event loop in a ").includes("meta.message.looplens-report"));
    assert.ok(scopesOf(third, "'password-changed'").includes("string.quoted.single.looplens-report"));
    assert.ok(scopesOf(third, "promisify").includes("entity.name.function.looplens-report"));
    assert.ok(scopesOf(third, "node:crypto").includes("support.type.module.looplens-report"));
    assert.ok(scopesOf(third, "sync-io").includes("entity.name.tag.rule.looplens-report"));

    const fourth = at("  120:1");
    assert.ok(scopesOf(fourth, "hint").includes("token.debug-token"));
    assert.ok(scopesOf(fourth, "users.find").includes("entity.name.function.looplens-report"));
    // Big-O notation is not a call.
    assert.deepEqual(scopesOf(fourth, "() inside a loop over orders does O(orders × users) work"), ["text.looplens-report", "meta.message.looplens-report"]);

    const errorsHeader = at("⚠");
    assert.ok(scopesOf(errorsHeader, "1").includes("constant.numeric.count.looplens-report"));
    assert.ok(scopesOf(errorsHeader, "error").includes("token.warn-token"));
    const broken = at("  src/broken.js");
    assert.ok(scopesOf(broken, "src/broken.js").includes("entity.name.section.file.looplens-report"));
    assert.ok(scopesOf(broken, "syntax error at 1:10: '(' expected").includes("comment.line.reason.looplens-report"));

    const summary = at("✖");
    assert.equal(raw.find((l) => l.startsWith("✖")), "✖ 4 problems (1 await-in-loop, 1 cpu-heavy-loop, 1 sync-io, 1 unbuffered-write) in 2 files · 6 files scanned in 102ms · 1 error");
    assert.ok(scopesOf(summary, "✖").includes("token.error-token"));
    assert.ok(scopesOf(summary, "4").includes("constant.numeric.count.looplens-report"));
    assert.ok(scopesOf(summary, "problems").includes("keyword.other.problems.looplens-report"));
    for (const rule of ["await-in-loop", "cpu-heavy-loop", "sync-io", "unbuffered-write"]) {
      assert.ok(scopesOf(summary, rule).includes("entity.name.tag.rule.looplens-report"), rule);
    }
    assert.ok(scopesOf(summary, " · 6 files scanned in 102ms · 1 error").includes("comment.line.stats.looplens-report"));
  });

  it("marks a clean scan and the notice above a cancelled one", () => {
    const clean = formatText({ ...report, findings: [], errors: [], files: 1, durationMs: 12 }, false);
    assert.equal(clean, "✔ no problems · 1 file scanned in 12ms\n");
    const [line] = tokenize(clean);
    assert.ok(scopesOf(line, "✔").includes("markup.inserted.looplens-report"));
    assert.ok(scopesOf(line, "no problems").includes("markup.inserted.looplens-report"));
    assert.ok(scopesOf(line, " · 1 file scanned in 12ms").includes("comment.line.stats.looplens-report"));

    const [notice] = tokenize("Scan cancelled — the report covers the 3 files scanned until then.");
    assert.ok(scopesOf(notice, "Scan cancelled — the report covers the 3 files scanned until then.").includes("comment.line.notice.looplens-report"));
    // A file path is a header, never mistaken for the notice or a summary.
    const [header] = tokenize("Scanner.ts");
    assert.deepEqual(scopesOf(header, "Scanner.ts").slice(1), ["entity.name.section.file.looplens-report", "markup.underline.link.looplens-report"]);
  });

  it("leaves a finding's words that name no code plain", () => {
    const [line] = tokenize("  3:1  warning  2 independent awaits run one after another — start them together with Promise.all  sequential-await");
    assert.deepEqual(scopesOf(line, "2 independent awaits run one after another — start them together with "), ["text.looplens-report", "meta.message.looplens-report"]);
    assert.ok(scopesOf(line, "Promise.all").includes("entity.name.function.api.looplens-report"));
  });
});
