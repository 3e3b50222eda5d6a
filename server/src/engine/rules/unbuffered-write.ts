/**
 * unbuffered-write: a loop that writes one small piece per iteration to the same destination —
 * `appendFileSync(samePath, line)` (open, write, close every time), `fs.writeSync(fd, piece)`,
 * `await appendFile(samePath, line)`, `await handle.write(piece)`, `process.stdout.write(line)`
 * in a long loop, or `stream.write(piece)` that ignores the return value (no backpressure) — a
 * file or socket stream (also one held in a `let` that a reconnect or rotate function reassigns),
 * an HTTP response (`res`, Fastify's `reply.raw`, Koa's `ctx.res`). Thousands of system calls, or a
 * stream buffering everything, where one joined write would do.
 *
 * Not reported: loops writing distinct files (the destination depends on the loop variable), a
 * single write after the loop, writes whose backpressure is handled (`if (!out.write(x)) await
 * once(out, "drain")`), small constant loops, copy loops and concatenations (the piece written is
 * the chunk or file just read), loops paced by a sleep, batches flushed when they fill up, writes
 * that happen once (followed by `break`), only every N iterations, or only on errors, and terminal
 * progress output next to awaited work.
 *
 * Invalid:
 *   for (const row of rows) fs.appendFileSync("out.csv", toCsv(row) + "\n");
 * Valid:
 *   fs.writeFileSync("out.csv", rows.map((row) => toCsv(row) + "\n").join(""));
 */
import { ts } from "ts-morph";
import { calleeName, isFunctionNode, isLoop, stringValue, unwrap, walk } from "../ast";
import type { FileFacts } from "../facts/file-facts";
import { WriteTargetFacts, type WriteTarget } from "../facts/write-targets";
import type { RawFinding } from "../types";
import type { Rule } from "./rule";

/** Loops over a literal collection or a literal bound up to this size are small and constant. */
const SMALL_CONSTANT_LOOP = 100;
/** A counted loop to stdout becomes "long" past this many iterations. */
const LONG_LOOP = 1000;
const LOOP_CALLBACKS = new Set(["forEach", "map", "flatMap"]);
/** Reads whose result, written back out, is a chunk or a whole file rather than a small piece. */
const READ_CALLS = new Set(["readFileSync", "readFile", "readSync", "read"]);
/** Awaited calls that pace a loop on purpose. */
const PACING_CALLS = /^(sleep|delay|wait|pause|setTimeout)$/i;
/** Names that say "one per line of data". */
const DATA_SIZED_NAME = /(lines|rows|records|entries|results|events|logs|matches)$/i;

interface LoopSite {
  /** The loop statement, or the callback function of `forEach`/`map`. */
  node: ts.Node;
  /** What the finding covers: the loop statement, or the whole `xs.forEach(…)` call. */
  report: ts.Node;
  /** What is iterated: `xs` in `for (x of xs)` and `xs.forEach`. */
  iterable?: ts.Expression;
}

export const unbufferedWrite: Rule = {
  meta: {
    id: "unbuffered-write",
    description: "Loops that write one small piece per iteration to the same file, descriptor or stream instead of one buffered write.",
    defaultSeverity: "warning",
    fixable: true,
  },
  detect(file: FileFacts): RawFinding[] {
    const targets = file.get(WriteTargetFacts);
    const found = new Map<ts.Node, RawFinding>();
    // Only calls named like a write are looked at; most of those are not in a loop, and finding
    // out is cheaper than resolving what they call.
    for (const n of targets.candidates()) {
      const loops = enclosingLoops(n);
      if (!loops.length) continue;
      const target = targets.of(n);
      if (!target || target.chunked) continue;
      const streamLike = target.kind === "stream" || target.kind === "stdout";
      if (streamLike && isResultUsed(n)) continue;
      let chosen: LoopSite | undefined;
      let allSmall = true;
      const chain: LoopSite[] = [];
      for (const loop of loops) {
        if (targets.variesIn(target, loop.node)) break;
        if (writesAtMostOnce(n, loop) || isOccasional(n, loop)) break;
        if (isPaced(loop) || writesWhatItRead(file, loop, target)) break;
        // Terminal output next to awaited work is progress reporting, not data written piecemeal.
        if (target.kind === "stdout" && awaitsOtherWork(loop, targets)) break;
        if (streamLike && handlesBackpressure(file, loop, target)) break;
        chosen = loop;
        chain.push(loop);
        if (!isSmallConstant(file, loop)) allSmall = false;
      }
      if (!chosen || allSmall || found.has(chosen.report)) continue;
      if (target.kind === "stdout" && !isLong(file, chain)) continue;
      found.set(chosen.report, { node: chosen.report, message: messageFor(target), lens: `One ${target.label} per item — collect them and write once` });
    }
    return [...found.values()];
  },
};

