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
