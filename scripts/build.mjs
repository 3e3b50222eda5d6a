// Bundles the CLI (and, later, the language server and the VS Code client) with esbuild.
import { build } from "esbuild";
import { compilerBindings } from "./compiler-bindings.mjs";

const watch = process.argv.includes("--watch");
const outdir = process.argv.find((a) => a.startsWith("--outdir="))?.slice("--outdir=".length) ?? "out";
const common = { bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: true, logLevel: "warning" };

await build({ ...common, entryPoints: { cli: "server/src/cli/main.ts", server: "server/src/server.ts" }, outdir, plugins: [compilerBindings()] });
// The VS Code client: `vscode` is provided by the extension host at run time.
await build({ ...common, entryPoints: { extension: "client/src/extension.ts" }, outdir, external: ["vscode"] });
if (!watch) console.log(`looplens: built ${outdir}/cli.js`);
