/** "files done / total" on stderr, redrawn in place — only on a terminal, so logs and pipes stay clean. */
import type { Progress } from "./pool";

const REDRAW_MS = 80;

export interface ProgressLine {
  update: Progress;
  /** Erases the line before the report is written. */
  clear(): void;
}

export function progressLine(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressLine | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < REDRAW_MS) return;
      last = now;
      drawn = true;
      stream.write(`\r\x1b[2Klooplens: ${done}/${total} files`);
    },
    clear() {
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}
