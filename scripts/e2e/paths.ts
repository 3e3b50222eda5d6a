/** Where the e2e runners find the repository, its build outputs and the fixture workspace. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; publisher: string };

export const VSIX = join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
/** The folder `code-server --install-extension` unpacks the VSIX into, under the extensions dir. */
export const INSTALLED_NAME = `${pkg.publisher}.${pkg.name}-${pkg.version}`;
export const FIXTURE = join(ROOT, "test", "e2e", "fixtures", "workspace");
export const TESTS_OUT = join(ROOT, "out", "test", "e2e");
export const TESTS_ENTRY = join(TESTS_OUT, "index.js");
export const SCREENSHOTS = join(ROOT, "test", "e2e", "screenshots");
/** The README's picture, taken by the UI check. */
export const README_SCREENSHOT = join(ROOT, "docs", "screenshot.png");
