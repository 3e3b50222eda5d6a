/** What the loop facts say about one loop: the shape of what it walks and how its iterations relate. */
import type { ts } from "ts-morph";
import type { Decl } from "../scope";

export type LoopKind = "for" | "for-of" | "for-await" | "for-in" | "while" | "do";

export interface CarriedState {
  /** The local (`total`) or property path (`this.seen`, `cache.*`) that one iteration hands to the next. */
  name: string;
  /** A write of it inside the loop. */
  node: ts.Node;
  /**
   * update: `x += …` / `x++`; condition: the loop condition reads it; read-before-write: an
   * iteration reads the value the previous one left; collection: an outer collection both read
   * and written (`seen.has` / `seen.add`).
   */
  why: "update" | "condition" | "read-before-write" | "collection";
}

export interface LoopInfo {
  readonly node: ts.IterationStatement;
  readonly kind: LoopKind;
  /** Names of `iterationDecls`, read from the header without resolution (for cheap checks first). */
  readonly iterationNames: ReadonlySet<string>;
  /** Declarations the header binds for each iteration: the for-of element names, a for loop's index. */
  readonly iterationDecls: ReadonlySet<Decl>;
  /** What the loop walks: `xs` in `for (x of xs)` and `for (k in xs)`, `xs` in `i < xs.length`. */
  readonly collection?: ts.Expression;
  /** A for/while loop stepping an index by one towards a bound: `for (let i = 0; i < xs.length; i++)`. */
  readonly indexWalk: boolean;
  /**
   * An index loop that steps by a fixed amount other than one (`i += batchSize`, `offset +=
   * PART_SIZE`, the amount a literal or a name the loop never writes). A step the body computes
   * (`pos += bytesRead`) is carried state instead.
   */
  readonly stepped: boolean;
  /**
   * In a stepped walk, where the body takes the span the step covers, `xs.slice(i, i + n)` or
   * `[from, from + n]`: each iteration handles a batch of items, a deliberate unit of load.
   */
  readonly batchWindow?: ts.Node;
  /** True when the body reads an iteration variable (iterations differ in what they work on). */
  readonly usesIterationVar: boolean;
  /** Awaits that run in every iteration's body (nested loops included, nested functions not). */
  readonly bodyAwaits: ts.AwaitExpression[];
  /** Awaits in the part of the header evaluated per iteration (a while condition, a for update). */
  readonly headerAwaits: ts.AwaitExpression[];
  readonly carried: CarriedState[];
  /** A break/return (or labelled continue/break) that leaves this loop from inside its body. */
  readonly earlyExit?: ts.Node;
  /** Counts attempts (`attempt < maxRetries`, `tries`): a retry loop. */
  readonly retry: boolean;
  /** Not a walk over a collection and waits for something to change: `while (!done)`, `for (;;)` with a sleep. */
  readonly polling: boolean;
  /** Carries a cursor / page token / offset from one response to the next request. */
  readonly pagination: boolean;
  /** An awaited sleep, timer promise or rate limiter in the body. */
  readonly pacing?: ts.Node;
  /** An awaited hand-back to the event loop (`new Promise(r => setImmediate(r))`). */
  readonly yielding?: ts.Node;
  /** A generator `yield` in the body: the consumer sets the pace. */
  readonly generatorYield?: ts.Node;
}
