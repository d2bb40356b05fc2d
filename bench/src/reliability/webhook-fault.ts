// The "webhook receiver down" fault: an endpoint created through the admin API on the local
// webhook receiver (behind a switch proxy), test events sent through the normal path (audit →
// outbox → after-commit dispatch → queue → consumer), the receiver cut while some are in flight
// and healed before their second attempt is due. Promised: the failed first attempts are retried
// on WEBHOOK_RETRY_SCHEDULE's second step (5 s, up to 10 % jitter), every event arrives signed
// with its own webhook-id (at-least-once: a repeat would carry the same id, and is counted), none
// is lost, and the endpoint's health (failing since / consecutive failures / 24 h success rate)
// shows the outage and then the recovery.
import type pg from "pg";
import type { FaultContext, FaultRun } from "./faults.ts";
import { post } from "./seed.ts";
import { sleep } from "./traffic.ts";

/** WEBHOOK_RETRY_SCHEDULE's delay before the second attempt (wrangler.toml), and its jitter. */
const SECOND_STEP_S = 5;
const JITTER = 0.1;
/** The queue's batch timeout and a loaded machine's scheduling, on top of the schedule. */
const LATE_SLACK_MS = 4_000;
/** How long each phase may take before the fault gives up (a loaded shared machine is slow). */
const PHASE_TIMEOUT_MS = 120_000;
const BEFORE = 3;
const DURING = 5;

interface Health {
  failingSince: string | null;
  consecutiveFailures: number;
  health?: { attempts24h: number; successRate24h: number | null };
}

