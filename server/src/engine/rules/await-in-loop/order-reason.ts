/**
 * Why a loop's iterations must stay in order, in a few words — or undefined when they are
 * independent and await-in-loop reports the loop. Cheap questions (syntax, names, comments) come
 * first; the ones that resolve names (carried state, sessions, destinations, stores) last.
 */
import { ts } from "ts-morph";
import { calleeName, isAncestor, unwrap, walk } from "../../ast";
import { declaresOrder, EffectFacts, isTestFile, rootNode, type AwaitedOperation } from "../../facts/effects";
import type { FileFacts } from "../../facts/file-facts";
import { LoopFacts, nameWords, type LoopInfo } from "../../facts/loops";
import { isReference, type Decl } from "../../facts/scope";
import { combinesBatchOfWalk, isPromiseCombinator } from "./batches";

/** Collections whose order is the point: migrations, pipeline steps, middleware, plugins, SQL statements. */
const ORDERED_COLLECTION_WORDS = new Set([
  "migration", "migrations", "step", "steps", "middleware", "middlewares", "plugin", "plugins", "hook", "hooks", "stage",
  "stages", "phase", "phases", "seed", "seeds", "seeder", "seeders", "patch", "patches", "upgrade", "upgrades", "command",
  "commands", "cmd", "cmds", "statement", "statements", "stmt", "stmts", "queries", "sql", "script", "scripts", "pipeline",
  "interceptor", "interceptors", "initializer", "initializers", "layer", "layers", "revision", "revisions", "changeset",
  "changesets", "transform", "transforms", "reducer", "reducers", "handler", "handlers", "listener", "listeners",
  "callback", "callbacks", "fns", "ordered", "sequence", "topo", "toposort", "topological", "event", "events",
  "lifecycle", "sort", "sorted", "reverse", "reversed",
]);
/** Collections named for a walk over batches (each batch usually runs its own Promise.all). */
const BATCH_WORDS = new Set(["batch", "batches", "chunk", "chunks", "wave", "waves"]);
/** Methods that run a step whose order matters: a migration's up/down, a plugin's init, a task's run. */
const STEP_METHODS = new Set(["up", "down", "migrate", "run", "apply", "execute", "exec", "init", "initialize", "setup", "install", "register", "start", "stop", "handler", "handle", "call", "invoke", "process", "next"]);
/** Sends on one destination: each write appends to what the previous one wrote. */
const ORDERED_SEND_METHODS = new Set(["write", "writeln", "writeLine", "append", "appendFile", "writeFile", "send", "emit", "publish", "end", "push", "print", "sendMessage", "sendText", "reply", "respond", "enqueue", "pipe", "xadd", "lpush", "rpush"]);
/** Sends whose order matters only on a stream-like destination (a socket, channel, response, producer). */
const MESSAGE_METHODS = new Set(["send", "emit", "publish", "reply", "respond", "enqueue", "sendMessage", "sendText", "xadd", "lpush", "rpush"]);
const STREAMISH_RECEIVER = /socket|^ws$|websocket|stream|channel|writer|^res$|response|reply|conn|connection|port|worker|child|proc|pipe|producer|publisher|emitter|bus|^io$|peer|stdout|stderr|output|^out$|queue|topic|room|chat|bot/i;
/** Single-verb writes on a stream: the payload is the only argument that matters. */
const STREAM_WRITES = new Set(["write", "writeln", "end", "push", "pipe", "print"]);
const FS_WRITES = new Set(["appendFile", "writeFile", "write", "writev", "truncate", "ftruncate", "outputFile", "outputJson", "writeJson", "appendFileSync", "writeFileSync"]);
const FS_MODULES = new Set(["fs", "fs-extra", "graceful-fs", "node:fs", "fs/promises"]);

