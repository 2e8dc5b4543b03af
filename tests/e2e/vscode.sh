#!/usr/bin/env bash
# De VS Code-extensie: typecontrole, bouwen, eenheidstest, grammaticatests en
# een .vsix-pakket. / The VS Code extension: typecheck, build, unit test,
# grammar tests and a .vsix package.
# The .vsix goes to $CARGO_TARGET_DIR/editors/ (default target/editors/).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ext="$repo/editors/vscode"
out="${CARGO_TARGET_DIR:-$repo/target}/editors"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

cd "$ext"
npm ci --no-audit --no-fund --loglevel=error
echo "== typecheck (tsc --noEmit)"
npm run --silent typecheck
echo "== build (esbuild)"
npm run --silent build
echo "== unit test: where kader-lsp is found"
npm run --silent test:unit
echo "== grammar tests (vscode-tmgrammar-test)"
npm run --silent test:grammar
echo "== package (vsce)"
version="$(node -p 'require("./package.json").version')"
vsix="$out/kader-$version.vsix"
rm -f "$vsix"
KADER_VSIX="$vsix" npm run --silent package
[ -s "$vsix" ] || { echo "FOUT / FAIL: geen .vsix / no .vsix: $vsix" >&2; exit 1; }
echo "# $vsix: $(wc -c <"$vsix") bytes"
