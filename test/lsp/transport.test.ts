/** The server's message writer: responses ahead of queued notifications, order and back-pressure kept. */
import * as assert from 'assert';
import { EventEmitter } from 'events';
import { Emitter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import { IpcMessageWriter, ResponsesFirstWriter, transportFromArguments } from '../../server/src/lsp/transport';

/** A transport that takes one message when the test says so: `complete()` finishes the oldest pending write. */
class ManualTarget implements MessageWriter {
  readonly written: Message[] = [];
  readonly pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  ended = false;
  readonly onError = new Emitter<[Error, Message | undefined, number | undefined]>().event;
  readonly onClose = new Emitter<void>().event;

  write(message: Message): Promise<void> {
    this.written.push(message);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  /** Finishes the oldest write, then lets the writer hand over the next (its continuation is a microtask). */
  async complete(error?: Error): Promise<void> {
    const next = this.pending.shift();
    assert.ok(next, 'a write is pending');
    if (error) next.reject(error);
    else next.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  }
  async completeAll(): Promise<void> {
    while (this.pending.length) await this.complete();
  }
  end(): void {
    this.ended = true;
  }
  dispose(): void {}
}

const diagnostics = (uri: string, version: number): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, diagnostics: [], version } }) as Message;
const response = (id: number): Message => ({ jsonrpc: '2.0', id, result: { contents: `hover ${id}` } }) as Message;
const errorResponse = (id: number): Message =>
  ({ jsonrpc: '2.0', id, error: { code: -32603, message: 'failed' } }) as Message;
const serverRequest = (id: number): Message =>
  ({ jsonrpc: '2.0', id, method: 'window/workDoneProgress/create', params: { token: `t${id}` } }) as Message;
const label = (message: Message) => {
  const m = message as { id?: number; method?: string; params?: { uri?: string; version?: number } };
  if (m.method === 'textDocument/publishDiagnostics') return `${m.params!.uri}#${m.params!.version}`;
  return m.method ? `request ${m.id}` : `response ${m.id}`;
};

describe('ResponsesFirstWriter', () => {
  it('writes a response sent after 1,000 queued notifications before them, behind the one being written only', async () => {
    const target = new ManualTarget();
    const writer = new ResponsesFirstWriter(target);
    const sent: Promise<void>[] = [];
    for (let i = 0; i < 1000; i++) sent.push(writer.write(diagnostics(`file:///f${i}.ts`, 1)));
    sent.push(writer.write(response(7)), writer.write(errorResponse(8)));
    assert.deepStrictEqual(target.written.map(label), ['file:///f0.ts#1', 'response 7', 'response 8']);
    assert.strictEqual(writer.waiting, 999);
    await target.completeAll();
    await Promise.all(sent);
    assert.strictEqual(target.written.length, 1002, 'every message delivered');
    assert.deepStrictEqual(
      target.written.slice(3).map(label),
      Array.from({ length: 999 }, (_, i) => `file:///f${i + 1}.ts#1`),
      'the notifications in the order they were sent',
    );
  });

  it("keeps each document's diagnostics in order and the server's requests among them, responses overtaking", async () => {
    const target = new ManualTarget();
    const writer = new ResponsesFirstWriter(target);
    const expected: string[] = [];
    const sent: Promise<void>[] = [];
    const versions = new Map<string, number>();
    // A deterministic mix: three documents republished many times, the server's requests, responses.
    for (let step = 0; step < 3000; step++) {
      const roll = (step * 7919) % 100;
      if (roll < 10) sent.push(writer.write(response(step)));
      else if (roll < 13) {
        sent.push(writer.write(serverRequest(step)));
        expected.push(`request ${step}`);
      } else {
        const uri = `file:///doc${step % 3}.ts`;
        const version = (versions.get(uri) ?? 0) + 1;
        versions.set(uri, version);
        sent.push(writer.write(diagnostics(uri, version)));
        expected.push(`${uri}#${version}`);
      }
      // The transport takes a message now and then, so some wait and some go straight through.
      if (step % 5 === 0 && target.pending.length) await target.complete();
    }
    await target.completeAll();
    await Promise.all(sent);
    const labels = target.written.map(label);
    assert.strictEqual(labels.length, 3000, 'every message delivered, none twice');
    assert.deepStrictEqual(
      labels.filter((text) => !text.startsWith('response')),
      expected,
      'notifications and requests in the order sent',
    );
    for (const uri of versions.keys()) {
      const seen = labels.filter((text) => text.startsWith(`${uri}#`)).map((text) => Number(text.split('#')[1]));
      assert.deepStrictEqual(
        seen,
        seen.map((_, i) => i + 1),
        `${uri}: versions in order`,
      );
    }
  });

  it('hands the transport one message at a time, and resolves each write only once the transport took it', async () => {
    const target = new ManualTarget();
    const writer = new ResponsesFirstWriter(target);
    const resolved: number[] = [];
    const sent = [0, 1, 2].map((i) => writer.write(diagnostics('file:///a.ts', i)).then(() => resolved.push(i)));
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(target.written.length, 1, 'the second waits until the transport has taken the first');
    assert.deepStrictEqual(resolved, [], 'nothing resolves before the transport took it');
    await target.complete();
    assert.deepStrictEqual(resolved, [0]);
    assert.strictEqual(target.written.length, 2);
    assert.strictEqual(writer.waiting, 1);
    await target.complete();
    await target.complete();
    await Promise.all(sent);
    assert.deepStrictEqual(resolved, [0, 1, 2]);
    assert.strictEqual(writer.waiting, 0);
  });

  it('a failed write rejects that message only; the next ones are still written, and end waits for them', async () => {
    const target = new ManualTarget();
    const writer = new ResponsesFirstWriter(target);
    const first = writer.write(diagnostics('file:///a.ts', 1)).then(
      () => 'written',
      (error: Error) => error.message,
    );
    const second = writer.write(diagnostics('file:///a.ts', 2));
    writer.end();
    assert.strictEqual(target.ended, false, 'not ended while messages wait');
    await target.complete(new Error('EPIPE'));
    assert.strictEqual(await first, 'EPIPE');
    assert.strictEqual(target.written.length, 2);
    await target.complete();
    await second;
    assert.strictEqual(target.ended, true, 'ended once the last is written');
  });
});

