-- Drives Neovim's own LSP client (0.7+) against the built Roadmap Links server on a copy of the demo.
-- Run headless by test/editors/neovim.test.ts: `nvim --headless -u NONE -i NONE -c 'luafile neovim.lua'`.
-- Environment: DEMO (the workspace copy), SERVER (dist/server.js), OUT (where the JSON results go).
-- Each step records what a user would see; the mocha test asserts on it.
local root = vim.env.DEMO
local out = { messages = {}, steps = {} }

local function record(name, value) out.steps[name] = value end
local function finish()
  local file = io.open(vim.env.OUT, 'w')
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'roadmap-links',
    cmd = { 'node', vim.env.SERVER, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'demo' } },
    handlers = {
      -- What the user would read in the message area.
      ['window/showMessage'] = function(_, result)
        table.insert(out.messages, { type = result.type, message = result.message })
      end,
    },
  })
  local client = vim.lsp.get_client_by_id(client_id)

  local function open(relative)
    vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. relative))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(bufnr, client_id)
    return bufnr
  end
  local function request(bufnr, method, params)
    local responses, request_err = vim.lsp.buf_request_sync(bufnr, method, params, 20000)
    if not responses then error(method .. ': ' .. tostring(request_err)) end
    for _, response in pairs(responses) do
      if response.err then return nil, response.err end
      return response.result
    end
  end
  local function text_of(bufnr) return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') end
  local function diagnostics_of(bufnr)
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      table.insert(list, { line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col, severity = d.severity, message = d.message })
    end
    table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)
    return list
  end

  local payment = open('services/checkout/payment.ts')
  local uri = vim.uri_from_bufnr(payment)
  -- Diagnostics settle once the initial index is built: wait for the unlinked HACK on line 16.
  vim.wait(30000, function()
    for _, d in ipairs(vim.diagnostic.get(payment)) do
      if d.lnum == 15 then return true end
    end
    return false
  end, 50)
  vim.wait(500)
  record('diagnostics', diagnostics_of(payment))

  local hover = request(payment, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 9, character = 12 } })
  record('hover', hover and hover.contents or vim.NIL)

  local definition = request(payment, 'textDocument/definition', { textDocument = { uri = uri }, position = { line = 9, character = 12 } })
  if definition and definition[1] == nil and definition.uri then definition = { definition } end
  local definitions = {}
  for _, location in ipairs(definition or {}) do
    table.insert(definitions, { path = vim.uri_to_fname(location.uri or location.targetUri), line = (location.range or location.targetSelectionRange).start.line })
  end
  record('definition', definitions)

  -- Propose the unlinked HACK through the code action Neovim lists, executed the way Neovim executes it.
  local function actions_at(bufnr, line, character)
    -- What `vim.lsp.buf.code_action()` sends: the line's diagnostics in LSP form.
    local diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, line)
    local result, request_err = request(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = line, character = character }, ['end'] = { line = line, character = character } },
      context = { diagnostics = diagnostics },
    })
    if request_err then error('codeAction: ' .. vim.inspect(request_err)) end
    return result or {}
  end
  local function run_action(action)
    if action.edit then vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding) end
    local command = action.command
    if type(command) == 'table' then
      return request(vim.api.nvim_get_current_buf(), 'workspace/executeCommand', { command = command.command, arguments = command.arguments })
    end
  end
  local function titles(actions)
    local list = {}
    for _, action in ipairs(actions) do table.insert(list, action.title) end
    return list
  end

  -- The cursor on the comment's first character, before the tag: actions are offered anywhere on it.
  local actions = actions_at(payment, 15, 2)
  record('actionTitles', titles(actions))
  local propose
  for _, action in ipairs(actions) do
    if action.title:match('^Propose') and not action.title:match('all') then propose = action end
  end
  if propose then
    record('proposeResult', run_action(propose) or vim.NIL)
    vim.wait(1000)
  end
  record('paymentAfterPropose', text_of(payment))
  local roadmap_buf = vim.fn.bufnr(root .. '/roadmap.yaml')
  if roadmap_buf ~= -1 then
    record('roadmapAfterPropose', text_of(roadmap_buf))
  else
    local file = io.open(root .. '/roadmap.yaml', 'r')
    record('roadmapAfterPropose', file:read('*a'))
    file:close()
  end

  -- The same action again: its comment changed (it names RM-32 now), so the server refuses, and the
  -- reason reaches the user as a message (Neovim discards a command's result).
  if propose then
    record('refusedResult', run_action(propose) or vim.NIL)
    vim.wait(2000, function() return #out.messages > 0 end, 50)
  end
  local roadmap = open('roadmap.yaml')

  -- Rename RM-12 from the code, applied by Neovim's own workspace-edit code.
  local rename = request(payment, 'textDocument/rename', { textDocument = { uri = uri }, position = { line = 9, character = 12 }, newName = 'RM-120' })
  if rename then vim.lsp.util.apply_workspace_edit(rename, client.offset_encoding) end
  record('paymentAfterRename', text_of(payment))
  record('roadmapAfterRename', text_of(roadmap))
end)
if not ok then out.error = tostring(err) end
finish()
