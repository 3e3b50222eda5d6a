/**
 * Cheap evidence read from a file's text before any name is resolved: where the words a loop or a
 * scan needs appear, which names are declared with numbers, literal collections or functions, and
 * which CPU-heavy modules the file imports. Resolving names binds the whole file's scopes, which
 * costs a good part of a parse; most files with loops never need it, and these hints tell which do.
 * Each hint is one regular-expression pass over the text, made on first use.
 *
 * Every hint errs on the side of "maybe": a word in a comment or a string only costs a closer look.
 */
import { ts } from "ts-morph";
import { unwrap, type FunctionNode } from "../../ast";
import { CALLBACK_ITERATORS } from "./scan-calls";

const ITERATING = [...CALLBACK_ITERATORS, "from"].join("|");
/** Words every iteration site holds: a loop keyword, or an iterating method's name after `.` or `["`. */
const SITE_WORDS = new RegExp(`(?:for|while|do)\\b|[.[]\\s*["'\`]?(?:${ITERATING})\\b`, "g");
/** Words a scan or a matching loop holds — searches, sorts, serialisation, lodash calls, loop keywords — in any context. */
const SCAN_WORDS = /(?:for|while|do|structuredClone|find|findIndex|findLast|findLastIndex|filter|some|every|includes|indexOf|lastIndexOf|sort|toSorted|stringify|reject)\b/g;
/** Words of an equality between items: `==`, `===`, `.includes(`, `.has(`, `.indexOf(`. */
const EQUALITY_WORDS = /(?<![!=<>])==|\.\s*(?:includes|has|indexOf)\b/g;
/**
 * Declarations a count can come from: 2 — a number (not a counter's 0 or 1), a parenthesised or
 * Math expression; 3 — a non-empty literal collection or object, `new Set([…])`, `new Array(1e4)`. An empty literal
 * is either filled (data) or nothing to count.
 */
