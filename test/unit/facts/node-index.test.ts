import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { walk } from "../../../server/src/engine/ast";
import { isTypeOnly, NodeIndex } from "../../../server/src/engine/facts/node-index";
import { factsFor, nodes } from "./facts-helpers";

const CODE = `
import { readFile } from "node:fs/promises";
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
    assert.deepEqual(index.imports, nodes(f, ts.isImportDeclaration));
    assert.equal(index.imports.length, 1);
  });

  it("gives the scope binder the identifiers and declarations outside type-only code, as a walk that skips types meets them", () => {
    const g = factsFor(`
import type { Opts } from "./opts";
import { load } from "./load";
interface Shape { size(n: number): number; }
type Fn = (a: string, b: Shape) => void;
var x = 1, y: Array<{ z: string }> = [];
function f(p: Opts = {} as Opts, [q, r]: number[]) { try { var x = load(p as Opts); } catch (e) { return e satisfies unknown; } }
const C = class K { m(k: typeof x): void {} };
enum E { A }
type Last = string`);
    const ids: ts.Identifier[] = [];
    const decls: ts.Node[] = [];
    const declaring = new Set([ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.Parameter, ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ClassExpression, ts.SyntaxKind.CatchClause, ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ImportEqualsDeclaration]);
    walk(g.sf, (n) => {
      if (ts.isIdentifier(n)) return void ids.push(n);
      if (isTypeOnly(n)) return false;
      if (declaring.has(n.kind)) decls.push(n);
    });
    assert.deepEqual(g.nodes.identifiers, ids);
    assert.deepEqual(g.nodes.declarations, decls);
    assert.deepEqual(g.nodes.identifiers.map((id) => id.text), ["load", "x", "y", "f", "p", "q", "r", "x", "load", "p", "e", "e", "C", "K", "m", "k", "E", "A"]);
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
