#!/bin/sh
# Installeert een vastgezette release van kader na controle van de SHA-256.
# Installs a pinned release of kader after checking its SHA-256.
#
# Usage: action/install.sh VERSION DEST
#   VERSION         e.g. 0.1.0 (the release v0.1.0)
#   DEST            the folder that gets kader and kader-lsp
# Environment:
#   KADER_RELEASES  where releases are published (default below)
#   KADER_TARGET    the build to fetch (default: this machine's, from uname)
set -eu

version="${1:?Gebruik / usage: install.sh VERSION DEST}"
dest="${2:?Gebruik / usage: install.sh VERSION DEST}"
releases="${KADER_RELEASES:-https://github.com/kader-nl/kader/releases/download}"

fail() {
  echo "fout / error: $*" >&2
  exit 1
}

case "$version" in
  *[!0-9A-Za-z.+-]* | "") fail "geen versienummer / not a version: '$version'" ;;
esac

if [ -z "${KADER_TARGET:-}" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) KADER_TARGET=x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) KADER_TARGET=aarch64-unknown-linux-musl ;;
    Darwin-x86_64) KADER_TARGET=x86_64-apple-darwin ;;
    Darwin-arm64) KADER_TARGET=aarch64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) KADER_TARGET=x86_64-pc-windows-msvc ;;
    *) fail "geen release voor / no release for $(uname -s) $(uname -m)" ;;
  esac
fi
case "$KADER_TARGET" in
  *windows*) archive="kader-$version-$KADER_TARGET.zip" ;;
  *) archive="kader-$version-$KADER_TARGET.tar.gz" ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() {
  if command -v curl >/dev/null; then
    curl -fsSL --retry 3 -o "$work/$1" "$releases/v$version/$1"
  else
    wget -q -O "$work/$1" "$releases/v$version/$1"
  fi || fail "kan niet downloaden / cannot download $releases/v$version/$1"
}
fetch "$archive"
fetch SHA256SUMS

# The archive's line of SHA256SUMS, and its actual checksum.
expected="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$work/SHA256SUMS")"
[ -n "$expected" ] || fail "$archive staat niet in / is not in SHA256SUMS"
if command -v sha256sum >/dev/null; then
  actual="$(sha256sum "$work/$archive" | awk '{ print $1 }')"
else
  actual="$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')"
fi
[ "$actual" = "$expected" ] \
  || fail "SHA-256 van / of $archive is $actual, verwacht / expected $expected"

case "$archive" in
  *.zip) (cd "$work" && unzip -q "$archive") ;;
  *) tar -xzf "$work/$archive" -C "$work" ;;
esac
mkdir -p "$dest"
folder="$work/${archive%.tar.gz}"
folder="${folder%.zip}"
for program in kader kader-lsp; do
  for name in "$program" "$program.exe"; do
    if [ -f "$folder/$name" ]; then
      cp "$folder/$name" "$dest/$name"
      chmod 755 "$dest/$name"
    fi
  done
done
echo "kader $version ($KADER_TARGET, SHA-256 $actual) in $dest"
