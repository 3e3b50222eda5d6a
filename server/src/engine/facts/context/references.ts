/** Where a function's name is used in its file: found in the text first, resolved only when something is named like it. */
import { ts } from "ts-morph";
import { isAncestor } from "../../ast";
import { isIdentChar, nodeAt } from "../named-calls";
import { isReference, type ScopeFacts } from "../scope";

/** A name with more occurrences than this is looked up in the file's reference index instead of one by one. */
const MAX_TEXT_REFERENCES = 64;

export class NameReferences {
  constructor(
    private readonly sf: ts.SourceFile,
    private readonly scopes: ScopeFacts,
  ) {}

  private words?: WordIndex;

  /**
   * Where a function's name is used. A function name is usually rare in its file, so finding its
   * few occurrences in the text costs less than the file-wide reference index, which is built only
   * for a name used too often to check one by one. `shape`, when given, keeps only uses of that
   * syntactic shape (checked before any name resolution).
   */
  of(declaring: ts.Identifier, shape?: (id: ts.Identifier) => boolean): ts.Identifier[] {
    const name = declaring.text;
    const uses: ts.Identifier[] = [];
    let seen = 0;
    // The whole-word occurrences of the name, as a scan of the text with indexOf would find them;
    // one index of the text's words serves every function of the file (a scan each is quadratic).
    for (const i of (this.words ??= new WordIndex(this.sf.text)).starts(name)) {
      if (++seen > MAX_TEXT_REFERENCES) {
        const decl = this.scopes.declOf(declaring);
        return decl ? this.scopes.references(decl).filter((r) => !shape || shape(r)) : [];
      }
      const id = nodeAt(this.sf, i, name.length);
      if (id && ts.isIdentifier(id) && id !== declaring && isReference(id) && (!shape || shape(id))) uses.push(id);
    }
    // Only names resolve; when nothing else is named like the function, nothing needs resolving.
    if (!uses.length) return [];
    const decl = this.scopes.declOf(declaring);
    if (!decl) return [];
    return uses.filter((id) => isAncestor(decl.scope, id) && !inTypePosition(id, decl.scope) && this.scopes.resolve(id) === decl);
  }
}

/**
 * Where each word of a text (a maximal run of identifier characters not starting with a digit)
 * starts, in one pass: hashed as it is scanned, chained per hash bucket, so no word is copied out
 * of the text; a lookup checks its bucket's words against the name.
 */
class WordIndex {
  private readonly head: Int32Array;
  private readonly next: number[] = [];
  private readonly wordStart: number[] = [];
  private readonly mask: number;

  constructor(private readonly text: string) {
    let size = 1024;
    while (size < text.length >> 3) size <<= 1;
    this.mask = size - 1;
    this.head = new Int32Array(size).fill(-1);
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (!isIdentChar(c)) continue;
      const start = i;
      let hash = c;
      while (i + 1 < text.length && isIdentChar((c = text.charCodeAt(i + 1)))) {
        hash = (hash * 31 + c) | 0;
        i++;
      }
      const first = text.charCodeAt(start);
      if (first >= 48 && first <= 57) continue;
      const bucket = (hash ^ (i + 1 - start)) & this.mask;
      this.next.push(this.head[bucket]);
      this.head[bucket] = this.wordStart.length;
      this.wordStart.push(start);
    }
  }

  /** The start of each whole-word occurrence of `name`, ascending. */
  starts(name: string): number[] {
    let hash = name.charCodeAt(0);
    for (let j = 1; j < name.length; j++) hash = (hash * 31 + name.charCodeAt(j)) | 0;
    const out: number[] = [];
    for (let k = this.head[(hash ^ name.length) & this.mask]; k >= 0; k = this.next[k]) {
      const s = this.wordStart[k];
      if (this.text.startsWith(name, s) && !isIdentChar(this.text.charCodeAt(s + name.length))) out.push(s);
    }
    // Chains hold later words first.
    return out.reverse();
  }
}

/** `typeof fn` or another type: not a use of the value (the reference index skips types too). */
function inTypePosition(id: ts.Node, scope: ts.Node): boolean {
  for (let p = id.parent; p && p !== scope; p = p.parent) {
    if (ts.isTypeNode(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) return true;
  }
  return false;
}
