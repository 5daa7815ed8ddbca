/**
 * Roadmap Links language server entry point. The transport (stdio, IPC, socket) comes from the
 * command line, as `vscode-languageserver` reads it (`--stdio`, `--node-ipc`, `--socket=N`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { setV8Flags } from './v8Flags';

setV8Flags({ longRunning: true });

const connection = createConnection(ProposedFeatures.all);
// A promise nobody awaited must not take the server down (Node ends the process on one by default):
// log it, and keep answering.
process.on('unhandledRejection', (reason) => {
  connection.console.error(
    `[roadmap-links] unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  );
});
startServer(connection);
