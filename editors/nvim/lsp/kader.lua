-- kader-lsp in de stijl van nvim-lspconfig, voor Neovim 0.11 en nieuwer:
-- kopieer dit bestand naar ~/.config/nvim/lsp/ en roep
-- `vim.lsp.enable('kader')` aan (zie ../README.md).
-- kader-lsp in the style of nvim-lspconfig, for Neovim 0.11 and later: copy
-- this file to ~/.config/nvim/lsp/ and call `vim.lsp.enable('kader')`.
-- (For Neovim 0.7 to 0.10 use plugin/kader.lua instead; not both.)
--
-- Settings / instellingen: vim.lsp.config('kader', { settings = { kader = { taal = 'en' } } })

if vim.filetype and vim.filetype.add then
  vim.filetype.add({ extension = { kader = 'kader' } })
end

---@type vim.lsp.Config
return {
  cmd = { 'kader-lsp' },
  filetypes = { 'kader' },
  -- The policy repository: the folder with kader.toml.
  root_markers = { 'kader.toml' },
  init_options = {},
  settings = { kader = {} },
}
