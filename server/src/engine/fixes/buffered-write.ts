/**
 * unbuffered-write → the same bytes in the same order, in one write:
 *
 *   for (const r of rows) fs.appendFileSync(out, fmt(r));   →   const chunks = [];
 *                                                                for (const r of rows) chunks.push(fmt(r));
 *                                                                if (chunks.length) fs.appendFileSync(out, chunks.join(""));
 *
 * (or `rows.map((r) => fmt(r)).join("")` in place of a one-write loop over a known array), for
 * appendFile(Sync), fs.writeSync, FileHandle writes, streams and stdout. Strings are joined,
 * Buffers concatenated, mixed pieces left alone; encodings and options are kept.
 *
 * Streams written from a loop that awaits other work (`for await` over a source, a fetch per item)
 * get data over time that can be large: there the fix keeps streaming and respects backpressure —
 * `if (!out.write(x)) await once(out, "drain");` — instead of holding everything until the end. A
 * synchronous loop over data already in memory gets the joined write first (the stream would have
 * buffered all of it anyway), and the drain version second when the function is async. Files
 * written from a `for await` get no fix: collecting a source of any size whole is no improvement.
 *
 * `safe` is false when the original would leave part of the output written on a failure the
 * joined version turns into nothing written (a call that may throw, awaited work between writes),
 * when the pieces are only assumed to be strings, or when the stream may care about chunk
 * boundaries. Loops that return, yield, jump out, write inside try/catch, mix destinations,
 * callbacks or encodings that do not join, get no fix.
 */
import { ts } from "ts-morph";
import { unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { Fix, RawFinding } from "../types";
import { drainEdits } from "./buffered-write-drain";
import { isKnownArray, mayBeBinary, pieceKind, type PieceKind } from "./buffered-write-pieces";
import { chunksEdits, mapEdit } from "./buffered-write-render";
import { findWriteSite, type WriteSite } from "./buffered-write-site";
import { createdBefore, streamNature, writesAtLeastOnce } from "./buffered-write-guards";

export function bufferedWriteFixes(file: FileFacts, finding: RawFinding): Fix[] {
  const site = findWriteSite(file, finding.node);
  if (!site) return [];
  const streamLike = site.kind === "stream" || site.kind === "stdout";
  const fixes: Fix[] = [];
  // Collecting a `for await` source whole would trade the system calls for memory that grows with the input.
  if (!site.streamed && !(streamLike && site.awaits)) {
    const fix = joinedFix(file, site);
    if (fix) fixes.push(fix);
  }
  if (streamLike) {
    const edits = drainEdits(file, site);
    // Bounded memory, but the loop now yields to other work, and waits for good if the stream closes without an error.
    if (edits) fixes.push({ title: "Await 'drain' whenever write() returns false (respect backpressure)", safe: false, edits });
  }
  return fixes;
}

function joinedFix(file: FileFacts, site: WriteSite): Fix | undefined {
  const kinds = new Set<PieceKind>(site.writes.map((w) => pieceKind(file, w.data)));
  if (kinds.has("buffer") && kinds.size > 1) return undefined;
  if (site.writes.some((w) => pieceKind(file, w.data) === "unknown" && mayBeBinary(w.data))) return undefined;
  const pieces = kinds.has("buffer") ? "buffer" : "string";
  const stream = streamNature(file, site);
  if (stream.chunking === "objects") return undefined;
  const safe = !site.mayThrow && !site.awaits && !kinds.has("unknown") && stream.chunking === "bytes";
  const emptyMatters = (site.kind === "file" && !createdBefore(file, site)) || !stream.emptyWriteHarmless;
  const guard = emptyMatters && !writesAtLeastOnce(site);
  const iterable = mapIterable(file, site);
  const mapped = iterable && mapEdit(file, site, iterable, { pieces, guard });
  if (mapped) return { title: mapped.mapped ? "Build the output with map() and write it once" : "Join the array and write it once", safe, edits: [mapped.edit] };
  const edits = chunksEdits(file, site, { pieces, guard });
  return edits && { title: "Collect the pieces in an array and write them once", safe, edits };
}

/** What a one-write loop iterates, when it is certainly an array (`.map` exists and keeps the order). */
function mapIterable(file: FileFacts, site: WriteSite): ts.Expression | undefined {
  const loop = site.loop;
  const iterable = ts.isForOfStatement(loop) ? loop.expression : site.host && ts.isPropertyAccessExpression(unwrap(site.host.expression)) ? (unwrap(site.host.expression) as ts.PropertyAccessExpression).expression : undefined;
  if (site.host && !/^forEach$/.test((unwrap(site.host.expression) as ts.PropertyAccessExpression).name.text)) return undefined;
  return iterable && isKnownArray(file, iterable) ? iterable : undefined;
}
