/**
 * The unbuffered-write fix, shape by shape: the exact text after the preferred fix (collect then
 * write once, map-join, or await 'drain'), and the loops it must leave alone (`output: null`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfig } from "../../../server/src/engine/config";
import { fixText } from "../../../server/src/engine/fixes/fix-text";
import { unbufferedWrite } from "../../../server/src/engine/rules/unbuffered-write";
import type { Fix } from "../../../server/src/engine/types";
import { analyzeCase, checkFix, testRule } from "../../rule-tester";

testRule(unbufferedWrite, {
  valid: [],
  invalid: [
    // Map-join: one unconditional write over a known array.
    {
      name: "TS: a typed array becomes one map-join, guarded so no file appears for no rows",
      code: `import fs from "node:fs";
interface Row { id: number; name: string }
export function exportRows(rows: Row[], out: string) {
  for (const r of rows) fs.appendFileSync(out, \`\${r.id},\${r.name}\\n\`);
}`,
      findings: [{ line: 4 }],
      output: `import fs from "node:fs";
interface Row { id: number; name: string }
export function exportRows(rows: Row[], out: string) {
  if (rows.length) fs.appendFileSync(out, rows.map((r) => \`\${r.id},\${r.name}\\n\`).join(""));
}`,
    },
    {
      name: "forEach over a typed array keeps its parameters (index included)",
      code: `import fs from "node:fs";
export function exportNames(names: string[]) {
  names.forEach((n, i) => fs.appendFileSync("names.txt", \`\${i}: \${n}\\n\`));
}`,
      findings: [{ line: 3 }],
      output: `import fs from "node:fs";
export function exportNames(names: string[]) {
  if (names.length) fs.appendFileSync("names.txt", names.map((n, i) => \`\${i}: \${n}\\n\`).join(""));
}`,
    },
    {
      name: "the pieces are the array's own items: join it",
      code: `import type { Writable } from "stream";
export function emit(out: Writable, items: string[]) { for (const it of items) out.write(it); }`,
      findings: [{ line: 2 }],
      output: `import type { Writable } from "stream";
export function emit(out: Writable, items: string[]) { if (items.length) out.write(items.join("")); }`,
    },
    {
      name: "Buffers are concatenated, not joined; an fd write needs no guard",
      code: `import fs from "node:fs";
export function dump(fd: number, rows: { bytes: number[] }[]) {
  for (const r of rows) fs.writeSync(fd, Buffer.from(r.bytes));
}`,
      findings: [{ line: 3 }],
      output: `import fs from "node:fs";
export function dump(fd: number, rows: { bytes: number[] }[]) {
  fs.writeSync(fd, Buffer.concat(rows.map((r) => Buffer.from(r.bytes))));
}`,
    },
    {
      name: "an encoding that joins character by character is kept",
      code: `import fs from "node:fs";
export function dump(rows: string[]) {
  for (const r of rows) fs.appendFileSync("o.txt", r + "\\n", { encoding: "utf8" });
}`,
      findings: [{ line: 3 }],
      output: `import fs from "node:fs";
export function dump(rows: string[]) {
  if (rows.length) fs.appendFileSync("o.txt", rows.map((r) => r + "\\n").join(""), { encoding: "utf8" });
}`,
    },
    {
      name: "a fresh local gzip stream needs no guard",
      code: `import { createGzip } from "node:zlib";
export function compressRows(rows: string[]) { const gz = createGzip(); for (const r of rows) gz.write(r + "\\n"); gz.end(); return gz; }`,
      findings: [{ line: 2 }],
      output: `import { createGzip } from "node:zlib";
export function compressRows(rows: string[]) { const gz = createGzip(); gz.write(rows.map((r) => r + "\\n").join("")); gz.end(); return gz; }`,
    },
    // Collect in an array, write once after the loop.
    {
      name: "JS: continue and conditions keep working on the pushes",
      filename: "src/a.js",
      code: `const fs = require("fs");
function dump(rows) {
  for (const r of rows) {
    if (r.skip) continue;
    fs.appendFileSync("o.txt", r.line + "\\n");
  }
}`,
      findings: [{ line: 3, endLine: 6 }],
      output: `const fs = require("fs");
function dump(rows) {
  const lines = [];
  for (const r of rows) {
    if (r.skip) continue;
    lines.push(r.line + "\\n");
  }
  if (lines.length) fs.appendFileSync("o.txt", lines.join(""));
}`,
    },
    {
      name: "break stays in the loop; the write after it still runs",
      filename: "src/a.js",
      code: `const fs = require("fs");
function dump(rows) {
  for (const r of rows) {
    if (r.last) break;
    fs.appendFileSync("o.txt", r.line + "\\n");
  }
}`,
      findings: [{ line: 3 }],
      output: `const fs = require("fs");
function dump(rows) {
  const lines = [];
  for (const r of rows) {
    if (r.last) break;
    lines.push(r.line + "\\n");
  }
  if (lines.length) fs.appendFileSync("o.txt", lines.join(""));
}`,
    },
    {
      name: "continue to the loop's own label",
      filename: "src/a.js",
      code: `const fs = require("fs");
function dump(rows) {
  rows: for (const r of rows) {
    for (const c of r.cells) if (!c) continue rows;
    fs.appendFileSync("o.txt", r.line + "\\n");
  }
}`,
      findings: [{ line: 3 }],
      output: `const fs = require("fs");
function dump(rows) {
  const lines = [];
  rows: for (const r of rows) {
    for (const c of r.cells) if (!c) continue rows;
    lines.push(r.line + "\\n");
  }
  if (lines.length) fs.appendFileSync("o.txt", lines.join(""));
}`,
    },
    {
      name: "TS: typed array; a file written just before the loop exists, so no guard",
      code: `import fs from "node:fs";
export function dump(rows: { id: number }[], out: string) {
  fs.writeFileSync(out, "id\\n");
  for (const r of rows) {
    if (r.id < 0) continue;
    fs.appendFileSync(out, r.id + "\\n");
  }
}`,
      findings: [{ line: 4 }],
      output: `import fs from "node:fs";
export function dump(rows: { id: number }[], out: string) {
  fs.writeFileSync(out, "id\\n");
  const lines: string[] = [];
  for (const r of rows) {
    if (r.id < 0) continue;
    lines.push(r.id + "\\n");
  }
  fs.appendFileSync(out, lines.join(""));
}`,
    },
    {
      name: "CRLF, tabs and comments are kept; the comment above the loop stays on it",
      code: "import fs from \"node:fs\";\r\nexport function dump(rows: string[]) {\r\n\t// one line per row\r\n\tfor (const r of rows) {\r\n\t\tif (!r) continue; // skip blanks\r\n\t\tfs.appendFileSync(\"o.txt\", r + \"\\n\"); // append\r\n\t}\r\n}\r\n",
      findings: [{ line: 4 }],
      output:
        "import fs from \"node:fs\";\r\nexport function dump(rows: string[]) {\r\n\tconst lines: string[] = [];\r\n\t// one line per row\r\n\tfor (const r of rows) {\r\n\t\tif (!r) continue; // skip blanks\r\n\t\tlines.push(r + \"\\n\"); // append\r\n\t}\r\n\tif (lines.length) fs.appendFileSync(\"o.txt\", lines.join(\"\"));\r\n}\r\n",
    },
    {
      name: "names already in use are not reused; single quotes and no semicolons follow the file",
      code: `import fs from 'node:fs'
export function dump(rows: string[], lines: string[], chunks: number) {
  for (const r of rows) if (r) fs.appendFileSync('o.txt', r + '\\n')
}`,
      findings: [{ line: 3 }],
      output: `import fs from 'node:fs'
export function dump(rows: string[], lines: string[], chunks: number) {
  const parts: string[] = []
  for (const r of rows) if (r) parts.push(r + '\\n')
  if (parts.length) fs.appendFileSync('o.txt', parts.join(''))
}`,
    },
    {
      name: "a loop sharing its line keeps the new statements on it",
      filename: "src/a.js",
      code: `const fsp = require("fs").promises;
async function save(rows) { for (const r of rows) await fsp.appendFile(LOG, r + "\\n"); }`,
      findings: [{ line: 2 }],
      output: `const fsp = require("fs").promises;
async function save(rows) { const lines = []; for (const r of rows) lines.push(r + "\\n"); if (lines.length) await fsp.appendFile(LOG, lines.join("")); }`,
    },
    {
      name: "a FileHandle in an ES module script",
      filename: "src/a.mjs",
      code: `import { open } from "node:fs/promises";
export async function dump(rows) {
  const fh = await open("dump.txt", "a");
  for (const r of rows) {
    if (r.hidden) continue;
    await fh.write(\`\${r.id}\\t\${r.name}\\n\`);
  }
  await fh.close();
}`,
      findings: [{ line: 4 }],
      output: `import { open } from "node:fs/promises";
export async function dump(rows) {
  const fh = await open("dump.txt", "a");
  const lines = [];
  for (const r of rows) {
    if (r.hidden) continue;
    lines.push(\`\${r.id}\\t\${r.name}\\n\`);
  }
  await fh.write(lines.join(""));
  await fh.close();
}`,
    },
    {
      name: "a multi-line write moves out of the loop re-indented",
      code: `import fs from "node:fs";
export function dump(rows: { id: number }[], out: string) {
  for (const r of rows) {
    if (r.id) {
      fs.appendFileSync(
        out,
        r.id + "\\n",
        "utf8",
      );
    }
  }
}`,
      findings: [{ line: 3 }],
      output: `import fs from "node:fs";
export function dump(rows: { id: number }[], out: string) {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.id) {
      lines.push(r.id + "\\n");
    }
  }
  if (lines.length) fs.appendFileSync(
    out,
    lines.join(""),
    "utf8",
  );
}`,
    },
    {
      name: "an await inside the piece stays where it was",
      code: `import fs from "node:fs";
export async function dump(ids: string[]) {
  for (const id of ids) fs.appendFileSync("o.txt", (await render(id)) + "\\n");
}`,
      findings: [{ line: 3 }],
      output: `import fs from "node:fs";
export async function dump(ids: string[]) {
  const lines: string[] = [];
  for (const id of ids) lines.push((await render(id)) + "\\n");
  if (lines.length) fs.appendFileSync("o.txt", lines.join(""));
}`,
    },
    // Backpressure: data that arrives over time keeps streaming.
    {
      name: "for await into a file stream awaits drain, importing once in the file's style",
      code: `import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
export async function copyLines(src: Readable, path: string) {
  const out = createWriteStream(path);
  for await (const line of src) {
    out.write(String(line).toUpperCase());
  }
  out.end();
}`,
      findings: [{ line: 5 }],
      output: `import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { once } from "node:events";
export async function copyLines(src: Readable, path: string) {
  const out = createWriteStream(path);
  for await (const line of src) {
    if (!out.write(String(line).toUpperCase())) await once(out, "drain");
  }
  out.end();
}`,
    },
    {
      name: "CommonJS: require added after the others; lone statements under if/else get braces",
      filename: "src/a.js",
      code: `"use strict";
const fs = require("fs");
const readline = require("readline");

async function filter(input, path) {
  const out = fs.createWriteStream(path);
  for await (const line of readline.createInterface({ input })) {
    if (line.includes("ERROR")) out.write(line + "\\n");
    else if (line.includes("WARN")) out.write("w: " + line + "\\n");
  }
  out.end();
}
module.exports = { filter };`,
      findings: [{ line: 7 }],
      output: `"use strict";
const fs = require("fs");
const readline = require("readline");
const { once } = require("events");

async function filter(input, path) {
  const out = fs.createWriteStream(path);
  for await (const line of readline.createInterface({ input })) {
    if (line.includes("ERROR")) { if (!out.write(line + "\\n")) await once(out, "drain"); }
    else if (line.includes("WARN")) { if (!out.write("w: " + line + "\\n")) await once(out, "drain"); }
  }
  out.end();
}
module.exports = { filter };`,
    },
    {
      name: "an existing import of once is reused",
      code: `import { once } from "node:events";
import { createWriteStream } from "node:fs";
export async function pump(src: AsyncIterable<string>) {
  const out = createWriteStream("x.txt");
  await once(out, "open");
  for await (const s of src) out.write(s);
  out.end();
}`,
      findings: [{ line: 6 }],
      output: `import { once } from "node:events";
import { createWriteStream } from "node:fs";
export async function pump(src: AsyncIterable<string>) {
  const out = createWriteStream("x.txt");
  await once(out, "open");
  for await (const s of src) { if (!out.write(s)) await once(out, "drain"); }
  out.end();
}`,
    },
    // No fix: the rewrite could not keep the behaviour.
    { name: "return inside the loop would skip the write after it", filename: "src/a.js", code: `const fs = require("fs");\nfunction dump(rows) {\n  for (const r of rows) {\n    if (!r) return;\n    fs.appendFileSync("o.txt", r.line + "\\n");\n  }\n}`, findings: [{ line: 3 }], output: null },
    { name: "break to a label outside the loop", filename: "src/a.js", code: `const fs = require("fs");\nfunction dump(groups) {\n  outer: for (const g of groups) {\n    for (const r of g.rows) {\n      if (r.stop) break outer;\n      fs.appendFileSync(g.file, r.line + "\\n");\n    }\n  }\n}`, findings: [{ line: 4 }], output: null },
    { name: "a write in try/catch handles its own failure per item", filename: "src/a.js", code: `const fs = require("fs");\nfunction dump(rows) {\n  for (const r of rows) {\n    try { fs.appendFileSync("o.txt", r.line + "\\n"); } catch (e) { console.error(e); }\n  }\n}`, findings: [{ line: 3 }], output: null },
    { name: "two destinations in one loop", filename: "src/a.js", code: `const fs = require("fs");\nfunction dump(rows) {\n  for (const r of rows) {\n    fs.appendFileSync("a.txt", r.a + "\\n");\n    fs.appendFileSync("b.txt", r.b + "\\n");\n  }\n}`, findings: [{ line: 3 }], output: null },
    { name: "strings and Buffers mixed", code: `import fs from "node:fs";\nexport function dump(fd: number, rows: { bytes: number[]; s: string }[]) {\n  for (const r of rows) { fs.writeSync(fd, Buffer.from(r.bytes)); fs.writeSync(fd, r.s + "\\n"); }\n}`, findings: [{ line: 3 }], output: null },
    {
      name: "pieces whose names say bytes are not joined as strings",
      code: `import fs from "node:fs";
import type { Writable } from "node:stream";
export function slices(readStream: Writable, entireSlice: Buffer) {
  let offset = 0;
  while (offset < entireSlice.length) {
    readStream.write(entireSlice.slice(offset, offset + 100));
    offset += 100;
  }
}
const out = fs.createWriteStream("o.bin");
export function flush(pending: unknown[]) { for (const chunk of pending) out.write(chunk); }`,
      findings: [{ line: 5 }, { line: 11 }],
      output: null,
    },
    { name: "a for await source appended to a file: collecting it whole is no improvement", filename: "src/a.js", code: `const { appendFile } = require("fs/promises");\nasync function exportJsonl(cursor, file) {\n  for await (const doc of cursor) await appendFile(file, JSON.stringify(doc) + "\\n");\n}`, findings: [{ line: 3 }], output: null },
    { name: "base64 pieces do not join", code: `import fs from "node:fs";\nexport function dump(rows: string[]) {\n  for (const r of rows) fs.appendFileSync("o.bin", r + "==", "base64");\n}`, findings: [{ line: 3 }], output: null },
    { name: "an object-mode stream: each write is one record", code: `import { PassThrough } from "node:stream";\nconst feed = new PassThrough({ objectMode: true });\nexport function publish(items: string[]) { for (const it of items) feed.write(it); }`, findings: [{ line: 3 }], output: null },
    { name: "promise appends not awaited", code: `import { appendFile } from "node:fs/promises";\nexport function log(rows: string[]) { for (const r of rows) appendFile("o.txt", r + "\\n"); }`, findings: [{ line: 2 }], output: null },
    { name: "callback appendFile", filename: "src/a.js", code: `const fs = require("fs");\nrows.forEach((r) => fs.appendFile("out.txt", r, (err) => { if (err) throw err; }));`, findings: [{ line: 2 }], output: null },
    { name: "stdout written next to console.log", filename: "bin/x.js", code: `for (const line of text.split("\\n")) { console.log("#"); process.stdout.write(line + "\\n"); }`, findings: [{ line: 1 }], output: null },
    { name: "a lone loop under if", filename: "src/a.js", code: `const fs = require("fs");\nfunction dump(rows, ok) {\n  if (ok) for (const r of rows) fs.appendFileSync("o.txt", r + "\\n");\n}`, findings: [{ line: 3 }], output: null },
    { name: "writes at explicit positions", code: `import fs from "node:fs";\nexport function dump(fd: number, rows: string[]) { let pos = 0; for (const r of rows) { fs.writeSync(fd, r, pos); pos += r.length; } }`, findings: [{ line: 2 }], output: null },
    { name: "the loop also reads the file it appends to", filename: "src/a.js", code: `const fs = require("fs");\nfunction dump(rows, out) {\n  for (const r of rows) { if (fs.statSync(out).size > 1e6) rotate(out); fs.appendFileSync(out, r + "\\n"); }\n}`, findings: [{ line: 3 }], output: null },
    { name: "a generator that yields between writes", filename: "src/a.js", code: `const fs = require("fs");\nfunction* dump(rows) {\n  for (const r of rows) { fs.appendFileSync("o.txt", r + "\\n"); yield r; }\n}`, findings: [{ line: 3 }], output: null },
  ],
});

/** All fixes of the single finding of `code`, each checked to parse and to change something. */
function fixesOf(code: string, filename?: string): { fix: Fix; output: string }[] {
  const path = "/virtual/" + (filename ?? "src/app.ts");
  const findings = analyzeCase(unbufferedWrite, { code, filename });
  assert.equal(findings.length, 1);
  return (findings[0].fixes as Fix[]).map((fix) => ({ fix, output: checkFix(path, code, fix) }));
}