/** Why a loop's iterations must stay in order (a few words), or undefined when they are independent. */
export function orderReason(file: FileFacts, loop: ts.IterationStatement): string | undefined {
  // Cheapest questions first: most loops are settled before anything resolves names.
  if (isTestFile(file.path)) return "test code runs its cases in order on purpose";
  const info = file.get(LoopFacts).of(loop);
  const effects = file.get(EffectFacts);
  if (info.kind === "for-await") return "for await consumes a stream in order";
  if (info.kind === "while" || info.kind === "do" || info.kind === "for") {
    if (info.stepped && info.batchWindow) return "walks batches";
    if (!info.indexWalk && !info.stepped) return "not a walk over a collection (polling, draining or a custom walk)";
  }
  if (!info.bodyAwaits.length) return "nothing is awaited in the body";
  if (info.headerAwaits.length) return "the loop condition waits";
  if (info.pacing) return "paces itself";
  if (info.yielding) return "yields to the event loop on purpose";

  const ops = info.bodyAwaits.map((aw) => effects.awaited(aw));
  const work = ops.filter((o) => !o.started);
  if (!work.length) return "awaits promises that were already started";
  for (const o of work) {
    if (o.kind === "transaction") return "transaction steps";
    if (o.kind === "import") return "loads modules in order";
    if (o.kind === "ui") return "UI steps or prompts";
    if (o.kind === "command") return "runs commands one after another";
    // await this.exec(…) / await this[action](): the instance's own methods, run for their effect on it.
    if (!o.resultUsed && o.receiver && unwrap(o.receiver).kind === ts.SyntaxKind.ThisKeyword) return "changes the instance's own state each iteration";
    // for (const batch of chunks) await Promise.all(batch.map(send)): deliberate batches. Promise.all
    // over one item's own fan-out (SIZES.map(…), [a(x), b(x)]) leaves the items themselves waiting in turn.
    if (isPromiseCombinator(o) && combinesBatchOfWalk(file, info, o)) return "each iteration is already a concurrent batch";
  }
  // Steps whose order is the point, told by names and comments.
  const words = collectionWords(info);
  if (words.some((w) => ORDERED_COLLECTION_WORDS.has(w)) || namedForOrder(info)) return "ordered steps";
  const walked = info.collection && unwrap(info.collection);
  if (walked && ts.isArrayLiteralExpression(walked) && walked.elements.every((e) => ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e))) return "a fixed list of named steps";
  if (words.some((w) => BATCH_WORDS.has(w))) return "walks batches";
  if (work.some((o) => o.name === "up" || o.name === "down" || o.name === "migrate")) return "migration steps";
  const stmts = ts.isBlock(loop.statement) ? [...loop.statement.statements] : [loop.statement];
  if (declaresOrder(file.sf, [loop, ...stmts])) return "a comment says the order is deliberate";

  // The rest needs more than syntax.
  if (info.earlyExit) return "leaves early";
  if (info.generatorYield) return "a generator: the consumer sets the pace";
  if (info.retry) return "retry, poll or pagination";
  if (!info.usesIterationVar) return "every iteration does the same thing (repeat, retry or poll)";
  if (info.carried.length) return `carries ${info.carried[0].name} between iterations`;
  if (info.polling || info.pagination) return "retry, poll or pagination";

  const inside = (d: Decl) => !!d.id && isAncestor(loop, d.id);
  const variesPerIteration = (node: ts.Node): boolean => {
    let varies = false;
    const visit = (n: ts.Node) => {
      if (varies) return;
      if (ts.isIdentifier(n) && isReference(n)) {
        const d = file.scopes.resolve(n);
        if (d.kind !== "global" && (info.iterationDecls.has(d) || inside(d))) varies = true;
      }
    };
    visit(node);
    walk(node, (n) => {
      visit(n);
      return !varies;
    });
    return varies;
  };

  // The awaited work must differ per iteration; `await flush()` after buffering each item is a repeat.
  if (!work.some((o) => variesPerIteration(o.call!))) return "every iteration awaits the same call";

  // Chunk after chunk of one file and nothing slower per chunk: streaming with one buffer at a
  // time is the point, and a local disk gains little from overlapping the reads.
  if (work.every((o) => isPositionalRead(o, variesPerIteration))) return "reads a file chunk by chunk";

  // One connection / transaction / session / page shared by every iteration.
  for (const o of work) {
    if (isPositionalRead(o, variesPerIteration)) continue;
    for (const root of effects.sessions(o.call!).values()) {
      if (root === "this" || !inside(root)) return "runs on one connection, transaction or session";
    }
  }

  // Ordered writes to one file, handle or stream (unbuffered-write reports those).
  for (const o of work) {
    const call = o.call!;
    if (ts.isTaggedTemplateExpression(call) || !o.name) continue;
    const args: readonly ts.Expression[] = call.arguments ?? [];
    const words = nameWords(o.name);
    const writes = FS_WRITES.has(o.name) || words[0] === "write" || words[0] === "append" || words[0] === "output";
    // fs.appendFile(path, …) / fse.writeJson(path, …): the destination is the first argument.
    const fsModule = o.api && FS_MODULES.has(o.api.module) ? o.api : o.receiver ? file.apis.resolve(o.receiver) : undefined;
    if (fsModule && FS_MODULES.has(fsModule.module)) {
      if (writes && args[0] && !variesPerIteration(args[0])) return "appends to one file";
      continue;
    }
    if (!o.receiver || variesPerIteration(o.receiver)) continue;
    // s3.send(new PutObjectCommand(…)) is an API call; socket.send(msg) is a message on one connection.
    const messaging = MESSAGE_METHODS.has(o.name) || MESSAGE_METHODS.has(words[0]);
    if (messaging && !STREAMISH_RECEIVER.test(lastName(o.receiver))) continue;
    // writer.write(chunk) appends to one stream; storage.writeFile(key, data) with a varying key does not.
    const addressed = args.length >= 2 && variesPerIteration(args[0]);
    if (STREAM_WRITES.has(o.name) || ((ORDERED_SEND_METHODS.has(o.name) || writes) && !addressed)) return "writes to one destination in order";
    // bot.sendMessage(chatId, text): in order when every message goes to the same place.
    if (messaging && (!args[0] || !variesPerIteration(args[0]))) return "sends to one destination in order";
  }

  for (const o of work) {
    const call = o.call!;
    if (ts.isTaggedTemplateExpression(call)) continue;
    const callee = unwrap(call.expression);
    const root = rootNode(callee);
    const rootDecl = root && ts.isIdentifier(root) ? file.scopes.resolve(root) : undefined;
    if (rootDecl && info.iterationDecls.has(rootDecl)) {
      // await step() / await plugin.init(app): the element is the work itself.
      if (callee === root || (o.name && STEP_METHODS.has(o.name))) return "runs each element as a step";
    }
  }

  // Check-then-write against one store: a later iteration may read what an earlier one wrote.
  const readStores = new Set<string>();
  const writeStores = new Set<string>();
  for (const o of work) {
    if (!o.receiver) continue;
    const root = effects.rootOf(o.receiver);
    if (!root || (root !== "this" && (root.kind === "global" || inside(root) || info.iterationDecls.has(root)))) continue;
    const key = effects.receiverKey(o.receiver);
    if (!key) continue;
    if (o.kind === "read") readStores.add(key);
    else if (o.kind === "mutation" || o.kind === "effect") writeStores.add(key);
  }
  for (const k of writeStores) if (readStores.has(k)) return "reads and writes one store each iteration";

  return undefined;
}

