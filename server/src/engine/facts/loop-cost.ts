/**
 * How much work a loop does, from syntax alone (no type checker): the size of what it iterates
 * (a literal or constant count, a data-sized collection, unbounded), which loops run inside which —
 * counting the hidden loops of array searches (`.find`, `.includes`, `.sort`…) and of inline
 * array-method callbacks — whether an iteration yields to the event loop, what one iteration does
 * (hashing, regex, JSON, arithmetic, calls into known CPU-heavy libraries), and whether a loop
 * waits on the clock by spinning.
 */
import { ts } from "ts-morph";
import { calleeName, isAncestor, isAsyncFunction, isFunctionNode, isLoop, memberName, stringValue, unwrap, walk, type FunctionNode } from "../ast";
import type { FileFacts } from "./file-facts";
import { isWrite, type Decl } from "./scope";

export type Bound =
  /** A count known from literals or constants. */
  | { kind: "const"; count: number }
  /** As many iterations as some input has items: a parameter, a request body, a query result… */
  | { kind: "data" }
  /** `while (true)`, `for (;;)`, `while (!found)`: runs until something inside stops it. */
  | { kind: "unbounded" }
  | { kind: "unknown" };

/** What a value is, as far as `.includes` / `.indexOf` care: an array scan or a substring search. */
export type Shape = "array" | "string" | "unknown";

export type InlineFn = ts.ArrowFunction | ts.FunctionExpression;

export interface IterationSite {
  /** The loop statement, or the array-method call whose callback is the loop body. */
  node: ts.IterationStatement | ts.CallExpression;
  /** Names declared inside this node are bound afresh on each iteration. */
  scope: ts.Node;
  /** The code that runs on every iteration: condition, body and incrementor, or the callback. */
  perIteration: ts.Node[];
  /** The collection walked, when there is one (`for…of` target, `.length` owner, method receiver). */
  collection?: ts.Expression;
  bound: Bound;
  /** For array-method sites: the method name ("map", "reduce"…) and the callback. */
  method?: string;
  callback?: InlineFn;
  /** For a counted loop up to an image dimension (`y < height`, `x < img.width`): that limit. */
  dimension?: ts.Expression;
}

/** A loop's size, what it walks, and for counted loops over an image dimension, that limit. */
interface Measured {
  bound: Bound;
  collection?: ts.Expression;
  dimension?: ts.Expression;
}

export type ScanKind =
  /** `.find/.filter/.some/.every/.findIndex(fn)`: a linear search with a predicate. */
  | "search"
  /** `.includes/.indexOf/.lastIndexOf(x)` on an array. */
  | "equality"
  /** `.sort()`: n·log n. */
  | "sort"
  /** `JSON.stringify(x)` / `structuredClone(x)`: walks the whole value. */
  | "serialise"
  /** An explicit loop in a helper that looks for a matching element. */
  | "loop";

/** A call (or a helper's loop) that walks a whole collection each time it runs. */
export interface HiddenScan {
  kind: ScanKind;
  /** The scanning call, or the loop for kind "loop". */
  node: ts.Node;
  /** "find", "includes", "sort", "JSON.stringify", "for…of"… */
  method: string;
  /** The collection scanned, as seen from where the scan runs (a helper's parameter is replaced by the argument). */
  receiver: ts.Expression;
  predicate?: InlineFn;
  /** Lodash's object shorthand predicate: `_.find(users, { id: o.userId })`. */
  matcher?: ts.ObjectLiteralExpression;
  /** Set when the scan sits in a local helper reached through this call. */
  via?: ts.CallExpression;
  /** For a scan in a helper: the key its equality match compares ("" for whole values). */
  helperKey?: string;
}

export type HeavyKind = "key derivation" | "compression" | "image codec" | "spreadsheet codec" | "compilation" | "file hashing";

/** A call into a known CPU-heavy synchronous API. */
export interface HeavyCall {
  call: ts.CallExpression;
  /** As written: "jpeg.decode", "zlib.gzipSync". */
  label: string;
  kind: HeavyKind;
  /** A Node core `*Sync` API with an async counterpart (sync-io reports those in latency-sensitive code). */
  nodeSyncApi: boolean;
}

/** What one iteration does, for messages and for deciding whether a large loop is worth reporting. */
export interface LoopWork {
  /** A new hash / HMAC / key derivation per iteration. */
  hashing: boolean;
  regex: boolean;
  json: boolean;
  arithmetic: boolean;
  /** Names of other called functions (not cheap built-ins such as push/get/set). */
  calls: string[];
  heavy: HeavyCall[];
}

