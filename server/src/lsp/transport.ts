/**
 * The connection's transport, chosen from the command line as `vscode-languageserver` does (`--stdio`,
 * `--node-ipc`, `--socket=N`, `--pipe=NAME`), with a writer that lets responses overtake notifications:
 * a hover answered while thousands of files' diagnostics are going out reaches the client next, not
 * behind them.
 */
import { format } from 'util';
import {
  AbstractMessageWriter,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  StreamMessageWriter,
  type Connection,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/** What `createConnection` is given: a stream or a reader to read from, a writer to write to. */
export interface Transport {
  input: NodeJS.ReadableStream | MessageReader;
  output: MessageWriter;
  /** Over stdio, stdout is the protocol: anything a library prints there must go elsewhere. */
  stdio: boolean;
}

/** The transport the command line names, or undefined when it names none. */
export function transportFromArguments(argv: readonly string[], host: NodeJS.Process = process): Transport | undefined {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]);
    const value = () => inline ?? argv[i + 1];
    switch (flag) {
      case '--stdio':
        // The input stays a stream: the library then ends the process when the client closes it.
        return {
          input: host.stdin,
          output: new ResponsesFirstWriter(new StreamMessageWriter(host.stdout)),
          stdio: true,
        };
      case '--node-ipc':
        return {
          input: new IPCMessageReader(host),
          output: new ResponsesFirstWriter(new IpcMessageWriter(host)),
          stdio: false,
        };
      case '--socket': {
        const port = Number.parseInt(value() ?? '', 10);
        if (!Number.isInteger(port)) return undefined;
        const [reader, writer] = createServerSocketTransport(port);
        return { input: reader, output: new ResponsesFirstWriter(writer), stdio: false };
      }
      case '--pipe': {
        const name = value();
        if (!name) return undefined;
        const [reader, writer] = createServerPipeTransport(name);
        return { input: reader, output: new ResponsesFirstWriter(writer), stdio: false };
      }
    }
  }
  return undefined;
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals < 0 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

/**
 * Over stdio, sends what libraries print with `console` to the client's log: written to stdout, it would
 * corrupt the protocol (`vscode-languageserver` does the same when it picks the transport itself).
 */
export function consoleToClient(connection: Connection): void {
  const log =
    (send: (message: string) => void) =>
    (...args: unknown[]) =>
      send(format(...args));
  console.log = console.info = console.debug = log((message) => connection.console.log(message));
  console.warn = log((message) => connection.console.warn(message));
  console.error = log((message) => connection.console.error(message));
}

/** A response: it has an id and no method (a request from the server has both, a notification no id). */
function isResponse(message: Message): boolean {
  return 'id' in message && !('method' in message);
}

interface Queued {
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes responses at once and everything else (notifications, the server's own requests) in the order
 * it came, one message at a time, each only once the transport has taken the one before: the messages
 * waiting are held here, where a response does not queue behind them, and never more than one of
 * them is in the transport's buffers ahead of a response. `write` resolves once the message is written,
 * so a sender that awaits it (the session's publishing, chunk by chunk) is held back while the client
 * reads slowly: the queue stays as short as a chunk. Order among notifications is kept, so a file's
 * later diagnostics never overtake its earlier ones.
 *
 * A response may overtake notifications sent before it; the server sends none whose meaning depends
 * on reaching the client before a response (no partial results, no progress on a request's own token).
 */
export class ResponsesFirstWriter implements MessageWriter {
  private queue: Queued[] = [];
  /** The queue's first entry not yet written (entries before it are dropped in batches, not one shift each). */
  private head = 0;
  private writing = false;
  private ending = false;

  constructor(private readonly target: MessageWriter) {}

  get onError() {
    return this.target.onError;
  }

  get onClose() {
    return this.target.onClose;
  }

  /** How many messages wait for the transport (not counting the one being written). */
  get waiting(): number {
    return this.queue.length - this.head;
  }

  write(message: Message): Promise<void> {
    if (isResponse(message)) return this.target.write(message);
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.writeNext();
    });
  }

  /** Ends the transport once every waiting message is written. */
  end(): void {
    this.ending = true;
    if (!this.writing && this.waiting === 0) this.target.end();
  }

  dispose(): void {
    this.target.dispose();
  }

  private writeNext(): void {
    if (this.writing) return;
    if (this.waiting === 0) {
      this.queue = [];
      this.head = 0;
      if (this.ending) this.target.end();
      return;
    }
    const next = this.queue[this.head];
    // Drops the written entries once they are half the array: amortised O(1) per message.
    if (++this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.writing = true;
    const written = () => {
      this.writing = false;
      this.writeNext();
    };
    this.target.write(next.message).then(
      () => {
        next.resolve();
        written();
      },
      (error: unknown) => {
        next.reject(error);
        written();
      },
    );
  }
}

/**
 * Node IPC, as `vscode-languageserver`'s own writer sends it (`process.send`), but resolving once the
 * message has been handed to the channel: that writer resolves at once, so nothing waits for a slow
 * client and every message piles up in the channel's buffer, a response behind all of them.
 */
export class IpcMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errors = 0;

  constructor(private readonly host: NodeJS.Process) {
    super();
    // As the library's writer: errors only. The parent going away ends the server through the library's
    // watch on the client's process id.
    host.on('error', (error) => this.fireError(error));
  }

  write(message: Message): Promise<void> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        this.fireError(error, message, ++this.errors);
        reject(error);
      };
      if (!this.host.send) return failed(new Error('the process has no IPC channel'));
      try {
        this.host.send(message, undefined, undefined, (error: Error | null) => {
          if (error) return failed(error);
          this.errors = 0;
          resolve();
        });
      } catch (error) {
        failed(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  end(): void {}
}
