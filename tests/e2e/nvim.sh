#!/usr/bin/env bash
# Neovim (headless) opent een beleid uit een kopie van de repository en
# controleert kader-lsp via zijn eigen LSP-client.
# Headless Neovim opens a policy from a copy of the repository and checks
# kader-lsp through its own LSP client.
# Usage: tests/e2e/nvim.sh [path/to/kader-lsp]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lsp="${1:-${CARGO_TARGET_DIR:-$repo/target}/debug/kader-lsp}"
[ -x "$lsp" ] || { echo "FOUT / FAIL: kader-lsp niet gevonden / not found: $lsp" >&2; exit 1; }
lsp="$(cd "$(dirname "$lsp")" && pwd)/$(basename "$lsp")"

if ! command -v nvim >/dev/null; then
  echo "== Neovim installeren / installing Neovim (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq neovim >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq neovim >/dev/null; }
fi
echo "# $(nvim --version | head -n 1)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A copy, so that nothing in examples/ can change on disk.
mkdir -p "$work/repo"
cp -R "$repo/examples" "$repo/stdlib" "$work/repo/"

status=0
XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" \
KADER_LSP="$lsp" KADER_E2E_REPO="$work/repo" \
  nvim --headless --clean \
    --cmd "set runtimepath^=$repo/editors/nvim" \
    -c "luafile $repo/tests/e2e/nvim/check.lua" </dev/null || status=$?
if ! diff -r "$repo/examples" "$work/repo/examples" >/dev/null; then
  echo "FOUT / FAIL: de kopie van examples/ is op schijf veranderd / the copy of examples/ changed on disk" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "FOUT / FAIL: Neovim-test mislukt / Neovim test failed (status $status)" >&2
fi
exit "$status"