function messageFor(t: WriteTarget): string {
  switch (t.kind) {
    case "file":
      return `One ${t.label} per item to the same file (${t.destLabel}) — collect the lines and write once`;
    case "fd":
      return `One ${t.label} per item to the same file descriptor (${t.destLabel}) — collect the output and write once`;
    case "handle":
      return `One ${t.label} per item to the same file handle (${t.destLabel}) — collect the output and write once`;
    case "stdout":
      return `One ${t.label} per item in a long loop — join the output and write it once`;
    case "stream":
      return `One ${t.label} per item to the same stream (${t.destLabel}), ignoring backpressure — join the pieces and write once, or await 'drain' when write() returns false`;
  }
}

/** Loops the call runs in, innermost first, up to the enclosing function (through forEach/map callbacks). */
function enclosingLoops(call: ts.CallExpression): LoopSite[] {
  const out: LoopSite[] = [];
  for (let child: ts.Node = call, p = call.parent; p; child = p, p = p.parent) {
    if (isFunctionNode(p)) {
      const host = loopCallbackHost(p);
      if (!host) break;
      const callee = unwrap(host.expression) as ts.PropertyAccessExpression;
      out.push({ node: p, report: host, iterable: callee.expression });
      child = host;
      p = host;
      continue;
    }
    if (ts.isClassLike(p)) break;
    if (isLoop(p) && runsEachIteration(p, child)) out.push({ node: p, report: p, iterable: ts.isForOfStatement(p) || ts.isForInStatement(p) ? p.expression : undefined });
  }
  return out;
}

/** `xs.forEach((x) => …)`: the call whose callback `fn` is. */
function loopCallbackHost(fn: ts.Node): ts.CallExpression | undefined {
  let arg: ts.Node = fn;
  while (arg.parent && ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
  const call = arg.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== arg) return undefined;
  if (!ts.isPropertyAccessExpression(unwrap(call.expression))) return undefined;
  const name = calleeName(call);
  return name && LOOP_CALLBACKS.has(name) ? call : undefined;
}

/** Code in the body, condition or step of a loop runs each time; its initializer / iterable once. */
function runsEachIteration(loop: ts.IterationStatement, child: ts.Node): boolean {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return child === loop.statement;
  if (ts.isForStatement(loop)) return child !== loop.initializer;
  return true;
}

/** `const ok = out.write(x)`, `if (!out.write(x))`, `out.write(x) || await …`: the caller looks at backpressure. */
function isResultUsed(call: ts.CallExpression): boolean {
  let n: ts.Node = call;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const p = n.parent;
  if (ts.isExpressionStatement(p) || ts.isVoidExpression(p)) return false;
  // rows.forEach((r) => out.write(r)): the value goes back to forEach, which drops it.
  if (ts.isArrowFunction(p) && p.body === n) return !loopCallbackHost(p) || calleeName(loopCallbackHost(p)!) === "map";
  return true;
}

