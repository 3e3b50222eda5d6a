/**
 * The e2e test entry: the `run(): Promise<void>` contract that both @vscode/test-electron and the
 * code-server runner call inside the extension host. Suites run in this order (later ones change settings).
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Mocha from "mocha";

const SUITES = ["diagnostics", "code-lenses", "quick-fixes", "workspace-scan", "settings", "server-crash"];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", color: false, timeout: 90_000, reporter: "spec", rootHooks: { afterEach: screenshotOnFailure } });
  const grep = process.env.LOOPLENS_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const suite of SUITES) mocha.addFile(join(__dirname, `${suite}.e2e.js`));
  return new Promise((resolve, reject) => {
    const failures: { title: string; error: string }[] = [];
    let passed = 0;
    const runner = mocha.run((failed) => {
      // The runner outside the editor reads the counts from here (the editor's own exit code only says pass/fail).
      const results = process.env.LOOPLENS_E2E_RESULTS;
      if (results) writeFileSync(results, JSON.stringify({ passed, failed: failures.length, failures }));
      if (failed) reject(new Error(`${failed} e2e test(s) failed`));
      else resolve();
    });
    runner.on("pass", () => passed++);
    runner.on("fail", (test, err: Error) => failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) }));
  });
}

/**
 * Asks the runner outside the editor for a screenshot while the failed test's editor is still on screen:
 * writes the request file the runner polls for, and waits until the runner has taken it (deletes the file).
 */
async function screenshotOnFailure(this: Mocha.Context): Promise<void> {
  const request = process.env.LOOPLENS_E2E_SCREENSHOT_REQUEST;
  if (!request || this.currentTest?.state !== "failed") return;
  writeFileSync(request, this.currentTest.fullTitle());
  const deadline = Date.now() + 15_000;
  while (existsSync(request) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}
