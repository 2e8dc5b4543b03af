// Eenheidstest van de zoekvolgorde / unit test of the search order.
import { after, test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeServer, findServer } from "../src/serverPath";

function fakeServer(dir: string, executable = true): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "kader-lsp");
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, executable ? 0o755 : 0o644);
  return file;
}

// Every scratch folder is removed when the tests are done.
const made: string[] = [];
after(() => {
  for (const dir of made) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kader-vscode-"));
  made.push(dir);
  return dir;
}

test("the setting comes first", () => {
  const root = scratch();
  const own = fakeServer(path.join(root, "own"));
  fakeServer(path.join(root, "ext", "server"));
  const found = findServer({ setting: own, extensionPath: path.join(root, "ext"), envPath: "", platform: "linux" });
  assert.deepEqual(found, { path: own, source: "setting" });
});

test("a setting that points at nothing is reported, not skipped", () => {
  const root = scratch();
  fakeServer(path.join(root, "ext", "server"));
  const wrong = path.join(root, "nowhere", "kader-lsp");
  const found = findServer({ setting: wrong, extensionPath: path.join(root, "ext"), envPath: "", platform: "linux" });
  assert.deepEqual(found, { missing: [wrong] });
});

test("the bundled program comes before PATH", () => {
  const root = scratch();
  const bundled = fakeServer(path.join(root, "ext", "server"));
  fakeServer(path.join(root, "bin"));
  const found = findServer({ setting: "", extensionPath: path.join(root, "ext"), envPath: path.join(root, "bin"), platform: "linux" });
  assert.deepEqual(found, { path: bundled, source: "bundled" });
});

test("PATH is searched last, skipping files that cannot run", () => {
  const root = scratch();
  fakeServer(path.join(root, "a"), false);
  const good = fakeServer(path.join(root, "b"));
  const envPath = [path.join(root, "a"), "", path.join(root, "b")].join(":");
  const found = findServer({ setting: "", extensionPath: path.join(root, "ext"), envPath, platform: "linux" });
  assert.deepEqual(found, { path: good, source: "path" });
});

test("nothing found lists what was tried", () => {
  const root = scratch();
  const found = findServer({ setting: "  ", extensionPath: path.join(root, "ext"), envPath: path.join(root, "empty"), platform: "linux" });
  assert.ok("missing" in found);
  assert.equal(found.missing.length, 2);
  assert.ok(found.missing[0].endsWith(path.join("server", "kader-lsp")));
});

test("the output channel names the server, its version and where it was found", () => {
  const line = describeServer(
    { name: "kader-lsp", version: "0.1.0 (stdlib eecaa8355288)" },
    { path: "/ext/server/kader-lsp", source: "bundled" },
  );
  assert.equal(line, "kader-lsp 0.1.0 (stdlib eecaa8355288) — /ext/server/kader-lsp (meegeleverd / bundled)");
  const unknown = describeServer(undefined, { path: "/usr/bin/kader-lsp", source: "path" });
  assert.equal(unknown, "kader-lsp onbekende versie / unknown version — /usr/bin/kader-lsp (PATH)");
});
