/** The vocabulary of loop-cost facts: loop sizes, iteration sites, hidden scans and per-iteration work. */
import type { ts } from "ts-morph";

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
export interface Measured {
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

/** Which iteration a name's value belongs to, when an inner and an outer loop are compared. */
export type Side = "inner" | "outer" | "none";
