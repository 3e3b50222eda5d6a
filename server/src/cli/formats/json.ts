/** `--format json`: the report contract of DESIGN.md, one document, nothing else. */
import type { ScanReport } from "./report";

export function formatJson(report: ScanReport): string {
  const doc = {
    version: 1,
    findings: report.findings.map((f) => ({
      rule: f.rule,
      file: f.file,
      range: { start: { line: f.range.start.line, column: f.range.start.column }, end: { line: f.range.end.line, column: f.range.end.column } },
      severity: f.severity,
      message: f.message,
      fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })),
    })),
    errors: report.errors.map((e) => ({ file: e.file, message: e.message })),
    stats: { files: report.files, durationMs: report.durationMs },
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
