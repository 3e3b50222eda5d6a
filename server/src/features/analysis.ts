/**
 * One analysis per document version and settings, shared by diagnostics, code lenses, code actions
 * and commands. Diagnostics need only the findings, so the fix builders (a good part of the
 * analysis time) run when a lens, code action or command first asks for a finding's fixes, on the
 * same tree and facts, and their result is kept for that version.
 *
 * Typing is the hot path, so the tree is re-parsed incrementally (ts.updateSourceFile, as tsserver
 * does) from the previous version's: only the statements around the edit are parsed again.
 */
import { performance } from "node:perf_hooks";
import { ts } from "ts-morph";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeSourceFile } from "../engine/analyze";
import { ParseError, parseWithErrors, syntaxError } from "../engine/parse";
import type { Finding, Fix } from "../engine/types";
import type { Log } from "./log";
import { AnalysedText } from "./positions";
import type { DocumentSettings } from "./settings";

export interface DocumentAnalysis {
  uri: string;
  version: number;
  path: string;
  text: AnalysedText;
  /** Empty when the version did not parse; `fixes` of each is empty: ask `fixes(finding)`. */
  findings: Finding[];
  /** False when this version has a syntax error: nothing was analysed (the editor shows the syntax error). */
  parsed: boolean;
  settings: DocumentSettings;
  /** A finding's fixes with their edits (offsets into `text.text`), preferred first; [] once the document moved on. */
  fixes(finding: Finding): Fix[];
}

interface Entry {
  /** The newest tree, the base of the next incremental parse. */
  tree?: ts.SourceFile;
  latest?: DocumentAnalysis;
  /** The newest version that parsed: its lenses stay while the user is mid-edit. */
  lastParsed?: DocumentAnalysis;
}

export class Analyses {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly log: Log) {}

  /** The analysis of the document as it is now, computed (synchronously) unless already made with these settings. */
  analyze(doc: TextDocument, path: string, settings: DocumentSettings): DocumentAnalysis {
    let entry = this.entries.get(doc.uri);
    if (!entry) this.entries.set(doc.uri, (entry = {}));
    const cached = entry.latest;
    if (cached && cached.version === doc.version && cached.path === path && cached.settings.key === settings.key) return cached;

    const started = this.log.debug ? performance.now() : 0;
    const text = new AnalysedText(doc);
    let tree: ts.SourceFile | undefined;
    try {
      tree = this.parse(path, text.text, entry.tree);
    } catch (e) {
      // Nesting too deep for the parser is the document's shape: said once, treated as not parsed.
      if (!(e instanceof ParseError)) throw e;
      this.log.errorOnce(`${doc.uri}\0parse\0${e.message}`, `LoopLens: ${path}: ${e.message}: not analysed`);
    }
    entry.tree = tree;
    const parsed = tree !== undefined && syntaxError(tree) === undefined;
    const analysis: DocumentAnalysis = { uri: doc.uri, version: doc.version, path, text, findings: [], parsed, settings, fixes: () => [] };
    if (tree && parsed && settings.enable) this.detect(analysis, tree, entry);
    entry.latest = analysis;
    if (parsed) entry.lastParsed = analysis;
    if (this.log.debug) this.log.info(`LoopLens: ${path} v${doc.version}: ${parsed ? `${analysis.findings.length} findings` : "syntax error"} in ${(performance.now() - started).toFixed(1)} ms`);
    return analysis;
  }

  /** The analysis of exactly this version, if one was made. */
  at(uri: string, version: number): DocumentAnalysis | undefined {
    const a = this.entries.get(uri)?.latest;
    return a && a.version === version ? a : undefined;
  }

  /** The syntax tree of exactly this version (for questions an analysis does not answer). */
  tree(uri: string, version: number): ts.SourceFile | undefined {
    const e = this.entries.get(uri);
    return e?.latest?.version === version ? e.tree : undefined;
  }

  lastParsed(uri: string): DocumentAnalysis | undefined {
    return this.entries.get(uri)?.lastParsed;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /** Settings changed: every analysis is stale (the trees stay, for incremental parsing). */
  invalidate(): void {
    for (const e of this.entries.values()) e.latest = e.lastParsed = undefined;
  }

  private detect(analysis: DocumentAnalysis, tree: ts.SourceFile, entry: Entry): void {
    const { uri, path } = analysis;
    // A rule or fix that fails is said once per file and message; the other findings stand.
    const logError = (message: string) => this.log.errorOnce(`${uri}\0${message}`, `LoopLens: ${path}: ${message}`);
    try {
      const result = analyzeSourceFile(path, tree, analysis.settings.config, { deferFixes: true });
      result.errors.forEach((e) => logError(e.message));
      analysis.findings = result.findings;
      const built = new Map<Finding, Fix[]>();
      analysis.fixes = (finding) => {
        let fixes = built.get(finding);
        if (fixes) return fixes;
        // The next version's incremental parse reuses (and moves) this tree's nodes.
        if (entry.tree !== tree || !result.fixesOf) return [];
        try {
          fixes = result.fixesOf(finding, logError).filter((f) => f.edits.length > 0);
        } catch (e) {
          logError(`fixes failed: ${(e as Error)?.message ?? String(e)}`);
          fixes = [];
        }
        built.set(finding, fixes);
        return fixes;
      };
    } catch (e) {
      this.log.errorOnce(`${uri}\0internal`, `LoopLens: internal error while analysing ${path}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }

  private parse(path: string, text: string, previous: ts.SourceFile | undefined): ts.SourceFile {
    if (previous && previous.fileName === path) {
      if (previous.text === text) return previous;
      try {
        return reparse(previous, text);
      } catch (e) {
        this.log.errorOnce(`incremental\0${(e as Error)?.message}`, `LoopLens: incremental parse failed, parsing ${path} again: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    return parseWithErrors(path, text);
  }
}

/**
 * `text` parsed incrementally from the tree of the version before. TypeScript's incremental parser
 * can drop a syntax error it reported before, outside the edit (`return { ...a ...b };` stays
 * broken when a line is inserted above it, yet the new tree reports nothing), so a tree that turns
 * clean is confirmed by a full parse. Throws when the incremental parser does.
 */
export function reparse(previous: ts.SourceFile, text: string): ts.SourceFile {
  const wasBroken = syntaxError(previous) !== undefined;
  const tree = ts.updateSourceFile(previous, text, changeRange(previous.text, text));
  return wasBroken && syntaxError(tree) === undefined ? parseWithErrors(previous.fileName, text) : tree;
}

/** The one span that differs between two texts (common prefix and suffix cut off). */
export function changeRange(before: string, after: string): ts.TextChangeRange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { span: { start, length: before.length - start - tail }, newLength: after.length - start - tail };
}
