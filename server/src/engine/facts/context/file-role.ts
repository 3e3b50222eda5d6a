/**
 * The file's role — an ordinary module, a CLI / build / test script, or code on a worker thread —
 * told by its path, its first line, its imports and a few calls; and the file-wide facts that
 * refine it: a worker-thread branch, a daemon that keeps serving events.
 */
import { ts } from "ts-morph";
import { calleeName, isAncestor, stringValue, unwrap, walk, type FunctionNode } from "../../ast";
import { nodesAtWord } from "../effects/nodes-at-word";
import type { NodeApiFacts } from "../node-apis";
import type { NodeIndex } from "../node-index";
import { sourceOfEmitter } from "./callback-sources";
import { SERVER_FACTORIES } from "./handlers";

/** Read once: each `ts.x` read is a getter on a dictionary-mode namespace object (see ast.ts). */
const SyntaxKind = ts.SyntaxKind;
const { isAsExpression, isBinaryExpression, isIdentifier, isIfStatement, isNonNullExpression, isParenthesizedExpression, isPrefixUnaryExpression, isPropertyAccessExpression, isSatisfiesExpression, isTypeAssertionExpression } = ts;

/** Worker-side halves of thread-pool libraries: a module that imports one runs on a worker thread. */
const WORKER_PACKAGES = new Set(["threads/worker"]);
/** Job-queue libraries, whose "workers" are callbacks on the main thread. */
const QUEUE_PACKAGES = new Set(["bullmq", "bull", "bee-queue", "@nestjs/bull", "@nestjs/bullmq", "kue", "agenda", "pg-boss"]);
/** Command-line parsers: a module that imports one is a CLI. */
const CLI_PACKAGES = new Set(["commander", "yargs", "yargs/yargs", "meow", "cac", "sade", "@oclif/core", "@oclif/command", "clipanion", "citty", "caporal", "@caporal/core", "vorpal"]);
/** Texts a file must contain before it is worth walking for the imports and calls that decide its role. */
const WORKER_HINTS = ["parentPort", "workerData"];
const QUEUE_SPECIFIER = quotedSpecifiers(QUEUE_PACKAGES);
const CLI_SPECIFIER = quotedSpecifiers(CLI_PACKAGES);
/** Call names that start a watcher, a server or a socket: what a long-running script's events come from. */
const LONG_LIVED_CALLS = new Set(["watch", "watchFile", "createServer", "createSecureServer", "listen", "connect", "createConnection", "createSocket", "Socket", "WebSocket", "WebSocketServer", "Server"]);
const LONG_LIVED_HINT = /watch|listen|createServer|createSecureServer|connect|createConnection|createSocket|WebSocket|Server/;

export type FileRole = "module" | "script" | "worker";

/** What a walk of the whole file tells about its role: imports, worker-thread APIs, a main-module check, a server. */
interface RoleClues {
  imported: Set<string>;
  usesParentPort: boolean;
  hasMainCheck: boolean;
  startsServer: boolean;
}

export class FileRoleFacts {
  private role?: FileRole;
  private readonly filePath: string;
  /** How a script file is described in messages: "a CLI script", "a test file", "a build script". */
  scriptDescription = "a CLI script";
  /** Test files: every callback in them, route handlers of test servers included, is the script's own work. */
  isTestFile = false;

