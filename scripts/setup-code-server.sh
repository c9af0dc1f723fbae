#!/usr/bin/env bash
# Installs code-server (a real VS Code workbench served to a browser) into .vscode-test/,
# for the end-to-end tests. VS Code desktop cannot be downloaded on these machines, so
# @vscode/test-electron cannot run here; code-server from npm can. Idempotent: a finished
# install leaves a stamp and the next call returns at once.
set -euo pipefail
VERSION=4.100.3   # = VS Code 1.100.3; 4.103+ needs Node 22, 4.96 has a git dependency
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.vscode-test/code-server-$VERSION"
stamp="$dir/.fitwatch-ready"
[ -f "$stamp" ] && { echo "code-server $VERSION ready in $dir"; exit 0; }

command -v rg >/dev/null || { echo "setup-code-server: ripgrep (rg) is missing: apt-get install ripgrep" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"name":"fitwatch-code-server","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >/dev/null
cs="$dir/node_modules/code-server"
(cd "$cs/lib/vscode" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)
(cd "$cs/lib/vscode/extensions" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)
npm_config_yes=true npm rebuild argon2 >/dev/null   # code-server requires it at start-up
(cd "$cs/lib/vscode" && npm_config_yes=true npm rebuild @vscode/spdlog node-pty >/dev/null)
ln -sfn node_modules "$cs/lib/vscode/node_modules.asar"
mkdir -p "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
touch "$stamp"
echo "code-server $VERSION ready in $dir"
