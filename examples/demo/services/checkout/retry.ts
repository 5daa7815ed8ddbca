export async function retry<T>(attempt: () => Promise<T>, times: number): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i <= times; i++) {
    try {
      return await attempt();
    } catch (error) {
      // XXX: no backoff between attempts
      lastError = error;
    }
  }
  throw lastError;
}

// TODO(SHOP-101): read the retry limit from the gateway's settings
export const RETRY_LIMIT = 2;

// SHOP-140: TODO give up once the gateway's own timeout has passed
export const GIVE_UP_AFTER_MS = 30_000;
