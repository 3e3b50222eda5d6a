/** The names that tell what kind of operation a call is: mutation and send verbs, sleeps, limiters, transactions, UI steps. */

/** Compound names that write: findOneAndUpdate, findOrCreate, getOrCreate. */
export const MUTATION_INSIDE = /(?:And|Or)(?:Update|Delete|Remove|Create|Replace|Upsert|Modify|Insert|Set)/;

/** Verbs that change state somewhere. */
export const MUTATION_VERBS = new Set([
  "create", "insert", "update", "upsert", "delete", "del", "remove", "rm", "unlink", "rmdir", "mkdir", "mkdtemp",
  "save", "set", "put", "post", "patch", "add", "push", "pop", "shift", "unshift", "splice", "enqueue", "dequeue",
  "dispatch", "trigger", "submit", "commit", "rollback", "begin", "start", "stop", "close", "open", "connect",
  "disconnect", "destroy", "drop", "truncate", "clear", "reset", "flush", "sync", "init", "initialize", "initialise",
  "setup", "register", "unregister", "subscribe", "unsubscribe", "listen", "kill", "spawn", "exec", "execute", "run",
  "invoke", "apply", "process", "handle", "migrate", "seed", "increment", "incr", "incrby", "decr", "decrement", "inc",
  "lock", "unlock", "acquire", "release", "rename", "move", "mv", "copy", "cp", "chmod", "chown", "link", "symlink",
  "utimes", "upload", "transfer", "pay", "charge", "refund", "approve", "reject", "cancel", "archive", "restore",
  "install", "uninstall", "deploy", "login", "logout", "signin", "signout", "signup", "track", "log", "record", "store",
  "persist", "invalidate", "evict", "expire", "mark", "assign", "attach", "detach", "bind", "mount", "unmount",
  "enable", "disable", "activate", "deactivate", "reserve", "confirm", "replace", "modify", "edit", "change", "mutate",
  "import", "schedule", "retry", "refresh", "revoke", "grant", "ban", "follow", "unfollow", "vote", "claim", "lpush",
  "rpush", "lpop", "rpop", "hset", "hdel", "sadd", "srem", "zadd", "zrem", "setex", "mset", "hmset", "expireat", "bulk",
  "batch", "provision", "purge", "emit", "publish", "send", "notify", "broadcast", "write", "append", "pipe", "end",
  "print", "transaction", "rotate", "prune", "cleanup", "teardown", "shutdown", "terminate",
]);

/** Calls that run a query built earlier in the chain. */
export const QUERY_TERMINATORS = new Set(["exec", "lean", "toArray", "first", "all", "one", "many", "oneOrNone", "manyOrNone", "any", "then"]);

/** Verbs that put a message on a stream, socket or channel. */
export const SEND_VERBS = new Set(["send", "emit", "publish", "write", "writeln", "append", "pipe", "end", "print", "broadcast", "notify", "push", "respond", "reply"]);

export const SLEEP_NAME = /^(sleep|delay|wait|pause|nap|snooze|backoff|throttle|ratelimit|cooldown)(?:\d*|ms|for(?:ms|millis|seconds?)?|seconds?|millis|async|promise)?$/i;
export const YIELD_NAME = /^(yieldtoeventloop|yieldtoloop|yieldeventloop|tick|nexttick|defer|breathe|letloopbreathe)$/i;
/** Rate limiters and locks: awaiting them in order is the point. */
export const LIMITER_METHODS = new Set(["removeTokens", "consume", "schedule", "acquire", "waitForToken", "take", "runExclusive", "lock", "throttle", "wrap"]);
export const LIMITER_RECEIVER = /limit|throttl|bucket|semaphore|mutex|lock|bottleneck|queue/i;

export const TRANSACTION_METHODS = new Set(["beginTransaction", "startTransaction", "commitTransaction", "abortTransaction", "commit", "rollback", "begin", "savepoint", "transaction", "$transaction", "withTransaction", "startSession", "runInTransaction", "tx"]);

export const UI_ACTIONS = new Set([
  "click", "dblclick", "fill", "type", "press", "goto", "navigate", "hover", "tap", "check", "uncheck", "selectOption", "focus",
  "blur", "dragAndDrop", "dragTo", "setInputFiles", "waitForSelector", "waitForNavigation", "waitForTimeout", "waitForURL",
  "waitForLoadState", "waitForResponse", "waitForRequest", "waitForFunction", "keyboard", "mouse", "reload", "goBack",
  "goForward", "setViewportSize", "screenshot", "evaluate", "sendKeys", "submit", "clear", "setContent", "bringToFront",
]);

/** Methods that consume or prompt: two calls in a row return different things, in order. */
export const STATEFUL_METHODS: ReadonlySet<string> = new Set(["next", "read", "readLine", "question", "prompt", "ask", "receive", "recv", "take", "pop", "shift", "dequeue", "consume", "input", "confirm", "password", "nextPage"]);
