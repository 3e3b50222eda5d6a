/** How await-in-loop names the awaited work and the place it runs in its messages. */
import { ts } from "ts-morph";
import type { AwaitedOperation } from "../../facts/effects";
import type { FileFacts } from "../../facts/file-facts";

/** `fetchUser()` / `db.users.update()` — short enough to read in a message. */
export function callLabel(file: FileFacts, op: AwaitedOperation): string {
  const call = op.call;
  if (!call) return "the awaited call";
  const callee = ts.isTaggedTemplateExpression(call) ? call.tag : call.expression;
  const text = callee.getText(file.sf).replace(/\s+/g, "");
  if (text.length <= 40 && !text.includes("(")) return `${text}()`;
  return `${op.name ?? "the awaited call"}()`;
}

export function placeOf(description: string): string {
  return description.startsWith("module") ? `at ${description}` : `in ${description}`;
}
