/**
 * The server's per-version analysis, from the sources: incremental re-parsing gives exactly what a
 * fresh parse gives (findings, fix edits, lens text), and a rule that throws is logged once while
 * the other rules' findings still show.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { RemoteConsole } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeText } from "../../server/src/engine/analyze";
import { defaultConfig } from "../../server/src/engine/config";
import { RULES, type Rule } from "../../server/src/engine/rules";
import { Analyses, changeRange, reparse } from "../../server/src/features/analysis";
import { parseWithErrors, syntaxError } from "../../server/src/engine/parse";
import { Log } from "../../server/src/features/log";
import type { DocumentSettings } from "../../server/src/features/settings";

const CORPUS = join(__dirname, "..", "fixtures", "corpus", "api-server", "src", "routes");

function settings(): DocumentSettings {
  const config = defaultConfig();
  return { enable: true, codeLens: true, base: config, config, key: "test" };
}

function consoleStub(): { console: RemoteConsole; errors: string[] } {
  const errors: string[] = [];
  const ignore = () => undefined;
  const console = { error: (m: string) => errors.push(m), warn: ignore, info: ignore, log: ignore, debug: ignore } as unknown as RemoteConsole;
  return { console, errors };
}

/**
 * Deterministic edits a user might make, each on the text as it is then: comment lines typed, an
 * await statement duplicated, `const` turned into `let`, and a statement broken then mended.
 */
function nextEdit(text: string, i: number, random: () => number, broken: { at: number } | undefined): { at: number; remove: number; insert: string; broken?: { at: number } } {
  if (broken) return { at: broken.at, remove: 4, insert: "" };
  const lineAt = (from: number) => text.lastIndexOf("\n", from) + 1;
  const somewhere = Math.floor(random() * text.length);
  switch (i % 4) {
    case 0:
      return { at: lineAt(somewhere), remove: 0, insert: `  // typed ${i}\n` };
    case 1: {
      // A whole one-line statement, so the copy is a statement too.
      const lines = [...text.matchAll(/^ *(const|let) [^\n]*= await [^\n]*;$/gm)];
      const line = lines[Math.floor(random() * lines.length)];
      return { at: line.index!, remove: 0, insert: line[0] + "\n" };
    }
    case 2: {
      const found = text.indexOf("const ", somewhere);
      return { at: found < 0 ? text.indexOf("const ") : found, remove: 5, insert: "let" };
    }
    default: {
      const at = lineAt(somewhere);
      return { at, remove: 0, insert: "if (", broken: { at } };
    }
  }
}

describe("server analysis", () => {
  it("finds the one changed span between two texts", () => {
    assert.deepEqual(changeRange("abcdef", "abXYef"), { span: { start: 2, length: 2 }, newLength: 2 });
    assert.deepEqual(changeRange("aaaa", "aaaaa"), { span: { start: 4, length: 0 }, newLength: 1 });
    assert.deepEqual(changeRange("same", "same"), { span: { start: 4, length: 0 }, newLength: 0 });
  });

  it("incremental re-parsing gives exactly the findings and fixes of a fresh parse, edit after edit", () => {
    const text = readdirSync(CORPUS).filter((f) => f.endsWith(".ts")).sort().map((f) => readFileSync(join(CORPUS, f), "utf8")).join("\n");
    const { console } = consoleStub();
    const analyses = new Analyses(new Log(console));
    let doc = TextDocument.create("file:///work/routes.ts", "typescript", 1, text);
    let compared = 0;
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let broken: { at: number } | undefined;
    for (let i = 0; i < 60; i++) {
      const e = nextEdit(doc.getText(), i, random, broken);
      broken = e.broken;
      const start = doc.positionAt(e.at);
      const end = doc.positionAt(e.at + e.remove);
      doc = TextDocument.update(doc, [{ range: { start, end }, text: e.insert }], doc.version + 1);
      const analysis = analyses.analyze(doc, "/work/routes.ts", settings());
      const fresh = analyzeText("/work/routes.ts", doc.getText(), defaultConfig(), { edits: true });
      assert.equal(analysis.parsed, fresh.errors.every((x) => !x.message.startsWith("syntax error")), `edit ${i}: parsed either way or neither`);
      if (!analysis.parsed) continue;
      // Fixes are built on demand: each finding's, with their edits, as the fresh analysis has them.
      assert.deepEqual(analysis.findings.map((f) => ({ ...f, fixes: analysis.fixes(f) })), fresh.findings, `edit ${i}`);
      compared++;
    }
    assert.ok(compared >= 40, `compared ${compared} parsed versions`);
  });

  it("a rule that throws is logged once per file and message; the other rules' findings stay", () => {
    const failing: Rule = {
      meta: { id: "sync-io", description: "", defaultSeverity: "warning", fixable: false },
      detect() {
        throw new Error("boom");
      },
    };
    const rules = RULES as Rule[];
    const index = rules.findIndex((r) => r.meta.id === "sync-io");
    const original = rules[index];
    rules[index] = failing;
    try {
      const { console, errors } = consoleStub();
      const analyses = new Analyses(new Log(console));
      const text = `declare function a(): Promise<number>;\ndeclare function b(): Promise<number>;\nexport async function f() {\n  const x = await a();\n  const y = await b();\n  return x + y;\n}\n`;
      let doc = TextDocument.create("file:///work/f.ts", "typescript", 1, text);
      const first = analyses.analyze(doc, "/work/f.ts", settings());
      doc = TextDocument.update(doc, [{ range: { start: { line: 5, character: 11 }, end: { line: 5, character: 12 } }, text: "*" }], 2);
      const second = analyses.analyze(doc, "/work/f.ts", settings());
      assert.deepEqual([first.findings.length, second.findings.length], [1, 1]);
      assert.equal(first.findings[0].rule, "sequential-await");
      assert.equal(errors.length, 1);
      assert.match(errors[0], /rule sync-io failed: boom/);
    } finally {
      rules[index] = original;
    }
  });
});