const CALLBACK_ITERATORS = new Set(["map", "forEach", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "findLastIndex", "flatMap", "sort", "toSorted"]);
const PREDICATE_SEARCHES = new Set(["find", "findIndex", "findLast", "findLastIndex", "filter", "some", "every"]);
const EQUALITY_SEARCHES = new Set(["includes", "indexOf", "lastIndexOf"]);
/** Callee names whose module decides the size of the result (Object.keys, Array.from, fs.readdirSync, glob…). */
const SIZE_API_NAMES = new Set(["keys", "values", "entries", "getOwnPropertyNames", "from", "of", "Array", "parse", "readdirSync", "readdir", "glob", "globSync", "sync", "globby", "fg"]);
/** Methods whose result has (at most) as many items as their receiver. */
const SIZE_FOLLOWS_RECEIVER = new Set(["map", "filter", "flat", "flatMap", "sort", "toSorted", "reverse", "toReversed", "concat", "keys", "values", "entries", "fill", "split", "match", "matchAll", "slice", "splice", "toSpliced", "with"]);
const ARRAY_ONLY_METHODS = new Set(["map", "filter", "forEach", "reduce", "reduceRight", "find", "findIndex", "findLast", "findLastIndex", "some", "every", "push", "pop", "shift", "unshift", "splice", "flat", "flatMap", "join", "sort", "reverse", "fill", "toSorted", "toReversed", "toSpliced"]);
const STRING_ONLY_METHODS = new Set(["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd", "startsWith", "endsWith", "split", "charAt", "charCodeAt", "codePointAt", "replace", "replaceAll", "match", "matchAll", "substring", "substr", "padStart", "padEnd", "normalize", "localeCompare", "search", "repeat"]);
const STRING_PRODUCERS = new Set(["join", "toString", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd", "replace", "replaceAll", "substring", "substr", "padStart", "padEnd", "repeat", "normalize", "charAt", "toFixed", "toISOString", "toJSON", "toDateString", "text"]);
const ARRAY_PRODUCERS = new Set(["map", "filter", "flat", "flatMap", "split", "sort", "toSorted", "reverse", "toReversed", "splice", "toSpliced", "fill"]);
/** Calls that cost about as much as a property write: not "work" of their own. */
const CHEAP_CALLS = new Set(["push", "pop", "unshift", "shift", "set", "get", "has", "add", "delete", "toString", "valueOf", "String", "Number", "Boolean", "isArray", "isInteger", "isNaN", "isFinite", "floor", "ceil", "round", "abs", "min", "max", "trunc", "sign", "random", "now", "log", "debug", "info"]);
const MATH_WORK = new Set(["sqrt", "pow", "sin", "cos", "tan", "atan2", "exp", "log", "log2", "log10", "hypot", "cbrt"]);
const REGEX_METHODS = new Set(["test", "exec", "match", "matchAll", "replace", "replaceAll", "search", "split"]);
const CLOCK_MEMBERS = new Set(["now", "getTime", "hrtime", "bigint", "valueOf"]);
/** Words whose plural names a collection of strings or bytes rather than an array of items. */
const NOT_PLURAL = new Set(["status", "address", "alias", "canvas", "news", "series", "contents", "chars", "bytes", "this", "class", "process", "access", "success", "bus", "gas", "os", "ms", "ns", "us", "js", "ts", "css"]);

const DIMENSION_WORDS = new Set(["width", "height"]);

/** Last words of names that hold text: `.includes` on them is a substring search. */
const STRINGISH_WORDS = new Set([
  "text", "str", "string", "s", "body", "content", "contents", "html", "xml", "json", "csv", "line", "message", "msg", "name", "title",
  "description", "desc", "query", "q", "url", "uri", "href", "path", "pathname", "input", "output", "source", "src", "code", "haystack",
  "label", "header", "cookie", "host", "hostname", "domain", "email", "filename", "file", "ext", "mime", "type", "agent", "ua", "raw",
  "log", "stdout", "stderr", "buffer", "buf", "data", "chunk", "payload", "comment", "note", "sql", "template", "pattern", "prefix",
  "suffix", "search", "term", "word", "token", "value", "slug", "sentence", "paragraph", "doc", "markdown", "md", "subject", "address",
]);

/** Sync CPU-heavy calls by module: module → [path prefix…, kind, nodeSyncApi]. */
const HEAVY_APIS: { module: string; match: (path: string[]) => boolean; kind: HeavyKind; nodeSyncApi?: boolean }[] = [
  { module: "crypto", match: (p) => p.length === 1 && /^(pbkdf2Sync|scryptSync|generateKeyPairSync)$/.test(p[0]), kind: "key derivation", nodeSyncApi: true },
  { module: "zlib", match: (p) => p.length === 1 && /Sync$/.test(p[0]), kind: "compression", nodeSyncApi: true },
  { module: "bcrypt", match: (p) => p.length === 1 && /^(hashSync|compareSync|genSaltSync)$/.test(p[0]), kind: "key derivation" },
  { module: "bcryptjs", match: (p) => p.length === 1 && /^(hashSync|compareSync|genSaltSync)$/.test(p[0]), kind: "key derivation" },
  { module: "jpeg-js", match: (p) => p.length === 1 && /^(decode|encode)$/.test(p[0]), kind: "image codec" },
  { module: "pngjs", match: (p) => p.length >= 2 && p[p.length - 2] === "sync" && /^(read|write)$/.test(p[p.length - 1]), kind: "image codec" },
  { module: "upng-js", match: (p) => p.length === 1 && /^(decode|encode|toRGBA8)$/.test(p[0]), kind: "image codec" },
  { module: "bmp-js", match: (p) => p.length === 1 && /^(decode|encode)$/.test(p[0]), kind: "image codec" },
  { module: "pako", match: (p) => p.length === 1 && /^(deflate|inflate|gzip|ungzip|deflateRaw|inflateRaw)$/.test(p[0]), kind: "compression" },
  { module: "fflate", match: (p) => p.length === 1 && /Sync$|^(gzip|gunzip|zlib|unzlib|deflate|inflate|zip|unzip)Sync$/.test(p[0]), kind: "compression" },
  { module: "xlsx", match: (p) => (p.length === 1 && /^(read|write)$/.test(p[0])) || (p[0] === "utils" && /^sheet_to_|_to_sheet$/.test(p[1] ?? "")), kind: "spreadsheet codec" },
  { module: "esbuild", match: (p) => p.length === 1 && /^(transformSync|buildSync)$/.test(p[0]), kind: "compilation" },
  { module: "@babel/core", match: (p) => p.length === 1 && /^(transformSync|transformFileSync|transformFromAstSync|parseSync)$/.test(p[0]), kind: "compilation" },
  { module: "sass", match: (p) => p.length === 1 && /^(compile|compileString|renderSync)$/.test(p[0]), kind: "compilation" },
  { module: "typescript", match: (p) => p.length === 1 && /^(transpileModule|transpile)$/.test(p[0]), kind: "compilation" },
  { module: "uglify-js", match: (p) => p.length === 1 && p[0] === "minify", kind: "compilation" },
];
const HASH_FACTORIES = new Set(["createHash", "createHmac"]);
const LODASH_MODULES = new Set(["lodash", "underscore", "lodash-es", "lodash/find", "lodash/filter", "lodash/some", "lodash/every", "lodash/findIndex", "lodash/includes", "lodash/reject"]);
const LODASH_SEARCHES = new Set(["find", "filter", "some", "every", "findIndex", "findLast", "reject", "includes", "indexOf"]);
const MUTATORS = new Set(["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"]);
/** Every last name HEAVY_APIS can match, to skip resolving other callees. */
const HEAVY_NAMES = new Set([
  "pbkdf2Sync", "scryptSync", "generateKeyPairSync", "hashSync", "compareSync", "genSaltSync", "decode", "encode", "toRGBA8", "read", "write",
  "deflate", "inflate", "gzip", "ungzip", "deflateRaw", "inflateRaw", "transformSync", "buildSync", "transformFileSync", "transformFromAstSync",
  "parseSync", "compile", "compileString", "renderSync", "transpileModule", "transpile", "minify",
]);
const HEAVY_MODULE_MENTION = /crypto|zlib|bcrypt|jpeg|png|upng|bmp-js|pako|fflate|xlsx|esbuild|babel|sass|typescript|uglify/;

/** Last word of a camelCase / snake_case name, lower-cased: "allowedUserIds" → "ids". */
export function lastWord(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[\s_$-]+/).filter(Boolean);
  return (words[words.length - 1] ?? name).toLowerCase();
}

/** A plural noun, which in real code names an array far more often than a string. */
export function isPluralName(name: string): boolean {
  const w = lastWord(name);
  if (w === "ids" || w === "list" || w === "array" || w === "arr" || w === "items") return true;
  if (/list|array/i.test(name)) return true;
  if (NOT_PLURAL.has(w)) return false;
  return w.length > 2 && /[a-z]s$/.test(w) && !/(ss|us|is|ics|sis|as)$/.test(w);
}

export class LoopCostFacts {
  private readonly sf: ts.SourceFile;
  private readonly siteList: IterationSite[] = [];
  private readonly siteByNode = new Map<ts.Node, IterationSite>();
  /** Inline callback → the array-method site it is the body of. */
  private readonly siteByCallback = new Map<ts.Node, IterationSite>();
  private readonly scanList: HiddenScan[] = [];
  private readonly sizeCache = new Map<ts.Node, Bound>();
  private readonly shapeCache = new Map<ts.Node, Shape>();
  private readonly declSize = new Map<Decl, Bound>();
  private readonly declShape = new Map<Decl, Shape>();
  private readonly writesCache = new Map<IterationSite, Set<Decl>>();
  private readonly helperCache = new Map<FunctionNode, HiddenScan[]>();
  private readonly workCache = new Map<IterationSite, LoopWork>();
  private readonly visiting = new Set<Decl>();
  private readonly awaitNodes: ts.Node[] = [];
  /** `x = [...x, …]`, `x = { ...x }`, `x = x.concat(…)`, `x = Object.assign({}, x, …)` shapes, checked later. */
  private readonly copyCandidates: ts.BinaryExpression[] = [];
  private yielding?: Set<IterationSite>;
  private readonly memberSize = new Map<ts.Node, Map<string, Bound>>();
  private readonly writeNodes: [ts.Identifier, ts.Node][] = [];
  private writeIndex?: Map<Decl, ts.Node[]>;
  private readonly mutatorCalls: ts.CallExpression[] = [];
  private readonly keyedWrites: [ts.Identifier, ts.Node][] = [];
  private mutationIndex?: Map<Decl, ts.CallExpression[]>;
  /** Names assigned by a `for (x of …)` / `for (x in …)` head without a declaration. */
  private readonly forTargets = new Set<string>();
  /** Scans and loops by the function that runs them (inline callbacks count as their caller). */
  private byFunction?: Map<ts.Node | undefined, { scans: HiddenScan[]; sites: IterationSite[] }>;
  /** Calls that may reach a local helper: `f(…)` and `this.m(…)`; resolved on demand. */
  private readonly helperCandidates: ts.CallExpression[] = [];
  private localCallList?: ts.CallExpression[];
  /** Cheap pre-check: does the file mention any module whose calls can be CPU-heavy? */
  private readonly mentionsHeavyApis: boolean;

  constructor(private readonly file: FileFacts) {
    this.sf = file.sf;
    this.mentionsHeavyApis = HEAVY_MODULE_MENTION.test(file.sf.text);
    // One lean pass over the file (no per-node arrays); lists are put back in source order after.
    const stack: ts.Node[] = [this.sf];
    const push = (c: ts.Node) => {
      stack.push(c);
    };
    while (stack.length) {
      const n = stack.pop()!;
      switch (n.kind) {
        case ts.SyntaxKind.ForStatement:
        case ts.SyntaxKind.ForOfStatement:
        case ts.SyntaxKind.ForInStatement:
        case ts.SyntaxKind.WhileStatement:
        case ts.SyntaxKind.DoStatement:
          this.addLoopSite(n as ts.IterationStatement);
          break;
        case ts.SyntaxKind.CallExpression:
          this.addCall(n as ts.CallExpression);
          break;
        case ts.SyntaxKind.BinaryExpression:
          this.addAssignment(n as ts.BinaryExpression);
          break;
        case ts.SyntaxKind.PrefixUnaryExpression:
        case ts.SyntaxKind.PostfixUnaryExpression: {
          const u = n as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
          if ((u.operator === ts.SyntaxKind.PlusPlusToken || u.operator === ts.SyntaxKind.MinusMinusToken) && ts.isIdentifier(u.operand)) this.writeNodes.push([u.operand, u]);
          break;
        }
        case ts.SyntaxKind.AwaitExpression:
        case ts.SyntaxKind.YieldExpression:
          this.awaitNodes.push(n);
          break;
      }
      n.forEachChild(push);
    }
    const byPos = (a: { node: ts.Node } | ts.Node, b: { node: ts.Node } | ts.Node) => ("node" in a ? a.node : a).pos - ("node" in b ? b.node : b).pos || ("node" in b ? b.node : b).end - ("node" in a ? a.node : a).end;
    this.siteList.sort(byPos);
    this.scanList.sort(byPos);
    this.helperCandidates.sort(byPos);
  }

  private addAssignment(n: ts.BinaryExpression) {
    const op = n.operatorToken.kind;
    if (op < ts.SyntaxKind.FirstAssignment || op > ts.SyntaxKind.LastAssignment) return;
    const left = unwrap(n.left);
    if (ts.isIdentifier(left)) {
      this.writeNodes.push([left, n]);
      if (op === ts.SyntaxKind.EqualsToken && looksLikeCopy(n.right)) this.copyCandidates.push(n);
    } else if (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left)) {
      walk(left, (c) => void (ts.isIdentifier(c) && isWrite(c) && this.writeNodes.push([c, n])));
    } else if (ts.isElementAccessExpression(left) && ts.isIdentifier(unwrap(left.expression)) && !ts.isNumericLiteral(left.argumentExpression) && !ts.isStringLiteral(left.argumentExpression)) {
      // cache[key] = value: an object (or array) keyed by data grows with it.
      this.keyedWrites.push([unwrap(left.expression) as ts.Identifier, n]);
    }
  }

  /** Sites that give the event loop a turn: one walk up from each await / yield. */
  private yieldingSites(): Set<IterationSite> {
    if (this.yielding) return this.yielding;
    const out = new Set<IterationSite>();
    for (const a of this.awaitNodes) {
      let child: ts.Node = a;
      for (let p = a.parent; p; child = p, p = p.parent) {
        if (isLoop(p)) {
          const site = this.siteByNode.get(p);
          if (site && site.perIteration.includes(child)) out.add(site);
        } else if (isFunctionNode(p) || ts.isClassLike(p)) {
          // An await pauses only its own function: an async inline callback yields, its caller does not.
          const site = this.siteByCallback.get(p);
          if (site && isAsyncFunction(p)) out.add(site);
          break;
        }
      }
    }
    for (const site of this.siteList) if (ts.isForOfStatement(site.node) && site.node.awaitModifier) out.add(site);
    return (this.yielding = out);
  }

  /** Assignments and increments of each declaration, indexed in one pass instead of a scope walk per name. */
  private writesOf(decl: Decl): ts.Node[] {
    if (!this.writeIndex) {
      const m = new Map<Decl, ts.Node[]>();
      for (const [id, node] of this.writeNodes) {
        const d = this.file.scopes.resolve(id);
        const l = m.get(d);
        if (l) l.push(node);
        else m.set(d, [node]);
      }
      this.writeIndex = m;
    }
    return this.writeIndex.get(decl) ?? [];
  }

  private isReassigned(decl: Decl): boolean {
    if (decl.kind === "const" || decl.kind === "import") return false;
    return this.writesOf(decl).length > 0 || this.isForInOfTarget(decl);
  }

  /** `let x; for (x of xs)`: written by the loop head. */
  private isForInOfTarget(decl: Decl): boolean {
    return decl.kind !== "param" && !!decl.id && this.forTargets.has(decl.name);
  }

  /** `xs.push(…)`, `xs.pop()`, `xs.sort()`… on a declaration. */
  private mutationsOf(decl: Decl): ts.CallExpression[] {
    if (!this.mutationIndex) {
      const m = new Map<Decl, ts.CallExpression[]>();
      for (const call of this.mutatorCalls) {
        const d = this.file.scopes.resolve((call.expression as ts.PropertyAccessExpression).expression as ts.Identifier);
        const l = m.get(d);
        if (l) l.push(call);
        else m.set(d, [call]);
      }
      this.mutationIndex = m;
    }
    return this.mutationIndex.get(decl) ?? [];
  }

  /** Every loop and inline array-method callback in the file, in source order. */
  sites(): readonly IterationSite[] {
    return this.siteList;
  }

  /** Every call that walks a whole collection (searches, `.includes`, `.sort`, `JSON.stringify`). */
  scans(): readonly HiddenScan[] {
    return this.scanList;
  }

  /** Calls to functions declared in this file (candidates for scans inside helpers). */
  callsToLocalFunctions(): readonly ts.CallExpression[] {
    return (this.localCallList ??= this.helperCandidates.filter((call) => this.helperOf(call) !== undefined));
  }

  private helperOf(call: ts.CallExpression): FunctionNode | undefined {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee)) return localFunction(this.file, callee);
    return ts.isPropertyAccessExpression(callee) ? thisMethod(callee) : undefined;
  }

  // ── nesting ──────────────────────────────────────────────────────────────

  /**
   * The iteration sites `node` runs inside, innermost first: enclosing loops (when `node` is in
   * their per-iteration part) and array-method callbacks, up to the function boundary — a callback
   * handed to anything else runs at another time.
   */
  enclosingSites(node: ts.Node): IterationSite[] {
    const out: IterationSite[] = [];
    let child: ts.Node = node;
    let p: ts.Node | undefined = node.parent;
    while (p) {
      if (isLoop(p)) {
        const site = this.siteByNode.get(p);
        if (site && site.perIteration.includes(child)) out.push(site);
      } else if (isFunctionNode(p) || ts.isClassLike(p)) {
        const site = this.siteByCallback.get(p);
        if (!site) break;
        out.push(site);
        child = site.node;
        p = site.node.parent;
        continue;
      }
      child = p;
      p = p.parent;
    }
    return out;
  }

  /** The enclosing sites up to (not including) the first one that yields to the event loop. */
  blockingChain(node: ts.Node): IterationSite[] {
    const out: IterationSite[] = [];
    for (const s of this.enclosingSites(node)) {
      if (this.yields(s)) break;
      out.push(s);
    }
    return out;
  }

  /** True when an iteration gives the event loop a turn (an await, `for await`), or hands control back (`yield`). */
  yields(site: IterationSite): boolean {
    return this.yieldingSites().has(site);
  }

  /** True when `node` reads something bound or reassigned per iteration of `site`. */
  dependsOn(node: ts.Node, site: IterationSite): boolean {
    const written = this.writesIn(site);
    for (const decl of this.readsOf(node)) {
      // The node's own locals (a predicate's parameter) are not the loop's.
      if (decl.id && isAncestor(node, decl.id)) continue;
      if (decl.id && isAncestor(site.scope, decl.id)) return true;
      if (written.has(decl)) return true;
    }
    return false;
  }

  /** True when two expressions name the same collection: the same declaration through the same members. */
  sameValue(a: ts.Expression, b: ts.Expression): boolean {
    const x = unwrap(a);
    const y = unwrap(b);
    if (ts.isIdentifier(x) && ts.isIdentifier(y)) return this.file.scopes.resolve(x) === this.file.scopes.resolve(y);
    if (ts.isPropertyAccessExpression(x) && ts.isPropertyAccessExpression(y)) return x.name.text === y.name.text && (x.expression.kind === ts.SyntaxKind.ThisKeyword ? y.expression.kind === ts.SyntaxKind.ThisKeyword : this.sameValue(x.expression, y.expression));
    return false;
  }

  /** True when `node` reads anything bound or reassigned per iteration of one of `sites`. */
  dependsOnAny(node: ts.Node, sites: readonly IterationSite[]): boolean {
    return sites.some((s) => this.dependsOn(node, s));
  }

  private readsOf(node: ts.Node): Decl[] {
    return [...this.file.scopes.refsIn(node).reads.keys()];
  }

  private writesIn(site: IterationSite): Set<Decl> {
    let w = this.writesCache.get(site);
    if (!w) {
      w = new Set();
      for (const n of site.perIteration) for (const d of this.file.scopes.refsIn(n).writes.keys()) w.add(d);
      this.writesCache.set(site, w);
    }
    return w;
  }

  /**
   * When `body` compares a value of the inner iteration (its element, index, or a local computed
   * from them) with a value of an outer iteration — `u.id === o.userId`, `q.links.includes(p.url)` —
   * the property compared on the inner side ("id", "links"), or "" for a whole value. Undefined when
   * it does not: then the inner scan is not a join that an index could replace.
   */
  equalityJoin(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[] | "any"): string | undefined {
    let key: string | undefined;
    const sides = new Map<Decl, "inner" | "outer" | "none">();
    const sideOf = (d: Decl, depth: number): "inner" | "outer" | "none" => {
      let s = sides.get(d);
      if (s) return s;
      sides.set(d, "none");
      s = this.sideOf(d, inner, outer, depth, sideOf);
      sides.set(d, s);
      return s;
    };
    const classify = (e: ts.Node) => {
      const found = new Set(this.readsOf(e).map((d) => sideOf(d, 0)));
      return { inner: found.has("inner"), outer: found.has("outer") };
    };
    const visit = (n: ts.Node): boolean | void => {
      if (key !== undefined) return false;
      let a: ts.Expression | undefined;
      let b: ts.Expression | undefined;
      if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken)) [a, b] = [n.left, n.right];
      else if (ts.isCallExpression(n) && n.arguments.length >= 1 && ts.isPropertyAccessExpression(n.expression) && /^(includes|has|indexOf)$/.test(n.expression.name.text)) {
        // A membership test joins; a substring search (`c.body.includes(word)`) does not.
        // Only an inner item's list holding an outer value (`q.links.includes(p.url)`) can be
        // inverted into an index; an outer item's list checked per inner value is a subset test.
        const coll = n.expression.expression;
        if (n.expression.name.text !== "has" && this.searchShape(n, coll) === "string") return;
        const l = classify(coll);
        const r = classify(n.arguments[0]);
        if (l.inner && !r.inner && r.outer) key = keyOf(coll);
        return;
      }
      if (!a || !b) return;
      const l = classify(a);
      const r = classify(b);
      if (l.inner && !r.inner && r.outer) key = keyOf(a);
      else if (r.inner && !l.inner && l.outer) key = keyOf(b);
    };
    if (visit(body) !== false) walk(body, visit);
    return key;
  }

  /**
   * When `body` computes a metric of an inner and an outer item and compares it — `km < bestKm`
   * after `km = haversineKm(o, d)`, `levenshtein(a.name, b.name) <= 2` — the name of the metric's
   * function. That is a nearest / most-similar search over every pair, not a traversal.
   */
  pairwiseMetric(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): string | undefined {
    const sides = new Map<Decl, "inner" | "outer" | "none">();
    const sideOf = (d: Decl, depth: number): "inner" | "outer" | "none" => {
      let s = sides.get(d);
      if (s) return s;
      sides.set(d, "none");
      s = this.sideOf(d, inner, outer, depth, sideOf);
      sides.set(d, s);
      return s;
    };
    const readsBoth = (nodes: readonly ts.Node[]) => {
      const found = new Set(nodes.flatMap((n) => this.readsOf(n)).map((d) => sideOf(d, 0)));
      return found.has("inner") && found.has("outer");
    };
    /** Calls of both items inside `e`, looking through locals declared in the inner loop. */
    const metricIn = (e: ts.Node, depth: number): string | undefined => {
      let name: string | undefined;
      const check = (n: ts.Node): boolean | void => {
        if (name) return false;
        if (ts.isCallExpression(n) && n.arguments.length && readsBoth(n.arguments)) name = calleeName(n);
        if (ts.isIdentifier(n) && depth < 3) {
          const d = this.file.scopes.resolve(n);
          if (d.id && isAncestor(inner, d.id) && d.init && ts.isExpression(d.init) && d.kind === "const") name = metricIn(d.init, depth + 1);
        }
      };
      if (check(e) !== false) walk(e, check);
      return name;
    };
    let found: string | undefined;
    const visit = (n: ts.Node): boolean | void => {
      if (found) return false;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.LessThanToken && n.operatorToken.kind <= ts.SyntaxKind.GreaterThanEqualsToken) {
        found = metricIn(n.left, 0) ?? metricIn(n.right, 0);
      }
    };
    if (visit(body) !== false) walk(body, visit);
    return found;
  }

  /**
   * Which iteration a name belongs to: "inner" for the inner loop's own variables (and locals
   * computed from them), "outer" for an outer iteration's, "none" for names that stay the same.
   * `const a = orders[i]` inside the inner loop over j is the outer loop's value.
   */
  private sideOf(d: Decl, inner: ts.Node, outer: readonly IterationSite[] | "any", depth: number, recurse: (d: Decl, depth: number) => "inner" | "outer" | "none"): "inner" | "outer" | "none" {
    if (!d.id || d.kind === "global") return "none";
    const derived = () => {
      if (!d.init || !ts.isExpression(d.init) || depth > 4 || (d.kind !== "const" && this.isReassigned(d))) return undefined;
      const found = this.readsOf(d.init).map((r) => recurse(r, depth + 1));
      return found.includes("inner") ? "inner" : found.includes("outer") ? "outer" : "none";
    };
    if (isAncestor(inner, d.id)) return isIterationVariable(d, inner) ? "inner" : (derived() ?? "inner");
    if (outer === "any") return "outer";
    // Only the outer loop's own element / index, or a value computed from it, is "the outer item";
    // state a loop keeps (a running minimum, a flag) is not.
    for (const s of outer) {
      if (!isAncestor(s.scope, d.id)) continue;
      if (isIterationVariable(d, s.scope)) return "outer";
      return derived() ?? "none";
    }
    return "none";
  }

  /**
   * True when the loop's counter is also moved inside its body (`i = end`, `i += len`), or it has
   * no counter of its own (`while`): a scanner handing positions to its inner loops, which
   * together walk the input once.
   */
  advancesInBody(site: IterationSite): boolean {
    const loop = site.node;
    if (site.callback || ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
    if (!ts.isForStatement(loop) || !loop.initializer || !ts.isVariableDeclarationList(loop.initializer)) return true;
    for (const decl of loop.initializer.declarations) {
      if (!ts.isIdentifier(decl.name)) continue;
      const d = this.file.scopes.resolve(decl.name);
      if (this.writesOf(d).some((w) => isAncestor(loop.statement, w))) return true;
    }
    return false;
  }

  /**
   * True when `node` runs at most once per call of the function around `outermost`: it is in, or
   * right before, a `throw` or a `return` of that function. A `return` inside an inline callback
   * only ends that callback's iteration.
   */
  leavesRightAfter(node: ts.Node, outermost: IterationSite): boolean {
    let exit: "return" | "throw" | undefined;
    const note = (st: ts.Node) => {
      if (ts.isThrowStatement(st)) exit = "throw";
      else if (ts.isReturnStatement(st)) exit ??= "return";
    };
    for (let p: ts.Node | undefined = node; p && p !== outermost.node; p = p.parent) {
      if (isFunctionNode(p) || ts.isClassLike(p)) {
        if (!this.siteByCallback.has(p)) return false;
        if (exit === "return") exit = undefined;
        continue;
      }
      note(p);
      const parent = p.parent;
      if (parent && (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent))) {
        const stmts = parent.statements;
        for (let i = stmts.indexOf(p as ts.Statement) + 1; i < stmts.length; i++) note(stmts[i]);
      }
    }
    return exit !== undefined;
  }

  /**
   * True when `body` compares (`<`, `===`, `!==`…) a value of the inner iteration with one of an
   * outer iteration's item, as a pairwise check does (`a.start < b.end`).
   */
  comparesItems(body: ts.Node, inner: ts.Node, outer: readonly IterationSite[]): boolean {
    const sides = new Map<Decl, "inner" | "outer" | "none">();
    const sideOf = (d: Decl, depth: number): "inner" | "outer" | "none" => {
      let s = sides.get(d);
      if (s) return s;
      sides.set(d, "none");
      s = this.sideOf(d, inner, outer, depth, sideOf);
      sides.set(d, s);
      return s;
    };
    const reads = (e: ts.Node) => new Set(this.readsOf(e).map((d) => sideOf(d, 0)));
    let found = false;
    const visit = (n: ts.Node): boolean | void => {
      if (found) return false;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.LessThanToken && n.operatorToken.kind <= ts.SyntaxKind.ExclamationEqualsEqualsToken) {
        const l = reads(n.left);
        const r = reads(n.right);
        found = (l.has("inner") && r.has("outer")) || (l.has("outer") && r.has("inner"));
      }
    };
    if (visit(body) !== false) walk(body, visit);
    return found;
  }

  /** True when `node` holds a `return` of its own function (a search that stops at the first hit). */
  returnsFrom(node: ts.Node): boolean {
    let found = false;
    walk(node, (n) => {
      if (found || isFunctionNode(n) || ts.isClassLike(n)) return false;
      if (ts.isReturnStatement(n)) found = true;
    });
    return found;
  }

  /** True when the value `expr` names may change inside `node`: it is reassigned or mutated there. */
  mutatedWithin(expr: ts.Expression, node: ts.Node): boolean {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return true;
    const d = this.file.scopes.resolve(e);
    return this.writesOf(d).some((w) => isAncestor(node, w)) || this.mutationsOf(d).some((c) => isAncestor(node, c));
  }

  /**
   * `if (!cache) cache = xs.filter(…)`, `cache ??= xs.filter(…)`: a result computed on the first
   * iteration only.
   */
  isMemoised(node: ts.Node, site: IterationSite): boolean {
    let p = node.parent;
    while (p && (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isNonNullExpression(p))) p = p.parent;
    if (!p || !ts.isBinaryExpression(p) || !ts.isIdentifier(p.left)) return false;
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return true;
    if (op !== ts.SyntaxKind.EqualsToken) return false;
    const target = this.file.scopes.resolve(p.left);
    for (let q: ts.Node | undefined = p.parent; q && q !== site.node; q = q.parent) {
      if (ts.isIfStatement(q) && this.readsOf(q.expression).includes(target)) return true;
    }
    return false;
  }

  // ── bounds ───────────────────────────────────────────────────────────────

  private addLoopSite(loop: ts.IterationStatement) {
    if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && ts.isIdentifier(loop.initializer)) this.forTargets.add(loop.initializer.text);
    if (ts.isForOfStatement(loop) && loop.awaitModifier) this.awaitNodes.push(loop);
    let per: ts.Node[];
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) per = [loop.statement];
    else if (ts.isForStatement(loop)) per = [loop.statement, loop.condition, loop.incrementor].filter((n) => n !== undefined) as ts.Node[];
    else per = [(loop as ts.WhileStatement | ts.DoStatement).statement, (loop as ts.WhileStatement | ts.DoStatement).expression];
    this.addSite(loop, loop, per, () => this.loopBound(loop));
  }

  /** Bounds resolve declarations across the file, so they are computed on first read. */
  private addSite(node: IterationSite["node"], scope: ts.Node, perIteration: ts.Node[], measure: () => Measured, extra: Pick<IterationSite, "method" | "callback"> = {}) {
    let measured: Measured | undefined;
    const get = () => (measured ??= measure());
    const site: IterationSite = {
      node,
      scope,
      perIteration,
      ...extra,
      get bound() {
        return get().bound;
      },
      get collection() {
        return get().collection;
      },
      get dimension() {
        return get().dimension;
      },
    };
    this.siteList.push(site);
    this.siteByNode.set(node, site);
    if (extra.callback) this.siteByCallback.set(extra.callback, site);
  }

  private loopBound(loop: ts.IterationStatement): Measured {
    if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return { bound: this.sizeOf(loop.expression), collection: loop.expression };
    const cond = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
    if (!cond) return { bound: { kind: "unbounded" } };
    const counted = this.countedBound(cond, ts.isForStatement(loop) ? loop : undefined);
    if (counted) return counted;
    const c = unwrap(cond);
    if (c.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(c) && Number(c.text) !== 0)) return { bound: { kind: "unbounded" } };
    if (ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken && !hasRelational(c)) {
      const operand = unwrap(c.operand);
      if (ts.isIdentifier(operand) || ts.isCallExpression(operand)) return { bound: { kind: "unbounded" } };
    }
    return { bound: { kind: "unknown" } };
  }

  /** `i < L`, `i <= L`, `L > i`, `i >= 0` with a counter from the initializer; `&&` takes the tighter side. */
  private countedBound(cond: ts.Expression, loop: ts.ForStatement | undefined): Measured | undefined {
    const c = unwrap(cond);
    if (!ts.isBinaryExpression(c)) return undefined;
    const op = c.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const a = this.countedBound(c.left, loop);
      const b = this.countedBound(c.right, loop);
      if (a?.bound.kind === "const") return b?.bound.kind === "const" && b.bound.count < a.bound.count ? b : a;
      if (b?.bound.kind === "const") return b;
      return a ?? b;
    }
    let counter: ts.Expression;
    let limit: ts.Expression;
    let inclusive = false;
    let ascending: boolean;
    switch (op) {
      case ts.SyntaxKind.LessThanToken:
      case ts.SyntaxKind.LessThanEqualsToken:
        [counter, limit, ascending, inclusive] = [c.left, c.right, true, op === ts.SyntaxKind.LessThanEqualsToken];
        break;
      case ts.SyntaxKind.GreaterThanToken:
      case ts.SyntaxKind.GreaterThanEqualsToken:
        // `L > i` is ascending; `i > 0` / `i >= 0` counts down from the initializer.
        if (ts.isIdentifier(unwrap(c.right)) && !ts.isIdentifier(unwrap(c.left))) [counter, limit, ascending] = [c.right, c.left, true];
        else [counter, limit, ascending, inclusive] = [c.left, c.right, false, op === ts.SyntaxKind.GreaterThanEqualsToken];
        break;
      default:
        return undefined;
    }
    counter = unwrap(counter);
    if (!ts.isIdentifier(counter)) return undefined;
    const start = this.counterStart(counter, loop);
    const step = loop ? stepOf(loop.incrementor, counter.text) : 1;
    if (step === undefined) return { bound: { kind: "unknown" } };
    if (ascending) {
      const lim = this.limitBound(limit);
      if (lim.bound.kind === "const") {
        const from = start !== undefined ? this.constValue(start) : undefined;
        const span = lim.bound.count - (from ?? 0) + (inclusive ? 1 : 0);
        return { bound: { kind: "const", count: Math.max(0, Math.ceil(span / Math.abs(step))) } };
      }
      return lim;
    }
    // Counting down: the start is the size.
    if (!start) return { bound: { kind: "unknown" } };
    const from = this.limitBound(start);
    if (from.bound.kind === "const") {
      const to = this.constValue(limit) ?? 0;
      return { bound: { kind: "const", count: Math.max(0, Math.ceil((from.bound.count - to + (inclusive ? 1 : 0)) / Math.abs(step))) } };
    }
    return from;
  }

  /** The counter's initial value: from the for-initializer, else from its declaration. */
  private counterStart(counter: ts.Identifier, loop: ts.ForStatement | undefined): ts.Expression | undefined {
    const init = loop?.initializer;
    if (init && ts.isVariableDeclarationList(init)) {
      for (const d of init.declarations) if (ts.isIdentifier(d.name) && d.name.text === counter.text) return d.initializer;
    } else if (init && ts.isBinaryExpression(init) && ts.isIdentifier(init.left) && init.left.text === counter.text) return init.right;
    const decl = this.file.scopes.resolve(counter);
    const declNode = decl.id?.parent;
    return declNode && ts.isVariableDeclaration(declNode) && declNode.initializer ? declNode.initializer : undefined;
  }

  /** The size a loop limit stands for: a constant, `xs.length`, `Math.min(xs.length, 100)`. */
  private limitBound(limit: ts.Expression, depth = 0): Measured {
    const e = unwrap(limit);
    const n = this.constValue(e);
    if (n !== undefined) return { bound: Number.isFinite(n) ? { kind: "const", count: n } : { kind: "unbounded" } };
    if (depth > 4) return { bound: { kind: "unknown" } };
    // An image's width or height: as many iterations as the picture has rows or columns.
    const dimName = ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
    if (dimName && (DIMENSION_WORDS.has(lastWord(dimName)) || (ts.isIdentifier(e) && (dimName === "w" || dimName === "h")))) return { bound: { kind: "data" }, dimension: e };
    if ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && /^(length|size|byteLength)$/.test(memberName(e) ?? "")) {
      return { bound: this.sizeOf(e.expression), collection: e.expression };
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.MinusToken || e.operatorToken.kind === ts.SyntaxKind.PlusToken)) {
      const l = this.limitBound(e.left, depth + 1);
      if (l.bound.kind === "data" && this.constValue(e.right) !== undefined) return l;
    }
    if (ts.isCallExpression(e) && calleeName(e) === "min" && this.file.apis.is(e.expression, "global", "Math", "min")) {
      const parts = e.arguments.map((a) => this.limitBound(a, depth + 1));
      const consts = parts.flatMap((p) => (p.bound.kind === "const" ? [p.bound.count] : []));
      if (consts.length) return { bound: { kind: "const", count: Math.min(...consts) } };
      return parts.find((p) => p.bound.kind === "data") ?? { bound: { kind: "unknown" } };
    }
    if (ts.isIdentifier(e)) {
      const decl = this.file.scopes.resolve(e);
      if ((decl.kind === "const" || ((decl.kind === "let" || decl.kind === "var") && !this.isReassigned(decl))) && decl.init && !decl.path && ts.isExpression(decl.init)) {
        return this.limitBound(decl.init, depth + 1);
      }
    }
    return { bound: { kind: "unknown" } };
  }

  /** A number known from literals and constants: `1e6`, `1_000 * 1_000`, `const N = 50_000`. */
  constValue(expr: ts.Expression, depth = 0): number | undefined {
    if (depth > 8) return undefined;
    const e = unwrap(expr);
    if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ""));
    if (ts.isPrefixUnaryExpression(e)) {
      const v = this.constValue(e.operand, depth + 1);
      if (v === undefined) return undefined;
      if (e.operator === ts.SyntaxKind.MinusToken) return -v;
      if (e.operator === ts.SyntaxKind.PlusToken) return v;
      return undefined;
    }
    if (ts.isBinaryExpression(e)) {
      const a = this.constValue(e.left, depth + 1);
      const b = a === undefined ? undefined : this.constValue(e.right, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      switch (e.operatorToken.kind) {
        case ts.SyntaxKind.PlusToken: return a + b;
        case ts.SyntaxKind.MinusToken: return a - b;
        case ts.SyntaxKind.AsteriskToken: return a * b;
        case ts.SyntaxKind.SlashToken: return b === 0 ? undefined : a / b;
        case ts.SyntaxKind.AsteriskAsteriskToken: return a ** b;
        case ts.SyntaxKind.LessThanLessThanToken: return a * 2 ** b;
        default: return undefined;
      }
    }
    if (ts.isIdentifier(e)) {
      if (e.text === "Infinity" && this.file.scopes.resolve(e).kind === "global") return Infinity;
      const decl = this.file.scopes.resolve(e);
      if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return undefined;
      return this.constValue(decl.init, depth + 1);
    }
    if (ts.isPropertyAccessExpression(e)) {
      if ((e.name.text === "MAX_SAFE_INTEGER" || e.name.text === "POSITIVE_INFINITY") && this.file.apis.is(e.expression, "global", "Number")) return Infinity;
      const owner = this.constObject(e.expression);
      const prop = owner && propertyInit(owner, e.name.text);
      return prop ? this.constValue(prop, depth + 1) : undefined;
    }
    return undefined;
  }

  /** `LIMITS` when it is `const LIMITS = { … }`. */
  private constObject(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.file.scopes.resolve(e);
    if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return undefined;
    const init = unwrap(decl.init);
    return ts.isObjectLiteralExpression(init) ? init : undefined;
  }

  // ── collection sizes ─────────────────────────────────────────────────────

  /** How many items iterating `expr` visits. */
  sizeOf(expr: ts.Expression): Bound {
    let b = this.sizeCache.get(expr);
    if (!b) {
      b = this.computeSize(expr, 0);
      this.sizeCache.set(expr, b);
    }
    return b;
  }

  private computeSize(expr: ts.Expression, depth: number): Bound {
    if (depth > 10) return { kind: "unknown" };
    const e = unwrap(expr);
    const apis = this.file.apis;
    if (ts.isArrayLiteralExpression(e)) {
      let count = 0;
      for (const el of e.elements) {
        if (!ts.isSpreadElement(el)) count++;
        else {
          const s = this.computeSize(el.expression, depth + 1);
          if (s.kind === "data") return s;
          if (s.kind !== "const") return { kind: "unknown" };
          count += s.count;
        }
      }
      return { kind: "const", count };
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: "const", count: e.text.length };
    if (ts.isObjectLiteralExpression(e)) {
      if (e.properties.some((p) => ts.isSpreadAssignment(p))) return { kind: "unknown" };
      return { kind: "const", count: e.properties.length };
    }
    if (ts.isAwaitExpression(e)) return { kind: "data" };
    if (ts.isConditionalExpression(e)) return joinBounds(this.computeSize(e.whenTrue, depth + 1), this.computeSize(e.whenFalse, depth + 1));
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      return joinBounds(this.computeSize(e.left, depth + 1), this.computeSize(e.right, depth + 1));
    }
    if (ts.isIdentifier(e)) return this.sizeOfDecl(this.file.scopes.resolve(e), depth);
    if (ts.isNewExpression(e)) {
      const name = calleeName(e);
      const arg = e.arguments?.[0];
      if (name === "Array" && arg && e.arguments!.length === 1) {
        const n = this.constValue(arg);
        return n !== undefined ? { kind: "const", count: n } : { kind: "unknown" };
      }
      if ((name === "Set" || name === "Map" || name === "Array") && arg) return this.computeSize(arg, depth + 1);
      return { kind: "unknown" };
    }
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      const calleeLast = calleeName(e);
      const api = calleeLast !== undefined && SIZE_API_NAMES.has(calleeLast) ? apis.callee(e) : undefined;
      const arg = e.arguments[0];
      if (api?.module === "global" && api.path[0] === "Object" && /^(keys|values|entries|getOwnPropertyNames)$/.test(api.path[1] ?? "") && arg) return this.computeSize(arg, depth + 1);
      if (api?.module === "global" && api.path[0] === "Array" && (api.path[1] === "from" || api.path[1] === "of")) {
        if (api.path[1] === "of") return { kind: "const", count: e.arguments.length };
        if (!arg) return { kind: "unknown" };
        const a = unwrap(arg);
        if (ts.isObjectLiteralExpression(a)) {
          const len = propertyInit(a, "length");
          const n = len ? this.constValue(len) : undefined;
          return n !== undefined ? { kind: "const", count: n } : { kind: "unknown" };
        }
        return this.computeSize(arg, depth + 1);
      }
      if (api?.module === "global" && api.path[0] === "Array" && api.path.length === 1 && arg && e.arguments.length === 1) {
        const n = this.constValue(arg);
        return n !== undefined ? { kind: "const", count: n } : { kind: "unknown" };
      }
      if (api?.module === "global" && api.path[0] === "JSON" && api.path[1] === "parse") return { kind: "data" };
      if (api && api.module === "fs" && /^(readdirSync|readdir)$/.test(api.path[api.path.length - 1])) return { kind: "data" };
      if (api && /^(glob|fast-glob|globby|tiny-glob)$/.test(api.module)) return { kind: "data" };
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        // db.prepare(sql).all() (better-sqlite3), cursor.toArray()
        if ((method === "all" && ts.isCallExpression(unwrap(callee.expression)) && calleeName(unwrap(callee.expression) as ts.CallExpression) === "prepare") || method === "toArray") return { kind: "data" };
        if (method === "slice" && e.arguments.length) {
          // .slice(0, 10) / .slice(-5): at most that many.
          const a = this.constValue(e.arguments[0]);
          const b = e.arguments[1] ? this.constValue(e.arguments[1]) : undefined;
          if (a !== undefined && b !== undefined && a >= 0 && b >= 0) return { kind: "const", count: Math.max(0, b - a) };
          if (a !== undefined && a < 0 && !e.arguments[1]) return { kind: "const", count: -a };
        }
        if (method === "split") {
          // "a,b".split(",") is small; the lines of a file or a response body are data. Other
          // strings (a header, a setting) are usually split into a handful of parts.
          const r = this.computeSize(callee.expression, depth + 1);
          if (r.kind === "const") return r;
          return this.isFileContents(callee.expression, 0) || isAwaited(callee.expression) ? { kind: "data" } : { kind: "unknown" };
        }
        if (SIZE_FOLLOWS_RECEIVER.has(method)) return this.computeSize(callee.expression, depth + 1);
      }
      return { kind: "unknown" };
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const name = memberName(e);
        return name ? this.sizeOfThisMember(e, name) : { kind: "unknown" };
      }
      const owner = unwrap(e.expression);
      const obj = this.constObject(owner);
      const name = memberName(e);
      if (obj && name) {
        const init = propertyInit(obj, name);
        return init ? this.computeSize(init, depth + 1) : { kind: "unknown" };
      }
      // A member of input data is data: req.body.items, order.lines, rows[0].tags.
      const root = rootIdentifier(e);
      if (root) {
        const rd = this.file.scopes.resolve(root);
        if (this.isInputDecl(rd)) return { kind: "data" };
      }
      return { kind: "unknown" };
    }
    return { kind: "unknown" };
  }

  /** Parameters, loop elements and awaited results: values whose size comes from input. */
  private isInputDecl(decl: Decl): boolean {
    if (decl.kind === "param") return !this.isScalarParam(decl);
    if (decl.kind !== "const" && decl.kind !== "let" && decl.kind !== "var") return false;
    const declNode = decl.id?.parent;
    if (declNode && isLoopVariable(declNode)) return true;
    const init = decl.init && ts.isExpression(decl.init) ? unwrap(decl.init) : undefined;
    if (!init) return false;
    if (ts.isAwaitExpression(init)) return true;
    if (ts.isIdentifier(init) && !this.visiting.has(decl)) {
      this.visiting.add(decl);
      try {
        return this.isInputDecl(this.file.scopes.resolve(init));
      } finally {
        this.visiting.delete(decl);
      }
    }
    if (ts.isPropertyAccessExpression(init) || ts.isElementAccessExpression(init)) {
      const root = rootIdentifier(init);
      return !!root && !this.visiting.has(decl) && this.withVisit(decl, () => this.isInputDecl(this.file.scopes.resolve(root)));
    }
    return ts.isCallExpression(init) && this.file.apis.is(init.expression, "global", "JSON", "parse");
  }

  private withVisit<T>(decl: Decl, f: () => T): T {
    this.visiting.add(decl);
    try {
      return f();
    } finally {
      this.visiting.delete(decl);
    }
  }

  /** A parameter typed as a number / boolean is not a collection. */
  private isScalarParam(decl: Decl): boolean {
    const p = decl.id?.parent;
    if (!p || !ts.isParameter(p) || !p.type || p.name !== decl.id) return false;
    const k = p.type.kind;
    return k === ts.SyntaxKind.NumberKeyword || k === ts.SyntaxKind.BooleanKeyword || k === ts.SyntaxKind.BigIntKeyword;
  }

  private sizeOfDecl(decl: Decl, depth: number): Bound {
    const cached = this.declSize.get(decl);
    if (cached) return cached;
    if (this.visiting.has(decl)) return { kind: "unknown" };
    const b = this.withVisit(decl, () => this.computeDeclSize(decl, depth));
    this.declSize.set(decl, b);
    return b;
  }

  private computeDeclSize(decl: Decl, depth: number): Bound {
    switch (decl.kind) {
      case "param": {
        const p = decl.id?.parent;
        if (p && ts.isParameter(p) && p.name === decl.id && p.type) {
          if (ts.isTupleTypeNode(p.type)) return { kind: "const", count: p.type.elements.length };
          if (this.isScalarParam(decl)) return { kind: "unknown" };
        }
        return { kind: "data" };
      }
      case "import":
        return /\.json$/i.test(decl.module ?? "") ? { kind: "data" } : { kind: "unknown" };
      case "const":
      case "let":
      case "var":
        break;
      default:
        return { kind: "unknown" };
    }
    const declNode = decl.id?.parent;
    if (declNode && isLoopVariable(declNode)) return { kind: "data" };
    const init = decl.init && ts.isExpression(decl.init) ? decl.init : undefined;
    if (decl.path) {
      // const { rows } = await db.query(…); const { items } = req.body
      if (!init) return { kind: "unknown" };
      const u = unwrap(init);
      if (ts.isAwaitExpression(u)) return { kind: "data" };
      if (ts.isCallExpression(u) && this.file.apis.is(u.expression, "global", "JSON", "parse")) return { kind: "data" };
      if (ts.isObjectLiteralExpression(u) && decl.path.length === 1) {
        const prop = propertyInit(u, decl.path[0]);
        return prop ? this.computeSize(prop, depth + 1) : { kind: "unknown" };
      }
      const root = ts.isIdentifier(u) ? u : rootIdentifier(u);
      return root && this.isInputDecl(this.file.scopes.resolve(root)) ? { kind: "data" } : { kind: "unknown" };
    }
    let size: Bound = init ? this.computeSize(init, depth + 1) : { kind: "const", count: 0 };
    for (const rhs of this.assignedValues(decl)) size = joinBounds(size, this.computeSize(rhs, depth + 1));
    // An array that is pushed to grows with whatever loop pushes: a store at module level, or a
    // result filled in a loop over data.
    if (size.kind === "const" && init && (ts.isArrayLiteralExpression(unwrap(init)) || ts.isObjectLiteralExpression(unwrap(init))) && this.growsWithData(decl)) return { kind: "data" };
    return size;
  }

  private assignedValues(decl: Decl): ts.Expression[] {
    if (decl.kind === "const") return [];
    const out: ts.Expression[] = [];
    for (const w of this.writesOf(decl)) {
      if (ts.isBinaryExpression(w) && w.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(unwrap(w.left))) out.push(w.right);
    }
    return out;
  }

  private growsWithData(decl: Decl): boolean {
    const moduleLevel = ts.isSourceFile(decl.scope) || ts.isModuleBlock(decl.scope);
    const grows: ts.Node[] = this.mutationsOf(decl).filter((call) => /^(push|unshift|splice)$/.test((call.expression as ts.PropertyAccessExpression).name.text));
    for (const [id, write] of this.keyedWrites) if (id.text === decl.name && this.file.scopes.resolve(id) === decl) grows.push(write);
    for (const node of grows) {
      if (moduleLevel && enclosingFunctionOf(node)) return true;
      if (this.enclosingSites(node).some((s) => s.bound.kind !== "const")) return true;
    }
    return false;
  }

  /** `this.users`: a class field typed or initialised as an array, or assigned from input. */
  private sizeOfThisMember(at: ts.Node, name: string): Bound {
    const cls = thisClass(at);
    if (!cls) return { kind: "unknown" };
    let perClass = this.memberSize.get(cls);
    if (!perClass) this.memberSize.set(cls, (perClass = new Map()));
    let b = perClass.get(name);
    if (!b) perClass.set(name, (b = this.computeMemberSize(cls, name)));
    return b;
  }

  private computeMemberSize(cls: ts.ClassLikeDeclaration, name: string): Bound {
    let result: Bound = { kind: "unknown" };
    let literal = false;
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === name) {
        if (m.type && isArrayType(m.type)) return { kind: "data" };
        if (m.initializer && ts.isArrayLiteralExpression(unwrap(m.initializer))) literal = true;
      }
    }
    walk(cls, (n) => {
      if (result.kind === "data") return false;
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && isThisMember(n.left, name)) {
        const v = unwrap(n.right);
        if (ts.isArrayLiteralExpression(v)) literal = true;
        else if (ts.isIdentifier(v) && this.isInputDecl(this.file.scopes.resolve(v))) result = { kind: "data" };
        else if (ts.isAwaitExpression(v)) result = { kind: "data" };
      }
      // this.users.push(…): a store that grows
      if (literal && ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(push|unshift)$/.test(n.expression.name.text) && isThisMember(n.expression.expression, name)) result = { kind: "data" };
    });
    return result;
  }

  // ── shapes ───────────────────────────────────────────────────────────────

  /** Whether `.includes` / `.indexOf` on `expr` scans an array (rather than searching a string). */
  shapeOf(expr: ts.Expression): Shape {
    let s = this.shapeCache.get(expr);
    if (!s) {
      s = this.computeShape(expr, 0);
      this.shapeCache.set(expr, s);
    }
    return s;
  }

  private computeShape(expr: ts.Expression, depth: number): Shape {
    if (depth > 8) return "unknown";
    const e = unwrap(expr);
    if (ts.isArrayLiteralExpression(e)) return "array";
    if (ts.isStringLiteral(e) || ts.isTemplateExpression(e) || ts.isNoSubstitutionTemplateLiteral(e)) return "string";
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = this.computeShape(e.left, depth + 1);
      return l === "string" || this.computeShape(e.right, depth + 1) === "string" ? "string" : "unknown";
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      const l = this.computeShape(e.left, depth + 1);
      const r = this.computeShape(e.right, depth + 1);
      return l === r ? l : l === "unknown" ? r : r === "unknown" ? l : "unknown";
    }
    if (ts.isAwaitExpression(e)) {
      const inner = unwrap(e.expression);
      if (ts.isCallExpression(inner)) {
        const name = calleeName(inner);
        if (name === "text" || name === "readFile") return "string";
      }
      return "unknown";
    }
    if (ts.isCallExpression(e)) {
      const api = this.file.apis.callee(e);
      if (api?.module === "global") {
        if (api.path[0] === "String" && api.path.length === 1) return "string";
        if (api.path[0] === "JSON" && api.path[1] === "stringify") return "string";
        if (api.path[0] === "Object" && /^(keys|values|entries)$/.test(api.path[1] ?? "")) return "array";
        if (api.path[0] === "Array" && (api.path[1] === "from" || api.path[1] === "of")) return "array";
      }
      if (api?.module === "fs" && /^readFileSync$/.test(api.path[api.path.length - 1]) && e.arguments.length > 1) return "string";
      const callee = unwrap(e.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const m = callee.name.text;
        if (STRING_PRODUCERS.has(m)) return "string";
        if (ARRAY_PRODUCERS.has(m)) return "array";
        if (m === "slice" || m === "concat") return this.computeShape(callee.expression, depth + 1);
      }
      return "unknown";
    }
    if (ts.isIdentifier(e)) return this.shapeOfDecl(this.file.scopes.resolve(e), depth);
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = thisClass(e);
      const m = cls?.members.find((x): x is ts.PropertyDeclaration => ts.isPropertyDeclaration(x) && !!x.name && ts.isIdentifier(x.name) && x.name.text === e.name.text);
      if (m?.type) return typeShape(m.type);
      if (m?.initializer) return this.computeShape(m.initializer, depth + 1);
      return isPluralName(e.name.text) ? "array" : "unknown";
    }
    if (ts.isPropertyAccessExpression(e)) {
      const name = e.name.text;
      if (name === "url" || name === "path" || name === "pathname" || name === "originalUrl") return "string";
      if (this.file.apis.resolve(e)?.module === "global" && this.file.apis.resolve(e)?.path[0] === "process") return "unknown";
      return isPluralName(name) ? "array" : "unknown";
    }
    return "unknown";
  }

  /**
   * Whether `.includes(x)` / `.indexOf(x)` at `call` scans an array. Beyond what `shapeOf` knows,
   * the argument tells: an id (`p.id`, `row.userId`) or an element of an array being iterated is
   * looked up in a list far more often than searched for in a string — unless the receiver's name
   * says it is text.
   */
  searchShape(call: ts.CallExpression, receiver: ts.Expression): Shape {
    const known = this.shapeOf(receiver);
    if (known !== "unknown") return known;
    const r = unwrap(receiver);
    const name = ts.isIdentifier(r) ? r.text : ts.isPropertyAccessExpression(r) ? r.name.text : undefined;
    if (!name || STRINGISH_WORDS.has(lastWord(name))) return "unknown";
    if (ts.isIdentifier(r) && this.file.scopes.resolve(r).kind === "global") return "unknown";
    const arg = call.arguments[0] && unwrap(call.arguments[0]);
    if (!arg) return "unknown";
    if (/^(id|uuid|sku|key)$|(Id|Uuid|Sku|Key)$/.test(memberName(arg) ?? "")) return "array";
    if (ts.isIdentifier(arg)) {
      const d = this.file.scopes.resolve(arg);
      const site = d.id && this.elementSite(d);
      if (site && site.collection && (site.callback || this.shapeOf(site.collection) === "array")) return "array";
    }
    return "unknown";
  }

  /** The site whose element `d` is: a for…of variable or the first parameter of an array-method callback. */
  private elementSite(d: Decl): IterationSite | undefined {
    const declNode = d.id?.parent;
    if (declNode && isLoopVariable(declNode)) return this.siteByNode.get(declNode.parent.parent);
    if (d.kind === "param" && declNode && ts.isParameter(declNode)) {
      const fn = declNode.parent;
      const site = this.siteByCallback.get(fn);
      if (site && site.callback?.parameters[0] === declNode && site.method !== "reduce" && site.method !== "reduceRight") return site;
    }
    return undefined;
  }

  private shapeOfDecl(decl: Decl, depth: number): Shape {
    const cached = this.declShape.get(decl);
    if (cached) return cached;
    if (this.visiting.has(decl)) return "unknown";
    const s = this.withVisit(decl, () => this.computeDeclShape(decl, depth));
    this.declShape.set(decl, s);
    return s;
  }

  private computeDeclShape(decl: Decl, depth: number): Shape {
    if (decl.kind === "global" || decl.kind === "function" || decl.kind === "class" || decl.kind === "enum") return "unknown";
    const declNode = decl.id?.parent;
    const typeNode = declNode && (ts.isParameter(declNode) || ts.isVariableDeclaration(declNode)) && declNode.name === decl.id ? declNode.type : undefined;
    if (typeNode) {
      const t = typeShape(typeNode);
      if (t !== "unknown") return t;
    }
    if (decl.kind === "import") return /\.json$/i.test(decl.module ?? "") && isPluralName(decl.name) ? "array" : "unknown";
    if (!decl.path && decl.init && ts.isExpression(decl.init) && decl.kind !== "param") {
      const fromInit = this.computeShape(decl.init, depth + 1);
      if (fromInit !== "unknown") {
        const reassigned = this.assignedValues(decl).map((v) => this.computeShape(v, depth + 1));
        return reassigned.every((s) => s === fromInit || s === "unknown") ? fromInit : "unknown";
      }
    }
    const used = this.usageShape(decl);
    if (used !== "unknown") return used;
    return isPluralName(decl.name) ? "array" : "unknown";
  }

  /** Evidence from how the name is used elsewhere: `xs.map(…)` is an array, `s.trim()` a string. */
  private usageShape(decl: Decl): Shape {
    let array = false;
    let string = false;
    for (const ref of this.file.scopes.references(decl)) {
      const p = ref.parent;
      if (ts.isPropertyAccessExpression(p) && p.expression === ref && ts.isCallExpression(p.parent) && p.parent.expression === p) {
        const m = p.name.text;
        if (ARRAY_ONLY_METHODS.has(m)) array = true;
        else if (STRING_ONLY_METHODS.has(m)) string = true;
      }
      if (ts.isCallExpression(p) && p.arguments[0] === ref && this.file.apis.is(p.expression, "global", "Array", "isArray")) array = true;
      if (ts.isTypeOfExpression(p) && ts.isBinaryExpression(p.parent) && stringValue(p.parent.right === p ? p.parent.left : p.parent.right) === "string") string = true;
    }
    return array === string ? "unknown" : array ? "array" : "string";
  }

  // ── scans ────────────────────────────────────────────────────────────────

  private addCall(call: ts.CallExpression) {
    const callee = unwrap(call.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && MUTATORS.has(callee.name.text) && call.expression === callee) this.mutatorCalls.push(call);
    const first = call.arguments[0];
    const firstFn = first && inlineFn(first);
    if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
      const method = memberName(callee);
      const receiver = callee.expression;
      if (method && CALLBACK_ITERATORS.has(method) && firstFn) this.addCallbackSite(call, method, receiver, firstFn);
      if (method && PREDICATE_SEARCHES.has(method) && firstFn) this.scanList.push({ kind: "search", node: call, method, receiver, predicate: firstFn });
      else if (method && EQUALITY_SEARCHES.has(method) && first && !ts.isSpreadElement(first)) this.scanList.push({ kind: "equality", node: call, method, receiver });
      else if (method && (method === "sort" || method === "toSorted") && receiver.kind !== ts.SyntaxKind.ThisKeyword) this.scanList.push({ kind: "sort", node: call, method, receiver });
      else if (method === "from" && call.arguments[1] && inlineFn(call.arguments[1]) && this.file.apis.is(callee, "global", "Array", "from")) {
        this.addCallbackSite(call, "from", first, inlineFn(call.arguments[1])!);
      } else if (method === "stringify" && first && this.file.apis.is(callee, "global", "JSON", "stringify")) {
        this.scanList.push({ kind: "serialise", node: call, method: "JSON.stringify", receiver: first });
      }
    }
    if (call.arguments.length >= 2 && LODASH_SEARCHES.has(calleeName(call) ?? "")) this.addLodashScan(call);
    if (ts.isIdentifier(callee)) {
      if (callee.text === "structuredClone" && first && this.file.scopes.resolve(callee).kind === "global") {
        this.scanList.push({ kind: "serialise", node: call, method: "structuredClone", receiver: first });
      } else this.helperCandidates.push(call);
    }
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) this.helperCandidates.push(call);
  }

  /** `_.find(list, fn | { key: value })`, `_.includes(list, x)` from lodash / underscore. */
  private addLodashScan(call: ts.CallExpression) {
    const api = this.file.apis.callee(call);
    if (!api || !LODASH_MODULES.has(api.module)) return;
    const method = api.path.length === 1 ? api.path[0] : api.path.length === 0 ? api.module.split("/")[1] : undefined;
    if (!method || !LODASH_SEARCHES.has(method)) return;
    const [receiver, second] = call.arguments;
    if (ts.isSpreadElement(receiver) || ts.isSpreadElement(second)) return;
    const label = `_.${method}`;
    if (method === "includes" || method === "indexOf") {
      this.scanList.push({ kind: "equality", node: call, method: label, receiver });
      return;
    }
    const fn = inlineFn(second);
    const obj = unwrap(second);
    if (fn) this.scanList.push({ kind: "search", node: call, method: label, receiver, predicate: fn });
    else if (ts.isObjectLiteralExpression(obj)) this.scanList.push({ kind: "search", node: call, method: label, receiver, matcher: obj });
  }

  /** For a lodash matcher `{ id: o.userId }`: the first key whose value comes from an outer item. */
  matcherJoin(matcher: ts.ObjectLiteralExpression, outer: readonly IterationSite[] | "any"): string | undefined {
    for (const p of matcher.properties) {
      const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
      if (!value || !p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      // Inside a helper any non-literal value comes from the caller.
      const fromOuter = outer === "any" ? this.readsOf(value).some((d) => d.kind !== "global") : this.dependsOnAny(value, outer);
      if (fromOuter) return p.name.text;
    }
    return undefined;
  }

  private addCallbackSite(call: ts.CallExpression, method: string, receiver: ts.Expression, fn: InlineFn) {
    // Array.from(x, fn) iterates what Array.from(x) would hold: `{ length: n }` is n items.
    const measured = method === "from" ? call : receiver;
    this.addSite(call, fn, [fn.body], () => ({ bound: this.sizeOf(measured), collection: receiver }), { method, callback: fn });
  }

  /**
   * Scans that run when a local helper is called: `findUser(id)` whose body is
   * `return users.find((u) => u.id === id)`, or a loop over a collection that looks for a match.
   * Only scans at the helper's own top level count (a loop inside the helper is its own nest).
   * A scan over one of the helper's parameters is reported over the argument.
   */
  scansThrough(call: ts.CallExpression): HiddenScan[] {
    const fn = this.helperOf(call);
    // A recursive call walks the same data again by design; its cost is the recursion's.
    if (!fn || !fn.body || isAncestor(fn, call)) return [];
    let inner = this.helperCache.get(fn);
    if (!inner) {
      inner = this.helperScans(fn);
      this.helperCache.set(fn, inner);
    }
    const out: HiddenScan[] = [];
    for (const s of inner) {
      const r = unwrap(s.receiver);
      let receiver: ts.Expression = s.receiver;
      if (ts.isIdentifier(r)) {
        const idx = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && this.file.scopes.resolve(r).id === p.name);
        if (idx >= 0) {
          const arg = call.arguments[idx];
          if (!arg || ts.isSpreadElement(arg)) continue;
          receiver = arg;
        } else if (fn.parameters.some((p) => isAncestor(p, this.file.scopes.resolve(r).id ?? p))) continue;
      }
      // Anything else the helper computes itself (from its arguments) is new on every call.
      if (receiver === s.receiver && this.readsOf(s.receiver).some((d) => d.id && isAncestor(fn, d.id))) continue;
      out.push({ ...s, receiver, via: call });
    }
    return out;
  }

  private helperScans(fn: FunctionNode): HiddenScan[] {
    const out: HiddenScan[] = [];
    if (isAsyncFunction(fn) || ("asteriskToken" in fn && fn.asteriskToken)) return out;
    const own = this.ownedBy(fn);
    for (const scan of own.scans) {
      if (this.enclosingSites(scan.node).length) continue;
      if (scan.kind === "search") {
        const key = scan.predicate ? this.equalityJoin(scan.predicate.body, scan.predicate, "any") : scan.matcher && this.matcherJoin(scan.matcher, "any");
        if (key === undefined) continue;
        out.push({ ...scan, helperKey: key });
      } else if (scan.kind === "equality" || scan.kind === "sort") out.push(scan);
    }
    for (const site of own.sites) {
      if (site.callback || !site.collection) continue;
      if (this.enclosingSites(site.node).length || this.yields(site)) continue;
      const key = this.equalityJoin(site.node, site.scope, "any");
      if (key === undefined) continue;
      out.push({ kind: "loop", node: site.node, method: ts.isForOfStatement(site.node) ? "for…of" : "for", receiver: site.collection, helperKey: key });
    }
    return out;
  }

  private ownedBy(fn: FunctionNode): { scans: HiddenScan[]; sites: IterationSite[] } {
    if (!this.byFunction) {
      const m = new Map<ts.Node | undefined, { scans: HiddenScan[]; sites: IterationSite[] }>();
      const entry = (n: ts.Node) => {
        const owner = this.enclosingFunctionThroughCallbacks(n);
        let e = m.get(owner);
        if (!e) m.set(owner, (e = { scans: [], sites: [] }));
        return e;
      };
      for (const scan of this.scanList) entry(scan.node).scans.push(scan);
      for (const site of this.siteList) entry(site.node).sites.push(site);
      this.byFunction = m;
    }
    return this.byFunction.get(fn) ?? { scans: [], sites: [] };
  }

  private enclosingFunctionThroughCallbacks(node: ts.Node): ts.Node | undefined {
    for (let p = node.parent; p; p = p.parent) {
      if (isFunctionNode(p)) {
        const site = this.siteByCallback.get(p);
        if (!site) return p;
        p = site.node;
      }
    }
    return undefined;
  }

  // ── per-iteration work ───────────────────────────────────────────────────

  /** False when the file mentions no module with CPU-heavy calls: no loop in it can find any. */
  mayCallHeavyApis(): boolean {
    return this.mentionsHeavyApis;
  }

  /** What one iteration of `site` does, looking into inline callbacks and (one level) local helpers. */
  workOf(site: IterationSite): LoopWork {
    let w = this.workCache.get(site);
    if (w) return w;
    w = { hashing: false, regex: false, json: false, arithmetic: false, calls: [], heavy: [] };
    const work = w;
    const incrementor = ts.isForStatement(site.node) ? site.node.incrementor : undefined;
    const seenHelpers = new Set<ts.Node>();
    const visit = (root: ts.Node, depth: number) => {
      const check = (n: ts.Node): boolean | void => {
        if (n === incrementor) return false;
        if ((isFunctionNode(n) || ts.isClassLike(n)) && n !== root && !this.siteByCallback.has(n)) return false;
        if (ts.isRegularExpressionLiteral(n)) work.regex = true;
        if (ts.isBinaryExpression(n) && isArithmetic(n.operatorToken.kind)) work.arithmetic = true;
        if (ts.isCallExpression(n) || ts.isNewExpression(n)) this.classifyCall(n, work, depth, seenHelpers, visit);
      };
      if (check(root) !== false) walk(root, check);
    };
    for (const n of site.perIteration) visit(n, 0);
    this.workCache.set(site, w);
    return w;
  }

  private classifyCall(n: ts.CallExpression | ts.NewExpression, work: LoopWork, depth: number, seen: Set<ts.Node>, visit: (root: ts.Node, depth: number) => void) {
    const name = calleeName(n);
    // Resolving a callee is the costly part; only names that can be hashing, JSON, Math or a
    // known heavy API are worth it.
    const owner = ts.isPropertyAccessExpression(n.expression) ? unwrap(n.expression.expression) : undefined;
    const interesting = (name !== undefined && (HASH_FACTORIES.has(name) || name === "hash" || (this.mentionsHeavyApis && (HEAVY_NAMES.has(name) || name.endsWith("Sync") || /^sheet_to_|_to_sheet$/.test(name))))) || (owner !== undefined && ts.isIdentifier(owner) && (owner.text === "JSON" || owner.text === "Math"));
    const api = interesting ? this.file.apis.callee(n) : undefined;
    if (ts.isNewExpression(n)) {
      if (name === "RegExp") work.regex = true;
      return;
    }
    if (api) {
      const last = api.path[api.path.length - 1];
      if (api.module === "crypto" && (HASH_FACTORIES.has(last) || last === "hash")) {
        work.hashing = true;
        if (this.hashesFileContents(n)) work.heavy.push({ call: n, label: labelOf(n.expression, this.sf), kind: "file hashing", nodeSyncApi: false });
        return;
      }
      const heavy = HEAVY_APIS.find((h) => h.module === api.module && h.match(api.path));
      if (heavy) {
        if (heavy.kind === "key derivation") work.hashing = true;
        work.heavy.push({ call: n, label: labelOf(n.expression, this.sf), kind: heavy.kind, nodeSyncApi: !!heavy.nodeSyncApi });
        return;
      }
      if (api.module === "global" && api.path[0] === "JSON") {
        work.json = true;
        return;
      }
      if (api.module === "global" && api.path[0] === "Math") {
        if (MATH_WORK.has(last)) work.arithmetic = true;
        return;
      }
    }
    if (name && REGEX_METHODS.has(name) && (n.arguments.some((a) => ts.isRegularExpressionLiteral(unwrap(a))) || (ts.isPropertyAccessExpression(n.expression) && ts.isRegularExpressionLiteral(unwrap(n.expression.expression))))) {
      work.regex = true;
    }
    if (!name || CHEAP_CALLS.has(name)) return;
    if (!work.calls.includes(name)) work.calls.push(name);
    // One level into local helpers: resize(file) → jpeg.encode(…)
    if (depth === 0) {
      const callee = unwrap(n.expression);
      const fn = ts.isIdentifier(callee) ? localFunction(this.file, callee) : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? thisMethod(callee) : undefined;
      if (fn?.body && !seen.has(fn) && !isAsyncFunction(fn)) {
        seen.add(fn);
        visit(fn.body, depth + 1);
      }
    }
  }

  /** `createHash(…).update(readFileSync(p))`, or of a value read from a file. */
  private hashesFileContents(factory: ts.CallExpression): boolean {
    const inputs: ts.Expression[] = [];
    if (calleeName(factory) === "hash" && factory.arguments[1]) inputs.push(factory.arguments[1]);
    for (let p: ts.Node = factory; ; ) {
      const access = p.parent;
      if (!access || !ts.isPropertyAccessExpression(access) || !ts.isCallExpression(access.parent)) break;
      if (access.name.text === "update" && access.parent.arguments[0]) inputs.push(access.parent.arguments[0]);
      p = access.parent;
    }
    // const h = createHash("sha256"); h.update(buf)
    const holder = factory.parent;
    if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
      const decl = this.file.scopes.resolve(holder.name);
      for (const ref of this.file.scopes.references(decl)) {
        const a = ref.parent;
        if (ts.isPropertyAccessExpression(a) && a.name.text === "update" && ts.isCallExpression(a.parent) && a.parent.arguments[0]) inputs.push(a.parent.arguments[0]);
      }
    }
    return inputs.some((i) => this.isFileContents(i, 0));
  }

  private isFileContents(expr: ts.Expression, depth: number): boolean {
    if (depth > 3) return false;
    let e = unwrap(expr);
    if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
    // readFileSync(p).toString()
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "toString") e = unwrap(e.expression.expression);
    if (ts.isCallExpression(e)) {
      const api = this.file.apis.callee(e);
      return !!api && api.module === "fs" && /^(readFileSync|readFile)$/.test(api.path[api.path.length - 1]);
    }
    if (ts.isIdentifier(e)) {
      const decl = this.file.scopes.resolve(e);
      return !decl.path && !!decl.init && ts.isExpression(decl.init) && this.isFileContents(decl.init, depth + 1);
    }
    return false;
  }

  /** `while (Date.now() < end)`, `while (performance.now() - t0 < ms)`: waiting by spinning. */
  spinsOnClock(site: IterationSite): boolean {
    const loop = site.node;
    const cond = ts.isForStatement(loop) ? loop.condition : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : undefined;
    if (!cond) return false;
    let clock = false;
    walk(cond, (n) => {
      if (clock) return false;
      if (ts.isCallExpression(n)) {
        const name = calleeName(n);
        if (!name || !CLOCK_MEMBERS.has(name)) return;
        const api = this.file.apis.callee(n);
        if (api?.module === "global" && ((api.path[0] === "Date" && api.path[1] === "now") || (api.path[0] === "performance" && api.path[1] === "now") || (api.path[0] === "process" && api.path[1] === "hrtime"))) clock = true;
        if (api?.module === "perf_hooks" && name === "now") clock = true;
        if (name && CLOCK_MEMBERS.has(name) && ts.isPropertyAccessExpression(n.expression) && ts.isNewExpression(unwrap(n.expression.expression)) && calleeName(unwrap(n.expression.expression) as ts.NewExpression) === "Date") clock = true;
      }
    });
    return clock && !this.yields(site);
  }

  /**
   * Copies of an accumulator made on every iteration — `reduce((acc, x) => ({ ...acc, [x.id]: x }))`,
   * `acc = [...acc, x]`, `acc = acc.concat(x)` — which make the loop quadratic in what it builds.
   */
  accumulatorCopies(site: IterationSite): ts.Node[] {
    const out: ts.Node[] = [];
    if (site.callback && (site.method === "reduce" || site.method === "reduceRight")) {
      const accParam = site.callback.parameters[0];
      if (!accParam || !ts.isIdentifier(accParam.name)) return out;
      const acc = this.file.scopes.resolve(accParam.name);
      for (const ret of returnedValues(site.callback)) if (this.copiesOf(ret, acc)) out.push(ret);
      return out;
    }
    for (const n of this.copyCandidates) {
      if (!site.perIteration.some((root) => isAncestor(root, n)) || !this.enclosingSites(n).includes(site)) continue;
      const acc = this.file.scopes.resolve(unwrap(n.left) as ts.Identifier);
      if (acc.id && !isAncestor(site.scope, acc.id) && this.copiesOf(n.right, acc)) out.push(n);
    }
    return out;
  }

  private copiesOf(value: ts.Expression, acc: Decl): boolean {
    const v = unwrap(value);
    const isAcc = (e: ts.Expression) => {
      const u = unwrap(e);
      return ts.isIdentifier(u) && this.file.scopes.resolve(u) === acc;
    };
    if (ts.isObjectLiteralExpression(v)) return v.properties.some((p) => ts.isSpreadAssignment(p) && isAcc(p.expression));
    if (ts.isArrayLiteralExpression(v)) return v.elements.some((el) => ts.isSpreadElement(el) && isAcc(el.expression));
    if (ts.isCallExpression(v)) {
      const callee = unwrap(v.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "concat" && isAcc(callee.expression)) return true;
      if (this.file.apis.is(callee, "global", "Object", "assign") && v.arguments.length >= 2 && ts.isObjectLiteralExpression(unwrap(v.arguments[0])) && v.arguments.slice(1).some(isAcc)) return true;
    }
    return false;
  }
}

