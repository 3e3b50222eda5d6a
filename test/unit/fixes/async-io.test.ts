/**
 * The sync-io fix across a whole file, as `looplens fix` applies it (re-analysing between passes):
 * several calls sharing one import, calls nested in one another, line endings of inserted lines,
 * and what the fix says about itself (title, safety).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultConfig } from "../../../server/src/engine/config";
import { analyzeWithFixes, fixText } from "../../../server/src/engine/fixes/fix-text";

const config = { ...defaultConfig(), dependencies: [] };

function fix(code: string, path = "/x/src/app.ts") {
  const r = fixText(path, code, config, { only: ["sync-io"], unsafe: true });
  assert.deepEqual(r.errors, []);
  assert.equal(fixText(path, r.text, config, { only: ["sync-io"], unsafe: true }).text, r.text, "a second fix changes nothing");
  return r;
}

function fixesOf(code: string, path = "/x/src/app.ts") {
  return analyzeWithFixes(path, code, config, { only: ["sync-io"] }).findings.map((f) => f.fixes.map((x) => ({ title: x.title, safe: x.safe })));
}

describe("sync-io fix over a whole file", () => {
  it("three calls through one named import: all awaited, the import replaced, nothing left unused", () => {
    const code = `import { readFileSync } from "node:fs";
import { render } from "./render";

export async function page(name: string) {
  const layout = readFileSync("layout.html", "utf8");
  const body = readFileSync(\`pages/\${name}.html\`, "utf8");
  return render(layout, body, readFileSync("footer.html", "utf8"));
}
`;
    const r = fix(code);
    assert.equal(
      r.text,
      `import { readFile } from "node:fs/promises";
import { render } from "./render";

export async function page(name: string) {
  const layout = await readFile("layout.html", "utf8");
  const body = await readFile(\`pages/\${name}.html\`, "utf8");
  return render(layout, body, await readFile("footer.html", "utf8"));
}
`,
    );
    assert.equal(r.applied.length, 3);
    assert.deepEqual(r.remaining, []);
  });

  it("calls nested in one another, through a namespace that goes once unused", () => {
    const code = `import * as fs from "fs";
import * as zlib from "zlib";
import fsp from "fs/promises";

export async function archive(src: string, dest: string) {
  await fsp.mkdir("archive", { recursive: true });
  fs.writeFileSync(dest, zlib.gzipSync(fs.readFileSync(src)));
}
`;
    const r = fix(code);
    assert.equal(
      r.text,
      `import * as zlib from "zlib";
import fsp from "fs/promises";
import { promisify } from "util";
const gzipAsync = promisify(zlib.gzip);

export async function archive(src: string, dest: string) {
  await fsp.mkdir("archive", { recursive: true });
  await fsp.writeFile(dest, await gzipAsync(await fsp.readFile(src)));
}
`,
    );
    assert.deepEqual(r.remaining, []);
  });

  it("inserted lines take the file's CRLF line endings", () => {
    const code = ["const zlib = require('zlib');", "const express = require('express');", "", "exports.pack = async (buf) => zlib.deflateSync(buf);", ""].join("\r\n");
    const r = fix(code, "/x/src/pack.js");
    assert.equal(
      r.text,
      [
        "const zlib = require('zlib');",
        "const express = require('express');",
        "const { promisify } = require('util');",
        "const deflateAsync = promisify(zlib.deflate);",
        "",
        "exports.pack = async (buf) => await deflateAsync(buf);",
        "",
      ].join("\r\n"),
    );
  });

  it("a second zlib call reuses the promisified const the first one declared", () => {
    const code = `import { gunzipSync } from "node:zlib";
export async function a(b: Buffer) { return gunzipSync(b); }
export async function c(d: Buffer) { return gunzipSync(d).length; }
`;
    assert.equal(
      fix(code).text,
      `import { gunzip } from "node:zlib";
import { promisify } from "node:util";
const gunzipAsync = promisify(gunzip);
export async function a(b: Buffer) { return await gunzipAsync(b); }
export async function c(d: Buffer) { return (await gunzipAsync(d)).length; }
`,
    );
  });

  it("a require inside the function: its binding is reused and kept", () => {
    const code = `exports.load = async function load(p) {
  const fs = require("fs");
  return JSON.parse(fs.readFileSync(p, "utf8"));
};
`;
    assert.equal(
      fix(code, "/x/src/load.js").text,
      `exports.load = async function load(p) {
  const fs = require("fs");
  return JSON.parse(await fs.promises.readFile(p, "utf8"));
};
`,
    );
  });

  it("a .js file with neither import nor require gets no fix that needs a new import", () => {
    const code = `export default null;\nglobalThis.load = async (fs) => fs.readFileSync("x");\n`;
    assert.deepEqual(fixesOf(code, "/x/src/a.js"), []);
  });
});

describe("what the sync-io fix says about itself", () => {
  it("fs in an async function: safe, names the counterpart and where it comes from", () => {
    const code = `import { readFileSync } from "fs";\nexport async function f(p: string) { return readFileSync(p); }\n`;
    assert.deepEqual(fixesOf(code), [[{ title: "Use await readFile(…) from fs/promises", safe: true }]]);
  });

  it("an Express handler made async asks for its error handling to be checked", () => {
    const code = `const fs = require("fs");\napp.get("/a", (req, res) => res.send(fs.readFileSync("a.html")));\n`;
    assert.deepEqual(fixesOf(code, "/x/src/app.js"), [
      [
        {
          title: "Use await fs.promises.readFile(…); the handler becomes async — check its errors are still handled: Express 4 does not catch a rejected handler, it only catches a throw",
          safe: false,
        },
      ],
    ]);
  });

  it("the same handler is safe when the call is inside its try/catch", () => {
    const code = `const fs = require("fs");\napp.get("/a", (req, res) => { try { res.send(fs.readFileSync("a.html")); } catch (e) { res.sendStatus(404); } });\n`;
    assert.deepEqual(fixesOf(code, "/x/src/app.js"), [[{ title: "Use await fs.promises.readFile(…); the handler becomes async", safe: true }]]);
  });

  it("execSync is never safe: stderr, stdin and the error's fields differ", () => {
    const code = `import { execSync } from "child_process";\nexport async function f() { execSync("make"); }\n`;
    assert.deepEqual(fixesOf(code), [
      [
        {
          title:
            "Use await execAsync(…) with execAsync = promisify(exec) — check: the command's stderr is captured instead of shown, its stdin is left open, and a failure sets err.code where execSync set err.status",
          safe: false,
        },
      ],
    ]);
  });

  it("a write is marked for review: two runs of the code can now overlap on one file", () => {
    const code = `import { writeFileSync } from "fs";\nexport async function save(p: string, s: string) { writeFileSync(p, s); }\n`;
    assert.deepEqual(fixesOf(code), [
      [{ title: "Use await writeFile(…) from fs/promises — check no two runs write the same file at once: overlapping writes could now interleave", safe: false }],
    ]);
  });

  it("realpathSync resolves like realpathSync.native once async", () => {
    const code = `import fs from "fs";\nexport async function f(p: string) { return fs.realpathSync(p); }\n`;
    const [[only]] = fixesOf(code);
    assert.equal(only.safe, false);
    assert.match(only.title, /^Use await fs\.promises\.realpath\(…\) — fs\/promises realpath resolves like realpathSync\.native/);
  });
});