describe('IpcMessageWriter', () => {
  /** A process whose IPC channel calls back when the test says. */
  class FakeProcess extends EventEmitter {
    readonly sent: unknown[] = [];
    readonly callbacks: ((error: Error | null) => void)[] = [];
    send(message: unknown, _handle: unknown, _options: unknown, callback: (error: Error | null) => void): boolean {
      this.sent.push(message);
      this.callbacks.push(callback);
      return true;
    }
  }

  it('resolves a write once the channel has taken the message, and rejects when it fails', async () => {
    const host = new FakeProcess();
    const writer = new IpcMessageWriter(host as unknown as NodeJS.Process);
    let done = false;
    const written = writer.write(diagnostics('file:///a.ts', 1)).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(host.sent.length, 1);
    assert.strictEqual(done, false, 'not written until the channel calls back');
    host.callbacks[0](null);
    await written;
    const failing = writer.write(diagnostics('file:///a.ts', 2));
    host.callbacks[1](new Error('channel closed'));
    await assert.rejects(failing, /channel closed/);
  });
});

describe('transportFromArguments', () => {
  it('reads the flags vscode-languageserver reads, and names no transport without one', () => {
    const host = new FakeIpcHost();
    assert.strictEqual(transportFromArguments(['--stdio'], host as unknown as NodeJS.Process)?.stdio, true);
    assert.strictEqual(transportFromArguments(['--node-ipc'], host as unknown as NodeJS.Process)?.stdio, false);
    assert.strictEqual(transportFromArguments(['--clientProcessId=4'], host as unknown as NodeJS.Process), undefined);
    assert.strictEqual(transportFromArguments(['--socket=x'], host as unknown as NodeJS.Process), undefined);
    assert.strictEqual(transportFromArguments([], host as unknown as NodeJS.Process), undefined);
  });
});

/** Enough of a process for the stdio and IPC transports to be built on it (nothing is read or written). */
class FakeIpcHost extends EventEmitter {
  stdin = Object.assign(new EventEmitter(), { read: () => null });
  stdout = Object.assign(new EventEmitter(), { write: () => true, end: () => undefined });
  send(): boolean {
    return true;
  }
}
