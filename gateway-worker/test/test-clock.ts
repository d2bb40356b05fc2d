// `TEST_CLOCK=2027-01-01T00:05:00Z` runs the Worker's tests as if the clock had started at that
// moment (it keeps running from there): the Worker and the tests share one isolate, so both see
// the shifted Date. It is how the suite is checked at month, year and day boundaries — libfaketime
// cannot do it, because workerd does not start under it. Postgres keeps its own clock, which the
// code only uses for `now()` in the key list's status filters.
import { beforeAll, inject, vi } from "vitest";

const testClock = inject("testClock");
beforeAll(() => {
  if (testClock) vi.useFakeTimers({ toFake: ["Date"], now: new Date(testClock), shouldAdvanceTime: true });
});
