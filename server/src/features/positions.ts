/**
 * Between the engine's coordinates and LSP's. The engine works on the document text without a
 * leading BOM and counts lines as the TypeScript scanner does (CR, LF, CRLF, U+2028, U+2029); LSP
 * positions are UTF-16 line/character with CR, LF and CRLF only. Going through text offsets keeps
 * the two apart: a U+2028 inside a string never shifts a squiggle.
 */
import type { Position, Range, TextEdit as LspTextEdit } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Range as EngineRange, TextEdit } from "../engine/types";

const BOM = 0xfeff;

export class AnalysedText {
  /** The text the engine analyses: the document's, less a leading BOM. */
  readonly text: string;
  /** Characters of the document before the analysed text (1 with a BOM, else 0). */
  private readonly base: number;
  private lineStarts?: number[];

  constructor(readonly doc: TextDocument) {
    const full = doc.getText();
    this.base = full.charCodeAt(0) === BOM ? 1 : 0;
    this.text = this.base ? full.slice(1) : full;
  }

  /** LSP position of an offset into the analysed text. */
  position(offset: number): Position {
    return this.doc.positionAt(offset + this.base);
  }

  /** Offset into the analysed text of an LSP position (0 for positions inside the BOM). */
  offset(position: Position): number {
    return Math.max(0, this.doc.offsetAt(position) - this.base);
  }

  /** Offset of an engine (1-based, TypeScript line breaks) line and column. */
  engineOffset(line: number, column: number): number {
    const starts = (this.lineStarts ??= engineLineStarts(this.text));
    const start = starts[Math.min(Math.max(line - 1, 0), starts.length - 1)];
    return Math.min(start + column - 1, this.text.length);
  }

  /** The LSP range of an engine range (a finding's). */
  range(r: EngineRange): Range {
    return { start: this.position(this.engineOffset(r.start.line, r.start.column)), end: this.position(this.engineOffset(r.end.line, r.end.column)) };
  }

  /** An engine edit (offsets into the analysed text) as an LSP edit. */
  edit(e: TextEdit): LspTextEdit {
    return { range: { start: this.position(e.start), end: this.position(e.end) }, newText: e.text };
  }
}

/** Line start offsets as the TypeScript scanner counts lines (ts.computeLineStarts is not public API). */
export function engineLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 || c === 0x2028 || c === 0x2029) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** True when two LSP ranges share a position (touching counts: a cursor at a squiggle's end is on it). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
