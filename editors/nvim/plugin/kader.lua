-- kader-lsp voor *.kader-bestanden in Neovim 0.7 en nieuwer.
-- kader-lsp for *.kader files in Neovim 0.7 and later.
--
-- Instellingen / settings (optional, set before opening a file):
--   vim.g.kader_lsp_cmd = { '/pad/naar/kader-lsp' }  -- default { 'kader-lsp' }
--   vim.g.kader_taal = 'en'                          -- 'nl' or 'en'; default: kader.toml

local group = vim.api.nvim_create_augroup('kader', { clear = true })

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = group,
  pattern = '*.kader',
  nested = true, -- so that setting the filetype runs the FileType autocommand below
  callback = function(args)
    vim.api.nvim_buf_set_option(args.buf, 'filetype', 'kader')
  end,
})

-- One server per repository (the folder with kader.toml, else the file's folder).
local clients = {}

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local toml = vim.fn.findfile('kader.toml', dir .. ';')
  if toml ~= '' then
    return vim.fn.fnamemodify(toml, ':p:h')
  end
  return dir
end

-- Attaches a buffer to the server of its repository, started if need be.
local function attach(buf)
  local root = root_of(vim.api.nvim_buf_get_name(buf))
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    local taal = vim.g.kader_taal
    id = vim.lsp.start_client({
      name = 'kader',
      cmd = vim.g.kader_lsp_cmd or { 'kader-lsp' },
      root_dir = root,
      init_options = { taal = taal },
      settings = { kader = { taal = taal } },
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(buf, id)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  group = group,
  pattern = 'kader',
  callback = function(args)
    vim.api.nvim_buf_set_option(args.buf, 'commentstring', '// %s')
    attach(args.buf)
  end,
})

-- kader.toml keeps its TOML filetype and also gets the server: the same
-- findings as `kader check`, completion and hover of its settings.
vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  group = group,
  pattern = 'kader.toml',
  callback = function(args)
    attach(args.buf)
  end,
})
