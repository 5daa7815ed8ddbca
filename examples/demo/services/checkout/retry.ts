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
