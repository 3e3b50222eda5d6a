/**
 * TypeScript and the worker offload: the worker module is plain JavaScript (types erased, nothing
 * else touched), and the wrapper left in place is typed — the declared return type as a promise,
 * or the evident one; with neither, no fix.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { eraseTypes } from "../../../server/src/engine/fixes/strip-types";
import { cpuHeavyLoop } from "../../../server/src/engine/rules/cpu-heavy-loop";
import { testRule } from "../../rule-tester";

describe("eraseTypes", () => {
  it("erases annotations, casts, type parameters and arguments, type declarations and overloads, and nothing else", () => {
    const ts = `interface Point { x: number }
type Pair = [number, number];
const LIMIT: number = 5 as const;
function over(a: string): string;
function over(a: any) { return a; }
export function f<T extends number>(a: T, b?: string, ...rest: number[]): number {
  let x!: number; // a comment: kept
  const m = new Map<string, Point>();
  const y = (a as unknown as number) + (b!.length satisfies number);
  const g = <U,>(u: U): U => u;
  return g<number>(y) + x + rest.length + m.size;
}
`;
    assert.equal(
      eraseTypes(ts),
      `
const LIMIT = 5;
function over(a) { return a; }
export function f(a, b, ...rest) {
  let x; // a comment: kept
  const m = new Map();
  const y = (a) + (b.length);
  const g = (u) => u;
  return g(y) + x + rest.length + m.size;
}
`,
    );
  });

  for (const [what, code] of [
    ["an enum", "enum Color { Red }"],
    ["a namespace", "namespace N { export const x = 1; }"],
    ["a parameter property", "class A { constructor(private x: number) {} }"],
    ["a `this` parameter", "function f(this: Window) { return 1; }"],
    ["an angle-bracket cast", "const x = <number>y;"],
    ["a class implementing an interface", "class A implements B {}"],
  ]) {
    it(`gives up on ${what}`, () => assert.equal(eraseTypes(code), undefined));
  }
});

const hashing = (signature: string, result: string) => `import { createHash } from "node:crypto";
function ${signature} {
  let h = seed;
  for (let i = 0; i < 100000; i++) h = createHash("sha256").update(h).digest("hex");
  return ${result};
}
export async function handle(seed: string) {
  return { value: stretch(seed) };
}`;

const wrapper = (signature: string) => `import { createHash } from "node:crypto";
${signature} {
  // Runs on a worker thread (stretch.worker.mjs): the loop no longer blocks the event loop.
  const { runInWorker } = await import("./looplens-worker-pool.mjs");
  return runInWorker("./stretch.worker.mjs", "stretch", [seed]);
}
export async function handle(seed: string) {
  return { value: await stretch(seed) };
}`;

testRule(cpuHeavyLoop, {
  valid: [],
  invalid: [
    {
      name: "a declared return type becomes a promise of it",
      code: hashing("stretch(seed: string): string", "h"),
      findings: [{ line: 4 }],
      output: wrapper("async function stretch(seed: string): Promise<string>").replace('import { createHash } from "node:crypto";\n', ""),
    },
    {
      name: "an async function keeps its declared promise type",
      code: hashing("async stretch(seed: string): Promise<string>", "h").replace("function async stretch", "async function stretch"),
      findings: [{ line: 4 }],
      output: wrapper("async function stretch(seed: string): Promise<string>").replace('import { createHash } from "node:crypto";\n', ""),
    },
    {
      name: "the evident type of what it returns: a local's initial value, a comparison",
      code: hashing("stretch(seed: string)", "h.length > 8"),
      findings: [{ line: 4 }],
      output: wrapper("async function stretch(seed: string): Promise<boolean>").replace('import { createHash } from "node:crypto";\n', ""),
    },
    {
      name: "no fix when the return type cannot be told without a type checker",
      code: hashing("stretch(seed: string)", "decode(h)").replace("export async function handle", "declare function decode(h: string): unknown;\nexport async function handle"),
      findings: [{ line: 4 }],
      output: null,
    },
    {
      name: "no fix when a parameter is typed as a function",
      code: hashing("stretch(seed: string, done: (h: string) => string = (h) => h)", "h"),
      findings: [{ line: 4 }],
      output: null,
    },
  ],
});