/** Words naming what the loop walks: `pendingMigrations` → ["pending", "migrations"], plus the element's name. */
function collectionWords(info: LoopInfo): string[] {
  const words: string[] = [];
  const add = (e: ts.Node | undefined) => {
    if (!e) return;
    let x: ts.Node = ts.isExpression(e) ? unwrap(e) : e;
    // Object.values(steps), steps.entries(), topoOrder(pkgs), [...steps]
    if (ts.isCallExpression(x)) {
      const name = calleeName(x);
      if (name) words.push(...nameWords(name));
      if (name && ["values", "entries", "keys", "from"].includes(name) && x.arguments[0]) x = unwrap(x.arguments[0]);
      else if (ts.isPropertyAccessExpression(x.expression)) x = x.expression.expression;
    }
    if (ts.isArrayLiteralExpression(x) && x.elements.length === 1 && ts.isSpreadElement(x.elements[0])) x = unwrap(x.elements[0].expression);
    if (ts.isIdentifier(x)) words.push(...nameWords(x.text));
    else if (ts.isPropertyAccessExpression(x)) words.push(...nameWords(x.name.text));
  };
  add(info.collection);
  for (const name of info.iterationNames) words.push(...nameWords(name));
  return words;
}

/** `publishOrder(pkgs)`, `installOrder`, `this.loadOrder`: a collection named for the order it is in. */
function namedForOrder(info: LoopInfo): boolean {
  const c = info.collection && unwrap(info.collection);
  if (!c) return false;
  const name = ts.isIdentifier(c) ? c.text : ts.isPropertyAccessExpression(c) ? c.name.text : ts.isCallExpression(c) ? calleeName(c) : undefined;
  return !!name && /[a-z]Order$/.test(name);
}

/**
 * `fh.read(buf, 0, n, position)` / `fs.read(fd, buf, 0, n, position)` at a position that differs
 * per iteration: a positional read does not move the handle, so reads at their own offsets do
 * not depend on each other.
 */
function isPositionalRead(o: AwaitedOperation, varies: (n: ts.Node) => boolean): boolean {
  if (o.name !== "read" || !o.call || !ts.isCallExpression(o.call)) return false;
  const args = o.call.arguments;
  const position = o.api && o.api.module === "fs" ? args[4] : args[3];
  return !!position && varies(position);
}

/** The last name in a receiver chain: `this.deps.socket` → "socket". */
function lastName(e: ts.Expression): string {
  const x = unwrap(e);
  if (ts.isIdentifier(x)) return x.text;
  if (ts.isPropertyAccessExpression(x)) return x.name.text;
  if (ts.isCallExpression(x)) return calleeName(x) ?? "";
  return "";
}
