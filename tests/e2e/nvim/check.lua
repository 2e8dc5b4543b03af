-- Eind-tot-eindtest met de LSP-client van Neovim zelf (Neovim 0.7+).
-- End-to-end test through Neovim's own LSP client (Neovim 0.7+).
--
-- Run by tests/e2e/run_nvim.sh with:
--   KADER_LSP       the kader-lsp binary
--   KADER_E2E_REPO  a copy of the repository (its examples/ is opened)
-- Every check prints "ok - ..."; the first failing check prints
-- "FOUT / FAIL: ..." and ends Neovim with exit status 1. The files on disk
-- are never written: every edit stays in the buffer.

-- Bounds only a hang (a server that never answers); no speed is asserted.
local HANG_MS = 120000

local passed = 0

local function say(text)
  io.stdout:write(text .. '\n')
  io.stdout:flush()
end

local function check(cond, what, detail)
  if not cond then
    error({ kader_check = what .. (detail and (': ' .. detail) or '') }, 0)
  end
  passed = passed + 1
  say('ok - ' .. what)
end

local function env(name)
  local v = os.getenv(name)
  check(v ~= nil and v ~= '', 'environment variable ' .. name .. ' is set')
  return v
end

-- The first line (0-based) that contains `needle`, and its text.
local function find_line(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    if line:find(needle, 1, true) then
      return i - 1, line
    end
  end
  return nil, nil
end

local function diag_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function diags_with(buf, code)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if diag_code(d) == code then
      table.insert(out, d)
    end
  end
  return out
end

-- The raw LSP diagnostics as published, to compare the server's own
-- (UTF-16) columns with what Neovim made of them.
local published = {}
local original = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    published[result.uri] = result
  end
  return original(err, result, ctx, config)
end

-- What the server asks the editor to show: pages (`window/showDocument`,
-- "Waarom?") and messages (`window/showMessage`, the test results).
local shown_documents = {}
vim.lsp.handlers['window/showDocument'] = function(_, result)
  table.insert(shown_documents, result)
  return { success = true }
end
local messages = {}
vim.lsp.handlers['window/showMessage'] = function(_, result)
  if result then
    table.insert(messages, result.message)
    say('# message: ' .. result.message)
  end
end

local function raw_with(uri, code)
  local r = published[uri]
  for _, d in ipairs(r and r.diagnostics or {}) do
    if d.code == code then
      return d
    end
  end
  return nil
end

local function wait_for(what, cond)
  local ok = vim.wait(HANG_MS, cond, 50)
  check(ok, what)
end

local function request(buf, method, params)
  local answers, err = vim.lsp.buf_request_sync(buf, method, params, HANG_MS)
  check(answers ~= nil, method .. ' answered', tostring(err))
  for _, a in pairs(answers) do
    check(a.error == nil, method .. ' without error', a.error and vim.inspect(a.error))
    return a.result
  end
  return nil
end

-- The UTF-16 column of a byte column (the second value of str_utfindex).
local function utf16(text, bytecol)
  local _, units = vim.str_utfindex(text, bytecol)
  return units
end

local function position(line, bytecol, buf)
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  return { line = line, character = utf16(text, bytecol) }
end

local function run()
  local lsp_bin = env('KADER_LSP')
  local repo = env('KADER_E2E_REPO')
  vim.g.kader_lsp_cmd = { lsp_bin }

  -- 0. The nvim-lspconfig style configuration (lsp/kader.lua, for Neovim
  -- 0.11's vim.lsp.enable) names the server, the filetype and the root.
  local files = vim.api.nvim_get_runtime_file('lsp/kader.lua', false)
  check(#files == 1, 'lsp/kader.lua is on the runtimepath', vim.inspect(files))
  local config = dofile(files[1])
  check(vim.deep_equal(config.cmd, { 'kader-lsp' }), 'lsp/kader.lua starts kader-lsp', vim.inspect(config.cmd))
  check(vim.deep_equal(config.filetypes, { 'kader' }), 'lsp/kader.lua serves the kader filetype')
  check(vim.tbl_contains(config.root_markers, 'kader.toml'), 'lsp/kader.lua finds the repository by kader.toml')

  local path = repo .. '/examples/beleid/overlast_havenkwartier.kader'
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)

  -- 1. Filetype detection and the client.
  check(vim.bo[buf].filetype == 'kader', 'filetype of *.kader is kader', vim.bo[buf].filetype)
  -- Neovim 0.7 lists a client once its `initialize` has been answered.
  wait_for('kader-lsp is initialised and attached to the buffer', function()
    return next(vim.lsp.buf_get_clients(buf)) ~= nil
  end)
  local client
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    client = c
  end
  check(client.name == 'kader', 'the attached client is kader', client.name)
  say('# offset encoding: ' .. tostring(client.offset_encoding))

  -- 2. Diagnostics: rule codes and their positions.
  wait_for('diagnostics published for the policy', function()
    return #diags_with(buf, 'OO-NEPACCOUNT') > 0 and #diags_with(buf, 'OO-BESLOTEN-GROEP') > 0
  end)
  local line, text = find_line(buf, 'account: fictief')
  check(line ~= nil, 'the policy has the line "account: fictief"')
  local nep = diags_with(buf, 'OO-NEPACCOUNT')
  check(#nep == 1, 'exactly one OO-NEPACCOUNT', tostring(#nep))
  local col = text:find('fictief', 1, true) - 1
  check(nep[1].lnum == line and nep[1].col == col and nep[1].end_col == col + #'fictief',
    'OO-NEPACCOUNT underlines "fictief"',
    string.format('got %d:%d-%d, want %d:%d-%d', nep[1].lnum, nep[1].col, nep[1].end_col,
      line, col, col + #'fictief'))
  check(nep[1].severity == vim.diagnostic.severity.ERROR, 'OO-NEPACCOUNT is an error')

  -- 3. A line with multi-byte characters before the finding: the source's
  --    label and its first field on one line, with a character outside the
  --    Basic Multilingual Plane (two UTF-16 code units).
  local bron = find_line(buf, 'bron facebook')
  local toegang = find_line(buf, 'toegang: besloten')
  check(bron ~= nil and toegang == bron + 1, 'the source is followed by "toegang: besloten"')
  local label = 'Buurtgroep Havenkwartier — ’t Zuidplein 🏠'
  local joined = '    bron facebook "' .. label .. '" { toegang: besloten'
  check(#joined > utf16(joined, #joined) and utf16(joined, #joined) > select(1, vim.str_utfindex(joined)),
    'the edited line has multi-byte characters and a surrogate pair')
  vim.api.nvim_buf_set_lines(buf, bron, toegang + 1, false, { joined })
  wait_for('diagnostics for the edited text', function()
    local b = diags_with(buf, 'OO-BESLOTEN-GROEP')
    return #b == 1 and b[1].lnum == bron and b[1].message:find(label, 1, true) ~= nil
  end)
  local besloten = diags_with(buf, 'OO-BESLOTEN-GROEP')[1]
  local bcol = joined:find('toegang: besloten', 1, true) - 1 + #'toegang: '
  check(besloten.col == bcol and besloten.end_col == bcol + #'besloten',
    'OO-BESLOTEN-GROEP underlines "besloten" after multi-byte characters (byte columns)',
    string.format('got %d-%d, want %d-%d', besloten.col, besloten.end_col, bcol, bcol + #'besloten'))
  local raw = raw_with(uri, 'OO-BESLOTEN-GROEP')
  local want = utf16(joined, bcol)
  check(raw ~= nil and raw.range.start.character == want and raw.range.start.line == bron,
    'the server sends the UTF-16 column of "besloten"',
    raw and string.format('got %d, want %d', raw.range.start.character, want))
  check(besloten.message:find(label, 1, true) ~= nil,
    'the message quotes the multi-byte label unchanged')
  check(#diags_with(buf, 'OO-NEPACCOUNT') == 1, 'OO-NEPACCOUNT is still reported after the edit')

  -- 4. Hover on a legal basis shows the article's text from the stdlib.
  local gline, gtext = find_line(buf, 'grondslag: publieke_taak')
  check(gline ~= nil, 'the policy has "grondslag: publieke_taak"')
  local gcol = gtext:find('publieke_taak', 1, true) - 1
  local hover = request(buf, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = position(gline, gcol + 2, buf),
  })
  check(hover ~= nil and hover.contents ~= nil, 'hover on publieke_taak has contents')
  local shown = hover.contents.value or vim.inspect(hover.contents)
  -- The article's first line of text, read from the stdlib source itself.
  local article
  local lines = vim.fn.readfile(repo .. '/stdlib/wet/avg.kader')
  for i, l in ipairs(lines) do
    if l:match('^artikel avg_6_1_e ') then
      for j = i + 1, #lines do
        if lines[j]:find('tekst: """', 1, true) then
          article = vim.trim(lines[j + 1])
          break
        end
      end
      break
    end
  end
  check(article ~= nil and #article > 40, 'the stdlib has the text of avg_6_1_e')
  check(shown:find('AVG art. 6 lid 1 sub e', 1, true) ~= nil, 'hover cites AVG art. 6 lid 1 sub e', shown)
  check(shown:find(article, 1, true) ~= nil, 'hover shows the article text', shown)

  -- The code actions on "fictief", for the OO-NEPACCOUNT finding.
  local function actions_on_fictief()
    local l, t = find_line(buf, 'account: fictief')
    local c = t:find('fictief', 1, true) - 1
    return request(buf, 'textDocument/codeAction', {
      textDocument = { uri = uri },
      range = { start = position(l, c, buf), ['end'] = position(l, c + #'fictief', buf) },
      context = { diagnostics = { raw_with(uri, 'OO-NEPACCOUNT') } },
    })
  end

  -- 4b. "Waarom?" on the finding: the server opens the decision trace.
  local on_finding = actions_on_fictief()
  local why
  for _, a in ipairs(on_finding or {}) do
    if a.command and a.command.command == 'kader.waarom' then
      why = a
    end
  end
  check(why ~= nil and why.title == 'Waarom? OO-NEPACCOUNT', 'the finding offers "Waarom? OO-NEPACCOUNT"',
    vim.inspect(on_finding))
  request(buf, 'workspace/executeCommand', { command = why.command.command, arguments = why.command.arguments })
  check(#shown_documents == 1, 'the server shows one page', vim.inspect(shown_documents))
  local page = table.concat(vim.fn.readfile(vim.uri_to_fname(shown_documents[1].uri)), '\n')
  check(page:find('OO-NEPACCOUNT', 1, true) ~= nil and page:find('overlast_havenkwartier', 1, true) ~= nil,
    'the page is the trace of OO-NEPACCOUNT on the policy', page)
  check(page:find('fictief', 1, true) ~= nil and page:find('✓', 1, true) ~= nil,
    'the trace shows the clauses that held and the value they read', page)
  -- Near miss: a rule that is not about the policy shows no page, and says so.
  local before = #messages
  request(buf, 'workspace/executeCommand', {
    command = 'kader.waarom', arguments = { uri, 'overlast_havenkwartier', 'GEEN-REGEL' },
  })
  wait_for('a message that there is no rule GEEN-REGEL', function()
    return #messages > before and messages[before + 1]:find('GEEN-REGEL', 1, true) ~= nil
  end)
  check(#shown_documents == 1, 'no page for a rule that is not there')

  -- 4c. The test lens: run the tests of a file from the editor.
  vim.cmd('edit ' .. vim.fn.fnameescape(repo .. '/examples/toetsen/vakantieverhuur.kader'))
  local tbuf = vim.api.nvim_get_current_buf()
  local turi = vim.uri_from_bufnr(tbuf)
  wait_for('kader-lsp is attached to the test file', function()
    return next(vim.lsp.buf_get_clients(tbuf)) ~= nil
  end)
  local function lenses()
    local found = {}
    for _, l in ipairs(request(tbuf, 'textDocument/codeLens', { textDocument = { uri = turi } }) or {}) do
      if l.command and l.command.command == 'kader.toetsUitvoeren' then
        table.insert(found, l)
      end
    end
    return found
  end
  local all, single = nil, 0
  for _, l in ipairs(lenses()) do
    if l.command.title == '▶ Alle toetsen (3)' then
      all = l
    elseif l.command.title == '▶ Toets uitvoeren' then
      single = single + 1
    end
  end
  check(all ~= nil and single == 3, 'a lens for all 3 tests and one above each test', vim.inspect(lenses()))
  -- Runs a lens's command; the message the server shows with the results.
  local function run_lens(lens)
    local seen = #messages
    request(tbuf, 'workspace/executeCommand', { command = lens.command.command, arguments = lens.command.arguments })
    wait_for('the test results as a message', function()
      return #messages > seen
    end)
    return messages[seen + 1]
  end
  local summary = run_lens(all)
  check(summary == '3 toetsen: 3 geslaagd, 0 mislukt, 0 onjuist', 'all three tests pass', summary)
  -- Near miss: the first test now expects the opposite; it fails, and the
  -- failure is an error on the test's name.
  local vline = find_line(tbuf, 'verwacht: []')
  check(vline ~= nil, 'the first test expects no findings')
  vim.api.nvim_buf_set_lines(tbuf, vline, vline + 2, false, {
    '    verwacht: [OO-STELSELMATIG]',
    '    niet_verwacht: [OO-STELSELMATIG-RISICO]',
  })
  local nline = find_line(tbuf, 'toets vakantieverhuur_kort')
  local first
  wait_for('the lens above the changed test', function()
    for _, l in ipairs(lenses()) do
      if l.command.title == '▶ Toets uitvoeren' and l.range.start.line == nline then
        first = l
      end
    end
    return first ~= nil
  end)
  summary = run_lens(first)
  check(summary == '1 toets: 0 geslaagd, 1 mislukt, 0 onjuist', 'the changed test fails', summary)
  wait_for('the failure as an error on the test', function()
    for _, d in ipairs(vim.diagnostic.get(tbuf)) do
      if d.lnum == nline and d.severity == vim.diagnostic.severity.ERROR
        and d.message:find('OO-STELSELMATIG', 1, true) then
        return true
      end
    end
    return false
  end)
  vim.cmd('buffer ' .. buf)

  -- 5. A quick fix: apply the action for OO-NEPACCOUNT, and the finding goes.
  local actions = actions_on_fictief()
  local fix
  for _, a in ipairs(actions or {}) do
    for _, d in ipairs(a.diagnostics or {}) do
      if d.code == 'OO-NEPACCOUNT' and a.edit then
        fix = a
      end
    end
  end
  check(fix ~= nil, 'a code action fixes OO-NEPACCOUNT', vim.inspect(actions))
  say('# applying: ' .. fix.title)
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
  check(find_line(buf, 'account: fictief') == nil, 'the fix changed the buffer')
  wait_for('OO-NEPACCOUNT is gone after the fix', function()
    return #diags_with(buf, 'OO-NEPACCOUNT') == 0 and raw_with(uri, 'OO-NEPACCOUNT') == nil
  end)
  -- With the municipality's own account the closed group is no longer
  -- covert: catalogue v1 reports it as OO-BESLOTEN-GROEP-OPEN instead.
  check(
    #diags_with(buf, 'OO-BESLOTEN-GROEP') == 0 and #diags_with(buf, 'OO-BESLOTEN-GROEP-OPEN') == 1,
    'the closed source is still reported, now as OO-BESLOTEN-GROEP-OPEN'
  )

  -- 6. Completion on a new line in the policy offers a field it lacks.
  local missing = 'minderjarigen'
  check(find_line(buf, missing) == nil, 'the policy has no field ' .. missing)
  local tline = find_line(buf, 'titel:')
  vim.api.nvim_buf_set_lines(buf, tline + 1, tline + 1, false, { '    ' })
  local list = request(buf, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = tline + 1, character = 4 },
  })
  local items = list and (list.items or list) or {}
  local labels = {}
  for _, item in ipairs(items) do
    labels[item.label] = true
  end
  check(labels[missing] == true, 'completion offers the missing field ' .. missing,
    table.concat(vim.tbl_keys(labels), ' '))
  check(labels['titel'] == nil, 'completion leaves out titel, which the policy already has')

  -- 7. Nothing was written to disk.
  check(vim.bo[buf].modified == true, 'the edits stayed in the buffer (not written)')
  check(vim.bo[tbuf].modified == true, 'the test file\'s edit stayed in its buffer')

  vim.lsp.stop_client(client.id)
  say(string.format('%d passed, 0 failed', passed))
end

local ok, err = xpcall(run, function(e)
  if type(e) == 'table' and e.kader_check then
    return e.kader_check
  end
  return debug.traceback(tostring(e), 2)
end)
if ok then
  vim.cmd('qall!')
else
  io.stderr:write('FOUT / FAIL: ' .. tostring(err) .. '\n')
  say(string.format('%d passed, 1 failed', passed))
  vim.cmd('cquit 1')
end
