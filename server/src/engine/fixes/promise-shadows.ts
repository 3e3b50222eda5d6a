/** Where `Promise` is not the built-in: a Promise.all written there would call something else. */
import { ts } from "ts-morph";
import { isAncestor, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";

/** The scopes of a file's own declarations named `Promise` (imports, parameters, locals), found once per file. */
export class PromiseShadows {
  private readonly scopes: ts.Node[] = [];

  constructor(file: FileFacts) {
    if (!/\bPromise\b/.test(file.text)) return;
    walk(file.sf, (n) => {
      if (n.kind !== ts.SyntaxKind.Identifier || (n as ts.Identifier).text !== "Promise") return;
      const decl = file.scopes.declOf(n as ts.Identifier);
      if (decl) this.scopes.push(decl.scope);
    });
  }

  /** True when a declaration named Promise is in scope at `node`. */
  shadowedAt(node: ts.Node): boolean {
    return this.scopes.some((s) => isAncestor(s, node));
  }
}
