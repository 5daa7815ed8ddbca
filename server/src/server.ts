/**
 * Roadmap Links language server entry point. The transport (stdio, IPC, socket, pipe) comes from the
 * command line, with the flags `vscode-languageserver` reads (`--stdio`, `--node-ipc`, `--socket=N`,
 * `--pipe=NAME`); its writer sends responses ahead of queued notifications (lsp/transport.ts).
 */
import { createConnection, ProposedFeatures, type MessageReader } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';
import { consoleToClient, transportFromArguments } from './lsp/transport';
import { setV8Flags } from './v8Flags';

setV8Flags({ longRunning: true });

const transport = transportFromArguments(process.argv.slice(2));
const connection = transport
  ? // Over stdio the input is a stream, which the library reads itself (and exits when it ends); the types
    // name a reader, which it also takes.
    createConnection(ProposedFeatures.all, transport.input as MessageReader, transport.output)
  : // No transport named: the library says which flags it takes.
    createConnection(ProposedFeatures.all);
if (transport?.stdio) consoleToClient(connection);
// A promise nobody awaited must not take the server down (Node ends the process on one by default):
// log it, and keep answering.
process.on('unhandledRejection', (reason) => {
  connection.console.error(
    `[roadmap-links] unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`,
  );
});
startServer(connection);
