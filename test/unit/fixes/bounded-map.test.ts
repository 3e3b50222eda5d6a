/**
 * The await-in-loop fix across passes (`looplens fix` re-analyses after each one) and the
 * generated helper's own behaviour: order kept, at most `limit` calls in flight, the first failure
 * rejects and nothing new starts after it.
 */
import assert from "node:assert/strict";
import { runInThisContext } from "node:vm";
import { describe, it } from "node:test";
import { defaultConfig } from "../../../server/src/engine/config";
import { FileFacts } from "../../../server/src/engine/facts/file-facts";
import { helperText } from "../../../server/src/engine/fixes/bounded-map-helper";
import { analyzeWithFixes, fixText } from "../../../server/src/engine/fixes/fix-text";
import { applyEdits } from "../../../server/src/engine/fixes/text-edits";
import { parseSource } from "../../../server/src/engine/parse";

const config = defaultConfig();

type MapConcurrent = <T, R>(items: Iterable<T> | ArrayLike<T>, limit: number, fn: (item: T, index: number) => Promise<R>) => Promise<R[]>;

/** The helper exactly as a fix writes it into a JavaScript file, loaded as a function. */
function generatedHelper(): MapConcurrent {
  const path = "/x/app.js";
  const code = helperText(new FileFacts(path, parseSource(path, "")), "mapConcurrent", "\n", "  ");
  assert.match(code, /^\/\*\*.*\*\/\nasync function mapConcurrent\(items, limit, fn\) \{/);
  return runInThisContext(`(${code.slice(code.indexOf("\n") + 1)})`) as MapConcurrent;
}

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("the generated mapConcurrent helper", () => {
  const mapConcurrent = generatedHelper();

  it("keeps the items' order and never runs more than `limit` at once", async () => {
    let running = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 25, 10, 2, 15, 8, 12];
    const out = await mapConcurrent(delays, 3, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await tick(ms);
      running--;
      return `${i}:${ms}`;
    });
    assert.deepEqual(out, delays.map((ms, i) => `${i}:${ms}`));
    assert.equal(peak, 3);
  });

  it("rejects with the first failure and starts nothing after it", async () => {
    const started: number[] = [];
    const failure = new Error("item 2 failed");
    await assert.rejects(
      mapConcurrent([0, 1, 2, 3, 4, 5, 6, 7], 2, async (n) => {
        started.push(n);
        await tick(n === 2 ? 1 : n === 1 ? 60 : 20);
        if (n === 2) throw failure;
        return n;
      }),
      (e) => e === failure,
    );
    await tick(60);
    // 0 and 1 start; 2 starts when 0 ends and fails at once; 1 finishes, and nothing starts after.
    assert.deepEqual(started, [0, 1, 2]);
  });

  it("takes any iterable or array-like, and an empty list calls nothing", async () => {
    const double = async (n: number) => n * 2;
    assert.deepEqual(await mapConcurrent(new Set([1, 2, 3]), 8, double), [2, 4, 6]);
    assert.deepEqual(await mapConcurrent({ length: 2, 0: 5, 1: 6 }, 8, double), [10, 12]);
    assert.deepEqual(await mapConcurrent([], 8, () => assert.fail("called for an empty list")), []);
  });
});

