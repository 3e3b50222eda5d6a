import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callNamed, factsFor } from "./facts-helpers";

function calleeOf(code: string, callText: string, path?: string) {
  const f = factsFor(code, path);
  return f.apis.callee(callNamed(f, callText));
}

describe("node API resolution", () => {
  const cases: [string, string, string, string[] | undefined][] = [
    ["namespace import", `import * as fs from "fs"; fs.readFileSync("a");`, "fs.readFileSync", ["fs", "readFileSync"]],
    ["default import with node: prefix", `import fs from "node:fs"; fs.readFileSync("a");`, "fs.readFileSync", ["fs", "readFileSync"]],
    ["named import alias", `import { readFileSync as rf } from "fs"; rf("a");`, "rf", ["fs", "readFileSync"]],
    ["require", `const fs = require("fs"); fs.writeFileSync("a", "b");`, "fs.writeFileSync", ["fs", "writeFileSync"]],
    ["destructured require with rename", `const { execSync: run } = require("node:child_process"); run("ls");`, "run", ["child_process", "execSync"]],
    ["alias of a member", `const fs = require("fs"); const read = fs.readFileSync; read("a");`, "read", ["fs", "readFileSync"]],
    ["fs/promises is fs.promises", `import { readFile } from "fs/promises"; readFile("a");`, "readFile", ["fs", "promises", "readFile"]],
    ["require(...).member inline", `require("zlib").gzipSync(buf);`, `require("zlib").gzipSync`, ["zlib", "gzipSync"]],
    ["destructured from .promises", `const { readFile } = require("fs").promises; readFile("a");`, "readFile", ["fs", "promises", "readFile"]],
    ["user method with the same name", `const store = { readFileSync() {} }; store.readFileSync();`, "store.readFileSync", undefined],
    ["shadowed by a parameter", `import * as fs from "fs"; function f(fs: any) { fs.readFileSync("a"); }`, "fs.readFileSync", undefined],
    ["reassigned variable is not trusted", `let fs = require("fs"); fs = mock; fs.readFileSync("a");`, "fs.readFileSync", undefined],
    ["local require shadows the global", `function require(x: string) { return {}; } const fs = require("fs"); fs.readFileSync("a");`, "fs.readFileSync", undefined],
  ];
  for (const [name, code, call, want] of cases) {
    it(name, () => {
      const got = calleeOf(code, call);
      if (!want) assert.equal(got, undefined);
      else assert.deepEqual(got, { module: want[0], path: want.slice(1) });
    });
  }

  it("unbound globals resolve as globals", () => {
    assert.deepEqual(calleeOf(`process.stdout.write("x");`, "process.stdout.write"), { module: "global", path: ["process", "stdout", "write"] });
  });
});
