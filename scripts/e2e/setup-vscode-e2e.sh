#!/usr/bin/env bash
# Installs a real VS Code for the e2e suite: code-server 4.100.3 (= VS Code 1.100.3: the real workbench
# and a Node extension host) plus Debian's headless Chromium, from Debian's packages and the npm registry
# only (VS Code's own download server is out of reach here). Idempotent, and cached outside the clone
# (default ~/.cache/looplens-e2e) so a second run, or a second clone, costs nothing.
# Needs root (or sudo) for apt the first time. Usage: scripts/e2e/setup-vscode-e2e.sh; prints the install dir last.
set -euo pipefail
CS_VERSION=${CS_VERSION:-4.100.3}   # the newest code-server whose engines accept Node 20 and whose ?payload= test hook works
E2E_HOME=${LOOPLENS_E2E_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/looplens-e2e}
E2E_DIR="$E2E_HOME/code-server-$CS_VERSION"
mkdir -p "$E2E_HOME"

# One setup at a time: two test runs started together would otherwise build into the same folder.
exec 9>"$E2E_HOME/.lock"
command -v flock >/dev/null && flock 9

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
if ! command -v chromium >/dev/null || ! command -v rg >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "looplens e2e: installing chromium, ripgrep and the build libraries with apt" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium ripgrep build-essential pkg-config python3 libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev >&2
fi

if [ -f "$E2E_DIR/.ok" ] && [ -x "$E2E_DIR/node_modules/.bin/code-server" ]; then
  echo "$E2E_DIR"; exit 0
fi

echo "looplens e2e: installing code-server $CS_VERSION into $E2E_DIR" >&2
rm -rf "$E2E_DIR" && mkdir -p "$E2E_DIR" && cd "$E2E_DIR"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
echo '{"name":"looplens-vscode-e2e","private":true}' > package.json
{
  # --ignore-scripts: code-server's postinstall would download ripgrep from GitHub, which is out of reach
  npm install --no-save "code-server@$CS_VERSION" --ignore-scripts
  npm rebuild argon2                              # falls back to a local node-gyp build
  cd node_modules/code-server/lib/vscode
  npm install --omit=dev --ignore-scripts
  mkdir -p node_modules/@vscode/ripgrep/bin && cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild                                     # node-pty, spdlog, kerberos, watcher…; ripgrep's step sees bin/ and skips
  cd ../..
  # the rest of code-server's own postinstall (asar link, bin scripts, built-in extensions' dependencies)
  npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" npm_config_unsafe_perm=true sh ./postinstall.sh
} >&2
touch "$E2E_DIR/.ok"
echo "looplens e2e: code-server $CS_VERSION ready" >&2
echo "$E2E_DIR"