describe("await-in-loop fixes across passes", () => {
  const only = { only: ["await-in-loop" as const] };

  it("adds the helper once for two loops; the second loop reuses it in the next pass", () => {
    const code = `import { db } from "./db.js";

export async function load(ids) {
  const rows = [];
  for (const id of ids) rows.push(await db.get(id));
  return rows;
}

export async function save(rows) {
  for (const row of rows) {
    await db.put(row.id, row);
  }
}
`;
    const first = fixText("/x/app.mjs", code, config, only);
    assert.deepEqual(
      first.applied.map((a) => [a.pass, a.line]),
      [
        [1, 5],
        // The line in the text of pass 2, under the helper.
        [2, 30],
      ],
    );
    assert.equal(first.text.match(/async function mapConcurrent\b/g)?.length, 1);
    assert.equal(first.text.split("\n")[29], "  await mapConcurrent(rows, 8, async (row) => {");
    assert.ok(first.text.includes("  const rows = await mapConcurrent(ids, 8, (id) => db.get(id));\n"));
    assert.ok(first.text.includes("  await mapConcurrent(rows, 8, async (row) => {\n    await db.put(row.id, row);\n  });\n"));
    assert.deepEqual(first.remaining, []);
    const second = fixText("/x/app.mjs", first.text, config, only);
    assert.equal(second.text, first.text);
    assert.deepEqual(second.applied, []);
  });

  it("imports p-map once for two loops", () => {
    const code = `export async function a(ids) {
  for (const id of ids) await touch(id);
}
export async function b(ids) {
  for (const id of ids) await untouch(id);
}
`;
    const fixed = fixText("/x/app.ts", code, { ...config, dependencies: ["p-map"] }, only).text;
    assert.equal(
      fixed,
      `import pMap from "p-map";

export async function a(ids) {
  await pMap(ids, async (id) => {
    await touch(id);
  }, { concurrency: 8 });
}
export async function b(ids) {
  await pMap(ids, async (id) => {
    await untouch(id);
  }, { concurrency: 8 });
}
`,
    );
  });

  it("recognises its helper after a formatter has rewrapped it", () => {
    const path = "/x/app.ts";
    const helper = helperText(new FileFacts(path, parseSource(path, "")), "mapConcurrent", "\n", "  ")
      .replace("(items: Iterable<T> | ArrayLike<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>)", "(\n  items: Iterable<T> | ArrayLike<T>,\n  limit: number,\n  fn: (item: T, index: number) => R | PromiseLike<R>,\n)")
      .replace("Array.from({ length: Math.min(limit, list.length) }, worker)", "Array.from(\n      { length: Math.min(limit, list.length) },\n      worker,\n    )");
    const code = `${helper}\n\nexport async function warm(urls: string[]) {\n  for (const url of urls) {\n    await fetch(url);\n  }\n}\n`;
    const fixed = fixText(path, code, config, only).text;
    assert.equal(fixed, `${helper}\n\nexport async function warm(urls: string[]) {\n  await mapConcurrent(urls, 8, async (url) => {\n    await fetch(url);\n  });\n}\n`);
  });

  it("puts the helper under a file's header comment and shebang, above the first statement's own doc comment", () => {
    const code = `#!/usr/bin/env node
// Copyright the authors.

/** Warms the cache. */
export async function warm(urls) {
  for (const url of urls) {
    await fetch(url);
  }
}
`;
    const fixed = fixText("/x/warm.mjs", code, config, only).text;
    assert.ok(fixed.startsWith("#!/usr/bin/env node\n// Copyright the authors.\n\n/** Calls fn for each item"), fixed);
    assert.ok(fixed.includes("  return results;\n}\n\n/** Warms the cache. */\nexport async function warm(urls) {\n  await mapConcurrent(urls, 8, async (url) => {\n"), fixed);
  });
});

