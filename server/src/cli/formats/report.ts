/** What a finished scan hands to the output formats. */
import type { FileError } from "../../engine/types";
import type { ScannedFinding } from "../analyze-file";

export interface ScanReport {
  /** In file path order, each file's findings in source order. */
  findings: ScannedFinding[];
  errors: FileError[];
  /** Files analysed (including those that ended in an error). */
  files: number;
  durationMs: number;
  /** The directory SARIF locations are relative to: the working directory when it holds every scanned path, else their common ancestor. */
  baseDir: string;
  /** The working directory; text output shows paths relative to it. */
  cwd: string;
}
