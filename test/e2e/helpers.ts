/** What the e2e suites share: the fixture workspace, polling (never sleeping), LoopLens's own diagnostics and lenses. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import * as vscode from "vscode";

/** The expected text of each fixed file (the bundled suites run from out/test/e2e in the repository). */
export const FIXED = join(__dirname, "..", "..", "..", "test", "e2e", "fixtures", "fixed");

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the e2e suite needs the fixture workspace open as a folder");
  return folder.uri;
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relative);
}

/** Polls `probe` until it returns something other than undefined/false; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Polls until `probe()` deep-equals `expected` (the server may still be answering for an older version
 * of the document); on timeout fails with the difference from the last value seen.
 */
export async function waitForEqual<T>(what: string, probe: () => Promise<T> | T, expected: T, timeoutMs = 20_000): Promise<T> {
  let last: T | undefined;
  try {
    return await waitFor(
      what,
      async () => {
        last = await probe();
        return isDeepStrictEqual(last, expected) ? last : undefined;
      },
      timeoutMs,
    );
  } catch (e) {
    assert.deepStrictEqual(last, expected, `${what}: ${(e as Error).message}`);
    throw e;
  }
}

/** The expected text of a file after its fix. */
export function fixedText(relative: string): string {
  return readFileSync(join(FIXED, relative), "utf8");
}

export function looplensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === "looplens");
}

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Waits until LoopLens has published exactly `count` diagnostics for the document. */
export function diagnosticsOf(uri: vscode.Uri, count: number, what = `${count} LoopLens diagnostic(s) for ${vscode.workspace.asRelativePath(uri)}`, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(
    what,
    () => {
      const found = looplensDiagnostics(uri);
      return found.length === count ? found : undefined;
    },
    timeoutMs,
  );
}

const LOOPLENS_COMMANDS = new Set(["looplens.applyFix", "looplens.openRuleDocs"]);

/** LoopLens's code lenses on the document, resolved, in line order. */
export async function looplensLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri, 100)) ?? [];
  return lenses.filter((l) => l.command && LOOPLENS_COMMANDS.has(l.command.command)).sort((a, b) => a.range.start.line - b.range.start.line);
}

/** The code actions offered on `range` (LoopLens's and any other provider's). */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>("vscode.executeCodeActionProvider", uri, range, kind)) ?? [];
  return actions.filter((a): a is vscode.CodeAction => "title" in a && !("command" in a && typeof a.command === "string"));
}

/** A 1-based [line, column, endLine, endColumn] (as the CLI reports ranges) as an editor range. */
export function toRange([line, column, endLine, endColumn]: readonly [number, number, number, number]): vscode.Range {
  return new vscode.Range(line - 1, column - 1, endLine - 1, endColumn - 1);
}

export function describeRange(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

/** Puts the document back as it is on disk (the fixture copy), discarding what a test applied. */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand("workbench.action.files.revert");
  await waitFor(`${vscode.workspace.asRelativePath(document.uri)} reverted`, () => !document.isDirty);
}
