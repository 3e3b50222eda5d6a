/**
 * Where analysis time goes, per phase and per rule, on the benchmark corpus (single thread, in
 * process): `node --import tsx test/bench/profile-rules.ts [dir]`. A tool for keeping each rule
 * cheap next to the parser; it reports, it asserts nothing.
 */
import { ts } from "ts-morph";
import { walk } from "../../server/src/engine/ast";
import { defaultConfig } from "../../server/src/engine/config";
import { FileFacts } from "../../server/src/engine/facts/file-facts";
import { parseSource } from "../../server/src/engine/parse";
import { RULES } from "../../server/src/engine/rules";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PACKAGE, prepareCorpus } from "./prepare-corpus";

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(?:js|cjs|mjs|ts|mts|cts|tsx|jsx)$/.test(f) && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(dir, f));
}

function main() {
  const dir = process.argv[2] ?? prepareCorpus(DEFAULT_PACKAGE, (line) => console.error(line)).dir;
  const files = listFiles(dir);
  const config = defaultConfig();
  const ms: Record<string, number> = { parse: 0, "one walk (reference)": 0, "facts (scope binding)": 0 };
  for (const r of RULES) ms[r.meta.id] = 0;
  let parsed = 0;
  for (const f of files) {
    let t = performance.now();
    let sf: ts.SourceFile;
    try {
      sf = parseSource(f, readFileSync(f, "utf8"));
    } catch {
      continue;
    }
    parsed++;
    ms.parse += performance.now() - t;
    t = performance.now();
    walk(sf, () => {});
    ms["one walk (reference)"] += performance.now() - t;
    t = performance.now();
    const facts = new FileFacts(f, sf);
    facts.scopes.prepare();
    ms["facts (scope binding)"] += performance.now() - t;
    for (const rule of RULES) {
      t = performance.now();
      rule.detect(facts, config);
      ms[rule.meta.id] += performance.now() - t;
    }
  }
  const analysis = Object.entries(ms).filter(([k]) => k !== "parse" && !k.startsWith("one walk")).reduce((s, [, v]) => s + v, 0);
  console.log(`${parsed} files parsed in ${dir}`);
  for (const [k, v] of Object.entries(ms)) console.log(`${k.padEnd(22)} ${(v / 1000).toFixed(2).padStart(6)} s  ${(v / ms.parse).toFixed(2)}× parse`);
  console.log(`${"analysis total".padEnd(22)} ${(analysis / 1000).toFixed(2).padStart(6)} s  ${(analysis / ms.parse).toFixed(2)}× parse`);
}

main();
