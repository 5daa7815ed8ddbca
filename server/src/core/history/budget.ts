/**
 * Limits shared by every history computation: a deadline, the caller's cancellation, and progress.
 * Git calls get `signal`, which aborts on either, so a stuck or slow git never outlives the budget.
 */
import { GitError } from '../changes/git';
import type { HistoryProgress } from './types';

export class HistoryCancelled extends Error {
  constructor() {
    super('history computation cancelled');
    this.name = 'HistoryCancelled';
  }
}

export interface BudgetOptions {
  /** Milliseconds the whole computation may take; the part still running then stops with what it has. */
  timeBudgetMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: HistoryProgress) => void;
}

export const DEFAULT_TIME_BUDGET_MS = 120_000;

export class Budget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private timedOutFlag = false;
  private readonly onAbort = () => this.controller.abort();

  constructor(private readonly options: BudgetOptions = {}) {
    this.timer = setTimeout(() => {
      this.timedOutFlag = true;
      this.controller.abort();
    }, options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
    // A pending deadline must not keep a CLI process alive.
    this.timer.unref?.();
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) this.controller.abort();
  }

  /** Aborts git on cancellation or at the deadline. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.timedOutFlag;
  }

  /** Throws on cancellation; returns false once the deadline has passed (stop, keep what you have). */
  go(): boolean {
    if (this.options.signal?.aborted) throw new HistoryCancelled();
    return !this.timedOutFlag;
  }

  progress(phase: HistoryProgress['phase'], done: number, total: number): void {
    this.options.onProgress?.({ phase, done, total });
  }

  /**
   * Runs a git-backed step: a git call aborted by the deadline yields undefined (the caller keeps
   * what it has); by the caller's cancellation, HistoryCancelled. `work` must not itself resolve to undefined.
   */
  async step<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (!this.go()) return undefined;
    try {
      return await work();
    } catch (error) {
      if (error instanceof GitError && error.code === 'cancelled') {
        if (this.options.signal?.aborted) throw new HistoryCancelled();
        return undefined;
      }
      throw error;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }
}
