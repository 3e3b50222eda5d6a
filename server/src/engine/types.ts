import type { ts } from "ts-morph";

export const RULE_IDS = ["sequential-await", "await-in-loop", "sync-io", "unbuffered-write", "cpu-heavy-loop"] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = "off" | "hint" | "info" | "warning" | "error";
export type ActiveSeverity = Exclude<Severity, "off">;

/** 1-based, as in the JSON report contract. */
export interface Position {
  line: number;
  column: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export interface FixInfo {
  title: string;
  /** True when the rewrite keeps the program's behaviour without a human check. */
  safe: boolean;
}

/**
 * One replacement in a file's text: offsets into the analysed text (UTF-16 code units, BOM not
 * counted), `end` exclusive; `start === end` inserts.
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A file a fix adds next to the one it rewrites (a worker module); never written over an existing file. */
export interface NewFile {
  /** Absolute path. */
  path: string;
  text: string;
}

/** A fix offered for a finding, with the edits that make it (applied together or not at all). */
export interface Fix extends FixInfo {
  edits: TextEdit[];
  /** Files the fix creates; the fix is refused as a whole when any of them already exists. */
  newFiles?: NewFile[];
}

/** A finding as reported to users (CLI JSON contract, LSP diagnostics). */
export interface Finding {
  rule: RuleId;
  file: string;
  range: Range;
  severity: ActiveSeverity;
  message: string;
  fixes: FixInfo[];
  /** Code lens advice: what is wrong and what the change gains, in a few words. */
  lens?: string;
}

export interface FileError {
  file: string;
  message: string;
}

/** What a rule's detect() returns: offsets into the file text, resolved to lines later. */
export interface RawFinding {
  /** The node (or first node of a group) the finding covers. */
  node: ts.Node;
  /** Last node of the group when the finding spans several statements or operands. */
  endNode?: ts.Node;
  message: string;
  fixes?: FixInfo[];
  /** Code lens advice (see Finding.lens); the editor falls back to the message's first clause. */
  lens?: string;
}

/** Thresholds readable from settings; defaults in config.ts and the README. */
export interface Thresholds {
  /** Concurrency limit written into generated bounded-concurrency code. */
  concurrency: number;
  /** Iterations of a loop (or product of nested loops) that count as heavy when known statically. */
  cpuLoopIterations: number;
  /** Minimum awaits in a group before sequential-await reports it. */
  minSequentialAwaits: number;
}

export interface LoopLensConfig {
  rules: Record<RuleId, Severity>;
  thresholds: Thresholds;
  /**
   * Packages the nearest package.json lists (dependencies of every kind): generated code uses
   * p-limit, p-map or piscina only when the project already depends on them.
   */
  dependencies: readonly string[];
}
