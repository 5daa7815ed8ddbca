/**
 * When a view reloads: requests are debounced (a burst of saves or index changes costs one request),
 * a reload never overlaps another (a request during one runs once more afterwards), and a hidden
 * view does not reload at all until it is shown again.
 */
/** The timer functions the scheduler uses; tests pass a manual clock. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RefreshScheduler {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private rerun = false;
  /** Something changed while the view was hidden (or nothing was ever loaded). */
  private stale = true;
  private disposed = false;

  constructor(
    private readonly load: () => Promise<void>,
    private readonly delayMs: number,
    private visible: boolean,
    private readonly timers: Timers = REAL_TIMERS,
  ) {
    if (visible) this.request();
  }

  /** Something changed: reload after a quiet period, or on the next show. */
  request(): void {
    if (this.disposed) return;
    if (!this.visible) {
      this.stale = true;
      return;
    }
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.now();
    }, this.delayMs);
  }

  /** Reload at once (a refresh button); resolves when the data shown is current. */
  now(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.timer !== undefined) {
      this.timers.clear(this.timer);
      this.timer = undefined;
    }
    this.stale = false;
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.request();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
  }

  private async loop(): Promise<void> {
    do {
      this.rerun = false;
      try {
        await this.load();
      } catch {
        // The loader shows its own errors; a failed load must not stop later ones.
      }
    } while (this.rerun && !this.disposed);
  }
}
