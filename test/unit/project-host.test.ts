import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { defaultConfig } from "../../server/src/engine/config";
import { ProjectHosts } from "../../server/src/engine/project-host";

describe("project host", () => {
  const dir = mkdtempSync(join(tmpdir(), "looplens-host-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each tsconfig root its own project and the rest a default one", () => {
    mkdirSync(join(dir, "pkg/src"), { recursive: true });
    writeFileSync(join(dir, "pkg/tsconfig.json"), JSON.stringify({ compilerOptions: { target: "ES2020", strict: true } }));
    writeFileSync(join(dir, "pkg/src/a.ts"), "export const a = 1;\n");
    writeFileSync(join(dir, "loose.js"), "module.exports = 1;\n");
    const hosts = new ProjectHosts(dir);
    const pkgHost = hosts.forFile(join(dir, "pkg/src/a.ts"));
    const rootHost = hosts.forFile(join(dir, "loose.js"));
    assert.equal(pkgHost.configFile, join(dir, "pkg/tsconfig.json"));
    assert.equal(rootHost.configFile, undefined);
    assert.notEqual(pkgHost, rootHost);
    assert.equal(hosts.forFile(join(dir, "pkg/src/a.ts")), pkgHost, "the host is kept");
  });

  it("prefers an open buffer's text, and returns to the disk file when it closes", () => {
    const file = join(dir, "buf.ts");
    writeFileSync(file, "export const onDisk = 1;\n");
    const host = new ProjectHosts(dir).forFile(file);
    assert.match(host.sourceFile(file).getFullText(), /onDisk/);
    host.setOverlay(file, "export const edited = 2;\n", 7);
    assert.match(host.sourceFile(file).getFullText(), /edited/);
    assert.equal(host.overlayVersion(file), 7);
    host.closeOverlay(file);
    assert.match(host.sourceFile(file).getFullText(), /onDisk/);
  });

  it("re-reads a file changed on disk", () => {
    const file = join(dir, "changing.ts");
    writeFileSync(file, "export const v1 = 1;\n");
    const host = new ProjectHosts(dir).forFile(file);
    assert.match(host.sourceFile(file).getFullText(), /v1/);
    writeFileSync(file, "export const v2 = 2;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.match(host.sourceFile(file).getFullText(), /v2/);
  });

  it("reports a syntax error instead of analysing a broken buffer", () => {
    const file = join(dir, "broken.ts");
    writeFileSync(file, "export const ok = 1;\n");
    const host = new ProjectHosts(dir).forFile(file);
    host.setOverlay(file, "export const = ;\n", 2);
    const result = host.analyze(file, defaultConfig());
    assert.equal(result.findings.length, 0);
    assert.match(result.errors[0].message, /^syntax error at 1:\d+/);
  });
});