/** The write is followed by `break` / `return` / `throw` in its block: it happens once, not per item. */
function writesAtMostOnce(call: ts.CallExpression, loop: LoopSite): boolean {
  const isCallback = isFunctionNode(loop.node);
  for (let child: ts.Node = call, p = call.parent; p && p !== loop.node; child = p, p = p.parent) {
    if (!ts.isBlock(p) && !ts.isCaseClause(p) && !ts.isDefaultClause(p)) continue;
    const stmts = p.statements;
    const i = stmts.indexOf(child as ts.Statement);
    for (const s of stmts.slice(i + 1)) {
      if (ts.isThrowStatement(s)) return true;
      if (!isCallback && ts.isReturnStatement(s)) return true;
      if (!isCallback && ts.isBreakStatement(s) && !s.label && !ts.isCaseClause(p) && !ts.isDefaultClause(p)) return true;
    }
  }
  return false;
}

/**
 * Only on some iterations: every N (`i % 1000 === 0`), on a timer (`Date.now()`), on errors
 * (`catch`), or when a batch fills up (`if (size >= 65536) { write(parts.join("")); parts = []; }`).
 */
function isOccasional(call: ts.CallExpression, loop: LoopSite): boolean {
  for (let child: ts.Node = call, p = call.parent; p && p !== loop.node; child = p, p = p.parent) {
    if (ts.isCatchClause(p)) return true;
    if ((ts.isIfStatement(p) && p.thenStatement === child) || (ts.isConditionalExpression(p) && p.condition !== child)) {
      const cond = ts.isIfStatement(p) ? p.expression : p.condition;
      let periodic = false;
      walk(cond, (n) => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PercentToken) periodic = true;
        if (ts.isPropertyAccessExpression(n) && n.name.text === "now" && ts.isIdentifier(n.expression) && n.expression.text === "Date") periodic = true;
      });
      if (periodic || resetsAccumulator(child)) return true;
    }
  }
  return false;
}

/** `parts = []`, `buf = ""`, `size = 0`, `lines.length = 0`, `batch.splice(0)`: a batch was just flushed. */
function resetsAccumulator(block: ts.Node): boolean {
  let reset = false;
  walk(block, (n) => {
    if (reset || isFunctionNode(n)) return false;
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const right = unwrap(n.right);
      const empty = (ts.isArrayLiteralExpression(right) && right.elements.length === 0) || stringValue(right) === "" || (ts.isNumericLiteral(right) && right.text === "0");
      if (empty) reset = true;
    }
    if (ts.isCallExpression(n) && calleeName(n) === "splice" && n.arguments.length === 1 && ts.isNumericLiteral(n.arguments[0]) && n.arguments[0].text === "0") reset = true;
  });
  return reset;
}

/** The body of a loop site, without a for-of's header (its iterable is evaluated once). */
function bodyOf(loop: LoopSite): ts.Node | undefined {
  if (isFunctionNode(loop.node)) return loop.node.body;
  return ts.isForOfStatement(loop.node) || ts.isForInStatement(loop.node) ? loop.node.statement : loop.node;
}

/** Visits `body` and the inline loop callbacks in it, not other nested functions (they run at another time). */
function visitBody(body: ts.Node, visit: (n: ts.Node) => void): void {
  visit(body);
  walk(body, (n) => {
    if (isFunctionNode(n) && !loopCallbackHost(n)) return false;
    visit(n);
  });
}

function awaitsOtherWork(loop: LoopSite, targets: WriteTargetFacts): boolean {
  const body = bodyOf(loop);
  if (!body) return false;
  let other = false;
  visitBody(body, (n) => {
    if (other || !ts.isAwaitExpression(n)) return;
    const e = unwrap(n.expression);
    if (!(ts.isCallExpression(e) && targets.of(e)) && !mentionsDrain(e)) other = true;
  });
  return other;
}

