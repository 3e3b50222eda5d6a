/**
 * The file-role and name-reference questions answered from the node index and the text rather
 * than a walk of their own: the same answers, including for names spelled with escapes, inside
 * wrappers, or mentioned in strings, comments and longer words.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { callNamed, factsFor } from "./facts-helpers";

function kindAt(code: string, callText: string, path?: string): string {
  const f = factsFor(code, path);
  return f.context.at(callNamed(f, callText)).kind;
}

describe("file role from the node index and the text", () => {
  describe("require.main === module", () => {
    it("makes a script, however the check is written", () => {
      for (const check of ["require.main === module", "module == require.main", "(require.main as NodeModule) === module", "(require.main) === (module)", "require.main! === module"]) {
        assert.equal(kindAt(`async function run() { load(); }\nif (${check}) run();`, "load"), "script", check);
      }
    });
    it("is not a script when the check starts a server, or compares something else", () => {
      assert.equal(kindAt(`async function run() { load(); }\nif (require.main === module) app.listen(3000);`, "load"), "async");
      assert.equal(kindAt(`async function run() { load(); }\nconst isMain = require.main !== module; // require.main\nrun();`, "load"), "startup");
      assert.equal(kindAt(`async function run() { load(); }\nif (pkg.main === module) run(); // require.main`, "load"), "startup");
    });
  });

  describe("worker-thread APIs", () => {
    it("parentPort or workerData from worker_threads, as a name or a property", () => {
      assert.equal(kindAt(`const { parentPort } = require("node:worker_threads");\nparentPort.on("message", (m) => { load(m); });`, "load"), "worker");
      assert.equal(kindAt(`const wt = require("worker_threads");\nwt.parentPort.on("message", (m) => { load(m); });`, "load"), "worker");
      assert.equal(kindAt(`import { workerData } from "worker_threads";\nasync function run() { load(workerData); }\nrun();`, "load"), "worker");
    });
    it("a name spelled with an escape is the same name", () => {
      // The comment lets the file past the cheap text check; the API itself is only ever spelled with an escape.
      assert.equal(kindAt(`// uses parentPort\nconst { parent\\u0050ort } = require("worker_threads");\nparent\\u0050ort.on("message", (m) => { load(m); });`, "load"), "worker");
    });
    it("the words in strings, comments or another module's names are not the API", () => {
      assert.equal(kindAt(`// parentPort\nconst parentPort = makePort("parentPort");\nparentPort.on("message", async (m) => { load(m); });`, "load"), "handler");
    });
    it("a file that checks isMainThread is not all worker code", () => {
      const code = (check: string) => `const wt = require("worker_threads");\nif (${check}) { wt.parentPort.on("message", (m) => { work(m); }); } else { app.get("/", async (req, res) => { load(); }); }`;
      assert.equal(kindAt(code("!wt.isMainThread"), "load"), "handler");
      assert.equal(kindAt(code("!wt.isMainThread"), "work"), "worker");
    });
  });

  describe("a function's uses by name", () => {
    it("are whole words of the text that are references to it", () => {
      const code = `function onData(chunk) { load(chunk); }\nconst label = "onData"; // onData\nconst onDataSize = 1;\nstream.on("data", onData);`;
      assert.equal(kindAt(code, "load"), "handler");
      assert.equal(kindAt(`function onData(chunk) { load(chunk); }\nconst label = "onData"; stream.on("data", onDataX);`, "load"), "sync");
    });
    it("a name used more often than the text search takes is found through the reference index", () => {
      const uses = Array.from({ length: 70 }, (_, i) => `const v${i} = "onData";`).join("\n");
      assert.equal(kindAt(`function onData(chunk) { load(chunk); }\n${uses}\nstream.on("data", onData);`, "load"), "handler");
    });
  });
});
