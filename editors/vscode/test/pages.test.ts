// Eenheidstest: welke documenten de extensie opgemaakt toont.
// Unit test: which documents the extension shows rendered.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { isPage } from "../src/pages";

test("the server's pages are shown rendered", () => {
  const page = "file:///home/jurist/.cache/kader/paginas/waarom-webcare-AVG-DPIA.md";
  assert.equal(isPage({ uri: page }), true);
  assert.equal(isPage({ uri: page, external: false }), true);
});

test("other documents are shown as the server asks", () => {
  // A policy, a Markdown file elsewhere, a page opened outside the editor,
  // another scheme and no address at all.
  assert.equal(isPage({ uri: "file:///repo/beleid/webcare.kader" }), false);
  assert.equal(isPage({ uri: "file:///repo/README.md" }), false);
  assert.equal(isPage({ uri: "file:///repo/paginas/notities.txt" }), false);
  assert.equal(isPage({ uri: "file:///c/kader/paginas/w.md", external: true }), false);
  assert.equal(isPage({ uri: "https://example.org/paginas/w.md" }), false);
  assert.equal(isPage({ uri: "niet een adres" }), false);
});