/** A loop that sleeps between iterations writes at a pace it chose: one line a second is a log, not a hot loop. */
function isPaced(loop: LoopSite): boolean {
  const body = bodyOf(loop);
  if (!body) return false;
  let paced = false;
  visitBody(body, (n) => {
    if (paced || !ts.isAwaitExpression(n)) return;
    const e = unwrap(n.expression);
    const name = ts.isCallExpression(e) ? calleeName(e) : undefined;
    if ((name && PACING_CALLS.test(name)) || (ts.isNewExpression(e) && e.getText().includes("setTimeout"))) paced = true;
  });
  return paced;
}

/**
 * The piece written is what the iteration just read — a 64 KiB chunk of a copy loop, or a whole
 * file being concatenated — so it is not a small piece, and buffering would not help.
 */
function writesWhatItRead(file: FileFacts, loop: LoopSite, target: WriteTarget): boolean {
  const body = bodyOf(loop);
  if (!body) return false;
  const readNames = new Set<string>();
  let readsSomething = false;
  const isRead = (n: ts.Node): boolean => {
    if (!ts.isCallExpression(n)) return false;
    const ref = file.apis.callee(n);
    const last = ref?.path[ref.path.length - 1];
    if (ref && (ref.module === "fs" || ref.module === "fs-extra" || ref.module === "graceful-fs") && last && READ_CALLS.has(last)) return true;
    const name = calleeName(n);
    return !ref && (name === "read" || name === "readSync") && ts.isPropertyAccessExpression(unwrap(n.expression));
  };
  visitBody(body, (n) => {
    if (!isRead(n)) return;
    readsSomething = true;
    // const data = readFileSync(f) / n = readSync(fd, buf) / const r = await fh.read(buf)
    let value: ts.Node = n;
    while (ts.isAwaitExpression(value.parent) || ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent)) value = value.parent;
    const p = value.parent;
    if (ts.isVariableDeclaration(p) && p.initializer === value && ts.isIdentifier(p.name)) readNames.add(p.name.text);
    if (ts.isBinaryExpression(p) && p.right === value && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrap(p.left);
      if (ts.isIdentifier(left)) readNames.add(left.text);
    }
  });
  if (!readsSomething) return false;
  const data = target.kind === "file" || target.kind === "fd" ? target.call.arguments.slice(1) : target.call.arguments;
  return data.some((arg) => {
    let flows = isRead(arg);
    walk(arg, (n) => {
      if (flows) return false;
      if (isRead(n) || (ts.isIdentifier(n) && readNames.has(n.text))) flows = true;
    });
    return flows || (ts.isIdentifier(arg) && readNames.has(arg.text));
  });
}

function mentionsDrain(n: ts.Node): boolean {
  let found = false;
  walk(n, (c) => {
    if (stringValue(c) === "drain") found = true;
  });
  return found || stringValue(n) === "drain";
}

