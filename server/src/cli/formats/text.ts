/** `--format text`: findings grouped by file, the errors, then one summary line. */
import { isAbsolute, relative, sep } from "node:path";
import picocolors from "picocolors";
import type { ActiveSeverity } from "../../engine/types";
import type { ScannedFinding } from "../analyze-file";
import type { ScanReport } from "./report";

type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Colour only for a terminal, unless the environment says otherwise: FORCE_COLOR (not "0"/"false")
 * forces it, as it does for Node itself; a non-empty NO_COLOR (no-color.org) or TERM=dumb turns it off.
 */
export function shouldColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR) return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

/** A path as the user reads it: relative to where they ran the tool when it is below it. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && rel !== ".." && !rel.startsWith(".." + sep) && !isAbsolute(rel) ? rel : file;
}

export function formatText(report: ScanReport, colour: boolean): string {
  const c = picocolors.createColors(colour);
  const out: string[] = [];
  const byFile = new Map<string, ScannedFinding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, findings] of byFile) {
    out.push(c.underline(displayPath(file, report.cwd)));
    const where = findings.map((f) => `${f.range.start.line}:${f.range.start.column}`);
    const whereWidth = Math.max(...where.map((w) => w.length));
    const sevWidth = Math.max(...findings.map((f) => f.severity.length));
    findings.forEach((f, i) => {
      const message = f.message.replace(/\s*\n\s*/g, " ");
      out.push(`  ${c.dim(where[i].padEnd(whereWidth))}  ${paintSeverity(c, f.severity, f.severity.padEnd(sevWidth))}  ${message}  ${c.dim(f.rule)}`);
    });
    out.push("");
  }
  if (report.errors.length) {
    out.push(c.yellow(`⚠ ${plural(report.errors.length, "error")}`));
    for (const e of report.errors) out.push(`  ${displayPath(e.file, report.cwd)}  ${c.dim(e.message)}`);
    out.push("");
  }
  out.push(summary(report, c));
  return out.join("\n") + "\n";
}

function summary(report: ScanReport, c: Colors): string {
  const tail = [`${plural(report.files, "file")} scanned in ${duration(report.durationMs)}`];
  if (report.errors.length) tail.push(plural(report.errors.length, "error"));
  const after = ` · ${tail.join(" · ")}`;
  if (!report.findings.length) return `${c.green("✔")} no problems${c.dim(after)}`;
  const perRule = new Map<string, number>();
  for (const f of report.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
  const rules = [...perRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([rule, n]) => `${n} ${rule}`);
  const files = new Set(report.findings.map((f) => f.file)).size;
  const worst = report.findings.some((f) => f.severity === "error") ? c.red : c.yellow;
  return `${worst("✖")} ${c.bold(plural(report.findings.length, "problem"))} (${rules.join(", ")}) in ${plural(files, "file")}${c.dim(after)}`;
}

function paintSeverity(c: Colors, severity: ActiveSeverity, text: string): string {
  switch (severity) {
    case "error":
      return c.red(text);
    case "warning":
      return c.yellow(text);
    case "info":
      return c.blue(text);
    case "hint":
      return c.dim(text);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}
