/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. Locations are relative to
 * %SRCROOT% (the report's base directory, given in originalUriBaseIds), so the file stays valid on
 * another machine; fingerprints hash the rule, the file and the normalised source line, so an
 * alert keeps its identity when code above it moves.
 */
import { createHash } from "node:crypto";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { RULES } from "../../engine/rules";
import type { ActiveSeverity } from "../../engine/types";
import { packageInfo } from "../package-info";
import type { ScanReport } from "./report";

const SRCROOT = "%SRCROOT%";
export const FINGERPRINT_KEY = "looplensFingerprint/v1";

type SarifLevel = "error" | "warning" | "note";

export function sarifLevel(severity: ActiveSeverity): SarifLevel {
  return severity === "error" ? "error" : severity === "warning" ? "warning" : "note";
}

export function formatSarif(report: ScanReport): string {
  const { version, informationUri } = packageInfo();
  const helpBase = informationUri.replace(/#.*$/, "");
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const occurrences = new Map<string, number>();
  const uri = (file: string) => relative(report.baseDir, file).split(sep).map(encodeURIComponent).join("/");
  const location = (file: string) => ({ artifactLocation: { uri: uri(file), uriBaseId: SRCROOT } });

  const results = report.findings.map((f) => {
    const hash = createHash("sha256").update(`${f.rule}\0${uri(f.file)}\0${f.sourceLine}`).digest("hex").slice(0, 16);
    const seen = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, seen);
    return {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule)!,
      level: sarifLevel(f.severity),
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            ...location(f.file),
            region: { startLine: f.range.start.line, startColumn: f.range.start.column, endLine: f.range.end.line, endColumn: f.range.end.column },
          },
        },
      ],
      // Our own key: GitHub's upload action recomputes primaryLocationLineHash and warns when a tool's value differs.
      partialFingerprints: { [FINGERPRINT_KEY]: `${hash}:${seen}` },
    };
  });

  const doc = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "LoopLens",
            version,
            semanticVersion: version,
            informationUri,
            rules: RULES.map(({ meta }) => {
              const short = sentence(meta.description.trim() || `LoopLens rule ${meta.id}`);
              const full = meta.fixable ? `${short} \`looplens fix\` can rewrite it.` : short;
              return {
                id: meta.id,
                name: meta.id.replace(/(^|-)(\w)/g, (_m, _d: string, ch: string) => ch.toUpperCase()),
                shortDescription: { text: short },
                fullDescription: { text: full },
                defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
                helpUri: `${helpBase}#${meta.id}`,
                help: { text: `${full} Details: ${helpBase}#${meta.id}` },
                properties: { tags: ["performance", "event-loop"], precision: "high" },
              };
            }),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: "error",
              message: { text: e.message },
              locations: [{ physicalLocation: location(e.file) }],
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.baseDir).href.replace(/\/?$/, "/") } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
