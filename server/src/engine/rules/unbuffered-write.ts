/**
 * unbuffered-write: a loop that writes one small piece per iteration to the same destination —
 * `appendFileSync(samePath, line)` (open, write, close every time), `fs.writeSync(fd, piece)`,
 * `await appendFile(samePath, line)`, `await handle.write(piece)`, `process.stdout.write(line)`
 * in a long loop, or `stream.write(piece)` that ignores the return value (no backpressure) — a
 * file or socket stream (also one held in a `let` that a reconnect or rotate function reassigns),
 * an HTTP response (`res`, Fastify's `reply.raw`, Koa's `ctx.res`). Thousands of system calls, or a
 * stream buffering everything, where one joined write would do.
 *
 * Not reported: loops writing distinct files (the destination depends on the loop variable), a
 * single write after the loop, writes whose backpressure is handled (`if (!out.write(x)) await
 * once(out, "drain")`), small constant loops, copy loops and concatenations (the piece written is
 * the chunk or file just read), loops paced by a sleep, batches flushed when they fill up, writes
 * that happen once (followed by `break`), only every N iterations, or only on errors, and terminal
 * progress output next to awaited work.
 *
 * Invalid:
 *   for (const row of rows) fs.appendFileSync("out.csv", toCsv(row) + "\n");
 * Valid:
 *   fs.writeFileSync("out.csv", rows.map((row) => toCsv(row) + "\n").join(""));
 */
import type { ts } from "ts-morph";
import type { FileFacts } from "../facts/file-facts";
import { WriteTargetFacts, type WriteTarget } from "../facts/write-targets";
import type { RawFinding } from "../types";
import type { Rule } from "./rule";
import { awaitsOtherWork, handlesBackpressure, isOccasional, isPaced, writesAtMostOnce, writesWhatItRead } from "./unbuffered-write/exemptions";
import { enclosingLoops, isResultUsed, type LoopSite } from "./unbuffered-write/loop-sites";
import { isLong, isSmallConstant } from "./unbuffered-write/loop-size";

export const unbufferedWrite: Rule = {
  meta: {
    id: "unbuffered-write",
    description: "Loops that write one small piece per iteration to the same file, descriptor or stream instead of one buffered write.",
    defaultSeverity: "warning",
    fixable: true,
  },
  detect(file: FileFacts): RawFinding[] {
    const targets = file.get(WriteTargetFacts);
    const found = new Map<ts.Node, RawFinding>();
    // Only calls named like a write are looked at; most of those are not in a loop, and finding
    // out is cheaper than resolving what they call.
    for (const n of targets.candidates()) {
      const loops = enclosingLoops(n);
      if (!loops.length) continue;
      const target = targets.of(n);
      if (!target || target.chunked) continue;
      const streamLike = target.kind === "stream" || target.kind === "stdout";
      if (streamLike && isResultUsed(n)) continue;
      let chosen: LoopSite | undefined;
      let allSmall = true;
      const chain: LoopSite[] = [];
      for (const loop of loops) {
        if (targets.variesIn(target, loop.node)) break;
        if (writesAtMostOnce(n, loop) || isOccasional(n, loop)) break;
        if (isPaced(loop) || writesWhatItRead(file, loop, target)) break;
        // Terminal output next to awaited work is progress reporting, not data written piecemeal.
        if (target.kind === "stdout" && awaitsOtherWork(loop, targets)) break;
        if (streamLike && handlesBackpressure(file, loop, target)) break;
        chosen = loop;
        chain.push(loop);
        if (!isSmallConstant(file, loop)) allSmall = false;
      }
      if (!chosen || allSmall || found.has(chosen.report)) continue;
      if (target.kind === "stdout" && !isLong(file, chain)) continue;
      found.set(chosen.report, { node: chosen.report, message: messageFor(target), lens: `One ${target.label} per item — collect them and write once` });
    }
    return [...found.values()];
  },
};

function messageFor(t: WriteTarget): string {
  switch (t.kind) {
    case "file":
      return `One ${t.label} per item to the same file (${t.destLabel}) — collect the lines and write once`;
    case "fd":
      return `One ${t.label} per item to the same file descriptor (${t.destLabel}) — collect the output and write once`;
    case "handle":
      return `One ${t.label} per item to the same file handle (${t.destLabel}) — collect the output and write once`;
    case "stdout":
      return `One ${t.label} per item in a long loop — join the output and write it once`;
    case "stream":
      return `One ${t.label} per item to the same stream (${t.destLabel}), ignoring backpressure — join the pieces and write once, or await 'drain' when write() returns false`;
  }
}
