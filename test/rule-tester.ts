/**
 * Rule tests as data: `valid` code must give no finding, `invalid` code exactly the listed ones.
 * Each case is parsed into a fresh in-memory ts-morph project, and the tester fails a rule that
 * changes the tree it was given. Every fix a finding offers must change the code and leave it
 * parseable; `output` pins the exact text once every finding's preferred fix is applied.
 */
import assert from "node:assert/strict";
import { dirname, posix } from "node:path";
import { describe, it } from "node:test";
import { Project, ts } from "ts-morph";
import { analyzeSourceFile } from "../server/src/engine/analyze";
import { defaultConfig, mergeConfig } from "../server/src/engine/config";
import { applyEdits, compatibleFixes } from "../server/src/engine/fixes/text-edits";
import { parseSource, syntaxError } from "../server/src/engine/parse";
import type { Rule } from "../server/src/engine/rules";
import type { Finding, Fix } from "../server/src/engine/types";

export interface CaseBase {
  /** What the case shows; defaults to the first line of code. */
  name?: string;
  code: string;
  /** Virtual path; decides the language and the file's role (e.g. "bin/cli.js" is a CLI script). Default "src/app.ts". */
  filename?: string;
  /** Settings on top of the defaults, in .looplensrc.json shape. */
  settings?: unknown;
  /** Packages the case's package.json would list (p-limit, p-map, piscina change the generated code). */
  dependencies?: string[];
  only?: boolean;
}

export interface ExpectedFinding {
  line: number;
  endLine?: number;
  column?: number;
  /** Substring or pattern the message must contain. */
  message?: string | RegExp;
}

export interface InvalidCase extends CaseBase {
  findings: ExpectedFinding[];
  /**
   * The code after applying every finding's preferred fix (one pass, as `looplens fix` does it
   * first); `null` when no finding may offer a fix. Unchecked when absent.
   */
  output?: string | null;
  /**
   * The files the preferred fixes create (worker modules…), by path relative to the folder of the
   * case's filename, with their exact text. Unchecked when absent.
   */
  newFiles?: Record<string, string>;
}

export interface RuleCases {
  valid: (CaseBase | string)[];
  invalid: InvalidCase[];
}

export function analyzeCase(rule: Rule, c: CaseBase): Finding[] {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  const path = "/virtual/" + (c.filename ?? "src/app.ts");
  const sf = project.createSourceFile(path, c.code).compilerNode;
  const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  assert.equal(diags.length, 0, `test case does not parse: ${diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " ")).join("; ")}`);
  const before = fingerprint(sf);
  const config = { ...mergeConfig(defaultConfig(), c.settings, "test settings"), dependencies: c.dependencies ?? [] };
  const { findings, errors } = analyzeSourceFile(path, sf, config, { only: [rule.meta.id], edits: true });
  assert.deepEqual(errors, [], "the rule reported errors");
  assert.equal(fingerprint(sf), before, `rule ${rule.meta.id} changed the syntax tree it was given`);
  for (const f of findings) for (const fix of f.fixes as Fix[]) checkFix(path, c.code, fix);
  return findings;
}

/** Fails a fix that changes nothing, or whose result does not parse. */
export function checkFix(path: string, code: string, fix: Fix): string {
  const out = applyEdits(code, fix.edits);
  assert.notEqual(out, code, `fix "${fix.title}" changes nothing`);
  let error: string | undefined;
  try {
    error = syntaxError(parseSource(path, out));
  } catch (e) {
    error = (e as Error).message;
  }
  assert.equal(error, undefined, `fix "${fix.title}" gives code that does not parse (${error}):\n${out}`);
  for (const nf of fix.newFiles ?? []) {
    let nfError: string | undefined;
    try {
      nfError = syntaxError(parseSource(nf.path, nf.text));
    } catch (e) {
      nfError = (e as Error).message;
    }
    assert.equal(nfError, undefined, `fix "${fix.title}" creates ${nf.path}, which does not parse (${nfError}):\n${nf.text}`);
  }
  return out;
}

/** The code after every finding's preferred fix, applied together; fails when they overlap. */
export function applyPreferredFixes(code: string, findings: readonly Finding[]): string {
  const preferred = findings.map((f) => (f.fixes as Fix[])[0]).filter((f): f is Fix => !!f);
  assert.equal(compatibleFixes(preferred).length, preferred.length, "the preferred fixes of the findings overlap");
  return applyEdits(code, preferred.flatMap((f) => f.edits));
}

/** The new files of every finding's preferred fix, by path relative to the case's folder. */
export function preferredNewFiles(c: CaseBase, findings: readonly Finding[]): Record<string, string> {
  const folder = dirname("/virtual/" + (c.filename ?? "src/app.ts"));
  const out: Record<string, string> = {};
  for (const f of findings) for (const nf of (f.fixes as Fix[])[0]?.newFiles ?? []) out[posix.relative(folder, nf.path)] = nf.text;
  return out;
}

function fingerprint(sf: ts.SourceFile): string {
  const parts: string[] = [sf.text];
  const visit = (n: ts.Node) => {
    parts.push(`${n.kind}:${n.pos}-${n.end}`);
    n.forEachChild(visit);
  };
  visit(sf);
  return parts.join(",");
}

function caseName(c: CaseBase): string {
  return c.name ?? c.code.trim().split("\n")[0].slice(0, 80);
}

export function testRule(rule: Rule, cases: RuleCases): void {
  describe(rule.meta.id, () => {
    describe("valid", () => {
      for (const raw of cases.valid) {
        const c = typeof raw === "string" ? { code: raw } : raw;
        it(caseName(c), { only: c.only }, () => {
          const findings = analyzeCase(rule, c);
          assert.deepEqual(findings.map(describeFinding), [], "expected no findings");
        });
      }
    });
    describe("invalid", () => {
      for (const c of cases.invalid) {
        it(caseName(c), { only: c.only }, () => {
          const findings = analyzeCase(rule, c);
          assert.equal(findings.length, c.findings.length, `expected ${c.findings.length} finding(s), got:\n${findings.map(describeFinding).join("\n") || "(none)"}`);
          c.findings.forEach((want, i) => {
            const got = findings[i];
            assert.equal(got.range.start.line, want.line, `finding ${i + 1} start line — ${describeFinding(got)}`);
            if (want.endLine !== undefined) assert.equal(got.range.end.line, want.endLine, `finding ${i + 1} end line — ${describeFinding(got)}`);
            if (want.column !== undefined) assert.equal(got.range.start.column, want.column, `finding ${i + 1} start column`);
            if (typeof want.message === "string") assert.ok(got.message.includes(want.message), `message "${got.message}" should contain "${want.message}"`);
            else if (want.message) assert.match(got.message, want.message);
          });
          if (c.output === null) assert.deepEqual(findings.flatMap((f) => f.fixes.map((x) => x.title)), [], "expected no fix to be offered");
          else if (c.output !== undefined) assert.equal(applyPreferredFixes(c.code, findings), c.output, "output after the preferred fixes");
          if (c.newFiles !== undefined) assert.deepEqual(preferredNewFiles(c, findings), c.newFiles, "files the preferred fixes create");
        });
      }
    });
  });
}

function describeFinding(f: Finding): string {
  return `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.rule}: ${f.message}`;
}
