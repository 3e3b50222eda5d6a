/**
 * Runs the e2e suite's `run()` entry inside code-server's extension host: the workbench opened with
 * `?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]` loads the extension and runs the
 * entry, as @vscode/test-electron does on the desktop, and calls `codeAutomationExit(code)` at the end.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BrowserContext } from "playwright-core";

export async function runExtensionTests(
  context: BrowserContext,
  options: { url: string; workspace: string; extensionPath: string; testsEntry: string; timeoutMs: number; screenshots: string; screenshotRequest: string },
): Promise<number | "timeout"> {
  const host = new URL(options.url).host;
  const remote = (p: string) => `vscode-remote://${host}${resolve(p)}`;
  const payload = JSON.stringify([
    ["extensionDevelopmentPath", remote(options.extensionPath)],
    ["extensionTestsPath", remote(options.testsEntry)],
  ]);
  const page = context.pages()[0] ?? (await context.newPage());
  let finish!: (code: number | "timeout") => void;
  const finished = new Promise<number | "timeout">((r) => (finish = r));
  // The workbench forwards the extension host's output (mocha's report) here.
  await page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => console.log(...args));
  await page.exposeFunction("codeAutomationExit", (code: number) => finish(code));
  if (process.env.LOOPLENS_E2E_VERBOSE) page.on("console", (m) => console.log("[page]", m.text()));
  await page.goto(`${options.url}/?folder=${encodeURIComponent(resolve(options.workspace))}&payload=${encodeURIComponent(payload)}`);
  const timer = setTimeout(() => finish("timeout"), options.timeoutMs);
  // A failed test asks for a screenshot (test/e2e/index.ts) and waits until it is taken.
  let shots = 0;
  let taking = false;
  const poll = setInterval(async () => {
    if (!existsSync(options.screenshotRequest) || taking) return;
    taking = true;
    const title = readFileSync(options.screenshotRequest, "utf8");
    const file = join(options.screenshots, `failure-${++shots}-${title.replace(/[^\w-]+/g, "-").slice(0, 80)}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    console.log(`# screenshot of the failure: ${file}`);
    rmSync(options.screenshotRequest, { force: true });
    taking = false;
  }, 200);
  const code = await finished;
  clearTimeout(timer);
  clearInterval(poll);
  return code;
}
