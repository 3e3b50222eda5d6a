/** Finding the nodes that begin with a word by searching the text, instead of walking the whole tree. */
import { ts } from "ts-morph";
import { isIdentChar } from "../named-calls";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const { forEachChild } = ts;

/**
 * The innermost nodes in `within` (default: the whole file) that begin with `word` as a whole
 * word, in source order: `await` gives each AwaitExpression (the keyword is its own first token,
 * not a child node), `return` each ReturnStatement, `forEach` each such Identifier. The walk
 * enters only nodes that span an occurrence, so the tree is not walked end to end; occurrences in
 * comments, strings and longer names begin no node and are dropped.
 */
export function nodesAtWord(sf: ts.SourceFile, word: string, within: ts.Node = sf): ts.Node[] {
  const text = sf.text;
  const positions: number[] = [];
  for (let i = text.indexOf(word, within.pos); i >= 0 && i < within.end; i = text.indexOf(word, i + word.length)) {
    if (isIdentChar(text.charCodeAt(i - 1)) || isIdentChar(text.charCodeAt(i + word.length))) continue;
    positions.push(i);
  }
  const out: ts.Node[] = [];
  // The path from `within` to the last node found; positions ascend, so a node on it that ends
  // after the next position still contains it. Iterative: generated code nests very deep.
  const path: ts.Node[] = [within];
  for (const pos of positions) {
    while (path.length > 1 && pos >= path[path.length - 1].end) path.pop();
    for (let node = path[path.length - 1]; ; ) {
      const child = childAt(node, pos);
      if (!child) {
        if (node.getStart(sf) === pos) out.push(node);
        break;
      }
      path.push(child);
      node = child;
    }
  }
  return out;
}

// childAt's state lives at module level so the per-level callbacks are not allocated per call.
let seekPos = 0;
let seekFound: ts.Node | undefined;
const seekInNode = (c: ts.Node): true | undefined => {
  if (c.end <= seekPos) return undefined;
  if (c.pos <= seekPos) seekFound = c;
  return true;
};
const seekInList = (list: ts.NodeArray<ts.Node>): true | undefined => {
  if (!list.length || list.end <= seekPos) return undefined;
  if (list.pos > seekPos) return true;
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= seekPos) lo = mid + 1;
    else hi = mid;
  }
  const c = list[lo];
  if (c.pos <= seekPos && seekPos < c.end) seekFound = c;
  return true;
};

/** The child of `node` whose span (leading trivia included) holds `pos`; lists are searched by halves. */
function childAt(node: ts.Node, pos: number): ts.Node | undefined {
  seekPos = pos;
  seekFound = undefined;
  forEachChild(node, seekInNode, seekInList);
  const found = seekFound;
  seekFound = undefined;
  return found;
}