describe("incremental re-parsing, cases found by the fuzzer", () => {
  // TypeScript's incremental parser reuses these broken statements and forgets their errors.
  const stillBroken: [string, string, string][] = [
    ["/work/a.js", "x;\nfunction f() {\n  return { ...a ...b };\n}\n", "x;\n\nfunction f() {\n  return { ...a ...b };\n}\n"],
    ["/work/a.mts", 'import { A, , type M } from "x";\ninterface C {\n}\nf();\n', 'import { A, , type M } from "x";\ninterface C {\n}\ng();\n'],
  ];

  it("keeps a syntax error outside the edit, as a fresh parse reports it", () => {
    for (const [path, before, after] of stillBroken) {
      assert.ok(syntaxError(parseWithErrors(path, before)));
      assert.equal(syntaxError(reparse(parseWithErrors(path, before), after)), syntaxError(parseWithErrors(path, after)), path);
    }
  });

  it("so the server analyses nothing while the file stays broken", () => {
    const { console } = consoleStub();
    const analyses = new Analyses(new Log(console));
    const [, before, after] = stillBroken[0];
    let doc = TextDocument.create("file:///work/a.js", "javascript", 1, before);
    assert.equal(analyses.analyze(doc, "/work/a.js", settings()).parsed, false);
    doc = TextDocument.update(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: "\n" }], 2);
    assert.equal(doc.getText(), after);
    assert.equal(analyses.analyze(doc, "/work/a.js", settings()).parsed, false);
  });
});

describe("a document nested too deep for the parser", () => {
  it("is not analysed, said once however often it changes, and the next version that parses is analysed", () => {
    const { console, errors } = consoleStub();
    const analyses = new Analyses(new Log(console));
    const deep = "export const x = " + "[".repeat(50_000) + "]".repeat(50_000) + ";\n";
    const uri = "file:///w/deep.js";
    for (let v = 1; v <= 3; v++) {
      const a = analyses.analyze(TextDocument.create(uri, "javascript", v, deep + "//".repeat(v)), "/w/deep.js", settings());
      assert.equal(a.parsed, false);
      assert.deepEqual(a.findings, []);
    }
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0], /^LoopLens: \/w\/deep\.js: nesting too deep to parse .*: not analysed$/);
    assert.doesNotMatch(errors[0], /\n\s+at /, "no stack trace");
    const code = `import { readFileSync } from "node:fs";\nexport async function f() {\n  return readFileSync("a");\n}\n`;
    const mended = analyses.analyze(TextDocument.create(uri, "javascript", 4, code), "/w/deep.js", settings());
    assert.equal(mended.parsed, true);
    assert.deepEqual(mended.findings.map((f) => f.rule), ["sync-io"]);
  });
});
