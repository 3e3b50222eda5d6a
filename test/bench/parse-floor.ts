/**
 * The parse floor, run as a child by scan.bench.ts: walk the corpus, read every JavaScript file and
 * parse it with the TypeScript parser, single thread, with the settings LoopLens parses with
 * (latest target, parent pointers, JSX grammar for JavaScript). No analysis tool built on this
 * parser can beat this time on one thread.
 *
 * Prints one JSON line: { files, parseErrors, topLevelStatements, parseMs } where parseMs covers
 * walk + read + parse, after the TypeScript module is loaded (its load time is in the child's wall time).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";

const JS_FILE = /\.(?:js|cjs|mjs)$/i;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && JS_FILE.test(entry.name)) yield path;
  }
}

function main(corpus: string): void {
  const started = performance.now();
  let files = 0;
  let parseErrors = 0;
  let nodes = 0;
  for (const path of sourceFiles(corpus)) {
    const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.JSX);
    files++;
    const diagnostics = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
    if (diagnostics?.length) parseErrors++;
    // Touch the tree so the parse cannot be optimised away, and to show it is complete.
    nodes += sf.statements.length;
  }
  const parseMs = performance.now() - started;
  process.stdout.write(JSON.stringify({ files, parseErrors, topLevelStatements: nodes, parseMs }) + "\n");
}

const corpus = process.argv[2];
if (!corpus) {
  process.stderr.write("usage: parse-floor.ts <corpus-dir>\n");
  process.exit(2);
}
main(corpus);
