/**
 * Waiting in tests without a deadline of its own: a wait lasts until its condition holds or its promise
 * settles, and a hang is caught by the test's mocha timeout (a generous one), not by a bound that a busy
 * machine can exceed. Loaded by .mocharc as a root hook plugin: when a test fails, it says what the test
 * was still waiting for, then abandons the wait, so a poll does not outlive its test and keep mocha from exiting.
 */

interface Wait {
  /** What is awaited, read when a test fails (a fuzz worker names its current case). */
  describe: () => string;
  abandoned: boolean;
  /** Called when the wait is abandoned (a fuzz worker is terminated). */
  onAbandon?: () => void;
}

const waits = new Set<Wait>();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `pollMs` until it holds; `what` may be a function, to say how far it got. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  pollMs = 25,
): Promise<void> {
  const describe = typeof what === 'string' ? () => what : what;
  const wait: Wait = { describe, abandoned: false };
  waits.add(wait);
  try {
    while (!(await check())) {
      if (wait.abandoned) throw new Error(`abandoned waiting for ${describe()}`);
      await sleep(pollMs);
    }
  } finally {
    waits.delete(wait);
  }
}

/** Awaits `promise`, saying what it is if the test fails meanwhile; `onAbandon` then stops its source. */
export async function waitOn<T>(promise: Promise<T>, describe: () => string, onAbandon?: () => void): Promise<T> {
  const wait: Wait = { describe, abandoned: false, onAbandon };
  waits.add(wait);
  try {
    return await promise;
  } finally {
    waits.delete(wait);
  }
}

function abandonAll(report: boolean): void {
  for (const wait of waits) {
    if (report) console.log(`      (it was still waiting for ${wait.describe()})`);
    wait.abandoned = true;
    wait.onAbandon?.();
  }
  waits.clear();
}

export const mochaHooks = {
  afterEach(this: Mocha.Context) {
    abandonAll(this.currentTest?.state === 'failed');
  },
  // A wait begun in a failed before() hook has no test to follow.
  afterAll() {
    abandonAll(true);
  },
};
