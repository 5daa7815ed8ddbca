/**
 * Every request the server sends to the client has a deadline and a fallback: a client that never
 * answers `workspace/applyEdit`, `workspace/configuration`, `window/workDoneProgress/create` or a
 * message request must not block edits or indexing for ever.
 */

/** How long the client has to answer each kind of request. */
export interface ClientTimeouts {
  applyEditMs: number;
  configurationMs: number;
  progressCreateMs: number;
  /** A question the user answers: generous. */
  messageRequestMs: number;
}

/**
 * The defaults, or all of them set to `ROADMAP_LINKS_CLIENT_TIMEOUT_MS` (for slow clients, and for
 * tests, which cannot wait a minute for a fallback).
 */
export function clientTimeouts(env: NodeJS.ProcessEnv = process.env): ClientTimeouts {
  const override = Number(env.ROADMAP_LINKS_CLIENT_TIMEOUT_MS);
  if (Number.isFinite(override) && override > 0) {
    return { applyEditMs: override, configurationMs: override, progressCreateMs: override, messageRequestMs: override };
  }
  return { applyEditMs: 60_000, configurationMs: 10_000, progressCreateMs: 5_000, messageRequestMs: 300_000 };
}

/** `promise`, or `fallback()` once `ms` pass without an answer (a rejection is passed on). */
export function withTimeout<T>(promise: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
