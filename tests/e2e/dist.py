#!/usr/bin/env python3
"""De release-artefacten van `cargo xtask dist` zoals een gebruiker ze krijgt.

The release artefacts of `cargo xtask dist` as a user gets them: checks
SHA256SUMS, unpacks the tarball and the .vsix into a temporary folder and
runs the bundled programs: `--version`, `kader check` on a copy of
examples/ (the same findings as the workspace build), and an LSP
`initialize` round trip with each bundled `kader-lsp`.

Usage: tests/e2e/dist.py DIST_DIR DEBUG_BIN_DIR
Only the standard library; ends within a bounded time by itself.
"""

import hashlib
import json
import os
import select
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


def fail(message):
    print(f"FOUT / FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def run(cmd, cwd=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def check_sums(dist):
    sums = (dist / "SHA256SUMS").read_text().splitlines()
    names = []
    for line in sums:
        digest, name = line.split("  ", 1)
        actual = hashlib.sha256((dist / name).read_bytes()).hexdigest()
        if actual != digest:
            fail(f"SHA256SUMS: {name} has {actual}, listed {digest}")
        names.append(name)
    return names


def unpack_tarball(tarball, into):
    with tarfile.open(tarball) as tar:
        members = tar.getmembers()
        top = {m.name.split("/")[0] for m in members}
        if top != {tarball.name.removesuffix(".tar.gz")}:
            fail(f"{tarball.name}: not one folder named after the archive: {sorted(top)}")
        names = sorted(m.name.split("/", 1)[1] for m in members)
        want = sorted(["kader", "kader-lsp", "README.md", "LICENSE", "STDLIB-LICENTIE.md"])
        if names != want:
            fail(f"{tarball.name} holds {names}, expected {want}")
        for m in members:
            if m.name.endswith(("/kader", "/kader-lsp")) and not m.mode & 0o111:
                fail(f"{m.name} is not executable in the tarball")
        tar.extractall(into, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(into)
    return into / tarball.name.removesuffix(".tar.gz")


def unpack_vsix(vsix, into):
    """Unpacks like VS Code does, keeping the Unix mode of each file."""
    with zipfile.ZipFile(vsix) as z:
        info = z.getinfo("extension/server/kader-lsp")
        mode = info.external_attr >> 16
        if not mode & 0o111:
            fail(f"extension/server/kader-lsp in {vsix.name} has mode {oct(mode)}, not executable")
        manifest = z.read("extension.vsixmanifest").decode()
        if 'TargetPlatform="linux-x64"' not in manifest:
            fail(f"{vsix.name} is not a linux-x64 package:\n{manifest}")
        for entry in ("extension/package.json", "extension/dist/extension.js",
                      "extension/schemas/kader.toml.schema.json"):
            z.getinfo(entry)
        z.extractall(into)
        os.chmod(into / "extension/server/kader-lsp", stat.S_IMODE(mode))
    return into / "extension/server/kader-lsp"


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """A language server over pipes; every wait is bounded."""

    def __init__(self, program):
        # Unbuffered, so that select() sees every byte not yet read.
        self.proc = subprocess.Popen([str(program)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     bufsize=0)
        self.seen = []

    def send(self, message):
        self.proc.stdin.write(frame(message))
        self.proc.stdin.flush()

    def read(self):
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
        if not ready:
            fail(f"no message within {TIMEOUT} s; seen: {self.seen}")
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                fail(f"the server ended; seen: {self.seen}")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        body = b""
        while len(body) < length:
            chunk = self.proc.stdout.read(length - len(body))
            if not chunk:
                fail(f"the server ended inside a message; seen: {self.seen}")
            body += chunk
        message = json.loads(body)
        self.seen.append(message)
        return message

    def wait(self, pred):
        while True:
            message = self.read()
            if "method" in message and "id" in message:
                # A request from the server: answer it like a plain client.
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if pred(message):
                return message


def lsp_round_trip(server, version, root):
    """initialize, initialized (and its log line), shutdown, exit."""
    uri = root.as_uri()
    lsp = Server(server)
    try:
        lsp.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": uri, "capabilities": {},
            "workspaceFolders": [{"uri": uri, "name": "examples"}],
            "initializationOptions": {"stdlibDir": str(root.parent / "lsp-cache")}}})
        init = lsp.wait(lambda m: m.get("id") == 1 and "method" not in m)
        info = init.get("result", {}).get("serverInfo")
        if info != {"name": "kader-lsp", "version": version}:
            fail(f"{server}: initialize answered {init}")
        lsp.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        log = lsp.wait(lambda m: m.get("method") == "window/logMessage")["params"]["message"]
        if not (log.startswith(f"kader-lsp {version}") and str(server) in log):
            fail(f"{server}: the first log line names no version and path: {log}")
        lsp.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        lsp.wait(lambda m: m.get("id") == 2 and "result" in m)
        lsp.send({"jsonrpc": "2.0", "method": "exit"})
        lsp.proc.stdin.close()
        code = lsp.proc.wait(timeout=TIMEOUT)
        if code != 0:
            fail(f"{server} ended with {code} after shutdown and exit")
    finally:
        if lsp.proc.poll() is None:
            lsp.proc.kill()
            lsp.proc.wait()
    print(f"ok: {server.parent.name}/{server.name}: serverInfo {version}; log: {log}")


def main():
    if len(sys.argv) != 3:
        fail(__doc__)
    dist, debug = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    names = check_sums(dist)
    tarballs = [n for n in names if n.endswith("-x86_64-unknown-linux-gnu.tar.gz")]
    vsixes = [n for n in names if n.endswith("-linux-x64.vsix")]
    if len(tarballs) != 1 or len(vsixes) != 1:
        fail(f"SHA256SUMS lists {names}")
    print(f"ok: SHA256SUMS ({', '.join(names)})")

    expected = run([str(debug / "kader"), "--version"]).stdout.strip()
    version = expected.removeprefix("kader ")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = unpack_tarball(dist / tarballs[0], tmp / "tar")
        bundled = unpack_vsix(dist / vsixes[0], tmp / "vsix")
        kader = folder / "kader"

        got = run([str(kader), "--version"]).stdout.strip()
        if got != expected:
            fail(f"kader --version says {got!r}, the workspace build {expected!r}")
        print(f"ok: {got}")

        examples = tmp / "examples"
        shutil.copytree(REPO / "examples", examples)
        shipped = run([str(kader), "check", "--format", "json"], cwd=examples)
        workspace = run([str(debug / "kader"), "check", "--format", "json"], cwd=examples)
        if shipped.returncode != workspace.returncode or shipped.returncode not in (0, 1):
            fail(f"kader check ended with {shipped.returncode}, the workspace build with "
                 f"{workspace.returncode}: {shipped.stderr}")
        found = json.loads(shipped.stdout)
        if found != json.loads(workspace.stdout):
            fail("kader check on examples/ differs from the workspace build")
        codes = sorted({d["code"] for d in found["diagnostics"]})
        if "OO-NEPACCOUNT" not in codes:
            fail(f"kader check on examples/ found {codes}")
        print(f"ok: kader check examples/ → status {shipped.returncode}, {codes}")

        for server in (folder / "kader-lsp", bundled):
            lsp_round_trip(server, version, examples)


if __name__ == "__main__":
    main()
