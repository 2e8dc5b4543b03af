// De kader-extensie in echte VS Code (code-server), bediend als een jurist:
// een beleid openen, het venster Problemen, de uitleg bij de kronkel,
// Ctrl+. met de oplossing en "Waarom?", de toetslens, de taal naar Engels,
// en het uitvoervenster.
// The kader extension in real VS Code (code-server), used as a lawyer would:
// open a policy, the Problems panel, the hover on the squiggle, Ctrl+. with
// the fix and "Why?", the test lens, the language switched to English, and
// the output channel.
//
// Usage: node drive.mjs CODE_SERVER WORKSPACE USER_DATA EXTENSIONS CONFIG SHOTS
// Every wait is bounded; the whole run ends within LIMIT_MS by itself.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";

const [codeServer, workspace, userData, extensions, config, shots] = process.argv.slice(2);
const LIMIT_MS = 240_000;
const WAIT_MS = 60_000;
const POLICY = "beleid/overlast_havenkwartier.kader";
const CODE = "OO-NEPACCOUNT";
const TESTS = "toetsen/vakantieverhuur.kader";

const taken = [];
let server;
let browser;

let passed = 0;

/** A step that passed, with what it saw. */
function log(message) {
  passed += 1;
  console.log(`ok ${passed} - ${message}`);
}

async function stop() {
  if (browser) await browser.close().catch(() => {});
  if (server && server.exitCode === null) {
    // The whole process group: code-server starts helpers of its own.
    try { process.kill(-server.pid, "SIGTERM"); } catch {}
    await new Promise((resolve) => setTimeout(resolve, 2000));
    try { process.kill(-server.pid, "SIGKILL"); } catch {}
  }
}

const limit = setTimeout(async () => {
  console.error(`FOUT / FAIL: not done within ${LIMIT_MS / 1000} s`);
  await stop();
  process.exit(1);
}, LIMIT_MS);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function until(what, check, ms = WAIT_MS) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`waited ${ms / 1000} s for ${what}; last: ${String(last)}`);
}

async function shot(page, name) {
  const file = path.join(shots, name);
  await page.screenshot({ path: file });
  taken.push(file);
}

async function command(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: WAIT_MS });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: WAIT_MS });
  await page.keyboard.press("Enter");
}

async function problems(page) {
  return page.locator(".markers-panel").innerText({ timeout: 2000 });
}

/** The message of the Problems row with `code`, or "" when there is none. */
async function problemRow(page, code) {
  const rows = page.locator(".markers-panel .monaco-list-row", { hasText: code });
  if ((await rows.count()) === 0) return "";
  return rows.first().innerText();
}

async function quickFixes(page, line, column) {
  await goTo(page, line, column);
  await page.keyboard.press("Control+.");
  const menu = page.locator(".action-widget");
  await menu.waitFor({ state: "visible", timeout: WAIT_MS });
  await until("the quick fixes", async () => (await menu.innerText()).trim().length > 0);
  return menu;
}

/** Chooses the item `title` of an open quick-fix menu with the keyboard
 * (the menu keeps the mouse off the editor). */
async function choose(page, menu, title) {
  await until(`"${title}" to be the chosen item`, async () => {
    const focused = menu.locator(".monaco-list-row.focused");
    if ((await focused.count()) > 0 && (await focused.first().innerText()).trim() === title) return true;
    await page.keyboard.press("ArrowDown");
    return false;
  }, 10_000);
  await page.keyboard.press("Enter");
}

/** Opens a file of the workspace with Quick Open, as a user would. */
async function open(page, file, shows) {
  await until("Quick Open", async () => {
    await page.keyboard.press("Control+P");
    return page.locator(".quick-input-widget input").isVisible();
  });
  await page.locator(".quick-input-widget input").fill(file);
  // The row of that file (its name, and its folder when one is given), once
  // the list has been filtered: the recently opened files come first.
  let row = page.locator(".quick-input-list .monaco-list-row", { hasText: path.basename(file) });
  if (path.dirname(file) !== ".") row = row.filter({ hasText: path.dirname(file) });
  await row.first().waitFor({ timeout: WAIT_MS });
  await row.first().click();
  await page.locator(".tabs-container .tab.active", { hasText: path.basename(file) })
    .waitFor({ timeout: WAIT_MS });
  await page.locator(".monaco-editor .view-lines", { hasText: shows }).first()
    .waitFor({ timeout: WAIT_MS });
}

async function goTo(page, line, column) {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: WAIT_MS });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: WAIT_MS });
}

