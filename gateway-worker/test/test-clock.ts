// `TEST_CLOCK=2027-01-01T00:05:00Z` starts the test isolate's clock at that moment (it keeps
// running from there). It shifts what the tests compute and the Worker code they call directly —
// the queue consumers, the cron jobs, the analytics services — which is where month, year and
// day boundaries matter (usage months, partitions, retention, rollups). It does not shift the
// Worker behind `SELF.fetch` (its own isolate), Postgres or Redis, so tests that compare those
// clocks with the test's own fail under it; run the store's tests with it (README, "Testing").
// libfaketime cannot do this instead: workerd does not start under it.
import { inject, vi } from "vitest";

// At the top level, not in a hook: test files compute their times while they are collected.
const testClock = inject("testClock");
if (testClock) vi.useFakeTimers({ toFake: ["Date"], now: new Date(testClock), shouldAdvanceTime: true });
