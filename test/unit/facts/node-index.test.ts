import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { NodeIndex } from "../../../server/src/engine/facts/node-index";
import { factsFor, nodes } from "./facts-helpers";

const CODE = `
async function main(ids: string[]) {
  for (const id of ids) await load(id);
  const all = await Promise.all(ids.map(async (id) => { while (busy()) await sleep(1); return new Item(id); }));
  a.b().c();
  return all;
}
class Item { constructor(readonly id: string) {} get name() { return String(this.id); } }
do { tick(); } while (more());
`;

describe("node index", () => {
  const f = factsFor(CODE);
  const index = f.nodes;

  it("holds every node of each kind, in source order, from one walk shared through FileFacts", () => {
    assert.equal(f.get(NodeIndex), index);
    assert.deepEqual(index.calls, nodes(f, ts.isCallExpression));
    assert.deepEqual(index.news, nodes(f, ts.isNewExpression));
    assert.deepEqual(index.awaits, nodes(f, ts.isAwaitExpression));
    assert.deepEqual(index.loops.map((l) => ts.SyntaxKind[l.kind]), ["ForOfStatement", "WhileStatement", "DoStatement"]);
    assert.deepEqual(index.functions.map((fn) => ts.SyntaxKind[fn.kind]), ["FunctionDeclaration", "ArrowFunction", "Constructor", "GetAccessor"]);
  });

  it("finds the entries inside a node, the node itself excluded", () => {
    const main = index.functions[0];
    const arrow = index.functions[1];
    assert.equal(index.within(index.awaits, main).length, 3);
    assert.equal(index.within(index.awaits, arrow).length, 1);
    assert.equal(index.withinSameFunction(index.awaits, main).length, 2, "the arrow's await runs at another time");
    assert.deepEqual(index.within(index.loops, f.sf), index.loops);
    // `a.b().c()` starts where `a.b()` does: the outer call is not inside the inner one.
    const outer = index.calls.find((c) => c.getText(f.sf) === "a.b().c()")!;
    const inner = index.calls.find((c) => c.getText(f.sf) === "a.b()")!;
    assert.deepEqual(index.within(index.calls, outer), [inner]);
    assert.deepEqual(index.within(index.calls, inner), []);
    const loop = index.loops[0];
    assert.deepEqual(index.within(index.calls, loop).map((c) => c.getText(f.sf)), ["load(id)"]);
  });
});