// ── small syntax helpers ───────────────────────────────────────────────────

function joinBounds(a: Bound, b: Bound): Bound {
  if (a.kind === "data" || b.kind === "data") return { kind: "data" };
  if (a.kind === "const" && b.kind === "const") return { kind: "const", count: Math.max(a.count, b.count) };
  return { kind: "unknown" };
}

function enclosingFunctionOf(node: ts.Node): ts.Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (isFunctionNode(p)) return p;
  return undefined;
}

/** Cheap syntactic pre-filter for copiesOf(): a spread literal, `.concat(…)` or `Object.assign(…)`. */
function looksLikeCopy(value: ts.Expression): boolean {
  const v = unwrap(value);
  if (ts.isObjectLiteralExpression(v)) return v.properties.some(ts.isSpreadAssignment);
  if (ts.isArrayLiteralExpression(v)) return v.elements.some(ts.isSpreadElement);
  if (ts.isCallExpression(v)) {
    const name = calleeName(v);
    return name === "concat" || name === "assign";
  }
  return false;
}

/** `await x` or a name bound to one. */
function isAwaited(e: ts.Expression): boolean {
  const u = unwrap(e);
  return ts.isAwaitExpression(u) || (ts.isParenthesizedExpression(u) && ts.isAwaitExpression(unwrap(u.expression)));
}

