/** Counting file-system work in tests (never timing it): every `fs` call on paths under a root, recorded. */
import type * as fs from 'fs';

/** The calls on each path (or open descriptor's path): `readdirSync`, `promises.lstat`, … in order. */
export type Calls = Map<string, string[]>;

/** Wraps every function of `fs` and `fs.promises` to record its calls on paths under `root`, while `run` runs. */
export async function recordCalls(root: string, run: () => Promise<void>): Promise<Calls> {
  const calls: Calls = new Map();
  const fdPaths = new Map<number, string>();
  const note = (target: string, name: string) => {
    if (!target.startsWith(root)) return;
    const list = calls.get(target) ?? [];
    list.push(name);
    calls.set(target, list);
  };
  const restore: (() => void)[] = [];
  const wrap = (object: Record<string, unknown>, prefix: string) => {
    for (const name of Object.keys(object)) {
      const original = object[name];
      // Classes (Stats, Dirent, …) and non-functions are left alone.
      if (typeof original !== 'function' || /^[A-Z]/.test(name)) continue;
      const wrapped = function (this: unknown, ...args: unknown[]) {
        const [first] = args;
        if (typeof first === 'string') note(first, prefix + name);
        else if (typeof first === 'number' && fdPaths.has(first)) note(fdPaths.get(first)!, prefix + name);
        const result = (original as (...a: unknown[]) => unknown).apply(this, args);
        if (name === 'openSync' && typeof first === 'string' && typeof result === 'number') fdPaths.set(result, first);
        if (name === 'closeSync' && typeof first === 'number') fdPaths.delete(first);
        return result;
      };
      object[name] = wrapped;
      restore.push(() => (object[name] = original));
    }
  };
  // The module object itself (an `import * as` namespace is read-only): what the code under test calls through.
  const nodeFs = module.require('fs') as typeof fs;
  wrap(nodeFs as unknown as Record<string, unknown>, '');
  wrap(nodeFs.promises as unknown as Record<string, unknown>, 'promises.');
  try {
    await run();
  } finally {
    for (const undo of restore) undo();
  }
  return calls;
}
