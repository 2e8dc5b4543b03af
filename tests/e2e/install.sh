#!/usr/bin/env bash
# De installatiewegen voor CI tegen een nagebootste releasepagina op
# 127.0.0.1: action/install.sh (de GitHub-actie) en de before_script van de
# .gitlab-ci.yml die `kader init` schrijft; een verkeerde checksum wordt
# geweigerd. / The CI install paths against a stand-in release page on
# 127.0.0.1: action/install.sh (the GitHub Action) and the before_script of
# the .gitlab-ci.yml that `kader init` writes; a wrong checksum is refused.
# Usage: tests/e2e/install.sh DIST_DIR DEBUG_BIN_DIR
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dist="$(cd "${1:?DIST_DIR}" && pwd)"
debug="$(cd "${2:?DEBUG_BIN_DIR}" && pwd)"
target=x86_64-unknown-linux-gnu # what this machine builds; CI templates fetch musl
fail() { echo "FOUT / FAIL: $*" >&2; exit 1; }

version="$("$debug/kader" --version | awk '{ print $2 }')"
expected="$("$debug/kader" --version)"
grep -q "^    default: \"$version\"$" "$repo/action.yml" \
  || fail "action.yml pins no version $version"

work="$(mktemp -d)"
server=""
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The release page: v$version/ as published, and a release whose archive
# does not match its SHA256SUMS.
mkdir -p "$work/www/v$version" "$work/www/v0.0.1"
cp "$dist"/* "$work/www/v$version/"
cp "$dist/kader-$version-$target.tar.gz" "$work/www/v0.0.1/kader-0.0.1-$target.tar.gz"
echo "extra" >>"$work/www/v0.0.1/kader-0.0.1-$target.tar.gz"
sed "s/kader-$version-/kader-0.0.1-/" "$dist/SHA256SUMS" >"$work/www/v0.0.1/SHA256SUMS"

python3 - "$work/www" "$work/port" <<'PY' &
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
    open(sys.argv[2], "w").write(str(httpd.server_address[1]))
    httpd.timeout = 1
    for _ in range(300):  # at most five minutes
        httpd.handle_request()
PY
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "the release page did not start"
export KADER_RELEASES="http://127.0.0.1:$(cat "$work/port")"
export KADER_TARGET="$target"

echo "== action/install.sh $version"
"$repo/action/install.sh" "$version" "$work/bin"
[ "$("$work/bin/kader" --version)" = "$expected" ] || fail "installed kader is not $expected"
[ -x "$work/bin/kader-lsp" ] || fail "kader-lsp was not installed"

echo "== action/install.sh with a wrong checksum"
if "$repo/action/install.sh" 0.0.1 "$work/bad" 2>"$work/bad.log"; then
  fail "an archive that does not match SHA256SUMS was installed"
fi
grep -q "SHA-256" "$work/bad.log" || fail "no checksum message: $(cat "$work/bad.log")"
[ ! -e "$work/bad/kader" ] || fail "kader was installed from a bad archive"
cat "$work/bad.log"

echo "== .gitlab-ci.yml from kader init: before_script"
"$debug/kader" init "$work/repo" --gemeente Zuiderhaven 2>/dev/null
grep -q "KADER_VERSION: \"$version\"" "$work/repo/.gitlab-ci.yml" || fail "the GitLab file pins no $version"
# The before_script lines, except installing curl (there already).
sed -n '/^  before_script:/,/^  [a-z_]*:/p' "$work/repo/.gitlab-ci.yml" \
  | sed -n 's/^    - //p' | grep -v "apt-get" >"$work/before.sh"
grep -q "sha256sum --check" "$work/before.sh" || fail "no checksum check in: $(cat "$work/before.sh")"
(cd "$work/repo" && KADER_VERSION="$version" sh -e "$work/before.sh") >"$work/gitlab.log" 2>&1 \
  || fail "before_script failed: $(cat "$work/gitlab.log")"
grep -qx "$expected" "$work/gitlab.log" || fail "before_script ran no $expected: $(cat "$work/gitlab.log")"
(cd "$work/repo" && KADER_VERSION=0.0.1 sh -e "$work/before.sh") >"$work/gitlab-bad.log" 2>&1 \
  && fail "before_script accepted an archive that does not match SHA256SUMS"
grep -q "FAILED" "$work/gitlab-bad.log" || fail "no checksum failure: $(cat "$work/gitlab-bad.log")"
echo "ok: both install paths install $expected and refuse a wrong checksum"