  /** Next.js / SvelteKit route modules, whose exported functions are request handlers. */
  readonly routeModule: "pages-api" | "route-file" | undefined;

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly apis: NodeApiFacts,
    filePath: string,
    /** The file's shared node index (calls, `new`, imports), so role questions need no walk of their own. */
    private readonly nodes: () => NodeIndex,
  ) {
    this.filePath = filePath;
    const norm = filePath.replace(/\\/g, "/");
    this.routeModule = /(^|\/)pages\/api\//.test(norm) ? "pages-api" : /(^|\/)(route|\+server)\.[cm]?[jt]sx?$/.test(norm) ? "route-file" : undefined;
  }

  /** Module, CLI / build / test script, or worker thread; decided on first use, as most files never ask. */
  get fileRole(): FileRole {
    return (this.role ??= this.classifyFile(this.filePath));
  }

  private daemon?: boolean;

  /** The file starts a watcher, a server or a socket: the process keeps serving events. */
  isDaemon(): boolean {
    if (this.daemon !== undefined) return this.daemon;
    let found = false;
    if (LONG_LIVED_HINT.test(this.sf.text)) {
      const { calls, news } = this.nodes();
      const longLived = (n: ts.CallExpression | ts.NewExpression) => {
        const name = calleeName(n);
        if (!name || !LONG_LIVED_CALLS.has(name)) return false;
        if (name === "listen" && isPropertyAccessExpression(unwrap(n.expression))) return true;
        return !!sourceOfEmitter(this.apis.callee(n));
      };
      found = calls.some(longLived) || news.some(longLived);
    }
    return (this.daemon = found);
  }

  /** Asked for every function: the text is searched once. */
  private mentionsMainThread?: boolean;

  /** `if (!isMainThread) { … }` or the `else` of `if (isMainThread)`, from worker_threads. */
  inWorkerBranch(fn: FunctionNode): boolean {
    if (!(this.mentionsMainThread ??= this.sf.text.includes("isMainThread"))) return false;
    for (let p: ts.Node | undefined = fn.parent; p; p = p.parent) {
      if (!isIfStatement(p)) continue;
      const cond = unwrap(p.expression);
      const negated = isPrefixUnaryExpression(cond) && cond.operator === SyntaxKind.ExclamationToken;
      if (!this.apis.is(negated ? (cond as ts.PrefixUnaryExpression).operand : cond, "worker_threads", "isMainThread")) continue;
      if (isAncestor(negated ? p.thenStatement : p.elseStatement ?? p.thenStatement, fn) && (negated || !!p.elseStatement)) return true;
    }
    return false;
  }

  private classifyFile(filePath: string): FileRole {
    const norm = filePath.replace(/\\/g, "/");
    const text = this.sf.text;
    // The walk for imports and calls only happens when the text shows a file could need it.
    const facts = () => (this.roleClues ??= this.findRoleClues());
    const importsAny = (names: Set<string>) => [...facts().imported].some((m) => names.has(m));
    if (WORKER_HINTS.some((h) => text.includes(h)) && facts().usesParentPort && !this.hasMainThreadCheck()) return "worker";
    if (text.includes("threads/worker") && importsAny(WORKER_PACKAGES)) return "worker";
    // thumbnail.worker.ts: the worker-thread naming convention — unless it is a job-queue worker, which runs on the main thread.
    if (/\.worker\.[cm]?[jt]sx?$/.test(norm) && !(QUEUE_SPECIFIER.test(text) && importsAny(QUEUE_PACKAGES))) return "worker";
    if (/(^|\/)(__tests__|__mocks__|tests?|e2e)\//.test(norm) || /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/.test(norm)) {
      this.isTestFile = true;
      this.scriptDescription = "a test file";
      return "script";
    }
    if (text.startsWith("#!")) return "script";
    if (/(^|\/)(bin|tools|build)\/[^/]+$/.test(norm) || /(^|\/)scripts?\//.test(norm)) return "script";
    if (/(^|\/)cli(\/[^/]+|\.[cm]?[jt]sx?)$/.test(norm)) return "script";
    if (/(^|\/)(migrations|seeds|seeders)\/[^/]+$/.test(norm)) {
      this.scriptDescription = "a migration script";
      return "script";
    }
    if (/(^|\/)([\w.-]+\.config|gulpfile|Gruntfile|Jakefile|gatsby-node|gatsby-config)\.[cm]?[jt]s$/.test(norm)) {
      this.scriptDescription = "a build script";
      return "script";
    }
    // `if (require.main === module) app.listen(…)` runs a server, not a CLI.
    if (text.includes("require.main") && facts().hasMainCheck && !facts().startsServer) return "script";
    if (CLI_SPECIFIER.test(text) && importsAny(CLI_PACKAGES)) return "script";
    return "module";
  }

  private roleClues?: RoleClues;

  /** Imports, requires, worker-thread APIs, a `require.main === module` check and a server start, from the node index and the text. */
  private findRoleClues(): RoleClues {
    const f: RoleClues = { imported: new Set<string>(), usesParentPort: false, hasMainCheck: false, startsServer: false };
    const { imports, calls } = this.nodes();
    for (const n of imports) {
      const spec = stringValue(n.moduleSpecifier);
      if (spec) f.imported.add(spec);
    }
    for (const n of calls) {
      const name = calleeName(n);
      if ((name === "listen" && isPropertyAccessExpression(unwrap(n.expression))) || (name && SERVER_FACTORIES.has(name))) f.startsServer = true;
      const spec = name === "require" && n.arguments.length === 1 ? stringValue(n.arguments[0]) : undefined;
      if (spec) f.imported.add(spec);
    }
    const workerApi = (n: ts.Node) => {
      const api = this.apis.resolve(n);
      return !!api && api.module === "worker_threads" && (api.path[0] === "parentPort" || api.path[0] === "workerData");
    };
    f.usesParentPort = ["parentPort", "workerData"].some((word) => this.namesSpelled(word).some((n) => workerApi(n)));
    // require.main === module: a `main` name read off `require`, compared with `module`.
    f.hasMainCheck = this.identifiersSpelled("main").some((id) => {
      const access = id.parent;
      if (!isPropertyAccessExpression(access) || access.name !== id || !isIdentifierNamed(access.expression, "require")) return false;
      let operand: ts.Node = access;
      while (operand.parent && isTransparentWrapper(operand.parent)) operand = operand.parent;
      const n = operand.parent;
      if (!n || !isBinaryExpression(n) || (n.operatorToken.kind !== SyntaxKind.EqualsEqualsEqualsToken && n.operatorToken.kind !== SyntaxKind.EqualsEqualsToken)) return false;
      return (n.left === operand && isIdentifierNamed(n.right, "module")) || (n.right === operand && isIdentifierNamed(n.left, "module"));
    });
    return f;
  }

  private hasMainThreadCheck(): boolean {
    return this.namesSpelled("isMainThread").some((n) => this.apis.resolve(n)?.module === "worker_threads");
  }

  /** Each identifier spelled `word`, and the property access it is the name of (`wt.parentPort`), in source order. */
  private namesSpelled(word: string): ts.Node[] {
    const out: ts.Node[] = [];
    for (const id of this.identifiersSpelled(word)) {
      if (isPropertyAccessExpression(id.parent) && id.parent.name === id) out.push(id.parent);
      out.push(id);
    }
    return out;
  }

  /**
   * The identifiers whose name is `word`, found from the text. Only an escape (`parent\u0050ort`)
   * can spell a name differently from its text: a file with one is walked instead.
   */
  private identifiersSpelled(word: string): ts.Identifier[] {
    if (!this.sf.text.includes("\\u")) return nodesAtWord(this.sf, word).filter((n): n is ts.Identifier => isIdentifier(n) && n.text === word);
    const out: ts.Identifier[] = [];
    walk(this.sf, (n) => {
      if (isIdentifier(n) && n.text === word) out.push(n);
    });
    return out;
  }
}

/** The wrappers unwrap() looks through: parentheses, `as`, `!`, `<T>`, `satisfies`. */
function isTransparentWrapper(n: ts.Node): boolean {
  return isParenthesizedExpression(n) || isAsExpression(n) || isNonNullExpression(n) || isTypeAssertionExpression(n) || isSatisfiesExpression(n);
}

function quotedSpecifiers(names: Set<string>): RegExp {
  const alternatives = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  return new RegExp(`["'\`](?:${alternatives.join("|")})["'\`]`);
}

function isIdentifierNamed(n: ts.Expression, name: string): boolean {
  const e = unwrap(n);
  return isIdentifier(e) && e.text === name;
}