function inlineFn(e: ts.Expression): InlineFn | undefined {
  const u = unwrap(e);
  return ts.isArrowFunction(u) || ts.isFunctionExpression(u) ? u : undefined;
}

/** A loop's own variable (for-initializer, for…of binding) or a callback's parameter. */
function isIterationVariable(d: Decl, site: ts.Node): boolean {
  if (!d.id) return false;
  if (isFunctionNode(site)) return d.kind === "param" && isAncestor(site, d.id) && site.parameters.some((p) => isAncestor(p, d.id!));
  const init = (site as ts.ForStatement | ts.ForOfStatement | ts.ForInStatement).initializer;
  return !!init && isAncestor(init, d.id);
}

function isLoopVariable(declNode: ts.Node): boolean {
  const list = declNode.parent;
  return !!list && ts.isVariableDeclarationList(list) && !!list.parent && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
}

/** The identifier a member chain starts from: `req.body.items[0]` → req. */
function rootIdentifier(e: ts.Expression): ts.Identifier | undefined {
  let cur = unwrap(e);
  while (ts.isPropertyAccessExpression(cur) || ts.isElementAccessExpression(cur) || ts.isCallExpression(cur)) cur = unwrap(cur.expression);
  return ts.isIdentifier(cur) ? cur : undefined;
}

