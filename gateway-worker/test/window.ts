// Plain timing helpers shared by the workerd tests and the Node-side socket tests.

/**
 * The minute limit is @upstash/ratelimit's sliding window: fixed 60 s windows on the epoch, with
 * the previous window's count weighted by the part of it still inside the last 60 s and rounded
 * DOWN (`floor((1 - elapsed) * previous)`). A test that crosses a window edge therefore sees up to
 * one more request admitted (e.g. 3 earlier requests weigh floor(0.95 × 3) = 2 a few seconds after
 * the edge). Exact-count tests start where the whole test fits in one window instead.
 */
export async function withinOneWindow(neededMs: number): Promise<void> {
  const WINDOW_MS = 60_000;
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  // 250 ms of slack: the limiter's clock is read later, in another request.
  if (left < neededMs + 250) await new Promise((resolve) => setTimeout(resolve, left + 250));
}
