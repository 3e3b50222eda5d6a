/**
 * What a write call writes to — a file path, a file descriptor, a FileHandle, a stream — and
 * whether that destination can change from one iteration of a loop to the next. Lets
 * unbuffered-write tell "one file, many small writes" from "one write per distinct file".
 */
import { ts } from "ts-morph";
import { isFunctionNode, stringValue, unwrap, walk } from "../ast";
import type { FileFacts } from "./file-facts";
import { CallNames } from "./named-calls";
import type { ApiRef } from "./node-apis";
import { isWrite, type Decl } from "./scope";

export type DestinationKind =
  /** appendFileSync(path), await appendFile(path): opens, writes and closes the file each call. */
  | "file"
  /** fs.writeSync(fd): one system call per piece. */
  | "fd"
  /** A FileHandle from fs/promises open(). */
  | "handle"
  /** A writable stream: fs.createWriteStream, a socket, an HTTP response, a child's stdin. */
  | "stream"
  /** process.stdout / process.stderr: synchronous for files and pipes on POSIX. */
  | "stdout";

export interface WriteTarget {
  call: ts.CallExpression;
  kind: DestinationKind;
  /** How messages name the call: "appendFileSync", "fs.writeSync", "await appendFile", "out.write". */
  label: string;
  /** The expression that names the destination: the path, the fd, the handle or stream receiver. */
  dest: ts.Expression;
  /** Words for messages: "out.csv", "logPath", "process.stdout". */
  destLabel: string;
  /** Same key, same destination (within one function). */
  destKey: string;
  /** writeSync(fd, buf, offset, length) and the like: copies chunks of a buffer, not small pieces. */
  chunked: boolean;
}

const FS_MODULES = new Set(["fs", "graceful-fs", "fs-extra"]);
/** Parameter types that name a writable; `Response` is Express's (a fetch Response has no write()). */
const WRITABLE_TYPE = /\b(Writable|WriteStream|WritableStream|Socket|TLSSocket|ServerResponse|OutgoingMessage|Duplex|Transform|PassThrough|Response|ExpressResponse|Gzip|Deflate|BrotliCompress)\b/;
/** zlib and stream factories whose result is a writable. */
const STREAM_FACTORIES: Record<string, Set<string>> = {
  zlib: new Set(["createGzip", "createDeflate", "createDeflateRaw", "createBrotliCompress", "createGunzip", "createInflate", "createUnzip", "createBrotliDecompress"]),
  stream: new Set(["PassThrough", "Writable", "Transform", "Duplex"]),
  net: new Set(["connect", "createConnection", "Socket"]),
  tls: new Set(["connect"]),
};

/** The last names of every write call this module understands: the fs functions and the `write` / `appendFile` / `writev` methods. */
const WRITE_NAMES = new CallNames(new Set(["write", "writev", "appendFile", "appendFileSync", "writeFile", "writeFileSync", "writeSync", "writevSync"]), ["write", "appendFile"]);

export class WriteTargetFacts {
  private readonly cache = new Map<ts.CallExpression, WriteTarget | undefined>();
  private candidateCalls?: ts.CallExpression[];

  constructor(private readonly file: FileFacts) {}

  /** The calls that may be writes (named like one), in source order; `of()` says which are. */
  candidates(): ts.CallExpression[] {
    return (this.candidateCalls ??= WRITE_NAMES.callsIn(this.file.sf));
  }

  /** The destination `call` writes to, when it is a write this module understands. */
  of(call: ts.CallExpression): WriteTarget | undefined {
    if (this.cache.has(call)) return this.cache.get(call);
    const t = this.compute(call);
    this.cache.set(call, t);
    return t;
  }