describe("unbuffered-write fix choices", () => {
  it("two loops in one block: the second waits a pass and takes another name", () => {
    const code = `import fs from "node:fs";\nfor (const r of rows) fs.appendFileSync("a.txt", r.a + "\\n");\nfor (const r of rows) fs.appendFileSync("b.txt", r.b + "\\n");\n`;
    const result = fixText("/virtual/bin/export.mjs", code, { ...defaultConfig(), dependencies: [] }, { only: ["unbuffered-write"] });
    assert.deepEqual(result.applied.map((a) => [a.line, a.pass]), [[2, 1], [5, 2]]);
    assert.equal(
      result.text,
      `import fs from "node:fs";
const lines = [];
for (const r of rows) lines.push(r.a + "\\n");
if (lines.length) fs.appendFileSync("a.txt", lines.join(""));
const chunks = [];
for (const r of rows) chunks.push(r.b + "\\n");
if (chunks.length) fs.appendFileSync("b.txt", chunks.join(""));
`,
    );
    assert.deepEqual(result.remaining, []);
  });

  it("a synchronous stream loop in async code: joined first, the drain version second", () => {
    const code = `import { createWriteStream } from "node:fs";
const out = createWriteStream("o.txt");
export async function flush(rows: string[]) {
  await ready();
  for (const r of rows) out.write(r + "\\n");
}`;
    const fixes = fixesOf(code);
    assert.deepEqual(fixes.map((f) => [f.fix.title, f.fix.safe]), [
      ["Build the output with map() and write it once", true],
      ["Await 'drain' whenever write() returns false (respect backpressure)", false],
    ]);
    // A module-level stream may have ended by now: an empty write would be an error, so it is guarded.
    assert.match(fixes[0].output, /^ {2}if \(rows\.length\) out\.write\(rows\.map\(\(r\) => r \+ "\\n"\)\.join\(""\)\);$/m);
    assert.match(fixes[1].output, /^import \{ once \} from "node:events";$/m);
    assert.match(fixes[1].output, /^ {2}for \(const r of rows\) \{ if \(!out\.write\(r \+ "\\n"\)\) await once\(out, "drain"\); \}$/m);
  });

  it("a synchronous function gets no drain version", () => {
    const code = `app.get("/export.csv", (req, res) => {\n  for (const row of rows) res.write(toCsv(row));\n  res.end();\n});`;
    assert.deepEqual(fixesOf(code).map((f) => f.fix.title), ["Collect the pieces in an array and write them once"]);
  });

  it("safe only when a failure halfway could not leave part of the output written", () => {
    const safety = (code: string, filename = "src/a.js") => fixesOf(code, filename)[0].fix.safe;
    assert.equal(safety(`const fs = require("fs");\nfor (const r of rows) fs.appendFileSync("o.txt", r.id + "\\n");`), true);
    // fmt() may throw on item k after items < k were written; joined, nothing is.
    assert.equal(safety(`const fs = require("fs");\nfor (const r of rows) fs.appendFileSync("o.txt", fmt(r) + "\\n");`), false);
    assert.equal(safety(`const fs = require("fs");\nfor (const r of rows) { if (!r.id) throw new Error("no id"); fs.appendFileSync("o.txt", r.id + "\\n"); }`), false);
    // Awaited work between writes: the original wrote as it went.
    assert.equal(safety(`const { appendFile } = require("fs/promises");\nasync function f(urls) { for (const u of urls) { const r = await fetch(u); await appendFile("s.log", u + r.status + "\\n"); } }`), false);
    // Pieces of unknown type are assumed to be strings.
    assert.equal(safety(`const fs = require("fs");\nfor (const r of rows) fs.appendFileSync("o.txt", r.line);`), false);
    // A stream parameter typed only as Writable may be in object mode.
    assert.equal(safety(`import type { Writable } from "stream";\nexport function emit(out: Writable, items: string[]) { for (const it of items) out.write(it); }`, "src/app.ts"), false);
  });
});

describe("unbuffered-write fixes found by the fuzzer", () => {
  it("the drain version keeps comments between the write and its semicolon, ahead of the guard", () => {
    const code = `import { createWriteStream } from "node:fs";
export async function copy(src: AsyncIterable<string>, path: string) {
  const out = createWriteStream(path);
  for await (const s of src) {
    out.write(s) // one line per item
    ;
  }
  for await (const s of src) out.write(s) /* again */;
  out.end();
}
`;
    const fixed = fixText("/x/copy.ts", code, defaultConfig(), { only: ["unbuffered-write"], unsafe: true });
    assert.equal(
      fixed.text,
      `import { createWriteStream } from "node:fs";
import { once } from "node:events";
export async function copy(src: AsyncIterable<string>, path: string) {
  const out = createWriteStream(path);
  for await (const s of src) {
    // one line per item
    if (!out.write(s)) await once(out, "drain");
  }
  for await (const s of src) { /* again */ if (!out.write(s)) await once(out, "drain"); }
  out.end();
}
`,
    );
  });
});
