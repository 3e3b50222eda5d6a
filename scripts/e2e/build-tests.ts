/** Bundles the e2e suites (test/e2e) into out/test/e2e: one file per suite plus the `run()` entry. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT, TESTS_OUT } from "./paths";

export async function buildTests(): Promise<void> {
  const dir = join(ROOT, "test", "e2e");
  const suites = readdirSync(dir).filter((f) => f.endsWith(".e2e.ts"));
  await build({
    entryPoints: ["index.ts", ...suites].map((f) => join(dir, f)),
    outdir: TESTS_OUT,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: "inline",
    // The editor provides `vscode`; suites must share the one mocha that loads them.
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
}