  /**
   * True when the destination may differ between iterations of `loop` (a loop statement, or the
   * callback of `forEach`/`map`): it reads a name declared or assigned inside the loop, a property
   * assigned inside it, or calls something that could answer differently each time.
   */
  variesIn(target: WriteTarget, loop: ts.Node): boolean {
    const dest = target.dest;
    const assignedTexts = assignedMemberTexts(loop);
    let varies = false;
    const check = (n: ts.Node): boolean | void => {
      if (varies) return false;
      if (ts.isIdentifier(n) && isValueRef(n)) {
        const decl = this.file.scopes.resolve(n);
        if (decl.kind !== "global" && this.declaredOrWrittenIn(decl, loop)) varies = true;
      } else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
        if (assignedTexts.has(compact(n.getText(this.file.sf)))) varies = true;
      } else if (ts.isCallExpression(n) && !this.isPurePathCall(n)) {
        varies = true;
      } else if (isFunctionNode(n)) return false;
    };
    check(dest);
    if (!varies) walk(dest, check);
    return varies;
  }

  private declaredOrWrittenIn(decl: Decl, loop: ts.Node): boolean {
    if (decl.id && isInside(decl.id, loop)) return true;
    if (decl.kind === "const" || decl.kind === "import" || decl.kind === "function" || decl.kind === "class") return false;
    return this.file.scopes.references(decl).some((r) => isInside(r, loop) && isWrite(r));
  }

  /** path.join(dir, "x.log"), String(x): same inputs, same answer. */
  private isPurePathCall(call: ts.CallExpression): boolean {
    const ref = this.file.apis.callee(call);
    if (ref && ref.module === "path") return true;
    if (ref && ref.module === "global" && ref.path.length === 1 && ref.path[0] === "String") return true;
    return false;
  }

  private compute(call: ts.CallExpression): WriteTarget | undefined {
    const ref = this.file.apis.callee(call);
    if (ref) return this.fromApi(call, ref);
    const callee = unwrap(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    if (method !== "write" && method !== "appendFile" && method !== "writev") return undefined;
    const receiver = unwrap(callee.expression);
    const recvText = compact(receiver.getText(this.file.sf));
    const kind = this.receiverKind(receiver, method);
    if (!kind) return undefined;
    const awaited = isAwaited(call);
    return {
      call,
      kind,
      label: `${awaited ? "await " : ""}${recvText}.${method}`,
      dest: receiver,
      destLabel: recvText,
      destKey: `${kind}:${recvText}`,
      chunked: kind === "handle" && isBufferRegion(call.arguments, 1),
    };
  }

  private fromApi(call: ts.CallExpression, ref: ApiRef): WriteTarget | undefined {
    const args = call.arguments;
    if (ref.module === "global" && ref.path[0] === "process" && (ref.path[1] === "stdout" || ref.path[1] === "stderr") && ref.path[2] === "write" && ref.path.length === 3) {
      const name = `process.${ref.path[1]}`;
      return { call, kind: "stdout", label: `${name}.write`, dest: unwrap((unwrap(call.expression) as ts.PropertyAccessExpression).expression), destLabel: name, destKey: `stdout:${name}`, chunked: false };
    }
    if (!FS_MODULES.has(ref.module) || !args[0]) return undefined;
    const viaPromises = ref.path[0] === "promises" && ref.path.length === 2;
    const fn = viaPromises ? ref.path[1] : ref.path.length === 1 ? ref.path[0] : undefined;
    if (!fn) return undefined;
    const dest = unwrap(args[0]);
    const awaited = isAwaited(call);
    const prefix = awaited ? "await " : "";
    const file = (label: string): WriteTarget => ({ call, kind: "file", label, dest, destLabel: this.pathLabel(dest), destKey: `file:${compact(dest.getText(this.file.sf))}`, chunked: false });
    const fd = (label: string): WriteTarget => ({ call, kind: "fd", label, dest, destLabel: compact(dest.getText(this.file.sf)), destKey: `fd:${compact(dest.getText(this.file.sf))}`, chunked: isBufferRegion(args, 2) });
    switch (fn) {
      case "appendFileSync":
        return viaPromises ? undefined : file("appendFileSync");
      case "appendFile":
        return file(`${prefix}appendFile`);
      case "writeFileSync":
        return !viaPromises && appendsByFlag(args[2]) ? file("writeFileSync (append)") : undefined;
      case "writeFile":
        return appendsByFlag(args[2]) ? file(`${prefix}writeFile (append)`) : undefined;
      case "writeSync":
      case "writevSync":
      case "write":
      case "writev":
        return viaPromises ? undefined : fd(`fs.${fn}`);
      default:
        return undefined;
    }
  }

  /** What kind of writable `receiver` is, when its origin shows it; undefined for unknown objects. */
  private receiverKind(receiver: ts.Expression, method: string): DestinationKind | undefined {
    const api = this.file.apis.resolve(receiver);
    if (api?.module === "global" && api.path[0] === "process" && (api.path[1] === "stdout" || api.path[1] === "stderr") && api.path.length === 2) return method === "write" ? "stdout" : undefined;
    // Fastify's reply.raw, Koa's ctx.res: the Node response under the framework's own object.
    if (ts.isPropertyAccessExpression(receiver) && (receiver.name.text === "raw" || receiver.name.text === "res")) {
      return method === "write" && this.isRawResponse(receiver) ? "stream" : undefined;
    }
    // child.stdin where child = spawn(…)
    if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === "stdin") {
      const base = this.originCall(unwrap(receiver.expression));
      if (base && isApi(base.ref, "child_process", ["spawn", "fork", "exec", "execFile"])) return method === "write" ? "stream" : undefined;
      return undefined;
    }
    if (!ts.isIdentifier(receiver)) return undefined;
    const decl = this.file.scopes.resolve(receiver);
    if (decl.kind === "param") return method === "write" ? this.paramKind(decl) : undefined;
    const origin = this.originCall(receiver);
    if (!origin) return undefined;
    const { ref, awaited } = origin;
    if (FS_MODULES.has(ref.module) && isApi(ref, ref.module, ["createWriteStream"])) return method === "write" ? "stream" : undefined;
    if (ref.path.length === 1 && STREAM_FACTORIES[ref.module]?.has(ref.path[0])) return method === "write" ? "stream" : undefined;
    if (awaited && FS_MODULES.has(ref.module) && ref.path.length === 2 && ref.path[0] === "promises" && ref.path[1] === "open") return "handle";
    return undefined;
  }

  /** `reply.raw` of a request handler's reply (Fastify), `ctx.res` of a Koa context. */
  private isRawResponse(receiver: ts.PropertyAccessExpression): boolean {
    const base = unwrap(receiver.expression);
    if (!ts.isIdentifier(base)) return false;
    const decl = this.file.scopes.resolve(base);
    if (decl.kind !== "param") return false;
    if (receiver.name.text === "raw") return this.paramKind(decl) === "stream";
    const param = decl.id?.parent;
    if (!param || !ts.isParameter(param) || !/^(ctx|context)$/.test(base.text) || !isFunctionNode(param.parent) || param.parent.parameters[0] !== param) return false;
    return this.file.context.roleOf(param.parent)?.kind === "request";
  }

  /**
   * The Node API call a name was initialised from: `const out = fs.createWriteStream(p)`, `const fh
   * = await open(p, "a")`. A `let` that is reassigned elsewhere (`sock = net.connect(…)` in a
   * reconnect function) still names one kind of destination when every value it is given comes
   * from the same API; whether a loop sees one or several of them is for `variesIn` to say.
   */
  private originCall(expr: ts.Expression): { ref: ApiRef; awaited: boolean } | undefined {
    if (!ts.isIdentifier(expr)) return undefined;
    const decl = this.file.scopes.resolve(expr);
    if ((decl.kind !== "const" && decl.kind !== "let" && decl.kind !== "var") || decl.path) return undefined;
    const values: ts.Expression[] = [];
    if (decl.init) {
      if (!ts.isExpression(decl.init)) return undefined;
      values.push(decl.init);
    }
    if (this.file.scopes.isReassigned(decl)) {
      for (const r of this.file.scopes.references(decl)) {
        if (!isWrite(r)) continue;
        const assign = r.parent;
        if (!ts.isBinaryExpression(assign) || assign.left !== r || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
        values.push(assign.right);
      }
    }
    let origin: { ref: ApiRef; awaited: boolean } | undefined;
    for (const v of values) {
      const o = this.valueOrigin(v);
      if (!o || (origin && (o.awaited !== origin.awaited || o.ref.module !== origin.ref.module || o.ref.path.join(".") !== origin.ref.path.join(".")))) return undefined;
      origin = o;
    }
    return origin;
  }

  private valueOrigin(value: ts.Expression): { ref: ApiRef; awaited: boolean } | undefined {
    let init = unwrap(value);
    let awaited = false;
    if (ts.isAwaitExpression(init)) {
      awaited = true;
      init = unwrap(init.expression);
    }
    if (!ts.isCallExpression(init) && !ts.isNewExpression(init)) return undefined;
    const ref = this.file.apis.callee(init);
    return ref && { ref, awaited };
  }

  /** A parameter typed as a writable, the response of a request handler, or the socket of a connection callback. */
  private paramKind(decl: Decl): DestinationKind | undefined {
    const param = decl.id?.parent;
    if (!param || !ts.isParameter(param) || !ts.isIdentifier(param.name)) return undefined;
    if (param.type && WRITABLE_TYPE.test(param.type.getText(this.file.sf))) return "stream";
    const fn = param.parent;
    if (!isFunctionNode(fn)) return undefined;
    const index = fn.parameters.indexOf(param);
    // (req, res) — the Node convention for a request and its response, whoever registers the function.
    const first = fn.parameters[0]?.name;
    if (index === 1 && /^(res|response)$/.test(param.name.text) && first && ts.isIdentifier(first) && /^(req|request)$/.test(first.text)) return "stream";
    const role = this.file.context.roleOf(fn);
    if (role?.kind !== "request") return undefined;
    if (index === 1 && (role.event === undefined || role.event === "request")) return "stream";
    if (index === 0 && (role.event === "connection" || role.event === "secureConnection")) return "stream";
    return undefined;
  }

  private pathLabel(dest: ts.Expression): string {
    const s = stringValue(dest);
    if (s !== undefined) return s.split(/[\\/]/).pop() || s;
    if (ts.isCallExpression(dest)) {
      const last = dest.arguments[dest.arguments.length - 1];
      const lit = last && stringValue(unwrap(last));
      if (lit !== undefined && this.file.apis.callee(dest)?.module === "path") return lit.split(/[\\/]/).pop() || lit;
    }
    const text = compact(dest.getText(this.file.sf));
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  }
}

