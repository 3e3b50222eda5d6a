import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { walk, walkSameFunction } from "../../server/src/engine/ast";
import { parseSource, setParents } from "../../server/src/engine/parse";

/** The compiler's own traversal, as the reference: every descendant in source order. */
function reference(node: ts.Node, skip: (n: ts.Node) => boolean = () => false): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (skip(n)) return;
    out.push(n);
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
  return out;
}

const SAMPLE = `
import { readFileSync } from "node:fs";
export class Store { async load(p: string) { for (const x of [1, 2]) await this.get(x); return readFileSync(p); } get(x: number) { return x; } }
const f = async () => { await Promise.all([1].map(async (y) => y)); };
function g(a = () => 1) { while (a()) { do { a(); } while (false); } }
`;

describe("walk", () => {
  it("visits every descendant once, in source order", () => {
    const sf = parseSource("/v/a.ts", SAMPLE);
    const seen: ts.Node[] = [];
    walk(sf, (n) => {
      seen.push(n);
    });
    assert.deepEqual(seen, reference(sf));
  });

  it("skips the children of a node the visitor returns false for", () => {
    const sf = parseSource("/v/a.ts", SAMPLE);
    const seen: ts.Node[] = [];
    walk(sf, (n) => {
      seen.push(n);
      if (ts.isClassDeclaration(n)) return false;
    });
    assert.ok(seen.some(ts.isClassDeclaration));
    assert.ok(!seen.some(ts.isMethodDeclaration), "methods live under the class");
    assert.deepEqual(seen, reference(sf, (n) => !!n.parent && ts.isClassDeclaration(n.parent)));
  });

  it("walkSameFunction stays out of nested functions and classes", () => {
    const sf = parseSource("/v/a.ts", SAMPLE);
    const f = sf.statements.find(ts.isVariableStatement)!;
    const seen: ts.Node[] = [];
    walkSameFunction(f, (n) => {
      seen.push(n);
    });
    assert.ok(!seen.some(ts.isAwaitExpression), "the await is inside the arrow function");
    assert.ok(!seen.some((n) => ts.isArrowFunction(n)), "functions themselves are not visited");
    const g = sf.statements.find(ts.isFunctionDeclaration)!;
    const inG: ts.Node[] = [];
    walkSameFunction(g, (n) => {
      inG.push(n);
    });
    assert.equal(inG.filter(ts.isCallExpression).length, 2, "a() twice in the body; the default's arrow is skipped");
  });

  for (const [name, code] of [
    ["a 50,000-deep left-nested binary chain", `const x = ${"a + ".repeat(50_000)}a;`],
    ["a 50,000-deep comma chain (minified bundles)", `x = (${"a, ".repeat(50_000)}a);`],
  ] as const) {
    it(`copes with ${name} without overflowing the stack, in order`, () => {
      const sf = parseSource("/v/deep.js", code);
      let count = 0;
      let last = -1;
      let ordered = true;
      walk(sf, (n) => {
        count++;
        if (ts.isIdentifier(n)) {
          ordered &&= n.pos > last;
          last = n.pos;
        }
      });
      assert.ok(count > 100_000, `visited ${count} nodes`);
      assert.ok(ordered, "identifiers come in source order");
      let leaves = 0;
      walkSameFunction(sf, (n) => {
        if (ts.isIdentifier(n) && n.text === "a") leaves++;
      });
      assert.equal(leaves, 50_001);
    });
  }
});

describe("parseSource", () => {
  it("sets every parent as the compiler's setParentNodes does", () => {
    const ours = parseSource("/v/a.ts", SAMPLE);
    const theirs = ts.createSourceFile("/v/a.ts", SAMPLE, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const a = reference(ours);
    const b = reference(theirs);
    assert.equal(a.length, b.length);
    a.forEach((n, i) => {
      assert.equal(n.kind, b[i].kind);
      assert.equal(n.parent.kind, b[i].parent.kind);
      assert.equal(n.parent.pos, b[i].parent.pos);
    });
    assert.ok(a.every((n) => n.parent && (n.parent === ours || a.includes(n.parent))));
  });

  it("sets parents on 50,000-deep nesting", () => {
    const sf = ts.createSourceFile("/v/deep.js", `x = ${"a + ".repeat(50_000)}a;`, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
    setParents(sf);
    // `x = ((a + a) + a) + …`: the innermost node is the leftmost `a`.
    const assignment = (sf.statements[0] as ts.ExpressionStatement).expression as ts.BinaryExpression;
    let innermost: ts.Expression = assignment.right;
    while (ts.isBinaryExpression(innermost)) innermost = innermost.left;
    let depth = 0;
    for (let p: ts.Node | undefined = innermost; p; p = p.parent) depth++;
    assert.ok(depth > 50_000, `climbed ${depth} parents to the file`);
  });
});
