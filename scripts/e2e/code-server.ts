/**
 * A throwaway code-server (a real VS Code: workbench + Node extension host) on 127.0.0.1: fresh
 * profile, extensions dir with the packaged VSIX installed, and copies of the fixture workspace.
 * `stop()` kills its whole process group, so no extension host or language server outlives it.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CodeServer {
  url: string;
  /** Workspace copies by name, each a folder the tests may change. */
  workspaces: Record<string, string>;
  extensionsDir: string;
  /** Extension host and LoopLens output logs, and code-server's own, for a failure report. */
  logs(): string;
  stop(): Promise<void>;
}

const USER_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.colorTheme": "Default Dark Modern",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "files.hotExit": "off",
  // VS Code for the web saves after a delay by default: a fix the suites apply and revert would reach the fixture on disk.
  "files.autoSave": "off",
  "files.refactoring.autoSave": false,
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "chat.commandCenter.enabled": false,
  "git.enabled": false,
  "typescript.tsserver.experimental.enableProjectDiagnostics": false,
};

export async function startCodeServer(options: { installDir: string; fixture: string; workspaces: string[]; vsix: string; env?: Record<string, string> }): Promise<CodeServer> {
  const bin = join(options.installDir, "node_modules", ".bin", "code-server");
  const dir = mkdtempSync(join(tmpdir(), "looplens-e2e-"));
  const userData = join(dir, "user-data");
  const extensionsDir = join(dir, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  mkdirSync(extensionsDir);
  writeFileSync(join(userData, "User", "settings.json"), JSON.stringify(USER_SETTINGS, null, 2));
  const workspaces: Record<string, string> = {};
  for (const name of options.workspaces) {
    workspaces[name] = join(dir, name);
    cpSync(options.fixture, workspaces[name], { recursive: true });
  }
  const common = ["--user-data-dir", userData, "--extensions-dir", extensionsDir, "--config", join(dir, "config.yaml")];
  // Installed as a user would install it: the suite then runs the extension from what the VSIX holds.
  const install = spawnSync(bin, [...common, "--install-extension", options.vsix], { encoding: "utf8" });
  if (install.status !== 0) throw new Error(`code-server could not install ${options.vsix}:\n${install.stdout}\n${install.stderr}`);

  const port = await freePort();
  const log = join(dir, "code-server.log");
  const out = openSync(log, "a");
  const child = spawn(bin, [...common, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override"], {
    detached: true, // its own process group, killed as a whole
    stdio: ["ignore", out, out],
    env: { ...process.env, ...options.env },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${readFileSync(log, "utf8")}`);
    if (await healthy(url)) break;
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s:\n${readFileSync(log, "utf8")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    workspaces,
    extensionsDir,
    logs: () => collectLogs(userData, log),
    async stop() {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      try {
        if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The extension host's logs (with LoopLens's output channels) and the tail of code-server's own log. */
function collectLogs(userData: string, serverLog: string): string {
  const parts: string[] = [];
  const walk = (d: string): string[] =>
    existsSync(d) ? readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)])) : [];
  for (const file of walk(join(userData, "logs")).filter((f) => /exthost|LoopLens/i.test(f) && f.endsWith(".log"))) {
    parts.push(`----- ${file.slice(userData.length + 1)}\n${readFileSync(file, "utf8").slice(-20_000)}`);
  }
  if (existsSync(serverLog)) parts.push(`----- code-server.log (tail)\n${readFileSync(serverLog, "utf8").slice(-5_000)}`);
  return parts.join("\n");
}
