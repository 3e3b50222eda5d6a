import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BlockingApiFacts, lookupBlockingApi } from "../../../server/src/engine/facts/blocking-apis";
import { callNamed, factsFor } from "./facts-helpers";

function blockingCall(code: string, callText: string, path?: string) {
  const f = factsFor(code, path);
  return f.get(BlockingApiFacts).of(callNamed(f, callText));
}

describe("blocking Node APIs", () => {
  const blocking: [string, string, string, string, string][] = [
    // [case, code, call text, label, counterpart substring]
    ["fs namespace import", `import * as fs from "fs"; fs.readFileSync("a");`, "fs.readFileSync", "fs.readFileSync", "await readFile from node:fs/promises"],
    ["fs default import, node: prefix", `import fs from "node:fs"; fs.mkdirSync("d");`, "fs.mkdirSync", "fs.mkdirSync", "await mkdir from node:fs/promises"],
    ["named import alias", `import { writeFileSync as put } from "fs"; put("a", "b");`, "put", "fs.writeFileSync", "await writeFile"],
    ["destructured require", `const { statSync } = require("fs"); statSync("a");`, "statSync", "fs.statSync", "await stat"],
    ["realpathSync.native", `const fs = require("fs"); fs.realpathSync.native("a");`, "fs.realpathSync.native", "fs.realpathSync.native", "await realpath"],
    ["fd API names the FileHandle method", `import { writeSync } from "fs"; writeSync(1, "x");`, "writeSync", "fs.writeSync", "handle.write()"],
    ["graceful-fs", `const gfs = require("graceful-fs"); gfs.readdirSync(".");`, "gfs.readdirSync", "readdirSync (graceful-fs)", "await readdir"],
    ["fs-extra's own helper", `import fse from "fs-extra"; fse.readJsonSync("a.json");`, "fse.readJsonSync", "readJsonSync (fs-extra)", "await readJson from fs-extra"],
    ["fs-extra re-exports fs", `const fse = require("fs-extra"); fse.copyFileSync("a", "b");`, "fse.copyFileSync", "copyFileSync (fs-extra)", "await copyFile"],
    ["child_process execSync", `import { execSync } from "child_process"; execSync("ls");`, "execSync", "child_process.execSync", "promisify(exec)"],
    ["child_process spawnSync", `const cp = require("node:child_process"); cp.spawnSync("ls");`, "cp.spawnSync", "child_process.spawnSync", "spawn"],
    ["zlib gzipSync", `import zlib from "zlib"; zlib.gzipSync(b);`, "zlib.gzipSync", "zlib.gzipSync", "promisify(gzip)"],
    ["zlib brotliDecompressSync", `import { brotliDecompressSync } from "node:zlib"; brotliDecompressSync(b);`, "brotliDecompressSync", "zlib.brotliDecompressSync", "promisify(brotliDecompress)"],
    ["crypto pbkdf2Sync", `import crypto from "crypto"; crypto.pbkdf2Sync(p, s, 1, 32, "sha256");`, "crypto.pbkdf2Sync", "crypto.pbkdf2Sync", "promisify(pbkdf2)"],
    ["crypto generatePrimeSync", `const { generatePrimeSync } = require("crypto"); generatePrimeSync(2048);`, "generatePrimeSync", "crypto.generatePrimeSync", "promisify(generatePrime)"],
    ["inline require member", `require("zlib").inflateSync(b);`, `require("zlib").inflateSync`, "zlib.inflateSync", "promisify(inflate)"],
    ["glob.sync", `import glob from "glob"; glob.sync("**/*.ts");`, "glob.sync", "sync (glob)", "await glob"],
    ["execa's execaSync", `import { execaSync } from "execa"; execaSync("ls");`, "execaSync", "execaSync (execa)", "await execa"],
  ];
  for (const [name, code, call, label, counterpart] of blocking) {
    it(name, () => {
      const api = blockingCall(code, call);
      assert.ok(api, "expected a blocking API");
      assert.equal(api.label, label);
      assert.ok(api.counterpart.includes(counterpart), `"${api.counterpart}" should mention "${counterpart}"`);
    });
  }

  const notBlocking: [string, string, string][] = [
    ["fs/promises", `import { readFile } from "fs/promises"; readFile("a");`, "readFile"],
    ["fs.promises member", `import fs from "fs"; fs.promises.readFile("a");`, "fs.promises.readFile"],
    ["callback API", `const fs = require("fs"); fs.readFile("a", cb);`, "fs.readFile"],
    ["user object method named like fs", `const store = { readFileSync() {} }; store.readFileSync();`, "store.readFileSync"],
    ["unresolved receiver", `db.execSync("select 1");`, "db.execSync"],
    ["shadowed module name", `import * as fs from "fs"; function f(fs: any) { fs.readFileSync("a"); }`, "fs.readFileSync"],
    ["same name from another package", `import { readFileSync } from "memfs"; readFileSync("a");`, "readFileSync"],
    ["async crypto", `import { pbkdf2 } from "crypto"; pbkdf2(p, s, 1, 32, "sha256", cb);`, "pbkdf2"],
  ];
  for (const [name, code, call] of notBlocking) {
    it(`not blocking: ${name}`, () => assert.equal(blockingCall(code, call), undefined));
  }

  it("marks the bare existence check and the cheap crypto calls", () => {
    assert.equal(lookupBlockingApi({ module: "fs", path: ["existsSync"] })?.category, "fs-exists");
    assert.equal(lookupBlockingApi({ module: "crypto", path: ["hkdfSync"] })?.cheap, true);
    assert.equal(lookupBlockingApi({ module: "crypto", path: ["scryptSync"] })?.cheap, false);
  });

  it("is keyed by module and path, not by a name ending in Sync", () => {
    assert.equal(lookupBlockingApi({ module: "global", path: ["readFileSync"] }), undefined);
    assert.equal(lookupBlockingApi({ module: "fs", path: ["promises", "readFileSync"] }), undefined);
    assert.equal(lookupBlockingApi({ module: "fs", path: [] }), undefined);
  });
  describe("candidate calls, found from the text", () => {
    const candidates = (code: string) => {
      const f = factsFor(code);
      return f.get(BlockingApiFacts).candidates().map((c) => c.expression.getText(f.sf));
    };
    it("calls whose last name is a blocking API's, in source order", () => {
      assert.deepEqual(candidates(`import fs from "fs";\nfs.readFileSync("a");\nstore.readFileSync();\nglob.sync("*");\nfs.realpathSync.native("b");`), ["fs.readFileSync", "store.readFileSync", "glob.sync", "fs.realpathSync.native"]);
    });
    it("local names bound to one: import alias, destructuring, a member in a variable, chains of them", () => {
      const code = `import { readFileSync as rfs } from "fs";
const { execSync: run } = require("child_process");
const gz = zlib.gzipSync;
const gz2 = gz;
rfs("a"); run("ls"); gz(b); gz2(c);`;
      assert.deepEqual(candidates(code), ["rfs", "run", "gz", "gz2"]);
    });
    it("string keys count, comments and plain strings do not", () => {
      assert.deepEqual(candidates(`import fs from "node:fs";\nfs["statSync"]("a");\n// fs.readFileSync("b")\nconst s = "readFileSync";\nasync function f() {}`), [`fs["statSync"]`]);
    });
    it("a file that names none of the modules in an import or require has none", () => {
      assert.deepEqual(candidates(`store.readFileSync("a");\nglob.sync("*");`), []);
      assert.deepEqual(candidates(`const cp = require(\`child_process\`);\ncp.execSync("ls");`), ["cp.execSync"]);
    });
    it("a name that is only declared or passed on is no call", () => {
      assert.deepEqual(candidates(`function readFileSync() {}\nexport { readFileSync };\nuse(fs.readFileSync);`), []);
    });
  });
});
