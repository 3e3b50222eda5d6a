/** What an await waits for: the kinds of operation, and the awaited call as the rules see it. */
import { ts } from "ts-morph";
import { stringValue, unwrap } from "../../ast";
import type { ApiRef, NodeApiFacts } from "../node-apis";

export type OperationKind =
  /** Returns data and changes nothing anyone else can see. */
  | "read"
  /** Changes stored state: a database row, a cache key, a file, a remote resource. */
  | "mutation"
  /** Writes to a stream, socket or channel, where order is the message. */
  | "send"
  /** A deliberate pause: sleep/delay, a setTimeout promise, a rate limiter or lock, a 'drain' event. */
  | "sleep"
  /** Hands the event loop back on purpose: a setImmediate promise, scheduler.yield(). */
  | "yield"
  /** BEGIN / COMMIT / ROLLBACK or a transaction API call. */
  | "transaction"
  /** A browser or UI automation step, or a question put to the user at the terminal. */
  | "ui"
  /** A dynamic import: module evaluation order is observable. */
  | "import"
  /** Runs a child process or script (exec, spawn, execa, runScript). */
  | "command"
  /** Something done for its effect whose nature is unknown (the result is ignored). */
  | "effect";

export interface AwaitedOperation {
  await: ts.AwaitExpression;
  /** The call whose promise is awaited; undefined when the await waits for an existing promise. */
  call?: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  /** True for `await p` / `await this.ready` / `await p.then(f)`: the work was already under way. */
  started: boolean;
  /** The callee's last name: `db.users.findOne` → "findOne". */
  name?: string;
  /** The callee's receiver: `db.users` in `db.users.findOne()`. */
  receiver?: ts.Expression;
  /** The Node API the callee resolves to, when it is one. */
  api?: ApiRef;
  kind: OperationKind;
  /** True unless the awaited value is thrown away (`await f();`). */
  resultUsed: boolean;
}

/** An awaited call. Its API is looked up on first read: resolving a name binds the file's scopes, which most awaits never need. */
export class CallOperation implements AwaitedOperation {
  readonly started = false;
  kind: OperationKind = "effect";
  private resolvedApi: ApiRef | undefined | null = null;

  constructor(
    readonly await: ts.AwaitExpression,
    readonly resultUsed: boolean,
    readonly call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression,
    readonly name: string | undefined,
    readonly receiver: ts.Expression | undefined,
    private readonly apis: NodeApiFacts,
  ) {}

  get api(): ApiRef | undefined {
    if (this.resolvedApi === null) {
      const call = this.call;
      this.resolvedApi = ts.isTaggedTemplateExpression(call) ? this.apis.resolve(call.tag) : this.apis.callee(call);
    }
    return this.resolvedApi;
  }
}

/** True when the awaited value is thrown away: `await f();`, `void (await f())`. */
export function isDiscarded(aw: ts.AwaitExpression): boolean {
  let n: ts.Node = aw;
  while (n.parent && ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  return !!p && (ts.isExpressionStatement(p) || ts.isVoidExpression(p));
}

/** `p.then(f)` / `p.catch(f)` where p is not itself a call: the work started before this line. */
export function isThenOnStartedPromise(call: ts.CallExpression): boolean {
  let e: ts.Expression = call;
  for (;;) {
    e = unwrap(e);
    if (!ts.isCallExpression(e)) break;
    const callee = unwrap(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const n = callee.name.text;
    if (n !== "then" && n !== "catch" && n !== "finally") return false;
    e = callee.expression;
  }
  return !ts.isCallExpression(e) && !ts.isNewExpression(e) && e !== call;
}

export function memberKey(callee: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return stringValue(callee.argumentExpression);
}
