import { ts } from "ts-morph";
import { walk } from "../../../server/src/engine/ast";
import { FileFacts } from "../../../server/src/engine/facts/file-facts";
import { parseSource } from "../../../server/src/engine/parse";

export function factsFor(code: string, path = "/virtual/src/app.ts"): FileFacts {
  return new FileFacts(path, parseSource(path, code));
}

/** Every node of `kind` whose text is `text` (or all of that kind). */
export function nodes<T extends ts.Node>(f: FileFacts, pred: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  walk(f.sf, (n) => {
    if (pred(n)) out.push(n);
  });
  return out;
}

export function callNamed(f: FileFacts, text: string): ts.CallExpression {
  const call = nodes(f, ts.isCallExpression).find((c) => c.expression.getText(f.sf) === text);
  if (!call) throw new Error(`no call to ${text}`);
  return call;
}