function isApi(ref: ApiRef, module: string, names: string[]): boolean {
  return ref.module === module && ref.path.length === 1 && names.includes(ref.path[0]);
}

/**
 * `fs.writeSync(fd, buf, 0, n)` / `handle.write(buf, 0, n)`: a region of a buffer, the shape of a
 * copy loop. The string forms put an encoding where the length goes: `(fd, str, null, "utf8")`.
 */
function isBufferRegion(args: ts.NodeArray<ts.Expression>, offsetIndex: number): boolean {
  const length = args[offsetIndex + 1];
  return !!length && stringValue(unwrap(length)) === undefined;
}

/** `{ flag: "a" }` in writeFile's options. */
function appendsByFlag(options: ts.Expression | undefined): boolean {
  if (!options) return false;
  const o = unwrap(options);
  if (!ts.isObjectLiteralExpression(o)) return false;
  return o.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "flag" && /^a/.test(stringValue(unwrap(p.initializer)) ?? ""));
}

export function isAwaited(call: ts.CallExpression): boolean {
  let p: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(p)) p = p.parent;
  return ts.isAwaitExpression(p);
}

function compact(text: string): string {
  return text.replace(/\s+/g, "");
}

function isInside(n: ts.Node, ancestor: ts.Node): boolean {
  for (let p: ts.Node | undefined = n; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** An identifier that names a value here (not `b` in `a.b`, not a property key). */
function isValueRef(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
  return true;
}

/** Texts of member expressions assigned inside `node`: `this.file = …` gives "this.file". */
function assignedMemberTexts(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const sf = node.getSourceFile();
  walk(node, (n) => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = unwrap(n.left);
      if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) out.add(compact(left.getText(sf)));
    }
  });
  return out;
}
