/**
 * Cheap evidence read from a file's text before any name is resolved: where the words a loop or a
 * scan needs appear (`for`, `.map`, `.find`, `.includes`…), which names are declared as functions
 * or numeric constants, and which CPU-heavy modules the file mentions. Resolving names binds the
 * whole file's scopes, which costs as much as another parse; most files with loops never need it,
 * and these hints let the rule tell which ones do.
 *
 * Every hint errs on the side of "maybe": a mark in a comment or a string only costs a closer look.
 */
import { ts } from "ts-morph";
import { unwrap, type FunctionNode } from "../../ast";
import { CALLBACK_ITERATORS } from "./scan-calls";

const ITERATING = [...CALLBACK_ITERATORS, "from"].join("|");
/** Words every iteration site contains: a loop keyword, or an iterating method's name after `.` or `["`. */
const SITE_WORDS = new RegExp(`\\b(?:for|while|do)\\b|(?:\\.\\s*|\\[\\s*["'\`])(?:${ITERATING})\\b`, "g");
/** Words a scan or a matching loop contains: searches, sorts, serialisation, lodash calls, loop keywords. */
const SCAN_WORDS = /\b(?:for|while|do|structuredClone)\b|(?:\.\s*|\[\s*["'`])(?:find|findIndex|findLast|findLastIndex|filter|some|every|includes|indexOf|lastIndexOf|sort|toSorted|stringify)\b|\b(?:find|filter|some|every|findIndex|findLast|reject|includes|indexOf)\s*\(/g;
/** Where a local function can be declared: `function f`, `const f = …`. */
const DECLARATION_WORDS = /\b(?:function|const)\b/g;
/**
 * `const N = 50_000`, `const LIMITS = {`, `const ROLES = [`, `let n = 64`, `const SIZE = (1 << 16)`:
 * names a loop count can come from. A 0 or 1 (a counter's start) is not a count.
 */
const COUNT_CONSTS = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;]*)?=\s*(?:[([{]|[2-9]|[01][\d_.xXeEbBoO]|Infinity\b|Number\.|new\s+Array\b|Array\.)/g;
/** `function f`, `const f = (…) =>`, `const f = async x =>`, `const f: Fn =`: names a local helper can have. */
const FUNCTION_NAMES = /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)|\bconst\s+([A-Za-z_$][\w$]*)\s*(?::|=\s*(?:async\b\s*)?(?:function\b|\(|<|[A-Za-z_$][\w$]*\s*=>))/g;
const HEAVY_MODULES = /["'](?:node:)?(?:crypto|zlib|bcrypt|bcryptjs|jpeg-js|pngjs|upng-js|bmp-js|pako|fflate|xlsx|esbuild|@babel\/core|sass|typescript|uglify-js)["']/;
const LODASH_MODULES = /["'](?:lodash|lodash-es|underscore)(?:\/[\w.]+)?["']/;
const DIMENSION_NAMES = /width|height|\b[wh]\b/i;

/** Sorted positions where a pattern matches. */
export class TextMarks {
  private readonly at: number[] = [];

  constructor(text: string, pattern: RegExp) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) this.at.push(m.index);
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
  const stack: ts.Node[] = [root];
  const pushMarked = (c: ts.Node) => {
    if (marks.holds(c.pos, c.end)) stack.push(c);
  };
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) !== false) n.forEachChild(pushMarked);
  }
}

export class TextHints {
  private siteMarks?: TextMarks;
  private scanMarks?: TextMarks;
  private functions?: Map<string, FunctionNode[]>;
  private functionNames?: Set<string>;
  private countConsts?: Set<string>;
  private heavy?: boolean;
  private lodash?: boolean;
  private dimensions?: boolean;

  constructor(private readonly sf: ts.SourceFile) {}

  /** Where loop keywords and iterating methods appear. */
  get sites(): TextMarks {
    return (this.siteMarks ??= new TextMarks(this.sf.text, SITE_WORDS));
  }

  /** Where searches, sorts, serialisation and loop keywords appear. */
  get scans(): TextMarks {
    return (this.scanMarks ??= new TextMarks(this.sf.text, SCAN_WORDS));
  }

  /**
   * The functions declared under `name` anywhere in the file (`function f`, `const f = () => …`):
   * every function a call `f(…)` can resolve to locally, found without resolving it.
   */
  functionsNamed(name: string): readonly FunctionNode[] {
    if (!this.functionNames) {
      this.functionNames = new Set();
      FUNCTION_NAMES.lastIndex = 0;
      for (let m = FUNCTION_NAMES.exec(this.sf.text); m; m = FUNCTION_NAMES.exec(this.sf.text)) this.functionNames.add(m[1] ?? m[2]);
    }
    // Most calls in loops go to imported or global functions: a name never declared needs no descent.
    if (!this.functionNames.has(name)) return [];
    if (!this.functions) {
      const byName = (this.functions = new Map<string, FunctionNode[]>());
      const add = (id: ts.Identifier, fn: FunctionNode) => {
        const list = byName.get(id.text);
        if (list) list.push(fn);
        else byName.set(id.text, [fn]);
      };
      visitMarked(this.sf, new TextMarks(this.sf.text, DECLARATION_WORDS), (n) => {
        if (ts.isFunctionDeclaration(n) && n.name) add(n.name, n);
        else if (ts.isVariableDeclarationList(n) && n.flags & ts.NodeFlags.Const) {
          for (const d of n.declarations) {
            const init = d.initializer && unwrap(d.initializer);
            if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) add(d.name, init);
          }
        }
      });
    }
    return this.functions.get(name) ?? [];
  }

  /** Names of constants a loop count can come from: numbers, objects of numbers, literal collections. */
  isCountConst(name: string): boolean {
    if (!this.countConsts) {
      this.countConsts = new Set();
      COUNT_CONSTS.lastIndex = 0;
      for (let m = COUNT_CONSTS.exec(this.sf.text); m; m = COUNT_CONSTS.exec(this.sf.text)) this.countConsts.add(m[1]);
    }
    return this.countConsts.has(name);
  }

  /** The file imports a module with CPU-heavy synchronous calls (crypto, zlib, codecs, compilers…). */
  get mentionsHeavyModule(): boolean {
    return (this.heavy ??= HEAVY_MODULES.test(this.sf.text));
  }

  get mentionsLodash(): boolean {
    return (this.lodash ??= LODASH_MODULES.test(this.sf.text));
  }

  /** The file names a width or height somewhere: only then can a loop run to an image dimension. */
  get mentionsDimension(): boolean {
    return (this.dimensions ??= DIMENSION_NAMES.test(this.sf.text));
  }
}

/** True for a function node's body range holding a mark (an arrow's expression body included). */
export function bodyHolds(fn: FunctionNode, marks: TextMarks): boolean {
  return !!fn.body && marks.inside(fn.body);
}
