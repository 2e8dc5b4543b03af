#!/usr/bin/env bash
# De kader-extensie (.vsix met de server erin) in echte VS Code: code-server
# in Debians Chromium, bediend met Playwright; schermafbeeldingen in
# target/e2e/vscode-real/. / The kader extension (.vsix with the server
# inside) in real VS Code: code-server in Debian's Chromium, driven by
# Playwright; screenshots in target/e2e/vscode-real/.
# Usage: tests/e2e/vscode-real.sh [path/to/kader-VERSION-linux-x64.vsix]
# It installs what it needs (apt-get, npm ci) and ends by itself.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
version="$(node -p 'require(process.argv[1]).version' "$repo/editors/vscode/package.json")"
vsix="${1:-$target/dist/kader-$version-linux-x64.vsix}"
[ -s "$vsix" ] || { echo "FOUT / FAIL: geen / no .vsix: $vsix (cargo xtask dist)" >&2; exit 1; }
vsix="$(cd "$(dirname "$vsix")" && pwd)/$(basename "$vsix")"
dir="$repo/tests/e2e/vscode-real"
shots="$target/e2e/vscode-real"

# Debian's packages: the browser, and what building code-server's native
# modules needs (Kerberos headers; ripgrep in place of a download).
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/gssapi/gssapi.h ] || need+=(libkrb5-dev)
command -v g++ >/dev/null || need+=(g++)
command -v make >/dev/null || need+=(make)
if [ "${#need[@]}" -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/home" "$work/tmp" "$work/user/User" "$work/extensions"

# code-server and playwright-core, exactly as package-lock.json pins them.
stamp="$dir/node_modules/.kader-lock"
if ! cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
  echo "== npm ci (code-server, playwright-core)"
  # @vscode/ripgrep downloads ripgrep unless its cache holds the archive:
  # Debian's rg, packed under the name it looks for.
  cache="$work/tmp/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$cache"
  cp "$(command -v rg)" "$work/tmp/rg"
  tar -czf "$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$work/tmp" rg
  # As root the install scripts need unsafe-perm; node-pty's runs npx
  # node-gyp (yes); the Node headers are in /usr/include/node (nodedir).
  # code-server's own install runs npm install in its copy of VS Code, whose
  # packages build native modules: allow their install scripts there too.
  (cd "$dir" && rm -rf node_modules \
    && TMPDIR="$work/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
       npm_config_nodedir=/usr npm_config_dangerously_allow_all_scripts=true \
       npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
fi
code_server="$dir/node_modules/.bin/code-server"

# A copy of the example repository, and a VS Code of its own.
cp -R "$repo/examples" "$work/examples"
cat >"$work/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "editor.hover.delay": 200,
  "window.restoreWindows": "none"
}
JSON
printf 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n' >"$work/config.yaml"

export HOME="$work/home" TMPDIR="$work/tmp" XDG_CONFIG_HOME="$work/home/.config" \
  XDG_DATA_HOME="$work/home/.local/share" XDG_CACHE_HOME="$work/home/.cache"
echo "== code-server --install-extension $(basename "$vsix")"
timeout 120 "$code_server" --user-data-dir "$work/user" --extensions-dir "$work/extensions" \
  --config "$work/config.yaml" --install-extension "$vsix"
ls "$work/extensions"/*/server/kader-lsp >/dev/null \
  || { echo "FOUT / FAIL: de extensie heeft geen server / the extension has no server" >&2; exit 1; }

rm -rf "$shots"
mkdir -p "$shots"
echo "== VS Code (code-server $(node -p 'require(process.argv[1]).version' "$dir/node_modules/code-server/package.json")) in Chromium"
timeout 300 node "$dir/drive.mjs" "$code_server" "$work/examples" "$work/user" \
  "$work/extensions" "$work/config.yaml" "$shots"
