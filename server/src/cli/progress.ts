/** A single, self-overwriting progress line on stderr, only when a person is watching (a TTY). */

/** Redraws at most this often: a terminal repaint per file would slow big scans down. */
const REDRAW_MS = 100;

export interface ProgressLine {
  update(scanned: number, total: number): void;
  /** Erases the line, so results start on a clean line. */
  done(): void;
}

export function progressLine(stream: NodeJS.WriteStream | undefined): ProgressLine | undefined {
  if (!stream?.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(scanned, total) {
      const now = Date.now();
      if (scanned < total && now - last < REDRAW_MS) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[KScanning files: ${scanned}/${total}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
