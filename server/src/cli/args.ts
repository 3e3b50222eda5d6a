/**
 * Command-line grammar: `looplens scan [paths...] [--format text|json|sarif] [--rule ID]...`,
 * `looplens fix [paths...] [--rule ID]... [--write | --dry-run] [--unsafe]`, `looplens lsp --stdio`, --help, --version.
 */
import { RULE_IDS, type RuleId } from "../engine/types";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanArgs {
  command: "scan";
  paths: string[];
  format: Format;
  rules: RuleId[];
}

export interface FixArgs {
  command: "fix";
  paths: string[];
  rules: RuleId[];
  /** Rewrite the files; otherwise (--dry-run, the default) print the diff. */
  write: boolean;
  /** Also apply fixes marked for review (safe: false), as Biome's and Ruff's --unsafe do. */
  unsafe: boolean;
}

export type ParsedArgs = { command: "help" } | { command: "version" } | { command: "lsp" } | ScanArgs | FixArgs;

/** Bad command line: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: looplens scan [paths...] [--format text|json|sarif] [--rule ID]...
       looplens fix [paths...] [--rule ID]... [--write | --dry-run] [--unsafe]
       looplens lsp --stdio`;

export const HELP = `${USAGE}

Points at code that keeps Node's event loop idle or blocked.

Commands:
  scan [paths...]       analyse files and folders (default: the current folder);
                        folders are walked honouring .gitignore, skipping node_modules
  fix [paths...]        apply the preferred fix of every finding in the same files, again
                        on the result until nothing more applies; by default (--dry-run)
                        print the changes as a unified diff on stdout and write nothing;
                        fixes marked for review are left out unless --unsafe
  lsp --stdio           run the language server on stdin/stdout for any LSP editor
                        (diagnostics, code lenses, quick fixes; settings as below)

Options:
  -f, --format FORMAT   text (default), json or sarif (2.1.0, for GitHub code scanning)
  -r, --rule ID         only this rule; repeat (or separate with commas) for several:
                        ${RULE_IDS.join(", ")}
  -w, --write           fix: rewrite the files (each only if unchanged since it was read,
                        atomically, keeping encoding, BOM and line endings)
  -n, --dry-run         fix: print the diff only (the default)
      --unsafe          fix: also apply fixes marked for review (behaviour that needs a
                        human check, e.g. a function moved to a worker thread)
  -h, --help            show this help
  -v, --version         print the version

Settings come from the nearest .looplensrc.json, or the "looplens" key of package.json:
  { "rules": { "sync-io": "off", "sequential-await": "error" }, "thresholds": { ... } }

Environment:
  LOOPLENS_WORKERS=N    analysis threads: 0 = none, N = exactly N
                        (default: half the cores, up to 4, on scans of 150+ files)
  NO_COLOR, FORCE_COLOR turn colour in text output off / on (default: on for a terminal)
  LOOPLENS_DEBUG=1      say how files are analysed; stack traces on internal errors
  LOOPLENS_CODE_CACHE=0 do not keep V8's compiled-code cache (kept in ~/.cache/looplens)

Exit status: 0 no findings, 1 findings, 2 usage error or internal failure.
For fix, 1 means findings remain unfixed (after the fixes, as written or as the diff shows).
`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError("missing command");
  if (command === "-h" || command === "--help" || command === "help") return { command: "help" };
  if (command === "-v" || command === "--version" || command === "version") return { command: "version" };
  if (command === "scan") return parseScan(rest);
  if (command === "fix") return parseFix(rest);
  if (command === "lsp") return parseLsp(rest);
  if (command.startsWith("-")) throw new UsageError(`unknown option ${quote(command)}`);
  throw new UsageError(`unknown command ${quote(command)}`);
}

interface OptionToken {
  name: string;
  /** The option's value: `--x=v` or the next argument; throws when there is none. */
  value(): string;
  /** True for `--x=v`, for options that take no value. */
  hasInlineValue: boolean;
}

/**
 * Splits argv into paths and options (`--x v`, `--x=v`, `--` ends options) and hands each option
 * to `onOption`; help and version win wherever they stand. Returns the early result, if any.
 */
function walkArgs(argv: readonly string[], paths: string[], onOption: (o: OptionToken) => void): ParsedArgs | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      paths.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name === "-h" || name === "--help") return { command: "help" };
    if (name === "-v" || name === "--version") return { command: "version" };
    onOption({
      name,
      hasInlineValue: eq > 0,
      value: () => {
        if (eq > 0) return arg.slice(eq + 1);
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith("-") && next !== "-")) throw new UsageError(`option ${name} needs a value`);
        i++;
        return next;
      },
    });
  }
  if (!paths.length) paths.push(".");
  return undefined;
}

function parseScan(argv: readonly string[]): ParsedArgs {
  const out: ScanArgs = { command: "scan", paths: [], format: "text", rules: [] };
  const early = walkArgs(argv, out.paths, ({ name, value }) => {
    switch (name) {
      case "-f":
      case "--format": {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${quote(format)} (use one of ${FORMATS.join(", ")})`);
        out.format = format as Format;
        break;
      }
      case "-r":
      case "--rule":
        addRules(out.rules, name, value());
        break;
      default:
        throw new UsageError(`unknown option ${quote(name)}`);
    }
  });
  return early ?? out;
}

function parseFix(argv: readonly string[]): ParsedArgs {
  const out: FixArgs = { command: "fix", paths: [], rules: [], write: false, unsafe: false };
  let mode: string | undefined;
  const early = walkArgs(argv, out.paths, ({ name, value, hasInlineValue }) => {
    switch (name) {
      case "-r":
      case "--rule":
        addRules(out.rules, name, value());
        break;
      case "-w":
      case "--write":
      case "-n":
      case "--dry-run": {
        if (hasInlineValue) throw new UsageError(`option ${name} takes no value`);
        const write = name === "-w" || name === "--write";
        if (mode !== undefined && out.write !== write) throw new UsageError(`${mode} and ${name} cannot be used together`);
        mode = name;
        out.write = write;
        break;
      }
      case "--unsafe":
        if (hasInlineValue) throw new UsageError(`option ${name} takes no value`);
        out.unsafe = true;
        break;
      default:
        throw new UsageError(`unknown option ${quote(name)}`);
    }
  });
  return early ?? out;
}

/**
 * `lsp --stdio`. The LSP library reads the transport from the command line itself; `--clientProcessId`
 * (which some clients add) lets it end the server when the editor dies.
 */
function parseLsp(argv: readonly string[]): ParsedArgs {
  let stdio = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return { command: "help" };
    if (arg === "--stdio") stdio = true;
    else if (/^--clientProcessId=\d+$/.test(arg)) continue;
    else if (arg === "--clientProcessId" && /^\d+$/.test(argv[i + 1] ?? "")) i++;
    else throw new UsageError(`unknown option ${quote(arg)} for lsp`);
  }
  if (!stdio) throw new UsageError("lsp needs --stdio (the language server talks LSP on stdin/stdout)");
  return { command: "lsp" };
}

/** `--rule a,b`: known ids, each once, in the order given. */
function addRules(into: RuleId[], option: string, raw: string): void {
  const ids = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (!ids.length) throw new UsageError(`option ${option} needs a rule id (known rules: ${RULE_IDS.join(", ")})`);
  for (const id of ids) {
    if (!(RULE_IDS as readonly string[]).includes(id)) throw new UsageError(`unknown rule ${quote(id)} (known rules: ${RULE_IDS.join(", ")})`);
    if (!into.includes(id as RuleId)) into.push(id as RuleId);
  }
}

function quote(s: string): string {
  return JSON.stringify(s);
}