const COUNT_DECLARATIONS = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;\n]*)?=\s*(?:(\(|[2-9]|[01]\s*[-+*/<]|[01][\d_.xXeEbBoO]|Infinity\b|Number\.|Math\.)|([[{](?!\s*[\]}])|new\s+(?:Set|Map)\s*\(\s*\[|new\s+Array\s*\(\s*[\d(]))/g;
/** `n = xs.length`, `const h = img.height`, `len = m.size`: names that stand for a collection's size. */
const SIZE_ALIASES = /\b([A-Za-z_$][\w$]*)\s*=\s*[^;\n,)=]*\.(?:length|size|byteLength|width|height)\b/g;
/** `function f`, `const f = (…) =>`, `const f = async x =>`, `const f: Fn =`: names a local helper can have. */
const FUNCTION_DECLARATIONS = /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)|\bconst\s+([A-Za-z_$][\w$]*)\s*(?::|=\s*(?:async\b\s*)?(?:function\b|\(|<|[A-Za-z_$][\w$]*\s*=>))/g;
const HEAVY_MODULES = /["'](?:node:)?(?:crypto|zlib|bcrypt|bcryptjs|jpeg-js|pngjs|upng-js|bmp-js|pako|fflate|xlsx|esbuild|@babel\/core|sass|typescript|uglify-js)["']/;
const LODASH_MODULES = /["'](?:lodash|lodash-es|underscore)(?:\/[\w.]+)?["']/;
const DIMENSION_NAMES = /width|height|\b[wh]\b/i;

/** Sorted positions in a text: where a pattern matches, or given ones. */
export class TextMarks {
  constructor(private readonly at: readonly number[]) {}

  static matching(text: string, pattern: RegExp): TextMarks {
    const at: number[] = [];
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) at.push(m.index);
    return new TextMarks(at);
  }

  /** Where `pattern` matches within `node`'s own text only. */
  static within(node: ts.Node, text: string, pattern: RegExp): TextMarks {
    const at: number[] = [];
    const part = text.slice(node.pos, node.end);
    pattern.lastIndex = 0;
    for (let m = pattern.exec(part); m; m = pattern.exec(part)) at.push(node.pos + m.index);
    return new TextMarks(at);
  }

  get empty(): boolean {
    return this.at.length === 0;
  }

  /** True when a mark lies in [pos, end). */
  holds(pos: number, end: number): boolean {
    const at = this.at;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid] < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && at[lo] < end;
  }

  /** True when `node`'s own text holds a mark. */
  inside(node: ts.Node): boolean {
    return this.holds(node.pos, node.end);
  }
}

/**
 * Visits `root` and the nodes under it whose text holds a mark, parents before children; a node
 * without a mark is never entered. `visit` returns false to skip a node's children.
 */
export function visitMarked(root: ts.Node, marks: TextMarks, visit: (n: ts.Node) => boolean | void): void {
  if (!marks.inside(root)) return;
  let depth = 0;
  // Recursion allocates nothing per node; past a few hundred levels (minified chains) an explicit stack takes over.
  const enter = (n: ts.Node): undefined => {
    if (!marks.holds(n.pos, n.end) || visit(n) === false) return;
    if (depth < RECURSION_LIMIT) {
      depth++;
      forEachChild(n, enter);
      depth--;
    } else visitMarkedIteratively(n, marks, visit);
  };
  if (visit(root) !== false) forEachChild(root, enter);
}

const RECURSION_LIMIT = 300;
// ts-morph exposes the compiler's namespace through getters: read the walker once.
const forEachChild = ts.forEachChild;

function visitMarkedIteratively(root: ts.Node, marks: TextMarks, visit: (n: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const pushMarked = (c: ts.Node): undefined => {
    if (marks.holds(c.pos, c.end)) stack.push(c);
  };
  forEachChild(root, pushMarked);
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) !== false) forEachChild(n, pushMarked);
  }
}

export class TextHints {
  private siteMarks?: TextMarks;
  private readonly scanMarks = new Map<FunctionNode, TextMarks>();
  private equalityMarks?: TextMarks;
  private counts?: { numbers: Map<string, number[]>; collections: Map<string, number[]> };
  private readonly initializers = new Map<string, ts.Expression[] | undefined>();
  private functionNames?: Map<string, number[]>;
  private sizeAliases?: Set<string>;
  private readonly functions = new Map<string, FunctionNode[]>();
  private heavy?: boolean;
  private lodash?: boolean;
  private dimensions?: boolean;

  constructor(private readonly sf: ts.SourceFile) {}

  /** Loop keywords and iterating methods (`.map`, `.filter`…): every iteration site holds one. */
  get sites(): TextMarks {
    return (this.siteMarks ??= TextMarks.matching(this.sf.text, SITE_WORDS));
  }

  /**
   * Searches, sorts, serialisation, lodash calls and loop keywords in `fn`'s body: every scan or
   * matching loop there holds one. Read from the body alone — only helpers called in loops are asked.
   */
  scansIn(fn: FunctionNode): TextMarks {
    let marks = this.scanMarks.get(fn);
    if (!marks) this.scanMarks.set(fn, (marks = fn.body ? TextMarks.within(fn.body, this.sf.text, SCAN_WORDS) : new TextMarks([])));
    return marks;
  }

  /** `==`, `===`, `.includes`, `.has`, `.indexOf`: what an equality between items holds. */
  get equalities(): TextMarks {
    return (this.equalityMarks ??= TextMarks.matching(this.sf.text, EQUALITY_WORDS));
  }

  /** A name declared with a number: a loop can count to it. */
  isNumberConst(name: string): boolean {
    return this.countDeclarations().numbers.has(name);
  }

  /** A name declared with a literal collection or object: its size or members can be constant. */
  isConstCollection(name: string): boolean {
    return this.countDeclarations().collections.has(name);
  }

  private countDeclarations(): { numbers: Map<string, number[]>; collections: Map<string, number[]> } {
    if (!this.counts) {
      const numbers = new Map<string, number[]>();
      const collections = new Map<string, number[]>();
      const text = this.sf.text;
      COUNT_DECLARATIONS.lastIndex = 0;
      for (let m = COUNT_DECLARATIONS.exec(text); m; m = COUNT_DECLARATIONS.exec(text)) {
        const into = m[2] ? numbers : collections;
        const list = into.get(m[1]);
        if (list) list.push(m.index);
        else into.set(m[1], [m.index]);
      }
      this.counts = { numbers, collections };
    }
    return this.counts;
  }

  /**
   * The initializers of every declaration of `name` found by isNumberConst / isConstCollection —
   * `const N = 5_000`, `const ROLES = ["a", "b"]` — reached by a descent to where they are written.
   * Undefined when the name is declared without one somewhere the pattern cannot see.
   */
  initializersOf(name: string): readonly ts.Expression[] | undefined {
    if (this.initializers.has(name)) return this.initializers.get(name);
    const { numbers, collections } = this.countDeclarations();
    const at = numbers.get(name) ?? collections.get(name);
    let found: ts.Expression[] | undefined;
    if (at) {
      const list: ts.Expression[] = [];
      visitMarked(this.sf, new TextMarks(at), (n) => {
        if (!ts.isVariableDeclarationList(n)) return;
        for (const d of n.declarations) if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) list.push(d.initializer);
      });
      found = list.length === at.length ? list : undefined;
    }
    this.initializers.set(name, found);
    return found;
  }

  /** A name assigned from a `.length`, `.size` or image dimension somewhere in the file. */
  isSizeAlias(name: string): boolean {
    if (!this.sizeAliases) {
      this.sizeAliases = new Set();
      const text = this.sf.text;
      SIZE_ALIASES.lastIndex = 0;
      for (let m = SIZE_ALIASES.exec(text); m; m = SIZE_ALIASES.exec(text)) this.sizeAliases.add(m[1]);
    }
    return this.sizeAliases.has(name);
  }

  /**
   * The functions declared under `name` in this file (`function f`, `const f = () => …`): every
   * local function a call `f(…)` can resolve to, found without resolving it — by a descent to
   * where such a declaration is written.
   */
  functionsNamed(name: string): readonly FunctionNode[] {
    if (!this.functionNames) {
      const byName = (this.functionNames = new Map<string, number[]>());
      const text = this.sf.text;
      FUNCTION_DECLARATIONS.lastIndex = 0;
      for (let m = FUNCTION_DECLARATIONS.exec(text); m; m = FUNCTION_DECLARATIONS.exec(text)) {
        const n = m[1] ?? m[2];
        const list = byName.get(n);
        if (list) list.push(m.index);
        else byName.set(n, [m.index]);
      }
    }
    const at = this.functionNames.get(name);
    if (!at) return [];
    let found = this.functions.get(name);
    if (!found) {
      const list: FunctionNode[] = (found = []);
      // Only the declarations of this name: descend to each of their positions.
      visitMarked(this.sf, new TextMarks(at), (n) => {
        if (ts.isFunctionDeclaration(n) && n.name?.text === name) list.push(n);
        else if (ts.isVariableDeclarationList(n) && n.flags & ts.NodeFlags.Const) {
          // The mark is on `const`, which belongs to the list, not to the declaration after it.
          for (const d of n.declarations) {
            const init = d.initializer && unwrap(d.initializer);
            if (ts.isIdentifier(d.name) && d.name.text === name && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) list.push(init);
          }
        }
      });
      this.functions.set(name, found);
    }
    return found;
  }

  /** The file imports a module with CPU-heavy synchronous calls (crypto, zlib, codecs, compilers…). */
  get mentionsHeavyModule(): boolean {
    return (this.heavy ??= HEAVY_MODULES.test(this.sf.text));
  }

  get mentionsLodash(): boolean {
    return (this.lodash ??= (this.sf.text.includes("lodash") || this.sf.text.includes("underscore")) && LODASH_MODULES.test(this.sf.text));
  }

  /** The file names a width or height somewhere: only then can a loop run to an image dimension. */
  get mentionsDimension(): boolean {
    return (this.dimensions ??= DIMENSION_NAMES.test(this.sf.text));
  }
}