function propertyInit(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name) return p.initializer;
  }
  return undefined;
}

function hasRelational(n: ts.Node): boolean {
  let found = false;
  walk(n, (c) => {
    if (ts.isBinaryExpression(c) && c.operatorToken.kind >= ts.SyntaxKind.LessThanToken && c.operatorToken.kind <= ts.SyntaxKind.GreaterThanEqualsToken) found = true;
    if (ts.isPropertyAccessExpression(c) && c.name.text === "length") found = true;
  });
  return found;
}

/** The counter's step: `i++` → 1, `i += 2` → 2, `i--` → -1; undefined for `i *= 2` and the like. */
function stepOf(incr: ts.Expression | undefined, counter: string): number | undefined {
  if (!incr) return 1;
  const e = unwrap(incr);
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && ts.isIdentifier(e.operand) && e.operand.text === counter) {
    return e.operator === ts.SyntaxKind.PlusPlusToken ? 1 : e.operator === ts.SyntaxKind.MinusMinusToken ? -1 : undefined;
  }
  if (ts.isBinaryExpression(e) && ts.isIdentifier(e.left) && e.left.text === counter) {
    const k = e.operatorToken.kind;
    const r = unwrap(e.right);
    if ((k === ts.SyntaxKind.PlusEqualsToken || k === ts.SyntaxKind.MinusEqualsToken) && ts.isNumericLiteral(r)) return Number(r.text) * (k === ts.SyntaxKind.MinusEqualsToken ? -1 : 1);
    if (k === ts.SyntaxKind.PlusEqualsToken || k === ts.SyntaxKind.MinusEqualsToken) return 1;
    if (k === ts.SyntaxKind.EqualsToken && ts.isBinaryExpression(r) && ts.isIdentifier(r.left) && r.left.text === counter && ts.isNumericLiteral(r.right)) {
      if (r.operatorToken.kind === ts.SyntaxKind.PlusToken) return Number(r.right.text);
      if (r.operatorToken.kind === ts.SyntaxKind.MinusToken) return -Number(r.right.text);
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return stepOf(e.left, counter) ?? stepOf(e.right, counter);
  return 1;
}

function isArithmetic(k: ts.SyntaxKind): boolean {
  switch (k) {
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.PercentToken:
    case ts.SyntaxKind.AsteriskAsteriskToken:
    case ts.SyntaxKind.PlusToken:
    case ts.SyntaxKind.MinusToken:
    case ts.SyntaxKind.LessThanLessThanToken:
    case ts.SyntaxKind.GreaterThanGreaterThanToken:
    case ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken:
    case ts.SyntaxKind.CaretToken:
    case ts.SyntaxKind.AmpersandToken:
    case ts.SyntaxKind.BarToken:
    case ts.SyntaxKind.PlusEqualsToken:
    case ts.SyntaxKind.MinusEqualsToken:
    case ts.SyntaxKind.AsteriskEqualsToken:
    case ts.SyntaxKind.SlashEqualsToken:
    case ts.SyntaxKind.PercentEqualsToken:
    case ts.SyntaxKind.CaretEqualsToken:
      return true;
    default:
      return false;
  }
}

function typeShape(t: ts.TypeNode): Shape {
  if (isArrayType(t)) return "array";
  if (t.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return "string";
  if (ts.isUnionTypeNode(t)) {
    const parts = t.types.filter((x) => x.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(x) && x.literal.kind === ts.SyntaxKind.NullKeyword)).map(typeShape);
    return parts.length && parts.every((p) => p === parts[0]) ? parts[0] : "unknown";
  }
  return "unknown";
}

function isArrayType(t: ts.TypeNode): boolean {
  if (ts.isArrayTypeNode(t) || ts.isTupleTypeNode(t)) return true;
  if (ts.isTypeOperatorNode(t) && t.operator === ts.SyntaxKind.ReadonlyKeyword) return isArrayType(t.type);
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) return t.typeName.text === "Array" || t.typeName.text === "ReadonlyArray";
  return false;
}

