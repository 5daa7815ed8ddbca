-- What a user of the README's Neovim 0.7 config sees: nvim was started with that config (-u) on a code
-- file of the demo, so the config alone must have started the server and attached it. This file starts
-- no client: it waits, asks for a hover as `K` would, opens a second file, and records what it found.
-- Run by test/editors/neovim.test.ts; OTHER is a second file of the same roadmap, OUT the JSON results.
local out = { steps = {} }
local function record(name, value) out.steps[name] = value end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  -- Diagnostics settle once the initial index is built: wait for the unlinked HACK on line 16.
  vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.lnum == 15 then return true end
    end
    return false
  end, 50)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diagnostics, { line = d.lnum, col = d.col, severity = d.severity, message = d.message })
  end
  table.sort(diagnostics, function(a, b) return a.line < b.line end)
  record('diagnostics', diagnostics)

  -- The cursor on TODO(RM-12), then what `K` (vim.lsp.buf.hover) sends.
  vim.api.nvim_win_set_cursor(0, { 10, 12 })
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', vim.lsp.util.make_position_params(), 20000)
  local hover = vim.NIL
  for _, response in pairs(responses or {}) do
    if response.result then hover = response.result.contents end
  end
  record('hover', hover)

  -- A second file under the same roadmap: the same client, not a second server.
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.OTHER))
  local other = vim.api.nvim_get_current_buf()
  local clients = {}
  for _, client in pairs(vim.lsp.get_active_clients()) do
    local attached = {}
    for _, b in ipairs({ buf, other }) do
      if vim.lsp.buf_is_attached(b, client.id) then table.insert(attached, vim.api.nvim_buf_get_name(b)) end
    end
    table.insert(clients, { name = client.name, root = client.config.root_dir, attached = attached })
  end
  record('clients', clients)
end)
if not ok then out.error = tostring(err) end
local file = io.open(vim.env.OUT, 'w')
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd('qa!')