async function main() {
  const text = fs.readFileSync(path.join(workspace, POLICY), "utf8").split("\n");
  const index = text.findIndex((l) => /^\s*account:\s*fictief\s*$/.test(l));
  if (index < 0) throw new Error(`${POLICY} has no line 'account: fictief'`);
  const line = index + 1;
  const column = text[index].indexOf("fictief") + 2;

  const port = await freePort();
  server = spawn(codeServer, [
    "--bind-addr", `127.0.0.1:${port}`, "--auth", "none",
    "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir", userData, "--extensions-dir", extensions, "--config", config,
    workspace,
  ], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let serverLog = "";
  server.stdout.on("data", (d) => { serverLog += d; });
  server.stderr.on("data", (d) => { serverLog += d; });
  await until("code-server to answer", async () => {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`);
    return r.ok;
  }).catch((e) => { throw new Error(`${e.message}\n${serverLog}`); });
  log(`code-server on 127.0.0.1:${port}`);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: WAIT_MS });

  await open(page, path.basename(POLICY), "account");
  log(`opened ${POLICY}`);

  // 1. The Problems panel lists the findings by their rule codes.
  await page.keyboard.press("Control+Shift+M");
  const listed = await until(`${CODE} in the Problems panel`, async () => {
    const t = await problems(page);
    return t.includes(CODE) ? t : false;
  });
  const codes = [...new Set(listed.match(/\b[A-Z]+(?:-[A-Z0-9]+)+\b/g) ?? [])].sort();
  log(`Problems: ${codes.join(", ")}`);
  if (codes.length < 2) throw new Error(`the Problems panel lists too few rule codes:\n${listed}`);
  const dutch = await problemRow(page, CODE);
  await shot(page, "01-problemen.png");

  // 2. The hover on the squiggle: the message and the article.
  await goTo(page, line, column);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const hover = page.locator(".monaco-hover:visible").first();
  const hoverText = await until("the hover with the finding and its article", async () => {
    const t = await hover.innerText({ timeout: 1000 });
    return t.includes(CODE) && /art\./.test(t) ? t : false;
  });
  log(`hover: ${hoverText.split("\n").slice(0, 2).join(" | ")}`);
  await shot(page, "02-uitleg.png");

  // 3. Ctrl+. offers the fix, with a Dutch title.
  let menu = await quickFixes(page, line, column);
  const fixNl = menu.locator(".monaco-list-row", { hasText: /^\s*Zet/ }).first();
  await fixNl.waitFor({ timeout: WAIT_MS });
  log(`quick fix: ${(await fixNl.innerText()).trim()}`);
  await shot(page, "03-oplossing.png");

  // 3b. "Waarom?" in the same menu opens the decision trace, rendered,
  // beside the policy.
  const whyTitle = `Waarom? ${CODE}`;
  await menu.locator(".monaco-list-row", { hasText: whyTitle }).first().waitFor({ timeout: WAIT_MS });
  await choose(page, menu, whyTitle);
  const pageName = `waarom-${path.basename(POLICY, ".kader")}-${CODE}.md`;
  await page.locator(".tabs-container .tab.active", { hasText: `Preview ${pageName}` })
    .waitFor({ timeout: WAIT_MS });
  // The preview is a webview: its text is in a frame of its own.
  const trace = await until("the decision trace in the preview", async () => {
    for (const frame of page.frames()) {
      const t = await frame.locator("body").innerText({ timeout: 500 }).catch(() => "");
      if (t.includes(CODE) && t.includes("fictief") && t.includes("✓")) return t;
    }
    return false;
  });
  log(`Waarom?: Preview ${pageName}: ${trace.split("\n")[0]}`);
  await shot(page, "03b-waarom.png");
  await page.keyboard.press("Control+W");
  await page.locator(".tabs-container .tab.active", { hasText: path.basename(POLICY) })
    .waitFor({ timeout: WAIT_MS });

  // 3c. The test lens above the tests of a file runs them.
  await open(page, TESTS, "toets");
  const lens = page.locator(".monaco-editor .codelens-decoration a", { hasText: "Alle toetsen (3)" });
  await lens.first().waitFor({ timeout: WAIT_MS });
  await lens.first().click();
  const result = await until("the test results in a notification", async () => {
    const t = await page.locator(".notifications-toasts").innerText({ timeout: 1000 });
    return t.includes("3 toetsen: 3 geslaagd, 0 mislukt, 0 onjuist") ? t : false;
  });
  log(`test lens: ${result.split("\n").find((l) => l.includes("toetsen"))}`);
  await shot(page, "03c-toetsen.png");
  await page.keyboard.press("Control+W");
  await page.locator(".tabs-container .tab.active", { hasText: path.basename(POLICY) })
    .waitFor({ timeout: WAIT_MS });

  // 4. kader.taal = en: messages, hover and fix titles turn English.
  // In the Settings editor, as a user would.
  await command(page, "Preferences: Open User Settings");
  const search = page.locator(".settings-editor .suggest-input-container .monaco-editor textarea");
  await search.waitFor({ timeout: WAIT_MS });
  await search.focus();
  await page.keyboard.type("kader.taal");
  // The search applies after a pause: wait for kader's own setting.
  const item = page.locator(".settings-editor .setting-item-enum", { hasText: "Taal van meldingen" });
  await item.first().waitFor({ timeout: WAIT_MS });
  const select = item.first().locator("select.monaco-select-box");
  await select.waitFor({ timeout: WAIT_MS });
  await select.click();
  const option = page.locator(".monaco-select-box-dropdown-container .monaco-list-row", { hasText: /^\s*en\s*$/ });
  await option.first().waitFor({ timeout: WAIT_MS });
  await option.first().click();
  await until("kader.taal = en in the user settings", async () => {
    const file = path.join(userData, "User", "settings.json");
    return JSON.parse(fs.readFileSync(file, "utf8"))["kader.taal"] === "en";
  });
  await shot(page, "04-instelling.png");
  await page.keyboard.press("Control+W");
  const english = await until("the finding in English", async () => {
    const row = await problemRow(page, CODE);
    return row && row !== dutch ? row : false;
  });
  log(`in English: ${english.replace(/\s+/g, " ").slice(0, 120)}`);
  await shot(page, "05-engels.png");
  // The hover follows the setting too.
  await goTo(page, line, column);
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+I");
  const hoverEn = await until("the hover in English", async () => {
    const t = await page.locator(".monaco-hover:visible").first().innerText({ timeout: 1000 });
    return t.includes(CODE) && /art\./.test(t) && t !== hoverText ? t : false;
  });
  log(`hover: ${hoverEn.split("\n")[0]}`);
  // A fix's title is in the language the file is written in (here Dutch),
  // like the words it puts in: "Zet `account` op `organisatie`".
  menu = await quickFixes(page, line, column);
  const fixEn = menu.locator(".monaco-list-row", { hasText: /^\s*(Zet|Set)\b/ }).first();
  await fixEn.waitFor({ timeout: WAIT_MS });
  log(`quick fix: ${(await fixEn.innerText()).trim()}`);
  await shot(page, "06-oplossing-engels.png");

  // 5. Applying the fix removes the finding.
  await choose(page, menu, (await fixEn.innerText()).trim());
  await until(`${CODE} to leave the Problems panel`, async () =>
    !(await problems(page)).includes(CODE));
  const editorText = await page.locator(".monaco-editor .view-lines").first().innerText();
  if (!/account:\s*organi[sz]ation|account:\s*organisatie/.test(editorText)) {
    throw new Error(`the fix did not change the account:\n${editorText}`);
  }
  log(`${CODE} is gone after the fix`);
  await shot(page, "07-opgelost.png");

  // 6. The output channel names the bundled server and its version.
  await command(page, "Output: Show Output Channels");
  await page.locator(".quick-input-widget input").fill("kader");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "kader" }).first()
    .waitFor({ timeout: WAIT_MS });
  await page.keyboard.press("Enter");
  const output = await until("the server's version in the output channel", async () => {
    // Monaco draws spaces as no-break spaces.
    const lines = page.locator(".panel .monaco-editor .view-lines", { hasText: "kader-lsp" });
    const t = (await lines.first().innerText({ timeout: 1000 })).replace(/\u00a0/g, " ");
    return /kader-lsp \d+\.\d+\.\d+ \(stdlib [0-9a-f]{12}\)/.test(t) && t.includes("bundled") ? t : false;
  });
  log(`output: ${output.split("\n").find((l) => l.includes("bundled"))}`);
  await shot(page, "08-uitvoer.png");
}

let status = 0;
try {
  await main();
} catch (e) {
  status = 1;
  console.error(`FOUT / FAIL: ${e.stack ?? e}`);
  if (browser) {
    for (const page of browser.contexts().flatMap((c) => c.pages())) {
      await shot(page, "fout.png").catch(() => {});
    }
  }
}
await stop();
clearTimeout(limit);
// VS Code warns when a server answers a kind it did not ask for.
const logs = [];
const walk = (dir) => {
  for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.name.endsWith(".log")) logs.push(full);
  }
};
walk(path.join(userData, "logs"));
const dropped = logs.filter((f) => fs.readFileSync(f, "utf8").includes("Code action will be dropped"));
if (dropped.length > 0) {
  status = 1;
  console.error(`FOUT / FAIL: VS Code dropped code actions of a kind it did not ask for: ${dropped}`);
}
// The extension host's log is where that warning goes: it must be there.
const exthost = logs.filter((f) => /exthost/i.test(f));
if (exthost.length === 0) {
  status = 1;
  console.error(`FOUT / FAIL: no extension host log among ${logs}`);
}
if (status === 0) {
  log(`${logs.length} VS Code log files read (${exthost.map((f) => path.basename(f)).join(", ")}): no dropped code actions`);
}
console.log(`screenshots:\n${taken.map((f) => `  ${f}`).join("\n")}`);
console.log(`${passed} passed, ${status === 0 ? 0 : 1} failed`);
process.exit(status);
