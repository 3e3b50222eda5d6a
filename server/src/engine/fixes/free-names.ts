/**
 * Names a fix may introduce without changing what any other name means: a helper at module level,
 * a limiter before a statement, a callback parameter. Built once per file from one walk.
 */
import { ts } from "ts-morph";
import { isAncestor, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";

export class NameIndex {
  private readonly byText = new Map<string, ts.Identifier[]>();

  constructor(private readonly file: FileFacts) {
    walk(file.sf, (n) => {
      if (n.kind !== ts.SyntaxKind.Identifier) return;
      const id = n as ts.Identifier;
      const list = this.byText.get(id.text);
      if (list) list.push(id);
      else this.byText.set(id.text, [id]);
    });
  }

  /** Every identifier of the file spelled `name` (references, declarations, property names, types). */
  occurrences(name: string): readonly ts.Identifier[] {
    return this.byText.get(name) ?? [];
  }

  /**
   * True when `name` can be declared in `region` (the file, a block) and used there: nothing in
   * the region spells it, and no declaration of it is visible from the region (it would be
   * shadowed, or redeclared).
   */
  isFree(name: string, region: ts.Node): boolean {
    for (const id of this.occurrences(name)) {
      if (isAncestor(region, id)) return false;
      const decl = this.file.scopes.declOf(id);
      if (decl && isAncestor(decl.scope, region)) return false;
    }
    return true;
  }

  /** `base`, else `base2`, `base3`, … : the first that is free in `region`. */
  fresh(base: string, region: ts.Node): string {
    if (this.isFree(base, region)) return base;
    for (let i = 2; ; i++) if (this.isFree(base + i, region)) return base + i;
  }

  /** True when `name` in `region` means the built-in global: nothing in the file declares it where the region can see. */
  isGlobalAt(name: string, region: ts.Node): boolean {
    for (const id of this.occurrences(name)) {
      const decl = this.file.scopes.declOf(id);
      if (decl && isAncestor(decl.scope, region)) return false;
    }
    return true;
  }
}
