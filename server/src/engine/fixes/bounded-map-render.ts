/**
 * The text that replaces a loop once its body is a callback, for each way of running the
 * callbacks:
 *   helper   await mapConcurrent(items, 8, async (item) => { … });
 *   p-map    await pMap(items, async (item) => { … }, { concurrency: 8 });
 *   p-limit  const limit = pLimit(8);
 *            await Promise.all(items.map((item) => limit(async () => { … })));
 *   all      await Promise.all(items.map(async (item) => { … }));
 * with the results going where the pushes went: `const results = await …` in place of an empty
 * array declared right before the loop, else `results.push(...await …)`.
 */
import { ts } from "ts-morph";
import { awaitsIn } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import type { TextEdit } from "../types";
import { usesSemicolons } from "./bounded-map-helper";
import { canReindent, commentLines, commentsOutside, eolAt, indentContinuationLines, indentUnitOf, lineIndentAt, spanOf, type Span } from "./layout";
import type { BodyPlan } from "./loop-body";
import type { LoopHead } from "./loop-head";
import { returnedText } from "./loop-results";
import { applyEdits } from "./text-edits";

export type Runner =
  | { kind: "helper"; name: string }
  | { kind: "p-map"; name: string }
  | { kind: "p-limit"; name: string; limiter: string }
  | { kind: "all" };

export function renderLoop(file: FileFacts, head: LoopHead, plan: BodyPlan, runner: Runner, limit: number): TextEdit {
  const sf = file.sf;
  const text = sf.text;
  const collect = plan.collect;
  const declaration = collect.kind === "none" ? undefined : collect.declaration;
  const start = (declaration ?? head.stmt).getStart(sf);
  const end = head.stmt.getEnd();
  const eol = eolAt(text, start);
  const indent = lineIndentAt(text, start);
  const unit = indentUnitOf(text);
  const semi = usesSemicolons(file) ? ";" : "";
  // `atEnd: false` leaves out insertions at the node's very end: without a semicolon the sink's own
  // `] as const` lands there, and a concise callback writes that itself.
  const withEdits = (node: ts.Node, atEnd = true) => {
    const from = node.getStart(sf);
    const to = node.getEnd();
    const inside = plan.edits.filter((e) => e.start >= from && e.end <= to && (atEnd || e.start < to)).map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
    return applyEdits(text.slice(from, to), inside);
  };

  // The callback's body: the collected value itself, the loop's block, or its one statement in a block.
  const copied: Span[] = head.copied.map((n) => spanOf(sf, n));
  let fnBody: string;
  let isAsync = true;
  const body = head.body;
  if (plan.concise) {
    const { key, value } = plan.concise;
    // `(id) => fetchUser(id)`: an awaited call returned as it is needs no async wrapper.
    const direct = !key && ts.isAwaitExpression(value) && awaitsIn(value.expression).length === 0 ? value.expression : undefined;
    isAsync = !direct && awaitsIn(value).length + (key ? awaitsIn(key).length : 0) > 0;
    const dedent = (n: ts.Expression) => {
      const t = withEdits(n, false);
      return canReindent(sf, n) ? t.replace(new RegExp(`(\\r?\\n)${escape(unit)}`, "g"), "$1") : t;
    };
    const expr = direct ? dedent(direct) : returnedText(file, plan.concise, dedent);
    fnBody = ts.isObjectLiteralExpression(direct ?? value) && !key ? `(${expr})` : expr;
    for (const n of [key, value]) if (n) copied.push(spanOf(sf, n));
  } else if (ts.isBlock(body)) {
    fnBody = withEdits(body);
    copied.push(spanOf(sf, body));
  } else {
    let stmt = withEdits(body);
    const ownLine = /\n[ \t]*$/.test(text.slice(head.loop.getStart(sf), body.getStart(sf)));
    if (!ownLine && canReindent(sf, body)) stmt = indentContinuationLines(stmt, unit);
    fnBody = `{${eol}${indent}${unit}${stmt}${eol}${indent}}`;
    copied.push(spanOf(sf, body));
  }
  const params = `(${head.params})`;
  const callback = `${isAsync ? "async " : ""}${params} => ${fnBody}`;
  const items = head.items;
  const mapOver = (fn: string) => (head.isArray ? `${head.simpleItems ? items : `(${items})`}.map(${fn})` : `Array.from(${items}, ${fn})`);

  let call: string;
  let before = "";
  switch (runner.kind) {
    case "helper":
      call = `${runner.name}(${items}, ${limit}, ${callback})`;
      break;
    case "p-map":
      call = `${runner.name}(${items}, ${callback}, { concurrency: ${limit} })`;
      break;
    case "p-limit":
      before = `const ${runner.limiter} = ${runner.name}(${limit})${semi}${eol}${indent}`;
      call = `Promise.all(${mapOver(`${params} => ${runner.limiter}(${isAsync ? "async " : ""}() => ${fnBody})`)})`;
      break;
    case "all":
      call = `Promise.all(${mapOver(callback)})`;
      break;
  }

  let statement: string;
  if (declaration) {
    const init = declaration.declarationList.declarations[0].initializer!;
    copied.push({ start, end: init.getStart(sf) });
    const prefix = text.slice(start, init.getStart(sf));
    if (collect.kind === "entries" && collect.into === "map") {
      // new Map<K, V>() → new Map<K, V>(await …): the type arguments stay.
      const args = (init as ts.NewExpression).arguments;
      const ctor = text.slice(init.getStart(sf), args ? args.pos - 1 : init.getEnd());
      copied.push({ start: init.getStart(sf), end: init.getStart(sf) + ctor.length });
      statement = `${prefix}${ctor}(await ${call})${semi}`;
    } else if (collect.kind === "entries") statement = `${prefix}Object.fromEntries(await ${call})${semi}`;
    else statement = `${prefix}await ${call}${semi}`;
  } else if (collect.kind === "push") {
    copied.push(spanOf(sf, collect.target));
    statement = `${collect.target.getText(sf)}.push(...await ${call})${semi}`;
  } else {
    statement = `await ${call}${semi}`;
  }
  const comments = commentLines(commentsOutside(text, start, end, copied), eol, indent);
  return { start, end, text: comments + before + statement };
}

function escape(s: string): string {
  return s.replace(/[\t]/g, "\\t");
}
