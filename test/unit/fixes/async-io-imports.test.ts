/**
 * The import helper of fix builders (fixes/imports.ts) on its own: reuse, extend, add in the
 * file's style, declare at module level, and remove what a rewrite leaves unused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ts } from "ts-morph";
import { FileFacts } from "../../../server/src/engine/facts/file-facts";
import { ImportEditor } from "../../../server/src/engine/fixes/imports";
import { applyEdits } from "../../../server/src/engine/fixes/text-edits";
import { parseSource } from "../../../server/src/engine/parse";

function load(code: string, path = "/x/src/app.ts") {
  const file = new FileFacts(path, parseSource(path, code));
  return { file, editor: new ImportEditor(file), code };
}

function apply(code: string, editor: ImportEditor): string {
  const edits = editor.edits();
  assert.ok(edits, "the editor gave up");
  return applyEdits(code, edits);
}

/** The first identifier spelled `name` after `from` in the text. */
function idAt(file: FileFacts, name: string, from = 0): ts.Identifier {
  let found: ts.Identifier | undefined;
  const word = new RegExp(`\\b${name}\\b`, "g");
  word.lastIndex = from;
  const start = word.exec(file.text)!.index;
  const visit = (n: ts.Node): void => {
    if (!found && ts.isIdentifier(n) && n.getStart(file.sf) === start) found = n;
    else n.forEachChild(visit);
  };
  visit(file.sf);
  return found!;
}

function dropAll(file: FileFacts, editor: ImportEditor, name: string): void {
  const decl = file.scopes.declOf(idAt(file, name));
  assert.ok(decl, `no declaration of ${name}`);
  editor.dropUses(decl, file.scopes.references(decl));
}

describe("ImportEditor.importNamed", () => {
  it("adds an ESM import after the last one, with the file's quotes and no semicolon when it has none", () => {
    const { file, editor, code } = load(`import a from 'a'\nimport b from 'b'\n\nexport const x = a + b\n`);
    assert.deepEqual(editor.importNamed("node:util", "promisify", file.sf), { text: "promisify", added: true, statement: undefined });
    assert.equal(apply(code, editor), `import a from 'a'\nimport b from 'b'\nimport { promisify } from 'node:util'\n\nexport const x = a + b\n`);
  });

  it("returns an existing binding and changes nothing", () => {
    const { file, editor, code } = load(`import { promisify } from "util";\nexport const p = promisify;\n`);
    assert.equal(editor.importNamed("node:util", "promisify", file.sf)?.text, "promisify");
    assert.equal(apply(code, editor), code);
  });

  it("reaches the export through a namespace of its module", () => {
    const { file, editor } = load(`import * as util from "node:util";\nexport const u = util;\n`);
    assert.equal(editor.importNamed("util", "promisify", file.sf)?.text, "util.promisify");
  });

  it("extends a CommonJS destructuring of the same module, aliasing a taken name", () => {
    const { file, editor, code } = load(`const { inspect } = require("util");\nfunction promisify() {}\nmodule.exports = { inspect, promisify };\n`, "/x/src/a.js");
    assert.equal(editor.importNamed("node:util", "promisify", file.sf, "promisifyAsync")?.text, "promisifyAsync");
    assert.equal(apply(code, editor), `const { inspect, promisify: promisifyAsync } = require("util");\nfunction promisify() {}\nmodule.exports = { inspect, promisify };\n`);
  });

  it("adds a require in a CommonJS file, after the requires at its top", () => {
    const { file, editor, code } = load(`"use strict";\nconst a = require("a");\nconst app = a();\nconst b = require("b");\nmain();\n`, "/x/src/a.js");
    editor.importNamed("node:util", "promisify", file.sf);
    assert.equal(apply(code, editor), `"use strict";\nconst a = require("a");\nconst app = a();\nconst b = require("b");\nconst { promisify } = require("node:util");\nmain();\n`);
  });

  it("adds `import x = require()` in a file written that way, and calls through it", () => {
    const { file, editor, code } = load(`import os = require("os");\nexport = os.cpus;\n`);
    assert.equal(editor.importNamed("node:fs/promises", "readFile", file.sf)?.text, "fsPromises.readFile");
    assert.equal(apply(code, editor), `import os = require("os");\nimport fsPromises = require("node:fs/promises");\nexport = os.cpus;\n`);
  });

  it("gives up where the module style is unknown", () => {
    const { file, editor } = load(`globalThis.x = 1;\n`, "/x/src/a.js");
    assert.equal(editor.importNamed("node:util", "promisify", file.sf), undefined);
    assert.equal(editor.edits(), undefined);
  });

  it("declares a helper after the statement it depends on when that comes after the imports", () => {
    const { file, editor, code } = load(`const a = require("a");\nsetup();\nconst z = require("zlib");\nexports.f = 1;\n`, "/x/src/a.js");
    const zStatement = file.sf.statements[2];
    assert.equal(editor.declareName("gzipAsync"), "gzipAsync");
    assert.equal(editor.declareName("gzipAsync"), undefined, "a name is taken once");
    editor.declareAtModuleLevel("const gzipAsync = z.gzip;", zStatement);
    assert.equal(apply(code, editor), `const a = require("a");\nsetup();\nconst z = require("zlib");\nconst gzipAsync = z.gzip;\nexports.f = 1;\n`);
  });
});