/** `'drain'` handled in the loop, or the stream corked around it. */
function handlesBackpressure(file: FileFacts, loop: LoopSite, target: WriteTarget): boolean {
  if (mentionsDrain(loop.node)) return true;
  let scope: ts.Node | undefined = loop.report.parent;
  while (scope && !isFunctionNode(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  let corked = false;
  walk(scope, (n) => {
    if (corked) return false;
    if (ts.isCallExpression(n) && calleeName(n) === "cork") {
      const callee = unwrap(n.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.expression.getText(file.sf).replace(/\s+/g, "") === target.destLabel) corked = true;
    }
  });
  return corked;
}

/** A loop over a literal list, an unchanged literal const, or a literal bound, of at most SMALL_CONSTANT_LOOP items. */
function isSmallConstant(file: FileFacts, loop: LoopSite): boolean {
  const n = constantIterations(file, loop);
  return n !== undefined && n <= SMALL_CONSTANT_LOOP;
}

function constantIterations(file: FileFacts, loop: LoopSite): number | undefined {
  if (ts.isForStatement(loop.node)) return countedBound(loop.node);
  if (!loop.iterable) return undefined;
  return literalCount(file, loop.iterable, ts.isForInStatement(loop.node));
}

/** Items in `[…]`, `Object.keys({…})`, or a const holding one of those that is never mutated. */
function literalCount(file: FileFacts, expr: ts.Expression, keysOfObject: boolean): number | undefined {
  const e = unwrap(expr);
  if (ts.isCallExpression(e) && e.arguments.length === 1) {
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Object" && ["keys", "values", "entries"].includes(callee.name.text)) {
      return literalCount(file, e.arguments[0], true);
    }
    return undefined;
  }
  let literal: ts.Expression = e;
  if (ts.isIdentifier(e)) {
    const decl = file.scopes.resolve(e);
    if (decl.kind !== "const" || decl.path || !decl.init || !ts.isExpression(decl.init)) return undefined;
    literal = unwrap(decl.init);
    // `const lines = []` filled later is data, not a constant list.
    if (ts.isArrayLiteralExpression(literal) && literal.elements.length === 0) return undefined;
    if (file.scopes.references(decl).some(isMutated)) return undefined;
  }
  if (ts.isArrayLiteralExpression(literal)) return literal.elements.some(ts.isSpreadElement) ? undefined : literal.elements.length;
  if (keysOfObject && ts.isObjectLiteralExpression(literal)) return literal.properties.some(ts.isSpreadAssignment) ? undefined : literal.properties.length;
  return undefined;
}

/** `xs.push(…)`, `xs[i] = …`, `xs.length = 0`: the list can grow. */
function isMutated(ref: ts.Identifier): boolean {
  const p = ref.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === ref) {
    if (["push", "unshift", "splice", "length", "concat", "fill"].includes(p.name.text)) return true;
  }
  if (ts.isElementAccessExpression(p) && p.expression === ref) {
    const gp = p.parent;
    return ts.isBinaryExpression(gp) && gp.left === p && gp.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }
  return false;
}

/** `for (let i = 0; i < 10; i++)` → 10. */
function countedBound(loop: ts.ForStatement): number | undefined {
  const init = loop.initializer;
  const cond = loop.condition && unwrap(loop.condition);
  if (!init || !cond || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const start = init.declarations[0].initializer;
  if (!start || !ts.isNumericLiteral(start) || !ts.isBinaryExpression(cond) || !ts.isNumericLiteral(cond.right)) return undefined;
  const from = Number(start.text);
  const to = Number(cond.right.text);
  switch (cond.operatorToken.kind) {
    case ts.SyntaxKind.LessThanToken:
      return to - from;
    case ts.SyntaxKind.LessThanEqualsToken:
      return to - from + 1;
    default:
      return undefined;
  }
}

/** stdout writes matter when the loop is long: lines of data, a large counted loop, or nested data loops. */
function isLong(file: FileFacts, chain: LoopSite[]): boolean {
  let dataLoops = 0;
  for (const loop of chain) {
    if (ts.isForStatement(loop.node)) {
      const n = countedBound(loop.node);
      if (n !== undefined && n >= LONG_LOOP) return true;
      if (n === undefined) dataLoops++;
      continue;
    }
    if (!loop.iterable) continue;
    if (isSmallConstant(file, loop)) continue;
    dataLoops++;
    if (isLinesOfData(file, loop.iterable)) return true;
  }
  return dataLoops >= 2;
}

function isLinesOfData(file: FileFacts, expr: ts.Expression): boolean {
  let e = unwrap(expr);
  if (ts.isIdentifier(e)) {
    if (DATA_SIZED_NAME.test(e.text)) return true;
    const decl = file.scopes.resolve(e);
    if (!decl.init || decl.path || !ts.isExpression(decl.init)) return false;
    e = unwrap(decl.init);
  }
  if (ts.isPropertyAccessExpression(e) && DATA_SIZED_NAME.test(e.name.text)) return true;
  return ts.isCallExpression(e) && calleeName(e) === "split";
}
