import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { factsFor, nodes } from "./facts-helpers";

describe("scope facts", () => {
  it("resolves block-scoped shadowing", () => {
    const f = factsFor(`const x = 1; { const x = 2; use(x); } use(x);`);
    const uses = nodes(f, ts.isIdentifier).filter((i) => i.text === "x" && ts.isCallExpression(i.parent));
    const [inner, outer] = uses.map((u) => f.scopes.resolve(u));
    assert.notEqual(inner, outer);
    assert.equal(inner.init?.getText(f.sf), "2");
    assert.equal(outer.init?.getText(f.sf), "1");
  });
  it("hoists var to the function", () => {
    const f = factsFor(`function g() { if (a) { var y = 1; } return y; }`);
    const y = nodes(f, ts.isIdentifier).filter((i) => i.text === "y");
    assert.equal(f.scopes.resolve(y[1]), f.scopes.declOf(y[0]));
  });
  it("separates reads from writes, including compound and destructuring assignment", () => {
    const f = factsFor(`let a = 0, b = 0, c = 0; a += 1; [b] = [c]; c++;`);
    const stmts = f.sf.statements;
    const names = (m: Map<{ name: string }, unknown>) => [...m.keys()].map((d) => d.name).sort();
    const r1 = f.scopes.refsIn(stmts[1]);
    assert.deepEqual(names(r1.reads), ["a"]);
    assert.deepEqual(names(r1.writes), ["a"]);
    const r2 = f.scopes.refsIn(stmts[2]);
    assert.deepEqual(names(r2.reads), ["c"]);
    assert.deepEqual(names(r2.writes), ["b"]);
    const r3 = f.scopes.refsIn(stmts[3]);
    assert.deepEqual(names(r3.writes), ["c"]);
  });
  it("knows when a let is reassigned", () => {
    const f = factsFor(`let a = 1; let b = 2; b = 3; use(a, b);`);
    const [a, b] = nodes(f, ts.isVariableDeclaration).map((d) => f.scopes.declOf(d.name as ts.Identifier)!);
    assert.equal(f.scopes.isReassigned(a), false);
    assert.equal(f.scopes.isReassigned(b), true);
  });
});
