/**
 * Roadmap Links language server entry point. The transport (stdio, IPC, socket) comes from the
 * command line, as `vscode-languageserver` reads it (`--stdio`, `--node-ipc`, `--socket=N`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

startServer(createConnection(ProposedFeatures.all));
