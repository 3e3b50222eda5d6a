/** Command-line grammar: `looplens scan [paths...] [--format text|json|sarif] [--rule ID]...`, --help, --version. */
import { RULE_IDS, type RuleId } from "../engine/types";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanArgs {
  command: "scan";
  paths: string[];
  format: Format;
  rules: RuleId[];
}

export type ParsedArgs = { command: "help" } | { command: "version" } | ScanArgs;

/** Bad command line: reported with the usage text, exit code 2. */
export class UsageError extends Error {}

export const USAGE = "Usage: looplens scan [paths...] [--format text|json|sarif] [--rule ID]...";

export const HELP = `${USAGE}

Points at code that keeps Node's event loop idle or blocked.

Commands:
  scan [paths...]       analyse files and folders (default: the current folder);
                        folders are walked honouring .gitignore, skipping node_modules

Options:
  -f, --format FORMAT   text (default), json or sarif (2.1.0, for GitHub code scanning)
  -r, --rule ID         only this rule; repeat (or separate with commas) for several:
                        ${RULE_IDS.join(", ")}
  -h, --help            show this help
  -v, --version         print the version

Settings come from the nearest .looplensrc.json, or the "looplens" key of package.json:
  { "rules": { "sync-io": "off", "sequential-await": "error" }, "thresholds": { ... } }

Environment:
  LOOPLENS_WORKERS=N    analysis threads: 0 = none, N = exactly N
                        (default: up to 4 on scans of 150 files or more)
  NO_COLOR, FORCE_COLOR turn colour in text output off / on (default: on for a terminal)
  LOOPLENS_DEBUG=1      say how files are analysed; stack traces on internal errors

Exit status: 0 no findings, 1 findings, 2 usage error or internal failure.
`;

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError("missing command");
  if (command === "-h" || command === "--help" || command === "help") return { command: "help" };
  if (command === "-v" || command === "--version" || command === "version") return { command: "version" };
  if (command === "scan") return parseScan(rest);
  if (command.startsWith("-")) throw new UsageError(`unknown option ${quote(command)}`);
  throw new UsageError(`unknown command ${quote(command)}`);
}

function parseScan(argv: readonly string[]): ParsedArgs {
  const out: ScanArgs = { command: "scan", paths: [], format: "text", rules: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      out.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) throw new UsageError(`option ${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case "-h":
      case "--help":
        return { command: "help" };
      case "-v":
      case "--version":
        return { command: "version" };
      case "-f":
      case "--format": {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${quote(format)} (use one of ${FORMATS.join(", ")})`);
        out.format = format as Format;
        break;
      }
      case "-r":
      case "--rule": {
        const ids = value().split(",").map((s) => s.trim()).filter(Boolean);
        if (!ids.length) throw new UsageError(`option ${name} needs a rule id (known rules: ${RULE_IDS.join(", ")})`);
        for (const id of ids) {
          if (!(RULE_IDS as readonly string[]).includes(id)) throw new UsageError(`unknown rule ${quote(id)} (known rules: ${RULE_IDS.join(", ")})`);
          if (!out.rules.includes(id as RuleId)) out.rules.push(id as RuleId);
        }
        break;
      }
      default:
        throw new UsageError(`unknown option ${quote(name)}`);
    }
  }
  if (!out.paths.length) out.paths.push(".");
  return out;
}

function quote(s: string): string {
  return JSON.stringify(s);
}
