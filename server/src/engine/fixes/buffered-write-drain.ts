/**
 * The backpressure version of a stream write loop, in an async function:
 *
 *   for await (const row of source) out.write(fmt(row));
 *     →
 *   for await (const row of source) { if (!out.write(fmt(row))) await once(out, "drain"); }
 *
 * Same writes, same bytes, same order; the loop pauses while the stream's buffer is full instead
 * of letting it grow without bound. `once` comes from node:events: an existing import or require
 * is reused, else one is added in the file's module style.
 */
import { ts } from "ts-morph";
import { enclosingFunction, isAsyncFunction, isFunctionNode, unwrap } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";
import { isBuiltinModule } from "../facts/node-apis";
import { ImportEditor } from "./imports";
import { isImportStatement } from "./module-bindings";
import { quotes } from "./buffered-write-render";
import { isStatementList, type WriteSite } from "./buffered-write-site";
import { commentLines, commentsOutside, eolAt, lineIndentAt, spanOf } from "./layout";

export function drainEdits(file: FileFacts, site: WriteSite): TextEdit[] | undefined {
  const fn = enclosingFunction(site.statement);
  // At a module's top level, only where the loop already awaits (the module uses top-level await).
  if (site.host || (fn ? !isAsyncFunction(fn) : !site.awaits)) return undefined;
  const { sf, text } = file;
  const q = quotes(file)[0];
  for (const w of site.writes) {
    if (!w.statement) return undefined;
    // Directly in the async function: an await inside a callback would not pause this loop.
    for (let p: ts.Node = w.statement; p !== site.loop; p = p.parent) if (isFunctionNode(p)) return undefined;
  }
  const imports = new ImportEditor(file);
  const once = imports.importNamed(eventsSpecifier(file), "once", site.statement, "onceEvent");
  const importEdits = once && imports.edits();
  if (!once || !importEdits) return undefined;
  const edits: TextEdit[] = [...importEdits];
  for (const w of site.writes) {
    const stmt = w.statement!;
    const receiver = (unwrap(w.call.expression) as ts.PropertyAccessExpression).expression;
    const semi = stmt.getText(sf).endsWith(";") ? ";" : "";
    const call = text.slice(w.call.getStart(sf), w.call.getEnd());
    // Comments outside the call (`out.write(s) // why`) stay, ahead of the guard: inline when they fit on one line.
    const kept = commentsOutside(text, stmt.getStart(sf), stmt.getEnd(), [spanOf(sf, w.call)]);
    const lead = kept.every((c) => c.startsWith("/*") && !/[\r\n]/.test(c)) ? kept.map((c) => c + " ").join("") : commentLines(kept, eolAt(text, stmt.getStart(sf)), lineIndentAt(text, stmt.getStart(sf)));
    const guarded = `${lead}if (!${call}) await ${once.text}(${text.slice(receiver.getStart(sf), receiver.getEnd())}, ${q}drain${q})${semi}`;
    // A lone statement under if/for/while gets braces: `if (a) x(); else y();` must keep its else.
    edits.push({ start: stmt.getStart(sf), end: stmt.getEnd(), text: isStatementList(stmt.parent) ? guarded : `{ ${guarded} }` });
  }
  return edits;
}

/** "node:events", or "events" in a file that names the other built-ins without the prefix. */
function eventsSpecifier(file: FileFacts): string {
  const specs = file.sf.statements.filter(isImportStatement).map((s) => {
    const m = /(["'])([^"']+)\1/.exec(s.getText(file.sf));
    return m ? m[2] : "";
  });
  const bare = specs.some((s) => !s.startsWith("node:") && isBuiltinModule(s.split("/")[0]));
  return bare && !specs.some((s) => s.startsWith("node:")) ? "events" : "node:events";
}
