#!/usr/bin/env python3
"""A 50 MB document and the language server, measured over the real protocol.

Runs the `kader-lsp` binary on stdio on a copy of the test repository
`tests/fixtures/lsp/repo`, opens a 50 MB document (a policy followed by the
lines of a pasted export, as in the protocol test
`lsp::a_50_mb_document_gets_one_finding_and_the_others_are_still_served`)
and at once asks hover, documentSymbol and completion about `teams.kader`.
It prints, for the server's default size limit (`maxFileSize`, 8 MiB) and
for a limit above the document's size (1 GiB, so the document is analysed):

- the time from starting to send the `didOpen` to each answer (and from
  the end of sending it: the requests were sent right behind it), and to
  the big document's diagnostics;
- the server's resident memory before, and its peak (VmHWM) and resident
  memory (VmRSS) after, from /proc/PID/status.

Not part of the test suite: it measures, it does not assert; the machine's
load (printed) changes the times.

    cargo build --release -p kader-lsp
    python3 tests/benches/large-document.py [PATH-TO-kader-lsp] [MEGABYTES]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import queue
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICY = 'beleid groot {\n    titel: "Groot"\n    verantwoordelijke: burgemeester\n    onbekend_veld: 3\n}\n'
LINE = "// 2024-05-09T12:00:00 bericht 0123456789 over de demonstratie op de Markt\n"


class Server:
    def __init__(self, binary, root, init):
        self.proc = subprocess.Popen(
            [binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages = queue.Queue()
        self.unread = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        uri = root.as_uri()
        init = dict(init, stdlibDir=str(root.parent / "cache"))
        self.request_wait(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "workspaceFolders": [{"uri": uri, "name": "repo"}],
                "initializationOptions": init,
                "capabilities": {"general": {"positionEncodings": ["utf-16"]}},
            },
        )
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def wait(self, pred, timeout=600):
        """The first message (with the time it arrived) that satisfies
        `pred`, first among those read while waiting for others."""
        for k, (at, message) in enumerate(self.unread):
            if pred(message):
                del self.unread[k]
                return at, message
        while True:
            at, message = self.messages.get(timeout=timeout)
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            if pred(message):
                return at, message
            self.unread.append((at, message))

    def request_wait(self, method, params):
        i = self.request(method, params)
        return self.wait(lambda m: m.get("id") == i and "method" not in m)

    def memory_kib(self):
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0])
        return fields

    def stop(self):
        try:
            self.request_wait("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def diagnostics_of(uri):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri


def measure(binary, label, init, megabytes):
    work = Path(tempfile.mkdtemp(prefix="kader-large-"))
    try:
        root = work / "repo"
        shutil.copytree(ROOT / "tests/fixtures/lsp/repo", root)
        root = root.resolve()
        server = Server(binary, root, init)
        teams = (root / "teams.kader").as_uri()
        big = (root / "beleid/groot.kader").as_uri()
        server.wait(diagnostics_of(teams))
        time.sleep(0.5)
        before = server.memory_kib()
        text = POLICY + LINE * (megabytes * 1000 * 1000 // len(LINE) + 1)
        doc = {"textDocument": {"uri": teams}}
        start = time.perf_counter()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": big, "languageId": "kader", "version": 1, "text": text}},
        )
        sent = time.perf_counter()
        del text
        asked = {
            "hover": server.request("textDocument/hover", dict(doc, position={"line": 2, "character": 8})),
            "documentSymbol": server.request("textDocument/documentSymbol", doc),
            "completion": server.request("textDocument/completion", dict(doc, position={"line": 5, "character": 0})),
        }
        answers = {}
        for name, i in asked.items():
            at, message = server.wait(lambda m, i=i: m.get("id") == i and "method" not in m)
            ok = message.get("result") not in (None, [], {})
            answers[name] = (at - start, ok)
        at, published = server.wait(diagnostics_of(big))
        codes = sorted({d.get("code") for d in published["params"]["diagnostics"]})
        count = len(published["params"]["diagnostics"])
        diagnostics = at - start
        # With the big document open: requests about the small one, and an
        # edit of the small one until its new diagnostics.
        later = {}
        for name, method, extra in [
            ("hover", "textDocument/hover", {"position": {"line": 2, "character": 8}}),
            ("documentSymbol", "textDocument/documentSymbol", {}),
            ("completion", "textDocument/completion", {"position": {"line": 5, "character": 0}}),
        ]:
            t = time.perf_counter()
            server.request_wait(method, dict(doc, **extra))
            later[name] = time.perf_counter() - t
        small = (root / "teams.kader").read_text()
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": teams, "languageId": "kader", "version": 1, "text": small}},
        )
        server.wait(lambda m: diagnostics_of(teams)(m) and m["params"].get("version") == 1)
        edits = []
        for version in range(2, 12):
            t = time.perf_counter()
            server.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": teams, "version": version},
                    "contentChanges": [{"text": small.replace("Adviseurs", f"Adviseurs {version}")}],
                },
            )
            server.wait(lambda m, v=version: diagnostics_of(teams)(m) and m["params"].get("version") == v)
            edits.append(time.perf_counter() - t)
        edits.sort()
        time.sleep(1.0)
        after = server.memory_kib()
        server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()[0]
    print(f"{label}: load {load:.2f}")
    print(f"  didOpen of {megabytes} MB written in {(sent - start) * 1e3:.0f} ms")
    for name, (seconds, ok) in answers.items():
        print(
            f"  {name} on teams.kader answered after {seconds * 1e3:.0f} ms, "
            f"{(seconds - (sent - start)) * 1e3:.0f} ms after the didOpen was sent ({'an answer' if ok else 'EMPTY'})"
        )
    print(f"  diagnostics of the big document after {diagnostics * 1e3:.0f} ms: {count} ({', '.join(map(str, codes))})")
    print(
        "  then, with it open: "
        + ", ".join(f"{name} {seconds * 1e3:.1f} ms" for name, seconds in later.items())
        + f"; an edit of teams.kader to its diagnostics: median {edits[len(edits) // 2] * 1e3:.0f} ms, "
        f"max {edits[-1] * 1e3:.0f} ms ({len(edits)} edits)"
    )
    print(
        f"  memory: VmRSS before {before['VmRSS'] / 1024:.0f} MiB; after: VmHWM (peak) "
        f"{after['VmHWM'] / 1024:.0f} MiB, VmRSS {after['VmRSS'] / 1024:.0f} MiB"
    )


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "KADER_LSP", str(ROOT / "target/release/kader-lsp")
    )
    megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    print(f"server: {binary}; {os.cpu_count()} cores")
    measure(binary, "default limit (maxFileSize 8 MiB)", {}, megabytes)
    measure(binary, "no effective limit (maxFileSize 1 GiB)", {"maxFileSize": 1 << 30}, megabytes)


if __name__ == "__main__":
    main()
