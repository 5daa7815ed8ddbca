import * as assert from 'node:assert/strict';
import { RefreshScheduler, type Timers } from '../../client/src/model/refresh';

/** A manual clock: timers fire only when the test advances time. */
class ManualTimers implements Timers {
  private now = 0;
  private nextHandle = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  set(callback: () => void, ms: number): number {
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.now + ms, callback });
    return handle;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get scheduled(): number {
    return this.pending.size;
  }

  /** Moves time on, firing due timers, then lets the loads they started settle. */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const [handle, timer] of [...this.pending]) {
      if (timer.at > this.now) continue;
      this.pending.delete(handle);
      timer.callback();
    }
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

/** A loader that counts its runs and can be held open to test overlap. */
function loader() {
  const state = { runs: 0, active: 0, maxActive: 0, gate: Promise.resolve() };
  const load = async () => {
    state.runs++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    await state.gate;
    state.active--;
  };
  return { state, load };
}

describe('view refresh scheduling', () => {
  it('loads once after a burst of requests, when they pause', async () => {
    const clock = new ManualTimers();
    const { state, load } = loader();
    const scheduler = new RefreshScheduler(load, 100, true, clock);
    await clock.advance(100);
    assert.equal(state.runs, 1, 'a view created visible loads after the delay');
    for (let i = 0; i < 5; i++) {
      scheduler.request();
      await clock.advance(60);
    }
    assert.equal(state.runs, 1, 'requests 60 ms apart keep postponing the load');
    await clock.advance(40);
    assert.equal(state.runs, 2);
    assert.equal(clock.scheduled, 0);
  });

  it('does not load while hidden, and loads once when shown', async () => {
    const clock = new ManualTimers();
    const { state, load } = loader();
    const scheduler = new RefreshScheduler(load, 10, false, clock);
    scheduler.request();
    scheduler.request();
    await clock.advance(1000);
    assert.equal(state.runs, 0);
    assert.equal(clock.scheduled, 0);
    scheduler.setVisible(true);
    await clock.advance(10);
    assert.equal(state.runs, 1);
    scheduler.setVisible(false);
    scheduler.setVisible(true);
    await clock.advance(1000);
    assert.equal(state.runs, 1, 'nothing changed while hidden');
  });

  it('never overlaps loads: requests during a load run it once more afterwards', async () => {
    const clock = new ManualTimers();
    const { state, load } = loader();
    let release!: () => void;
    state.gate = new Promise<void>((resolve) => (release = resolve));
    const scheduler = new RefreshScheduler(load, 10, false, clock);
    const first = scheduler.now();
    const second = scheduler.now();
    const third = scheduler.now();
    assert.equal(state.runs, 1);
    state.gate = Promise.resolve();
    release();
    await Promise.all([first, second, third]);
    assert.equal(state.runs, 2);
    assert.equal(state.maxActive, 1);
  });

  it('a refresh button load cancels the pending debounced one', async () => {
    const clock = new ManualTimers();
    const { state, load } = loader();
    const scheduler = new RefreshScheduler(load, 10, false, clock);
    scheduler.setVisible(true);
    assert.equal(clock.scheduled, 1);
    await scheduler.now();
    assert.equal(clock.scheduled, 0);
    await clock.advance(100);
    assert.equal(state.runs, 1);
  });

  it('keeps going after a failed load', async () => {
    let runs = 0;
    const scheduler = new RefreshScheduler(
      async () => {
        runs++;
        throw new Error('server gone');
      },
      10,
      false,
      new ManualTimers(),
    );
    await scheduler.now();
    await scheduler.now();
    assert.equal(runs, 2);
  });

  it('runs nothing after dispose', async () => {
    const clock = new ManualTimers();
    const { state, load } = loader();
    const scheduler = new RefreshScheduler(load, 10, true, clock);
    scheduler.dispose();
    assert.equal(clock.scheduled, 0);
    scheduler.request();
    scheduler.setVisible(true);
    await scheduler.now();
    await clock.advance(100);
    assert.equal(state.runs, 0);
  });
});