function isThisMember(e: ts.Expression, name: string): boolean {
  const u = unwrap(e);
  return ts.isPropertyAccessExpression(u) && u.expression.kind === ts.SyntaxKind.ThisKeyword && u.name.text === name;
}

/** The class whose instance `this` is at `node` (arrow functions keep the outer `this`). */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isArrowFunction(p)) continue;
    if (ts.isMethodDeclaration(p) || ts.isConstructorDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isPropertyDeclaration(p)) {
      return ts.isClassLike(p.parent) ? p.parent : undefined;
    }
    if (isFunctionNode(p)) return undefined;
  }
  return undefined;
}

function thisMethod(access: ts.PropertyAccessExpression): ts.MethodDeclaration | undefined {
  if (access.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const cls = thisClass(access);
  return cls?.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.body && ts.isIdentifier(m.name) && m.name.text === access.name.text);
}

/** A function declared in this file under `id`'s name: `function f(){}` or `const f = () => …`. */
function localFunction(file: FileFacts, id: ts.Identifier): FunctionNode | undefined {
  const decl = file.scopes.resolve(id);
  if (decl.kind === "function" && decl.init && isFunctionNode(decl.init)) return decl.init;
  if (decl.kind === "const" && !decl.path && decl.init) {
    const init = ts.isExpression(decl.init) ? unwrap(decl.init) : decl.init;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

function returnedValues(fn: InlineFn): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  walk(fn.body, (n) => {
    if (isFunctionNode(n) || ts.isClassLike(n)) return false;
    if (ts.isReturnStatement(n) && n.expression) out.push(n.expression);
  });
  return out;
}

/** The property an equality compares on the element side: `u.id` → "id", `u.email.toLowerCase()` → "email". */
function keyOf(e: ts.Expression): string {
  let cur = unwrap(e);
  for (;;) {
    if (ts.isCallExpression(cur)) cur = unwrap(cur.expression);
    else if (ts.isPropertyAccessExpression(cur) && ts.isCallExpression(cur.parent) && cur.parent.expression === cur) cur = unwrap(cur.expression);
    else break;
  }
  return memberName(cur) ?? "";
}

/** Source text for messages, on one line and short. */
export function labelOf(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, " ").replace(/\?\./g, ".").replace(/!(?=\.)/g, "");
  return text.length > 40 ? text.slice(0, 39) + "…" : text;
}
