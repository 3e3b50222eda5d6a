/**
 * `npm run test:e2e:electron`: the same e2e suite in desktop VS Code, downloaded by @vscode/test-electron
 * (for machines that can reach VS Code's update server; `LOOPLENS_VSCODE_VERSION` picks the version, or
 * `LOOPLENS_VSCODE_EXECUTABLE` names a VS Code already installed).
 * The extension runs from the unpacked VSIX, as the code-server runner installs it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runTests } from "@vscode/test-electron";
import { zipEntries } from "../../test/package/zip-entries";
import { buildTests } from "./build-tests";
import { FIXTURE, ROOT, TESTS_ENTRY, VSIX } from "./paths";

async function main(): Promise<number> {
  execFileSync("npm", ["run", "--silent", "package"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  await buildTests();
  const dir = mkdtempSync(join(tmpdir(), "looplens-e2e-electron-"));
  try {
    for (const entry of zipEntries(readFileSync(VSIX))) {
      mkdirSync(dirname(join(dir, "vsix", entry.name)), { recursive: true });
      writeFileSync(join(dir, "vsix", entry.name), entry.data());
    }
    const workspace = join(dir, "ws");
    cpSync(FIXTURE, workspace, { recursive: true });
    const results = join(dir, "results.json");
    let code = 0;
    try {
      await runTests({
        version: process.env.LOOPLENS_VSCODE_VERSION ?? "stable",
        // A VS Code already on the machine, instead of a download.
        vscodeExecutablePath: process.env.LOOPLENS_VSCODE_EXECUTABLE || undefined,
        extensionDevelopmentPath: join(dir, "vsix", "extension"),
        extensionTestsPath: TESTS_ENTRY,
        extensionTestsEnv: { LOOPLENS_E2E_RESULTS: results },
        launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust", "--skip-welcome", "--user-data-dir", join(dir, "user-data")],
      });
    } catch (e) {
      console.error(e);
      code = 1;
    }
    const { passed, failed } = existsSync(results) ? (JSON.parse(readFileSync(results, "utf8")) as { passed: number; failed: number }) : { passed: 0, failed: 1 };
    console.log(`e2e: ${passed} passed, ${failed || code} failed`);
    return failed || code ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
