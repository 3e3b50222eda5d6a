// Bundles the CLI (and, later, the language server and the VS Code client) with esbuild.
import { build } from "esbuild";

const watch = process.argv.includes("--watch");
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: true, logLevel: "warning" };

await build({ ...common, entryPoints: { cli: "server/src/cli/main.ts" }, outdir: "out" });
if (!watch) console.log("looplens: built out/cli.js");
