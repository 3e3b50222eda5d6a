/**
 * The UI seen on screen, in the same code-server: the warning squiggle, the lens text, the status bar
 * count, the Problems panel row, and the Ctrl+. quick fix applied from the menu. Screenshots go to
 * test/e2e/screenshots/; the one with the quick-fix menu open is also the README's docs/screenshot.png.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { FINDINGS } from "../../test/e2e/expectations";

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

const TARGET = FINDINGS[0];
const FIX_TITLE = TARGET.fix.title;
/** Monaco renders spaces as no-break spaces. */
const visibleText = (page: Page, selector: string) => page.evaluate((s) => (document.querySelector(s)?.textContent ?? "").replace(/\u00a0/g, " "), selector);

export async function uiCheck(context: BrowserContext, options: { url: string; workspace: string; shots: string; readmeShot: string }): Promise<Check[]> {
  mkdirSync(options.shots, { recursive: true });
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail = "") => {
    checks.push({ name, ok, detail });
    console.log(`${ok ? "ok" : "not ok"} - UI: ${name}${detail ? ` ${detail}` : ""}`);
    return ok;
  };
  const page = await context.newPage();
  const shot = (name: string) => page.screenshot({ path: join(options.shots, name) }).catch(() => undefined);
  try {
    await page.goto(`${options.url}/?folder=${encodeURIComponent(resolve(options.workspace))}`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    await page.waitForSelector(".explorer-folders-view .monaco-list-row", { timeout: 60_000 });
    // Quick Open, as a user would: Ctrl+P and the file's name.
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget input", { timeout: 15_000 });
    await page.keyboard.type(TARGET.file.split("/").pop()!);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${TARGET.file.split("/").pop()}"]`, { timeout: 15_000 });
    await page.keyboard.press("Enter");
    await page.waitForSelector(".monaco-editor .view-lines", { timeout: 30_000 });

    const squiggle = await page.waitForSelector(".monaco-editor .squiggly-warning", { timeout: 90_000 }).then(() => true, () => false);
    check("warning squiggle under the finding", squiggle);
    const lens = await page
      .waitForFunction((want) => [...document.querySelectorAll(".codelens-decoration")].some((e) => (e.textContent ?? "").replace(/\u00a0/g, " ").includes(want)), TARGET.lens, { timeout: 30_000 })
      .then(() => true, () => false);
    check("code lens text above the finding", lens, lens ? "" : JSON.stringify(await visibleText(page, ".codelens-decoration")));
    const status = await page
      .waitForFunction(() => [...document.querySelectorAll(".statusbar-item")].some((e) => /LoopLens: 1\b/.test(e.textContent ?? "")), null, { timeout: 30_000 })
      .then(() => true, () => false);
    check("status bar shows the count", status);

    await page.keyboard.press("Control+Shift+M");
    const problem = await page
      .waitForFunction((want) => [...document.querySelectorAll(".markers-panel .monaco-list-row")].some((e) => (e.textContent ?? "").replace(/\u00a0/g, " ").includes(want)), TARGET.message, { timeout: 20_000 })
      .then(() => true, () => false);
    check("Problems panel lists the finding", problem);

    // Ctrl+. on the finding, once the light bulb shows; the menu is chosen with the keyboard (its overlay blocks the mouse).
    const line = page.locator(".monaco-editor .view-line", { hasText: "db.rates.current" }).first();
    await line.click();
    await page.keyboard.press("End");
    await page.waitForSelector(".monaco-editor .lightBulbWidget", { timeout: 20_000 }).catch(() => undefined);
    let menu = false;
    for (let attempt = 0; attempt < 3 && !menu; attempt++) {
      await page.keyboard.press("Control+.");
      menu = await page.waitForSelector(`.action-widget .monaco-list-row[aria-label="${FIX_TITLE}"]`, { timeout: 5_000 }).then(() => true, () => false);
      if (!menu) await page.keyboard.press("Escape");
    }
    check("Ctrl+. offers the fix", menu);
    await shot("ui-quick-fix-menu.png");
    if (menu) {
      mkdirSync(dirname(options.readmeShot), { recursive: true });
      copyFileSync(join(options.shots, "ui-quick-fix-menu.png"), options.readmeShot);
      for (let i = 0; i < 8; i++) {
        const focused = await page.getAttribute(".action-widget .monaco-list-row.focused", "aria-label").catch(() => null);
        if (focused === FIX_TITLE) break;
        await page.keyboard.press("ArrowDown");
      }
      await page.keyboard.press("Enter");
      const applied = await page
        .waitForFunction(() => (document.querySelector(".monaco-editor .view-lines")?.textContent ?? "").replace(/\u00a0/g, " ").includes("await Promise.all(["), null, { timeout: 15_000 })
        .then(() => true, () => false);
      check("the quick fix rewrote the code", applied);
      const gone = await page.waitForFunction(() => !document.querySelector(".monaco-editor .squiggly-warning"), null, { timeout: 15_000 }).then(() => true, () => false);
      check("the squiggle went with the fix", gone);
      await shot("ui-after-fix.png");
    }
  } catch (e) {
    check("UI check ran to the end", false, (e as Error).message);
  }
  if (checks.some((c) => !c.ok)) await shot("ui-failure.png");
  await page.close().catch(() => undefined);
  return checks;
}
