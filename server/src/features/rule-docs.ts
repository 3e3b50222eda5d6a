/**
 * Where each rule's documentation is: docs/rules/<rule-id>.md in the package (the VSIX ships it
 * next to out/). The bundles live in out/, the sources in server/src/features: the folder is found
 * by looking upwards, once.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { RuleId } from "../engine/types";

let docsDir: string | undefined;

function rulesDocsDir(): string {
  if (docsDir) return docsDir;
  for (let d = __dirname; ; d = dirname(d)) {
    const candidate = join(d, "docs", "rules");
    if (existsSync(candidate)) return (docsDir = candidate);
    if (dirname(d) === d) return (docsDir = join(__dirname, "..", "docs", "rules"));
  }
}

/** The file URI of a rule's documentation. */
export function ruleDocsUri(rule: RuleId): string {
  return pathToFileURL(join(rulesDocsDir(), `${rule}.md`)).href;
}
