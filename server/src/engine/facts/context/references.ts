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

  /**
   * Where a function's name is used. A function name is usually rare in its file, so finding its
   * few occurrences in the text costs less than the file-wide reference index, which is built only
   * for a name used too often to check one by one. `shape`, when given, keeps only uses of that
   * syntactic shape (checked before any name resolution).
   */
  of(declaring: ts.Identifier, shape?: (id: ts.Identifier) => boolean): ts.Identifier[] {
    const text = this.sf.text;
    const name = declaring.text;
    const uses: ts.Identifier[] = [];
    let seen = 0;
    for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) {
      if ((i > 0 && isIdentChar(text.charCodeAt(i - 1))) || isIdentChar(text.charCodeAt(i + name.length))) continue;
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

/** `typeof fn` or another type: not a use of the value (the reference index skips types too). */
function inTypePosition(id: ts.Node, scope: ts.Node): boolean {
  for (let p = id.parent; p && p !== scope; p = p.parent) {
    if (ts.isTypeNode(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) return true;
  }
  return false;
}
