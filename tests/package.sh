#!/usr/bin/env bash
# De pakketten zoals ze gepubliceerd zouden worden: `cargo package
# --workspace --locked` bouwt elk pakket uit zijn eigen .crate (in een eigen
# doelmap, dus alleen uit wat de pakketten bevatten); dat programma moet
# dezelfde regels kennen als de werkruimte. / The packages as they would be
# published: `cargo package --workspace --locked` builds every package from
# its own .crate (in a target folder of its own, so from nothing but what the
# packages hold); that program must know the same rules as the workspace.
# Usage: tests/package.sh [WORKSPACE_DEBUG_BIN_DIR]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
target="${CARGO_TARGET_DIR:-$repo/target}"
bin="${1:-$target/debug}"
packaged="$target/packaged"
fail() { echo "FOUT / FAIL: $*" >&2; exit 1; }

echo "== cargo package --workspace --locked (verification included)"
dirty=()
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  # A working copy with changes (CI checks out a clean one): package them too.
  echo "# uncommitted changes: --allow-dirty"
  dirty=(--allow-dirty)
fi
# The verification resolves the workspace's crates from a temporary
# registry, and cargo keeps what it unpacked from a registry by name and
# version: a second run would build the packages of the first. Forget
# those copies, so every run builds from the packages it just made.
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
for name in kader kader-stdlib kader-project kader-cli kader-lsp kader-tests xtask; do
  rm -rf "$cargo_home"/registry/src/*/"$name-$version" "$cargo_home"/registry/cache/*/"$name-$version.crate"
  # Built from a registry, a crate is not checked for changes again.
  rm -rf "$packaged"/debug/.fingerprint/"$name"-* "$packaged"/debug/build/"$name"-*
  rm -f "$packaged"/debug/deps/lib"${name//-/_}"-* "$packaged"/debug/deps/"${name//-/_}"-*
done
CARGO_TARGET_DIR="$packaged" cargo package --workspace --locked "${dirty[@]}" 2>&1 \
  | grep -v -E '^ *(Compiling|Downloaded|Downloading|Blocking) '

crate="$packaged/package/kader-stdlib-$version.crate"
[ -s "$crate" ] || fail "no $crate"

echo "== every stdlib file is in kader-stdlib's package"
want="$(cd stdlib && find . -name '*.kader' | sed 's|^\./||' | sort)"
have="$(tar -tzf "$crate" | sed -n "s|^kader-stdlib-$version/||p" | grep '\.kader$' | sort)"
[ -n "$want" ] || fail "no .kader file in stdlib/"
[ "$want" = "$have" ] || fail "the package holds other .kader files:
$(diff <(echo "$want") <(echo "$have") || true)"
echo "ok: $(echo "$have" | wc -l) .kader files"

echo "== the program built from the packages knows the same rules"
from_packages="$packaged/debug/kader"
[ -x "$from_packages" ] || fail "the verification built no $from_packages"
[ "$("$from_packages" --version)" = "$("$bin/kader" --version)" ] \
  || fail "--version: $("$from_packages" --version) vs $("$bin/kader" --version)"
"$from_packages" rules --format json >"$packaged/rules.json"
"$bin/kader" rules --format json >"$packaged/rules-workspace.json"
cmp -s "$packaged/rules.json" "$packaged/rules-workspace.json" \
  || fail "kader rules --format json differs between the packaged and the workspace build"
rules="$(grep -c '"code"' "$packaged/rules.json" || true)"
[ "$rules" -gt 0 ] || fail "kader rules lists no rule"
echo "ok: $("$from_packages" --version), $rules rules, the same as the workspace build"

echo "== kader-stdlib without .kader files does not build"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$crate" -C "$work"
find "$work/kader-stdlib-$version" -name '*.kader' -delete
if (cd "$work/kader-stdlib-$version" \
    && CARGO_TARGET_DIR="$work/target" cargo build --offline --locked) >"$work/build.log" 2>&1; then
  fail "kader-stdlib built without any .kader file"
fi
grep -q "no .kader file found" "$work/build.log" || fail "no clear message: $(tail -n 20 "$work/build.log")"
echo "ok: $(grep -m 1 'no .kader file found' "$work/build.log" | sed 's/^ *//')"
