// Calling the gateway the way an API consumer does (README: `Authorization: Bearer <key>` on
// /v1/*), from Node rather than the browser.
export async function callGateway(
  workerUrl: string,
  key: string,
  path = "/v1/echo?e2e=1",
): Promise<Response> {
  return fetch(`${workerUrl}${path}`, {
    headers: { Authorization: `Bearer ${key}` },
    signal: AbortSignal.timeout(10_000),
  });
}

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs` with
 * `what` and the last value seen. For effects that are eventually consistent by design (the
 * request-log queue consumer, the revocation stamp), never as a stand-in for a fixed sleep.
 */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
      last = "undefined";
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs / 1000}s (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
