/**
 * The sequential-await fix, through the rule tester: each case pins the exact code after the
 * preferred fix (the tester also checks that every offered fix changes the code and parses).
 */
import { sequentialAwait } from "../../../server/src/engine/rules/sequential-await";
import { testRule } from "../../rule-tester";

testRule(sequentialAwait, {
  valid: [],
  invalid: [
    {
      name: "two declarations",
      code: `export async function f(id: string) {
  const a = await getA(id);
  const b = await getB(id);
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `export async function f(id: string) {
  const [a, b] = await Promise.all([getA(id), getB(id)]);
  return [a, b];
}`,
    },
    {
      name: "let and var stay let and var",
      filename: "src/app.js",
      code: `async function f() {
  let a = await getA();
  let b = await getB();
  a++;
  var c = await getC(a);
  var d = await getD();
  return [a, b, c, d];
}`,
      findings: [
        { line: 2, endLine: 3 },
        { line: 5, endLine: 6 },
      ],
      output: `async function f() {
  let [a, b] = await Promise.all([getA(), getB()]);
  a++;
  var [c, d] = await Promise.all([getC(a), getD()]);
  return [a, b, c, d];
}`,
    },
    {
      name: "destructuring patterns nest, literal defaults kept",
      filename: "src/app.js",
      code: `async function f() {
  const { a = 1, b: [c] = [] } = await getA();
  const [first, ...rest] = await getList();
  return [a, c, first, rest];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `async function f() {
  const [{ a = 1, b: [c] = [] }, [first, ...rest]] = await Promise.all([getA(), getList()]);
  return [a, c, first, rest];
}`,
    },
    {
      name: "type annotations become one tuple type",
      code: `export async function load(id: string) {
  const user: User = await users.get(id);
  const { items }: Page<Order> = await orders.page(id);
  return { user, items };
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `export async function load(id: string) {
  const [user, { items }]: [User, Page<Order>] = await Promise.all([
    users.get(id),
    orders.page(id),
  ]);
  return { user, items };
}`,
    },
    {
      name: "union, array and generic types in a class method, laid out one call per line",
      code: `export class S {
  async load(id: string): Promise<void> {
    const user: User | null = await this.users.find(id);
    const [first]: Order[] = await this.orders.list(id);
    const meta: Map<string, number> = await this.meta.get(id);
    this.use(user, first, meta);
  }
}`,
      findings: [{ line: 3, endLine: 5 }],
      output: `export class S {
  async load(id: string): Promise<void> {
    const [user, [first], meta]: [User | null, Order[], Map<string, number>] = await Promise.all([
      this.users.find(id),
      this.orders.list(id),
      this.meta.get(id),
    ]);
    this.use(user, first, meta);
  }
}`,
    },
    {
      name: "assignments to names",
      code: `export async function f() {
  let a, b;
  a = await getA();
  b = await getB();
  return [a, b];
}`,
      findings: [{ line: 3, endLine: 4 }],
      output: `export async function f() {
  let a, b;
  [a, b] = await Promise.all([getA(), getB()]);
  return [a, b];
}`,
    },
    {
      name: "assignments to this properties",
      code: `export class Dashboard {
  users: User[] = [];
  teams: Team[] = [];
  async load() {
    this.users = await this.api.listUsers();
    this.teams = await this.api.listTeams();
  }
}`,
      findings: [{ line: 5, endLine: 6 }],
      output: `export class Dashboard {
  users: User[] = [];
  teams: Team[] = [];
  async load() {
    [this.users, this.teams] = await Promise.all([this.api.listUsers(), this.api.listTeams()]);
  }
}`,
    },
    {
      name: "assignments through destructuring and keyed properties",
      filename: "src/app.js",
      code: `export async function f(cache) {
  let a, b;
  ({ a } = await getA());
  [b] = await getB();
  cache["c"] = await getC();
  return [a, b, cache];
}`,
      findings: [{ line: 3, endLine: 5 }],
      output: `export async function f(cache) {
  let a, b;
  [{ a }, [b], cache["c"]] = await Promise.all([getA(), getB(), getC()]);
  return [a, b, cache];
}`,
    },
    {
      name: "without semicolons, a leading `;` keeps the previous line apart",
      filename: "src/app.js",
      code: `async function f(x) {
  let a, b
  if (x) x = {}
  a = await getA()
  b = await getB()
  return [a, b]
}`,
      findings: [{ line: 4, endLine: 5 }],
      output: `async function f(x) {
  let a, b
  if (x) x = {}
  ;[a, b] = await Promise.all([getA(), getB()])
  return [a, b]
}`,
    },
    {
      name: "without semicolons after a block no `;` is needed",
      filename: "src/app.js",
      code: `async function f(x) {
  let a, b
  if (x) { x = 1 }
  a = await getA()
  b = await getB()
  return [a, b]
}`,
      findings: [{ line: 4, endLine: 5 }],
      output: `async function f(x) {
  let a, b
  if (x) { x = 1 }
  [a, b] = await Promise.all([getA(), getB()])
  return [a, b]
}`,
    },
    {
      name: "comments inside the group move above it; the ones around it stay",
      code: `export async function f(id: string) {
  // load both
  const a: A = await getA(id); // the first
  /** The second. */
  const b: B = /* slow */ await getB(id);
  return [a, b]; // done
}`,
      findings: [{ line: 3, endLine: 5 }],
      output: `export async function f(id: string) {
  // load both
  // the first
  /** The second. */
  /* slow */
  const [a, b]: [A, B] = await Promise.all([getA(id), getB(id)]);
  return [a, b]; // done
}`,
    },
    {
      name: "comments inside the awaited calls stay with them",
      code: `export async function f() {
  const a = await getA(/* all */);
  const b = await getB(1 /* one */);
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `export async function f() {
  const [a, b] = await Promise.all([getA(/* all */), getB(1 /* one */)]);
  return [a, b];
}`,
    },
    {
      name: "tab indentation",
      filename: "src/app.js",
      code: `export async function f(id) {
\tif (id) {
\t\tconst a = await getAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa(id);
\t\tconst b = await getBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb(id);
\t\treturn [a, b];
\t}
}`,
      findings: [{ line: 3, endLine: 4 }],
      output: `export async function f(id) {
\tif (id) {
\t\tconst [a, b] = await Promise.all([
\t\t\tgetAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa(id),
\t\t\tgetBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb(id),
\t\t]);
\t\treturn [a, b];
\t}
}`,
    },
    {
      name: "CRLF line endings, including the generated line breaks",
      code: "export async function f() {\r\n  const first = await client.fetchSomethingRatherLong(\"/first/resource/path\");\r\n  const second = await client.fetchSomethingRatherLong(\"/second/resource/path\");\r\n  return [first, second];\r\n}\r\n",
      findings: [{ line: 2, endLine: 3 }],
      output:
        "export async function f() {\r\n  const [first, second] = await Promise.all([\r\n    client.fetchSomethingRatherLong(\"/first/resource/path\"),\r\n    client.fetchSomethingRatherLong(\"/second/resource/path\"),\r\n  ]);\r\n  return [first, second];\r\n}\r\n",
    },
    {
      name: "a multi-line call is indented one step more",
      code: `export async function f() {
  const a = await fetch(url, {
    method: "GET",
  });
  const b = await getB();
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 5 }],
      output: `export async function f() {
  const [a, b] = await Promise.all([
    fetch(url, {
      method: "GET",
    }),
    getB(),
  ]);
  return [a, b];
}`,
    },
    {
      name: "a multi-line template literal is copied unchanged",
      filename: "src/app.js",
      code: `async function f() {
  const a = await db.query(\`
    SELECT *
    FROM users\`);
  const b = await db2.query(\`SELECT 1\`);
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 5 }],
      output: `async function f() {
  const [a, b] = await Promise.all([
    db.query(\`
    SELECT *
    FROM users\`),
    db2.query(\`SELECT 1\`),
  ]);
  return [a, b];
}`,
    },
    {
      name: "then() chains on fresh calls",
      code: `app.get("/healthz", async (_req, res) => {
  const dbOk = await pool.query("SELECT 1").then(() => true, () => false);
  const cacheOk = await redis.ping().then(() => true, () => false);
  res.json({ dbOk, cacheOk });
});`,
      findings: [{ line: 2, endLine: 3 }],
      output: `app.get("/healthz", async (_req, res) => {
  const [dbOk, cacheOk] = await Promise.all([
    pool.query("SELECT 1").then(() => true, () => false),
    redis.ping().then(() => true, () => false),
  ]);
  res.json({ dbOk, cacheOk });
});`,
    },
    {
      name: "top-level await in an ES module, exports kept",
      filename: "src/config.mjs",
      code: `export const a = await getA();
export const b = await getB();`,
      findings: [{ line: 1, endLine: 2 }],
      output: `export const [a, b] = await Promise.all([getA(), getB()]);`,
    },
    {
      name: "a switch case",
      filename: "src/app.js",
      code: `export async function f(kind, id) {
  switch (kind) {
    case "full":
      const a = await getA(id);
      const b = await getB(id);
      return [a, b];
  }
}`,
      findings: [{ line: 4, endLine: 5 }],
      output: `export async function f(kind, id) {
  switch (kind) {
    case "full":
      const [a, b] = await Promise.all([getA(id), getB(id)]);
      return [a, b];
  }
}`,
    },
    {
      name: "several declarators in one statement",
      code: `export async function f() {
  const a = await getA(),
    b = await getB();
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `export async function f() {
  const [a, b] = await Promise.all([getA(), getB()]);
  return [a, b];
}`,
    },
    {
      name: "part of a declaration is rewritten in place",
      filename: "src/app.js",
      code: `async function f() {
  const a = await getA(), b = await getB(), c = await getC(b);
  return [a, b, c];
}`,
      findings: [{ line: 2, endLine: 2 }],
      output: `async function f() {
  const [a, b] = await Promise.all([getA(), getB()]), c = await getC(b);
  return [a, b, c];
}`,
    },
    {
      name: "two groups split by a dependency are fixed separately",
      filename: "src/app.js",
      code: `export async function f(id) {
  const a = await getA(id);
  const b = await getB(id);
  const c = await getC(a);
  const d = await getD(id);
  return [a, b, c, d];
}`,
      findings: [
        { line: 2, endLine: 3 },
        { line: 4, endLine: 5 },
      ],
      output: `export async function f(id) {
  const [a, b] = await Promise.all([getA(id), getB(id)]);
  const [c, d] = await Promise.all([getC(a), getD(id)]);
  return [a, b, c, d];
}`,
    },
    {
      name: "an await inside an awaited call moves with it",
      filename: "src/app.js",
      code: `async function f() {
  const a = await getA(await token());
  const b = await getB();
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `async function f() {
  const [a, b] = await Promise.all([getA(await token()), getB()]);
  return [a, b];
}`,
    },
    {
      name: "an existing Promise.all in the group is merged flat, its tuple type too",
      code: `export async function f() {
  const [a, b]: [A, B] = await Promise.all([getA(), getB()]);
  const c: C = await getC();
  return [a, b, c];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: `export async function f() {
  const [a, b, c]: [A, B, C] = await Promise.all([getA(), getB(), getC()]);
  return [a, b, c];
}`,
    },
    {
      name: "call arguments become one spread, other arguments keep their place",
      filename: "src/app.js",
      code: `async function f(x) {
  return combine(x, await getA(), await getB(), 1);
}`,
      findings: [{ line: 2 }],
      output: `async function f(x) {
  return combine(x, ...(await Promise.all([getA(), getB()])), 1);
}`,
    },
    {
      name: "optional calls and new",
      filename: "src/app.js",
      code: `async function f(cb) {
  cb?.(await getA(), await getB());
  return new Pair(await getC(), await getD());
}`,
      findings: [{ line: 2 }, { line: 3 }],
      output: `async function f(cb) {
  cb?.(...(await Promise.all([getA(), getB()])));
  return new Pair(...(await Promise.all([getC(), getD()])));
}`,
    },
    {
      name: "comments between arguments go in front of the spread",
      filename: "src/app.js",
      code: `async function f() {
  return combine(
    await getA(), // the a
    /* b */ await getB(),
  );
}`,
      findings: [{ line: 3, endLine: 4 }],
      output: `async function f() {
  return combine(
    // the a
    /* b */ ...(await Promise.all([getA(), getB()])),
  );
}`,
    },
    {
      name: "a destructured array literal becomes Promise.all itself",
      code: `export async function f() {
  const [a, b] = [await getA(), await getB()];
  let c: number, d: string;
  [c, d] = [await getC(), await getD()];
  return [a, b, c, d];
}`,
      findings: [{ line: 2 }, { line: 4 }],
      output: `export async function f() {
  const [a, b] = await Promise.all([getA(), getB()]);
  let c: number, d: string;
  [c, d] = await Promise.all([getC(), getD()]);
  return [a, b, c, d];
}`,
    },
    {
      name: "in TypeScript an array literal used as a value keeps its array type",
      code: `export async function f() {
  return [await getA(), await getB()];
}`,
      findings: [{ line: 2 }],
      output: `export async function f() {
  return [...(await Promise.all([getA(), getB()]))];
}`,
    },
    {
      name: "in JavaScript the array literal goes, parenthesised where needed",
      filename: "src/app.js",
      code: `async function f() {
  const list = [await getA(), await getB()];
  const f = async () => [await getC(), await getD()];
  return [await getE(), await getF()].map(String);
}`,
      findings: [{ line: 2 }, { line: 3 }, { line: 4 }],
      output: `async function f() {
  const list = await Promise.all([getA(), getB()]);
  const f = async () => await Promise.all([getC(), getD()]);
  return (await Promise.all([getE(), getF()])).map(String);
}`,
    },

    // No fix: the finding (and its advice) stays.
    {
      name: "no fix: const and let mixed",
      filename: "src/app.js",
      code: `async function f() {
  const a = await getA();
  let b = await getB();
  b++;
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: null,
    },
    {
      name: "no fix: a declaration and an assignment",
      filename: "src/app.js",
      code: `async function f() {
  let b;
  const a = await getA();
  b = await getB();
  return [a, b];
}`,
      findings: [{ line: 3, endLine: 4 }],
      output: null,
    },
    {
      name: "no fix: only some names annotated",
      code: `async function f() {
  const a: number = await getA();
  const b = await getB();
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: null,
    },
    {
      name: "no fix: the awaited value is used inside an expression",
      code: `async function f() {
  const a = await getA();
  const b = (await getB()).data;
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: null,
    },
    {
      name: "no fix: a default value that calls code would run later",
      filename: "src/app.js",
      code: `async function f() {
  const { a = fallback() } = await getA();
  const b = await getB();
  return [a, b];
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: null,
    },
    {
      name: "no fix where Promise is not the built-in",
      filename: "src/app.js",
      code: `import Promise from "./my-promise.js";
export async function f() {
  const a = await getA();
  const b = await getB();
  return [a, b];
}`,
      findings: [{ line: 3, endLine: 4 }],
      output: null,
    },
    {
      name: "a Promise declared in another function does not matter",
      filename: "src/app.js",
      code: `function other(Promise) {
  return Promise;
}
export async function f() {
  const a = await getA();
  const b = await getB();
  return [a, b];
}`,
      findings: [{ line: 5, endLine: 6 }],
      output: `function other(Promise) {
  return Promise;
}
export async function f() {
  const [a, b] = await Promise.all([getA(), getB()]);
  return [a, b];
}`,
    },
    {
      name: "no fix: assignment targets that call code",
      filename: "src/app.js",
      code: `async function f() {
  objFor(1).a = await getA();
  objFor(2).b = await getB();
}`,
      findings: [{ line: 2, endLine: 3 }],
      output: null,
    },
    {
      name: "no fix: another argument between the awaited ones",
      filename: "src/app.js",
      code: `async function f(x) {
  return combine(await getA(), x, await getB());
}`,
      findings: [{ line: 2 }],
      output: null,
    },
    {
      name: "no fix: operands of +, templates and object literals",
      filename: "src/app.js",
      code: `async function f() {
  const sum = (await getA()) + (await getB());
  const text = \`\${await getC()}-\${await getD()}\`;
  return { sum, text, e: await getE(), f: await getF() };
}`,
      findings: [{ line: 2 }, { line: 3 }, { line: 4 }],
      output: null,
    },
  ],
});
