/**
 * `npm run test:e2e`: the e2e suite in a real VS Code (code-server 4.100.3 in headless Chromium), then
 * the UI check. Sets up code-server on first use (scripts/e2e/setup-vscode-e2e.sh, cached outside the
 * clone), packages the VSIX and installs it as a user would. Prints `e2e: N passed, N failed` last;
 * on failure also the extension host's logs, and keeps screenshots in test/e2e/screenshots/.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withBrowser } from "./browser";
import { buildTests } from "./build-tests";
import { startCodeServer } from "./code-server";
import { FIXTURE, INSTALLED_NAME, README_SCREENSHOT, ROOT, SCREENSHOTS, TESTS_ENTRY, VSIX } from "./paths";
import { runExtensionTests } from "./run-ext-tests";
import { uiCheck, type Check } from "./ui-check";

interface SuiteResults {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

async function main(): Promise<number> {
  const started = Date.now();
  const setup = execFileSync("bash", [join(ROOT, "scripts", "e2e", "setup-vscode-e2e.sh")], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  const installDir = setup.trim().split("\n").pop()!;
  execFileSync("npm", ["run", "--silent", "package"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  await buildTests();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), "looplens-e2e-results-"));
  const resultsFile = join(scratch, "results.json");
  const screenshotRequest = join(scratch, "screenshot-request");
  console.log(`e2e: setup, package and build took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const server = await startCodeServer({ installDir, fixture: FIXTURE, workspaces: ["ws", "ws-ui"], vsix: VSIX, env: { LOOPLENS_E2E_RESULTS: resultsFile, LOOPLENS_E2E_SCREENSHOT_REQUEST: screenshotRequest } });
  let suite: SuiteResults = { passed: 0, failed: 1, failures: [{ title: "e2e suite", error: "did not report" }] };
  let ui: Check[] = [];
  try {
    await withBrowser(async (browser) => {
      const code = await runExtensionTests(browser, {
        url: server.url,
        workspace: server.workspaces.ws,
        extensionPath: join(server.extensionsDir, INSTALLED_NAME),
        testsEntry: TESTS_ENTRY,
        timeoutMs: Number(process.env.LOOPLENS_E2E_TIMEOUT_MS ?? 600_000),
        screenshots: SCREENSHOTS,
        screenshotRequest,
      });
      if (existsSync(resultsFile)) suite = JSON.parse(readFileSync(resultsFile, "utf8"));
      if (code !== 0 && suite.failed === 0) suite = { ...suite, failed: 1, failures: [{ title: "e2e suite", error: `the editor exited with ${code}` }] };
      if (!process.env.LOOPLENS_E2E_GREP) ui = await uiCheck(browser, { url: server.url, workspace: server.workspaces["ws-ui"], shots: SCREENSHOTS, readmeShot: README_SCREENSHOT });
    });
  } finally {
    const failed = suite.failed + ui.filter((c) => !c.ok).length;
    if (failed) {
      for (const f of suite.failures) console.log(`\nFAILED: ${f.title}\n${f.error}`);
      console.log(`\n===== extension host logs =====\n${server.logs()}\n===== end of logs (screenshots in ${SCREENSHOTS}) =====`);
    }
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  const passed = suite.passed + ui.filter((c) => c.ok).length;
  const failed = suite.failed + ui.filter((c) => !c.ok).length;
  console.log(`e2e: took ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log("e2e: 0 passed, 1 failed");
    process.exit(1);
  },
);
