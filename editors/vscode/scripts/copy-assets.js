// Kopieert wat de extensie van elders in de repository meeneemt: het
// JSON-schema van kader.toml en de licentie. / Copies what the extension
// takes from elsewhere in the repository: the kader.toml JSON Schema and the
// licence.
const fs = require("fs");
const path = require("path");

const ext = path.resolve(__dirname, "..");
const repo = path.resolve(ext, "..", "..");
const copies = [
  ["editors/schemas/kader.toml.schema.json", "schemas/kader.toml.schema.json"],
  ["LICENSE", "LICENSE"],
];
for (const [from, to] of copies) {
  const target = path.join(ext, to);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(repo, from), target);
}
