/**
 * The module a worker-offload fix writes next to the file: the moved function, exported, with the
 * constants, helpers and compute-only imports it uses copied along, as they were written (types
 * erased when the source is TypeScript: the worker thread loads plain JavaScript).
 */
import { ts } from "ts-morph";
import type { FileFacts } from "../facts/file-facts";
import type { PoolFormat } from "./worker-pool-module";
import { eraseTypes } from "./strip-types";
import type { ModuleImport, Movable, MovePlan } from "./worker-purity";

export interface WorkerModuleOptions {
  format: PoolFormat;
  /** The source is TypeScript: erase the types of what is copied. */
  erase: boolean;
  /** Base names, for the header comment. */
  sourceName: string;
  poolName: string;
  eol: string;
  semi: string;
  quote: string;
}

export function workerModuleText(file: FileFacts, plan: MovePlan, o: WorkerModuleOptions): string | undefined {
  const sf = file.sf;
  const nl = o.eol;
  const name = plan.main.name;
  const parts: string[] = [
    `// ${name}() moved here from ${o.sourceName} by looplens: it runs on a worker thread (see ${o.poolName}),${nl}// so the event loop stays free while it works.${nl}`,
  ];
  const imports = importLines(plan.imports, o);
  if (imports.length) parts.push(imports.join(nl) + nl);
  if (plan.constants.length) parts.push(plan.constants.map((d) => `const ${sf.text.slice(d.getStart(sf), d.getEnd())}${o.semi}`).join(nl) + nl);
  for (const m of [...plan.helpers, plan.main]) parts.push(withComments(sf, m, o.format === "esm" && m === plan.main, nl));
  if (o.format === "cjs") parts.push(`module.exports = { ${name} }${o.semi}${nl}`);
  const text = parts.join(nl);
  return o.erase ? eraseTypes(text) : text;
}

function importLines(imports: readonly ModuleImport[], o: WorkerModuleOptions): string[] {
  const byModule = new Map<string, ModuleImport[]>();
  for (const i of imports) byModule.set(i.module, [...(byModule.get(i.module) ?? []), i]);
  const lines: string[] = [];
  const q = (s: string) => o.quote + s + o.quote;
  for (const [module, list] of byModule) {
    const named = list.filter((i) => i.imported !== "default" && i.imported !== "*");
    for (const whole of list.filter((i) => i.imported === "default" || i.imported === "*")) {
      // A Node module's default export is the module object, as require() gives it.
      lines.push(o.format === "esm" ? `import ${whole.imported === "*" ? "* as " : ""}${whole.local} from ${q(module)}${o.semi}` : `const ${whole.local} = require(${q(module)})${o.semi}`);
    }
    if (named.length) {
      const esm = o.format === "esm";
      const names = named.map((i) => (i.imported === i.local ? i.local : esm ? `${i.imported} as ${i.local}` : `${i.imported}: ${i.local}`)).join(", ");
      lines.push(esm ? `import { ${names} } from ${q(module)}${o.semi}` : `const { ${names} } = require(${q(module)})${o.semi}`);
    }
  }
  return lines;
}

/** A function's statement with the comment lines right above it, `export`ed when asked (and only then). */
function withComments(sf: ts.SourceFile, m: Movable, exported: boolean, eol: string): string {
  const text = sf.text;
  const stmt = m.statement;
  const exportKeyword = ts.getModifiers(stmt)?.find((k) => k.kind === ts.SyntaxKind.ExportKeyword);
  // Past `export`: whether the copy is exported is decided here.
  const from = exportKeyword ? exportKeyword.getEnd() + /^\s*/.exec(text.slice(exportKeyword.getEnd()))![0].length : stmt.getStart(sf);
  const body = text.slice(from, stmt.getEnd());
  const ranges = ts.getLeadingCommentRanges(text, stmt.getFullStart()) ?? [];
  const comments: string[] = [];
  let next = stmt.getStart(sf);
  for (let i = ranges.length - 1; i >= 0; i--) {
    // Only the comments that belong to the function: none separated from it by a blank line.
    if ((text.slice(ranges[i].end, next).match(/\n/g)?.length ?? 0) > 1) break;
    comments.unshift(text.slice(ranges[i].pos, ranges[i].end));
    next = ranges[i].pos;
  }
  return comments.map((c) => c + eol).join("") + (exported ? "export " : "") + body + eol;
}
