/**
 * The analyser reads workspace files and never runs them. Every file here would, if required,
 * imported or evaluated, write a marker file: top-level code in .js/.mjs/.cjs/.ts, the package's
 * "main", a `.looplensrc.js` beside the `.looplensrc.json`, a file a tsconfig.json lists, a
 * tsconfig language-service plugin, an installed dependency the code imports, config files other
 * tools load (eslint.config.js, looplens.config.js). The CLI scans (in-process and on workers) and
 * fixes the workspace (dry run and --write), the language server opens, scans and offers fixes —
 * and no marker appears. A last check runs two of the files with node, so the markers are known
 * to work.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli, tempTrees } from "../cli/helpers";
import { fileUri, startServer } from "../lsp/helpers";

const tree = tempTrees();
const markers = mkdtempSync(join(tmpdir(), "looplens-markers-"));
after(() => rmSync(markers, { recursive: true, force: true }));

/** A statement that writes `markers/<name>` when it runs (CommonJS, ESM or TypeScript). */
const cjs = (name: string) => `require("fs").writeFileSync(${JSON.stringify(join(markers, name))}, "ran");\n`;
const esm = (name: string) => `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(join(markers, name))}, "ran");\n`;
/** Something for every rule to find and fix, so the files are analysed and rewritten, not skipped. */
const WORK = `
export async function handler(ids: string[]) {
  const a = await fetchA();
  const b = await fetchB();
  for (const id of ids) await save(id);
  return [a, b];
}
declare function fetchA(): Promise<number>;
declare function fetchB(): Promise<number>;
declare function save(id: string): Promise<void>;
`;
const WORK_JS = WORK.replace(/: string\[\]|declare .*\n/g, "");

function workspace(): string {
  return tree({
    "package.json": JSON.stringify({ name: "victim", main: "entry.js", dependencies: { "evil-dep": "1.0.0" }, scripts: { postinstall: "node entry.js" } }),
    "entry.js": cjs("package-main") + `exports.handler = async function () { const fs = require("fs"); return fs.readFileSync("x"); };\n`,
    ".looplensrc.json": JSON.stringify({ rules: { "cpu-heavy-loop": "warning" } }),
    ".looplensrc.js": cjs("looplensrc-js") + "module.exports = { rules: {} };\n",
    "looplens.config.js": cjs("looplens-config-js") + "module.exports = {};\n",
    "eslint.config.js": cjs("eslint-config") + "module.exports = [];\n",
    "tsconfig.json": JSON.stringify({ extends: "./tsconfig.base.json", files: ["listed.ts"], compilerOptions: { plugins: [{ name: "evil-plugin" }] } }),
    "tsconfig.base.json": JSON.stringify({ compilerOptions: { strict: true } }),
    "listed.ts": esm("tsconfig-listed") + WORK,
    "node_modules/evil-plugin/package.json": JSON.stringify({ name: "evil-plugin", main: "index.js" }),
    "node_modules/evil-plugin/index.js": cjs("ts-plugin") + "module.exports = () => ({ create: (info) => info.languageService });\n",
    "node_modules/evil-dep/package.json": JSON.stringify({ name: "evil-dep", main: "index.js" }),
    "node_modules/evil-dep/index.js": cjs("dependency") + "module.exports = {};\n",
    "src/top.js": cjs("top-js") + `const dep = require("evil-dep");\n` + WORK_JS.replace(/export /g, ""),
    "src/top.cjs": cjs("top-cjs") + WORK_JS.replace(/export /g, ""),
    "src/top.mjs": esm("top-mjs") + `import dep from "evil-dep";\n` + WORK_JS,
    "src/top.ts": esm("top-ts") + `import * as dep from "evil-dep";\nimport "../entry.js";\n` + WORK,
  });
}

const markersWritten = () => readdirSync(markers);

describe("workspace code is never run", () => {
  it("by the CLI: scan (in-process and on workers), fix --dry-run, fix --write", () => {
    const dir = workspace();
    for (const workers of ["0", "2"]) {
      const r = runCli(["scan", "--format", "json"], { cwd: dir, env: { LOOPLENS_WORKERS: workers } });
      assert.equal(r.code, 1, r.stderr);
      assert.ok(JSON.parse(r.stdout).findings.length >= 8);
    }
    assert.equal(runCli(["scan", "src/top.ts", "entry.js"], { cwd: dir }).code, 1);
    const dry = runCli(["fix", "--dry-run"], { cwd: dir });
    assert.match(dry.stdout, /^\+\+\+ b\/src\/top\.ts$/m, dry.stderr);
    const write = runCli(["fix", "--write", "--unsafe"], { cwd: dir });
    assert.match(write.stdout, /^fixed src\/top\.ts/m, write.stdout + write.stderr);
    assert.deepEqual(markersWritten(), []);
  });

  it("by the language server: opened documents, code actions, the workspace scan", async () => {
    const dir = workspace();
    const client = await startServer({ folders: [dir], via: "cli" });
    try {
      for (const [file, languageId] of [["src/top.ts", "typescript"], ["src/top.mjs", "javascript"], ["entry.js", "javascript"], [".looplensrc.js", "javascript"]]) {
        const uri = fileUri(join(dir, file));
        client.open(uri, readFileSync(join(dir, file), "utf8"), languageId);
        const { diagnostics } = await client.diagnostics(uri, 1);
        if (diagnostics.length) {
          await client.connection.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
          await client.connection.sendRequest("textDocument/codeLens", { textDocument: { uri } });
        }
      }
      const scan = await client.connection.sendRequest<{ files: number; findings: number }>("looplens/scanWorkspace", {});
      assert.ok(scan.findings >= 8, `findings: ${scan.findings}`);
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
    }
    assert.deepEqual(markersWritten(), []);
  });

  it("(the markers work: run with node, the files do write them)", () => {
    const dir = workspace();
    for (const file of ["entry.js", "src/top.cjs"]) {
      const r = spawnSync(process.execPath, [join(dir, file)], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
      assert.equal(r.status, 0, r.stderr);
    }
    assert.deepEqual(markersWritten().sort(), ["package-main", "top-cjs"]);
  });
});
