// Wat `kader register --format algoritmeregister` schrijft, is geldig volgens
// de publicatiestandaard 1.0.0 van het Algoritmeregister
// (tests/fixtures/algoritmeregister/schema.json; bron en versie in de README
// daarnaast): voor examples/ en voor de kleine repository in de fixture. En
// het schema kan falen: zonder `[algoritmeregister]` in kader.toml ontbreken
// verplichte velden, en kader meldt ze.
// What `kader register --format algoritmeregister` writes is valid under the
// Algoritmeregister publication standard 1.0.0, for examples/ and for the
// fixture repository; and the schema can fail: without `[algoritmeregister]`
// required fields are missing, and kader reports them.
// Run: KADER_BIN=target/debug/kader node --test tests/tools/
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = path.join(repo, "tests/fixtures/algoritmeregister");
const schema = JSON.parse(fs.readFileSync(path.join(fixture, "schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const kader = process.env.KADER_BIN ?? path.join(repo, "target/debug/kader");

/** Runs the command in `dir`; returns status, the parsed entries and stderr. */
function register(dir, ...extra) {
  const run = spawnSync(kader, ["register", "--format", "algoritmeregister", ...extra], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: run.status, entries: JSON.parse(run.stdout), stderr: run.stderr };
}

/** Schema errors of one registration, as "path: message". */
function errors(entry) {
  return validate(entry) ? [] : validate.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

test("the entries of examples/ are valid under the publication standard", () => {
  const { status, entries, stderr } = register(path.join(repo, "examples"));
  assert.equal(status, 0);
  assert.ok(Array.isArray(entries));
  assert.deepEqual(
    entries.map((e) => e.source_id),
    ["mediamonitoring", "signalering_openbare_orde"],
  );
  for (const entry of entries) {
    assert.deepEqual(errors(entry), [], entry.source_id);
    assert.equal(entry.standard_version, "1.0.0");
    assert.ok(entry.impacttoetsen_grouping.length === 1, entry.source_id);
  }
  assert.equal(stderr.includes("niet ingevuld"), false, stderr);
});

test("the entries of the fixture repository are valid and leave out the near miss", () => {
  const { status, entries } = register(path.join(fixture, "repo"));
  assert.equal(status, 0);
  assert.deepEqual(
    entries.map((e) => e.source_id).sort(),
    ["kermis_besluit", "kermis_profiel", "kermismonitor"],
  );
  for (const entry of entries) {
    assert.deepEqual(errors(entry), [], entry.source_id);
    // The search terms are internal: never in the public entry.
    assert.equal(JSON.stringify(entry).includes("geheimzoekterm"), false);
  }
});

test("without [algoritmeregister] the schema fails and kader names what is missing", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kader-ar-"));
  try {
    fs.cpSync(path.join(fixture, "repo"), dir, { recursive: true });
    const toml = fs.readFileSync(path.join(dir, "kader.toml"), "utf8");
    fs.writeFileSync(path.join(dir, "kader.toml"), toml.split("[algorithm_register]")[0]);
    const { status, entries, stderr } = register(dir);
    assert.equal(status, 0);
    assert.equal(entries.length, 3);
    for (const entry of entries) {
      const found = errors(entry);
      for (const field of ["status", "contact_email", "publication_category"]) {
        assert.ok(found.includes(`/: must have required property '${field}'`), found.join("\n"));
        assert.ok(stderr.includes(`- ${field}:`), stderr);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the schema rejects a value outside the standard's value sets", () => {
  const { entries } = register(path.join(fixture, "repo"));
  const entry = { ...entries[0], publication_category: "Impactvol" };
  assert.notDeepEqual(errors(entry), []);
  assert.notDeepEqual(errors({ ...entries[0], lang: "eng" }), []);
});