async function getJson<T>(url: string, path: string, cookie: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`webhook-receiver-down: timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function attemptsOf(db: pg.Pool, eventIds: string[]) {
  const { rows } = await db.query<{
    event_id: string;
    status: string;
    attempt_number: number;
    started_at: Date;
    duration_ms: number;
    status_code: number | null;
    error_class: string | null;
  }>(
    `SELECT d.event_id, d.status, a.attempt_number, a.started_at, a.duration_ms, a.status_code, a.error_class
       FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_id = d.id
      WHERE d.event_id = ANY($1) ORDER BY d.event_id, a.attempt_number`,
    [eventIds],
  );
  return rows;
}

export async function webhookReceiverDown(
  ctx: FaultContext,
): Promise<Omit<FaultRun, "name" | "organizationId" | "keys">> {
  const { stack, admin } = ctx;
  if (!admin) throw new Error("webhook-receiver-down needs the suite's admin");
  const hook = `rel-${Date.now().toString(36)}`;
  const created = (await (
    await post(
      stack.url,
      "/api/webhooks/endpoints",
      { url: `${stack.receiver.url}/hooks/${hook}` },
      admin.cookie,
    )
  ).json()) as { endpoint: { id: string }; secret: string };
  const endpointId = created.endpoint.id;
  // The receiver verifies every delivery's signature with the endpoint's secret.
  await fetch(`${stack.receiver.controlUrl}/control/${hook}`, {
    method: "PUT",
    body: JSON.stringify({ secret: created.secret }),
  });
  const sendTest = async () =>
    (
      (await (
        await post(stack.url, `/api/webhooks/endpoints/${endpointId}/test`, {}, admin.cookie)
      ).json()) as {
        eventId: string;
      }
    ).eventId;
  const endpoint = () => getJson<Health>(stack.url, `/api/webhooks/endpoints/${endpointId}`, admin.cookie);
  const succeeded = async (ids: string[]) =>
    (await attemptsOf(stack.db, ids)).filter((r) => r.status === "succeeded" && r.status_code === 200)
      .length >= ids.length;

  const before: string[] = [];
  for (let i = 0; i < BEFORE; i++) before.push(await sendTest());
  await waitFor("the deliveries before the outage", () => succeeded(before), PHASE_TIMEOUT_MS);

  await stack.proxy("receiver", { mode: "down" });
  // Sent together, so their first attempts fail together and the receiver is back before any of
  // their second attempts is due (5 s later).
  const during = await Promise.all(Array.from({ length: DURING }, sendTest));
  // Down until every first attempt has failed, and no longer: the second is due 5 s after.
  await waitFor(
    "the first attempts during the outage",
    async () => (await attemptsOf(stack.db, during)).filter((r) => r.attempt_number === 1).length >= DURING,
    PHASE_TIMEOUT_MS,
  );
  const whileDown = await endpoint();
  await stack.proxy("receiver", { mode: "up" });
  await waitFor("the retried deliveries", () => succeeded(during), PHASE_TIMEOUT_MS);
  const afterwards = await endpoint();

  const attempts = await attemptsOf(stack.db, during);
  const problems: string[] = [];
  let earliestGapMs = Number.POSITIVE_INFINITY;
  let latestGapMs = 0;
  for (const eventId of during) {
    const mine = attempts.filter((a) => a.event_id === eventId);
    const [first, second] = mine;
    if (!first || first.status_code !== null || first.error_class !== "connect")
      problems.push(`event ${eventId}: first attempt was not a connection failure`);
    if (second?.status_code !== 200) {
      problems.push(`event ${eventId}: the second attempt did not succeed`);
      continue;
    }
    if (first) {
      const gap = second.started_at.getTime() - (first.started_at.getTime() + first.duration_ms);
      earliestGapMs = Math.min(earliestGapMs, gap);
      latestGapMs = Math.max(latestGapMs, gap);
    }
  }
  if (earliestGapMs < SECOND_STEP_S * 1000 - 1000)
    problems.push(
      `a retry came ${earliestGapMs} ms after the failure, before the schedule's ${SECOND_STEP_S} s`,
    );
  if (latestGapMs > SECOND_STEP_S * 1000 * (1 + JITTER) + LATE_SLACK_MS)
    problems.push(
      `a retry came ${latestGapMs} ms after the failure, well after the schedule's ${SECOND_STEP_S} s`,
    );

  // What the receiver got: every event, signed, under its own webhook-id.
  const received = (await (await fetch(`${stack.receiver.controlUrl}/received/${hook}`)).json()) as {
    headers: Record<string, string>;
    answered: number;
    verified: boolean | null;
  }[];
  const ok = received.filter((r) => r.answered === 200);
  const ids = ok.map((r) => r.headers["webhook-id"] ?? "");
  const all = [...before, ...during];
  const missing = all.filter((id) => !ids.includes(id)).length;
  const repeated = ids.length - new Set(ids).size;
  const foreign = ids.filter((id) => !all.includes(id)).length;
  if (missing > 0) problems.push(`${missing} event(s) never reached the receiver`);
  if (foreign > 0)
    problems.push(`${foreign} delivery(ies) carried a webhook-id that is no event of this run`);
  if (received.some((r) => r.verified !== true)) problems.push("a delivery's signature did not verify");
  if (!whileDown.failingSince || whileDown.consecutiveFailures < 1)
    problems.push("the endpoint did not show the outage (failingSince / consecutiveFailures)");
  if (afterwards.failingSince !== null || afterwards.consecutiveFailures !== 0)
    problems.push("the endpoint still showed failures after the recovery");

  return {
    promised: `receiver down while ${DURING} events are in flight: each retried on the schedule (${SECOND_STEP_S} s + ≤ ${JITTER * 100} % jitter), all ${BEFORE + DURING} delivered signed with their own webhook-id, none lost; the endpoint shows the failures and then the recovery`,
    answers: [],
    allowed: [200],
    measured: {
      "events sent": all.length,
      "first attempts refused": attempts.filter((a) => a.attempt_number === 1 && a.error_class === "connect")
        .length,
      "retry after failure, earliest ms": Number.isFinite(earliestGapMs) ? earliestGapMs : "none",
      "retry after failure, latest ms": latestGapMs,
      "received twice (same webhook-id)": repeated,
      "never received": missing,
      "consecutive failures while down": whileDown.consecutiveFailures,
      "24 h success rate while down": String(whileDown.health?.successRate24h ?? "n/a"),
      "24 h success rate after": String(afterwards.health?.successRate24h ?? "n/a"),
    },
    problems,
  };
}