describe("the second choice: every item at once", () => {
  it("is offered after the bounded fix, results still in order", () => {
    const code = `export async function loadUsers(ids: string[]) {
  const users = [];
  for (const id of ids) {
    users.push(await fetchUser(id));
  }
  return users;
}
declare function fetchUser(id: string): Promise<{ id: string }>;
`;
    const [finding] = analyzeWithFixes("/x/users.ts", code, config).findings;
    assert.deepEqual(
      finding.fixes.map((f) => [f.title, f.safe]),
      [
        ["Run the iterations concurrently, at most 8 at a time (mapConcurrent helper), results in order", true],
        ["Run all iterations at once with Promise.all (small collections only), results in order", true],
      ],
    );
    assert.equal(
      applyEdits(code, finding.fixes[1].edits),
      `export async function loadUsers(ids: string[]) {
  const users = await Promise.all(ids.map((id) => fetchUser(id)));
  return users;
}
declare function fetchUser(id: string): Promise<{ id: string }>;
`,
    );
  });

  it("maps with Array.from when the items may not be an array", () => {
    const code = `export async function touchAll(ids) {
  for (const id of ids) {
    await touch(id);
  }
}
`;
    const [finding] = analyzeWithFixes("/x/touch.mjs", code, config).findings;
    assert.equal(
      applyEdits(code, finding.fixes[1].edits),
      `export async function touchAll(ids) {
  await Promise.all(Array.from(ids, async (id) => {
    await touch(id);
  }));
}
`,
    );
  });
});

describe("await-in-loop fixes found by the fuzzer", () => {
  it("fills an object from a statement with no semicolon (`o[key] = await f(key)` as the loop's only statement)", () => {
    const code = `export async function levels(skus: string[]) {
  const bySku: Record<string, number> = {};
  for (const sku of skus) {
    bySku[sku] = await levelOf(sku)
  }
  return bySku;
}
declare function levelOf(sku: string): Promise<number>;
`;
    const [finding] = analyzeWithFixes("/x/levels.ts", code, config).findings;
    assert.equal(
      applyEdits(code, finding.fixes[1].edits),
      `export async function levels(skus: string[]) {
  const bySku: Record<string, number> = Object.fromEntries(await Promise.all(skus.map(async (sku) => [sku, await levelOf(sku)] as const)));
  return bySku;
}
declare function levelOf(sku: string): Promise<number>;
`,
    );
  });

  it("keeps a comment between the array and `.forEach(async …)`, above the statement", () => {
    const code = `export async function warm(ids: string[]) {
  ids // the ones in use
    .forEach(async (id) => {
      await render(id);
    });
}
declare function render(id: string): Promise<void>;
`;
    const [finding] = analyzeWithFixes("/x/warm.ts", code, config).findings;
    const body = (fixed: string) => fixed.slice(fixed.indexOf("export async"));
    assert.equal(
      body(applyEdits(code, finding.fixes[0].edits)),
      `export async function warm(ids: string[]) {
  // the ones in use
  await mapConcurrent(ids, 8, async (id) => {
      await render(id);
    });
}
declare function render(id: string): Promise<void>;
`,
    );
    assert.equal(
      applyEdits(code, finding.fixes[1].edits),
      `export async function warm(ids: string[]) {
  // the ones in use
  await Promise.all(ids.map(async (id) => {
      await render(id);
    }));
}
declare function render(id: string): Promise<void>;
`,
    );
  });

  it("keeps comments inside the push or set that becomes the callback's return", () => {
    const code = `export async function load(ids: string[]) {
  const rows = [];
  for (const id of ids) {
    const row = await fetchRow(id);
    rows.push(row // fetched
    );
  }
  const byId = new Map<string, number>();
  for (const id of ids) {
    byId.set(/* key */ id, await countOf(id));
  }
  return [rows, byId];
}
declare function fetchRow(id: string): Promise<string>;
declare function countOf(id: string): Promise<number>;
`;
    const [rows, byId] = analyzeWithFixes("/x/load.ts", code, config).findings;
    assert.equal(
      applyEdits(code, [...rows.fixes[1].edits, ...byId.fixes[1].edits]),
      `export async function load(ids: string[]) {
  const rows = await Promise.all(ids.map(async (id) => {
    const row = await fetchRow(id);
    // fetched
    return row;
  }));
  const byId = new Map<string, number>(await Promise.all(ids.map(async (id) => {
    /* key */
    return [id, await countOf(id)] as const;
  })));
  return [rows, byId];
}
declare function fetchRow(id: string): Promise<string>;
declare function countOf(id: string): Promise<number>;
`,
    );
  });
});
