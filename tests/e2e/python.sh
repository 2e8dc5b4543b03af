#!/usr/bin/env bash
# pytest-lsp stuurt kader-lsp als tweede, onafhankelijke LSP-client.
# pytest-lsp drives kader-lsp as a second, independent LSP client.
# Usage: tests/e2e/python.sh [path/to/target/debug]
# The packages (tests/e2e/python/requirements.txt, exact versions) go into
# tests/e2e/python/.venv, made here and ignored by git.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$repo/target}/debug}"
for b in kader-lsp kader; do
  [ -x "$bin/$b" ] || { echo "FOUT / FAIL: $b niet gevonden / not found in $bin" >&2; exit 1; }
done
bin="$(cd "$bin" && pwd)"

dir="$repo/tests/e2e/python"
venv="$dir/.venv"
python="${PYTHON:-python3}"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$dir/requirements.txt" "$stamp"; then
  echo "== Python-pakketten installeren / installing Python packages (venv)"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    # Debian splits venv off into its own package.
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq python3-venv >/dev/null 2>&1 \
      || { $sudo apt-get update -qq && $sudo apt-get install -y -qq python3-venv >/dev/null; }
    rm -rf "$venv"
    "$python" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-deps -r "$dir/requirements.txt"
  cp "$dir/requirements.txt" "$stamp"
fi

cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
cd "$dir"
KADER_LSP="$bin/kader-lsp" KADER_BIN="$bin/kader" KADER_E2E_CACHE="$cache" \
  "$venv/bin/python" -m pytest -p no:cacheprovider -q test_kader_lsp.py
