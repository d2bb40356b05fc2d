// The retry schedule's arithmetic: Svix's delays by default, jitter of at most 10 %, a
// receiver's Retry-After honoured between the step's delay and the schedule's longest.
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from "@edgegate/shared/webhook-events";
import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelaySeconds } from "../../src/services/webhooks/schedule.ts";

const none = () => 0;
const most = () => 0.999;

describe("retryDelaySeconds", () => {
  it("follows the default schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", () => {
    const steps = DEFAULT_RETRY_SCHEDULE_SECONDS.map((_, step) =>
      retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, step, null, none),
    );
    expect(steps).toEqual([0, 5, 300, 1_800, 7_200, 18_000, 36_000, 36_000]);
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, 8, null, none)).toBeNull();
  });

  it("adds at most 10 % jitter, never past the longest delay (the queue's 12 h limit holds)", () => {
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, 2, null, most)).toBe(330);
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, 7, null, most)).toBe(36_000);
  });

  it("honours Retry-After within the schedule's bounds", () => {
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, 1, 120, none)).toBe(120);
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, 3, 10, none)).toBe(1_800);
    expect(retryDelaySeconds(DEFAULT_RETRY_SCHEDULE_SECONDS, 1, 10 * 86_400, none)).toBe(36_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates, and ignores garbage", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter("Tue, 01 Dec 2026 12:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
