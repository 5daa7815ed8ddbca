/** A single, self-overwriting progress line on stderr, only when a person is watching (a TTY). */

/** Redraws at most this often: a terminal repaint per file would slow big scans down. */
const REDRAW_MS = 100;

export interface ProgressLine {
  /**
   * `total` is known once every folder is listed (a scan counts files as it finds them); `step` names what
   * is counted when it changes along the way (history's phases).
   */
  update(scanned: number, total?: number, step?: string): void;
  /** Erases the line, so results start on a clean line. */
  done(): void;
}

export function progressLine(
  stream: NodeJS.WriteStream | undefined,
  label = 'Scanning files',
): ProgressLine | undefined {
  if (!stream?.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(scanned, total, step) {
      const now = Date.now();
      if (scanned !== total && now - last < REDRAW_MS) return;
      last = now;
      shown = true;
      stream.write(
        `\r\x1b[K${label}${step ? ` (${step})` : ''}: ${total === undefined ? scanned : `${scanned}/${total}`}`,
      );
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** When a plain progress line is written: by time in use, by a count of updates in tests. */
export interface LogPace {
  /** Nothing for a run that ends sooner (default 2 s). */
  firstAfterMs?: number;
  /** At most one line this often (default 5 s). */
  everyMs?: number;
  /** Instead of time: a line at every `everyUpdates`-th update (deterministic; tests). */
  everyUpdates?: number;
}

/**
 * Outside a terminal (a CI log), where a redrawn line would be noise: a plain line now and then
 * ("history: debt trend, 12 of 53 samples…"), so a long run does not sit silent.
 */
export function progressLog(
  write: (text: string) => void,
  describe: (done: number, total: number | undefined, step: string | undefined) => string,
  pace: LogPace = {},
): ProgressLine {
  const started = Date.now();
  let lastWritten = 0;
  let updates = 0;
  return {
    update(done, total, step) {
      updates++;
      if (pace.everyUpdates !== undefined) {
        if (updates % pace.everyUpdates !== 0) return;
      } else {
        const now = Date.now();
        if (now - started < (pace.firstAfterMs ?? 2000) || now - lastWritten < (pace.everyMs ?? 5000)) return;
        lastWritten = now;
      }
      write(`${describe(done, total, step)}…\n`);
    },
    done() {},
  };
}
