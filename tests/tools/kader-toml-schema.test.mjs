// Het JSON-schema van kader.toml (editors/schemas/kader.toml.schema.json):
// elke kader.toml in de repository en die van `kader init` zijn geldig, en
// het schema en kader zelf zijn het eens over goede en foute instellingen.
// The JSON Schema of kader.toml: every kader.toml in the repository and the
// one `kader init` writes are valid, and the schema and kader itself agree
// on good and bad settings.
// Run: KADER_BIN=target/debug/kader node --test tests/tools/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parse as parseToml } from "smol-toml";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schemaPath = path.join(repo, "editors/schemas/kader.toml.schema.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const kader = process.env.KADER_BIN ?? path.join(repo, "target/debug/kader");

/** Schema errors of a kader.toml text, as "path: message". */
function errors(text) {
  const ok = validate(parseToml(text));
  return ok ? [] : validate.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

/** Every kader.toml below `dir`, skipping installed packages and builds. */
function findTomls(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", "target", ".git"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTomls(full, out);
    else if (entry.name === "kader.toml") out.push(full);
  }
  return out;
}

// Files that are wrong on purpose, with the schema error they must give.
const BROKEN = {
  // "waarschuwng": the command-line tests expect K0305 from it.
  "tests/fixtures/cli/gemeente/kader.toml": "/regels/OO-NEPACCOUNT: must be equal to one of the allowed values",
};

test("every kader.toml in the repository is valid, except the ones broken on purpose", () => {
  const files = findTomls(repo);
  assert.ok(files.length >= 3, `found only ${files}`);
  assert.ok(files.some((f) => f.endsWith(path.join("examples", "kader.toml"))));
  for (const file of files) {
    const rel = path.relative(repo, file).split(path.sep).join("/");
    const found = errors(fs.readFileSync(file, "utf8"));
    if (rel in BROKEN) {
      assert.deepEqual(found, [BROKEN[rel]], rel);
    } else {
      assert.deepEqual(found, [], rel);
    }
  }
});

test("the kader.toml that kader init writes is valid and names this schema", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kader-init-"));
  try {
    execFileSync(kader, ["init", "nieuw", "--gemeente", "Zuiderhaven"], { cwd: dir, stdio: "pipe" });
    const text = fs.readFileSync(path.join(dir, "nieuw", "kader.toml"), "utf8");
    assert.deepEqual(errors(text), []);
    const first = text.split("\n")[0];
    assert.match(first, /^#:schema https:\/\/\S+\/editors\/schemas\/kader\.toml\.schema\.json$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the VS Code extension gives kader.toml this schema", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, "editors/vscode/package.json"), "utf8"));
  const toml = pkg.contributes.tomlValidation;
  assert.deepEqual(toml, [{ fileMatch: "kader.toml", url: "./schemas/kader.toml.schema.json" }]);
});

// Settings both kader and the schema read today: valid for the schema
// exactly when `kader check` reports no K03xx (kader.toml) finding.
const SAMPLES = [
  ['[project]\ngemeente = "Delft"\ntaal = "en"\nexclude = ["concepten/"]\n', true],
  ['[project]\nmunicipality = "Delft"\nlanguage = "nl"\n', true],
  ['[regels]\n"AVG-FG" = "fout"\n"OO-NEPACCOUNT" = "off"\n', true],
  ['[rules]\n"AVG-FG" = "warning"\n', true],
  ['[parameters]\nstelselmatig_max_duur = "14 dagen"\nmax_bewaartermijn = "2 months"\n', true],
  ['[pakketten]\npaden = ["regels/"]\n', true],
  ['[project]\nfg = "Functionaris voor gegevensbescherming, fg@delft.nl"\n', true],
  ['[project]\ndpo = "Data protection officer, dpo@delft.nl"\n', true],
  ['[parameters]\nmonitoring_max_duur = "2 weken"\nalgemene_zoektermen = ["gemeente", "politie"]\n', true],
  ['[parameters]\nmonitoring_max_duration = "2 weeks"\ngeneric_search_terms = ["municipality"]\n', true],
  ['[project]\nfg = 5\n', false],
  ['[project]\nfg = "a"\ndpo = "b"\n', false],
  ['[packages]\npaths = ["rules/"]\n', true],
  ['[projekt]\ngemeente = "Delft"\n', false],
  ['[project]\ngemeente = "Delft"\nmunicipality = "Delft"\n', false],
  ['[project]\ntaal = "Nederlands"\n', false],
  ['[project]\ngemeente = 5\n', false],
  ['[project]\nexclude = "concepten/"\n', false],
  ['[regels]\n"AVG-FG" = "ernstig"\n', false],
  ['[regels]\n"oo_nepaccount" = "fout"\n', false],
  ['[regels]\n"AVG-FG" = "fout"\n[rules]\n"OO-NEPACCOUNT" = "fout"\n', false],
  ['[parameters]\nstelselmatig_max_duur = 7\n', false],
  ['[pakketten]\npaden = "regels/"\n', false],
  ['[pakketten]\nmappen = ["regels/"]\n', false],
  ['[algoritmeregister]\ncontact = "algoritmes@delft.nl"\npublicatiecategorie = "Impactvolle algoritmes"\nstatus = "In gebruik"\nthema = ["Openbare orde en veiligheid"]\npubliekspagina = "https://www.delft.nl/algoritmes"\nbronregistratie = "https://algoritmes.delft.nl/"\nverwerkingsregister = "https://www.delft.nl/privacy/register"\n', true],
  ['[algorithm_register]\ncontact = "algoritmes@delft.nl"\npublication_category = "Overige algoritmes"\ncategory = ["Recht", "Werk"]\nwebsite = "https://www.delft.nl/algoritmes"\nsource_registration = "https://algoritmes.delft.nl/"\nprocessing_register = "https://www.delft.nl/privacy/register"\n', true],
  ['[algoritmeregister]\npublicatiecategorie = "impactvol"\n', false],
  ['[algoritmeregister]\nstatus = "actief"\n', false],
  ['[algoritmeregister]\nthema = ["Recht", "Werk", "Wonen", "Verkeer"]\n', false],
  ['[algoritmeregister]\nthema = ["Sport"]\n', false],
  ['[algoritmeregister]\ncontact = 5\n', false],
  ['[algoritmeregister]\nkontakt = "a@b.nl"\n', false],
  ['[algoritmeregister]\nthema = ["Recht"]\ncategory = ["Werk"]\n', false],
  ['[algoritmeregister]\ncontact = "a@b.nl"\n[algorithm_register]\nstatus = "In gebruik"\n', false],
];

test("the schema and kader agree on good and bad settings", () => {
  for (const [text, valid] of SAMPLES) {
    assert.equal(errors(text).length === 0, valid, `schema on:\n${text}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kader-toml-"));
    try {
      fs.writeFileSync(path.join(dir, "kader.toml"), text);
      const run = spawnSync(kader, ["check", "--format", "json"], { cwd: dir, encoding: "utf8" });
      const report = JSON.parse(run.stdout);
      // K0308 (no `fg`) is an info, not a wrong setting.
      const config = report.diagnostics.filter((d) => d.code.startsWith("K03") && d.severity !== "info");
      assert.equal(config.length === 0, valid, `kader on:\n${text}\n${run.stdout}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});
