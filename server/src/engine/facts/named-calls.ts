/**
 * The calls to a known family of functions, found from the file's text instead of a walk of the
 * whole tree. A call can only reach `fs.readFileSync` when its last name is `readFileSync` or a
 * local name bound to it (`import { readFileSync as read }`, `const { execSync: run } = …`,
 * `const read = fs.readFileSync`), so a scan of the text for those names leads straight to the
 * few calls worth resolving; most files hold none and cost one pass of `indexOf`.
 */
import { ts } from "ts-morph";

/** Local names bound to a family member, followed at most this many times per file. */
const MAX_ALIASES = 32;

export class CallNames {
  private readonly minLength: number;
  private readonly maxLength: number;

  /**
   * `names`: every last name a call of the family can have (`readFileSync`, `sync`, and `native`
   * for `realpathSync.native`); `anchors`: short substrings, one of which each name contains, to
   * scan the text for (`"ync"` finds every `…Sync` and `sync`).
   */
  constructor(
    readonly names: ReadonlySet<string>,
    private readonly anchors: readonly string[],
  ) {
    for (const n of names) if (!anchors.some((a) => n.includes(a))) throw new Error(`call name "${n}" contains none of the anchors ${anchors.join(", ")}`);
    const lengths = [...names].map((n) => n.length);
    this.minLength = Math.min(...lengths);
    this.maxLength = Math.max(...lengths);
  }

  /** The calls in `sf` whose callee ends in one of the names (or a local alias of one), in source order. */
  callsIn(sf: ts.SourceFile): ts.CallExpression[] {
    const text = sf.text;
    const calls = new Set<ts.CallExpression>();
    const seen = new Set<number>();
    const aliases: string[] = [];
    const visit = (start: number, length: number) => {
      if (seen.has(start)) return;
      seen.add(start);
      const node = nodeAt(sf, start, length);
      if (node) classify(node, calls, aliases);
    };
    for (const anchor of this.anchors) {
      for (let i = text.indexOf(anchor); i !== -1; ) {
        let s = i;
        while (s > 0 && isIdentChar(text.charCodeAt(s - 1))) s--;
        let e = i + anchor.length;
        while (e < text.length && isIdentChar(text.charCodeAt(e))) e++;
        const len = e - s;
        if (len >= this.minLength && len <= this.maxLength && this.names.has(text.slice(s, e))) visit(s, len);
        i = text.indexOf(anchor, e);
      }
    }
    const scanned = new Set<string>();
    for (let k = 0; k < aliases.length && k < MAX_ALIASES; k++) {
      const alias = aliases[k];
      if (scanned.has(alias) || this.names.has(alias)) continue;
      scanned.add(alias);
      for (let i = text.indexOf(alias); i !== -1; i = text.indexOf(alias, i + alias.length)) {
        if ((i > 0 && isIdentChar(text.charCodeAt(i - 1))) || isIdentChar(text.charCodeAt(i + alias.length))) continue;
        visit(i, alias.length);
      }
    }
    return [...calls].sort((a, b) => a.pos - b.pos);
  }
}

/**
 * What the name at this position is part of: the callee of a call (`readFileSync(…)`,
 * `fs.readFileSync(…)`, `fs["readFileSync"](…)`, `fs.realpathSync.native(…)`), or a binding that
 * gives it another local name.
 */
function classify(node: ts.Node, calls: Set<ts.CallExpression>, aliases: string[]): void {
  const p = node.parent;
  let e: ts.Node = node;
  if (ts.isIdentifier(node)) {
    if (ts.isImportSpecifier(p) && p.propertyName === node) return void aliases.push(p.name.text);
    if (ts.isBindingElement(p) && p.propertyName === node) return void (ts.isIdentifier(p.name) && aliases.push(p.name.text));
    if (ts.isPropertyAccessExpression(p) && p.name === node) e = p;
  } else if (ts.isElementAccessExpression(p) && p.argumentExpression === node) {
    e = p;
  } else if (ts.isBindingElement(p) && p.propertyName === node) {
    return void (ts.isIdentifier(p.name) && aliases.push(p.name.text));
  } else return;
  for (;;) {
    const q = e.parent;
    if (!q) return;
    if ((ts.isPropertyAccessExpression(q) || ts.isElementAccessExpression(q)) && q.expression === e) e = q;
    else if (ts.isParenthesizedExpression(q) || ts.isAsExpression(q) || ts.isNonNullExpression(q) || ts.isSatisfiesExpression(q) || ts.isTypeAssertionExpression(q)) e = q;
    else break;
  }
  const q = e.parent;
  if (ts.isCallExpression(q) && q.expression === e) calls.add(q);
  else if (ts.isVariableDeclaration(q) && q.initializer === e && ts.isIdentifier(q.name)) aliases.push(q.name.text);
}

/** The identifier (or string literal) that spans exactly [start, start + length) of the text, if any. */
export function nodeAt(sf: ts.SourceFile, start: number, length: number): ts.Node | undefined {
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(
      node,
      (c) => {
        if (c.end <= start) return undefined;
        if (c.pos <= start) next = c;
        return true;
      },
      (arr) => {
        if (arr.end <= start) return undefined;
        // Children are in source order: a binary search finds the one that holds `start`.
        let lo = 0;
        let hi = arr.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const c = arr[mid];
          if (c.end <= start) lo = mid + 1;
          else if (c.pos > start) hi = mid - 1;
          else {
            next = c;
            break;
          }
        }
        return true;
      },
    );
    if (!next) break;
    node = next;
  }
  if (ts.isIdentifier(node)) return node.end === start + length ? node : undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.end === start + length + 1 && node.text.length === length ? node : undefined;
  return undefined;
}

export function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c > 127;
}