describe("ImportEditor.dropUses", () => {
  const cases: [name: string, code: string, drop: string, want: string, path?: string][] = [
    ["a named import among others", `import { a, b, c } from "m";\nuse(a, c);\n`, "b", `import { a, c } from "m";\nuse(a, c);\n`],
    ["the last named import", `import { a, b } from "m";\nuse(a);\n`, "b", `import { a } from "m";\nuse(a);\n`],
    ["the only named import: the whole line", `import x from "x";\nimport { b } from "m";\nuse(x);\n`, "b", `import x from "x";\nuse(x);\n`],
    ["a default import next to named ones", `import m, { a } from "m";\nuse(a);\n`, "m", `import { a } from "m";\nuse(a);\n`],
    ["named ones next to a default import", `import m, { a } from "m";\nuse(m);\n`, "a", `import m from "m";\nuse(m);\n`],
    ["a namespace next to a default import", `import m, * as ns from "m";\nuse(m);\n`, "ns", `import m from "m";\nuse(m);\n`],
    ["a destructured require element", `const { a, b } = require("m");\nuse(b);\n`, "a", `const { b } = require("m");\nuse(b);\n`, "/x/src/a.js"],
    ["one declaration of several", `const a = require("a"), b = require("b");\nuse(a);\n`, "b", `const a = require("a");\nuse(a);\n`, "/x/src/a.js"],
    ["a require with a trailing comment keeps the comment", `const b = require("b"); // the b\nuse();\n`, "b", ` // the b\nuse();\n`, "/x/src/a.js"],
  ];
  for (const [name, code, drop, want, path] of cases) {
    it(`removes ${name}`, () => {
      const { file, editor } = load(code, path);
      dropAll(file, editor, drop);
      assert.equal(apply(code, editor), want);
    });
  }

  it("keeps a binding that is still used, in a type among others", () => {
    const code = `import { readFileSync } from "fs";\ntype R = typeof readFileSync;\nexport async function f() { return readFileSync("x"); }\n`;
    const { file, editor } = load(code);
    const call = idAt(file, "readFileSync", code.indexOf("return"));
    editor.dropUses(file.scopes.resolve(call), [call]);
    assert.equal(apply(code, editor), code);
  });

  it("keeps a destructuring whose initializer may have effects", () => {
    const code = `const { a } = makeThings();\nexport {};\n`;
    const { file, editor } = load(code);
    dropAll(file, editor, "a");
    assert.equal(apply(code, editor), code);
  });

  it("claims a binding whose other uses are calls a sibling fix may drop, so the two fixes apply one after the other", () => {
    const code = `import { readFileSync } from "fs";\nexport async function f() { return [readFileSync("a"), readFileSync("b")]; }\n`;
    const { file, editor } = load(code);
    const first = idAt(file, "readFileSync", code.indexOf("[") + 1);
    editor.dropUses(file.scopes.resolve(first), [first]);
    assert.deepEqual(editor.edits(), [{ start: 9, end: 21, text: "readFileSync" }]);
  });

  it("swaps a removed name for an added one in the same list", () => {
    const code = `import { gzipSync } from "zlib";\nexport async function f(b: Buffer) { return gzipSync(b); }\n`;
    const { file, editor } = load(code);
    const call = idAt(file, "gzipSync", code.indexOf("return"));
    editor.dropUses(file.scopes.resolve(call), [call]);
    assert.equal(editor.importNamed("zlib", "gzip", file.sf)?.text, "gzip");
    assert.equal(apply(code, editor), `import { gzip } from "zlib";\nexport async function f(b: Buffer) { return gzipSync(b); }\n`);
  });
});
