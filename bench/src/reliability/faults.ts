// The scripted faults. Each runs load against its own organization on the real stack, breaks one
// thing mid-load, heals it, and returns what it promised next to what it observed; lost and
// double-counted events are reconciled for all faults together once the queue has drained.
import type pg from "pg";
import { type Admin, type SeededOrg, seedOrg } from "./seed.ts";
import type { Stack } from "./stack.ts";
import { type Answer, call, closedLoop, type Ledger, sleep } from "./traffic.ts";
import { webhookReceiverDown } from "./webhook-fault.ts";

export interface FaultRun {
  name: string;
  promised: string;
  organizationId: string;
  /** The organization's API keys (for the secrets scan; never written to results). */
  keys: string[];
  answers: (Answer | null)[];
  /** Every status this fault may answer with; anything else (and any gateway 500) fails it. */
  allowed: number[];
  /** What was observed beyond statuses (fail-open count, injected faults, error codes …). */
  measured: Record<string, number | string>;
  /** Fault-specific checks on `measured`, as readable failures (empty: met). */
  problems: string[];
  /** More measurements and checks once the queue has drained (from the log rows). */
  afterDrain?: (
    db: pg.Pool,
    organizationId: string,
  ) => Promise<{ measured: Record<string, number | string>; problems: string[] }>;
}

export interface FaultContext {
  stack: Stack;
  ledger: Ledger;
  /** Seconds each fault's load runs (the long form runs longer). */
  scale: number;
  /** The suite's signed-in admin (faults that act through the admin API). */
  admin?: Admin;
}

type Fault = (
  ctx: FaultContext,
  org: SeededOrg,
) => Promise<Omit<FaultRun, "name" | "organizationId" | "keys">>;

const echo =
  (ctx: FaultContext, org: SeededOrg, key = org.key) =>
  () =>
    call(ctx.stack.url, "/v1/echo", ctx.ledger, org.organizationId, { key });

/** Load on 6 loops while `script` breaks and heals something, and for `tailMs` after it. */
async function underLoad(
  ctx: FaultContext,
  org: SeededOrg,
  tailMs: number,
  script: () => Promise<void>,
): Promise<(Answer | null)[]> {
  let done = false;
  const answers: (Answer | null)[] = [];
  const send = echo(ctx, org);
  const loops = Array.from({ length: 6 }, async () => {
    while (!done) answers.push(await send());
  });
  await script();
  await sleep(tailMs);
  done = true;
  await Promise.all(loops);
  return answers;
}

/**
 * Whether Redis's verdict was missing is read from the log rows (`fail_open`), the record admins
 * see, after the drain: the fault's requests, and those of the recovery phase after it.
 */
function failOpenCheck(phase: string, after: (Answer | null)[]): FaultRun["afterDrain"] {
  const afterIds = after.flatMap((a) => (a?.requestId ? [a.requestId] : []));
  return async (db, organizationId) => {
    const { rows } = await db.query<{ during: string; after: string }>(
      `SELECT count(*) FILTER (WHERE fail_open AND NOT id::text = ANY($2)) AS during,
              count(*) FILTER (WHERE fail_open AND id::text = ANY($2)) AS after
         FROM request_logs WHERE organization_id = $1`,
      [organizationId, afterIds],
    );
    const during = Number(rows[0]?.during ?? 0);
    const afterFailOpen = Number(rows[0]?.after ?? 0);
    // Recovery: requests after the heal get Redis's verdict again. Not necessarily all of them —
    // on a loaded machine an ordinary round can exceed REDIS_TIMEOUT_MS and fail open too.
    return {
      measured: {
        [`rows marked fail-open ${phase}`]: during,
        "recovery requests": after.length,
        "of them fail-open": afterFailOpen,
      },
      problems: [
        ...(during === 0 ? [`no row was marked fail-open ${phase}: the fault was never felt`] : []),
        ...(after.length > 0 && afterFailOpen >= after.length
          ? ["no verdict from Redis after it recovered"]
          : []),
      ],
    };
  };
}

const redisKilled: Fault = async (ctx, org) => {
  const ms = 1000 * ctx.scale;
  const answers = await underLoad(ctx, org, ms, async () => {
    await sleep(ms);
    await ctx.stack.redis.kill();
    await sleep(ms);
    await ctx.stack.redis.start();
  });
  // Back on an empty Redis (scripts gone too): verdicts must come back, not stay failed open.
  const after = await closedLoop(1, 2_000, echo(ctx, org));
  return {
    promised:
      "every request answered 200 (fail-open while Redis is gone, marked in the log), verdicts return after restart",
    answers: [...answers, ...after],
    allowed: [200],
    measured: {},
    problems: [],
    afterDrain: failOpenCheck("while Redis was down", after),
  };
};

const redisSlow: Fault = async (ctx, org) => {
  const ms = 1000 * ctx.scale;
  const answers = await underLoad(ctx, org, ms, async () => {
    await sleep(ms);
    await ctx.stack.proxy("redis", { mode: "slow", delayMs: 500 });
    await sleep(ms);
    await ctx.stack.proxy("redis", { mode: "up" });
  });
  await sleep(600); // replies delayed before the switch are still in flight
  const after = await closedLoop(1, 2_000, echo(ctx, org));
  const slowest = Math.max(...answers.map((a) => a?.latencyMs ?? 0));
  return {
    promised:
      "Redis +500 ms: every request answered 200 without waiting for Redis (fail-open, marked in the log)",
    answers: [...answers, ...after],
    allowed: [200],
    measured: { "slowest answer ms": Math.round(slowest) },
    problems: [],
    afterDrain: failOpenCheck("while Redis was slow", after),
  };
};

const postgresRestarted: Fault = async (ctx, org) => {
  const ms = 1000 * ctx.scale;
  // Warm the key record into the caches; a cold key while Postgres is away cannot be verified.
  await echo(ctx, org)();
  const during: (Answer | null)[] = [];
  const failed = () => ctx.stack.logEvents.get("request_logs_batch_failed") ?? 0;
  const failedBefore = failed();
  const answers = await underLoad(ctx, org, ms, async () => {
    await sleep(ms);
    await ctx.stack.proxy("postgres", { mode: "down" });
    await sleep(ms / 2);
    during.push(await echo(ctx, org, org.coldKey)());
    // Down until the consumer has tried to write a batch and failed (batches come every ≤ 2 s).
    const deadline = Date.now() + 30_000;
    while (failed() === failedBefore && Date.now() < deadline) await sleep(100);
    await ctx.stack.proxy("postgres", { mode: "up" });
  });
  const failedBatches = failed() - failedBefore;
  return {
    promised:
      "warm keys keep answering 200 while Postgres is unreachable; a never-seen key answers 503 SERVICE_UNAVAILABLE; failed batches are retried until stored",
    answers: [...answers, ...during],
    allowed: [200, 503],
    measured: {
      "cold key during outage": during[0]
        ? `${during[0].status} ${during[0].errorCode ?? ""}`.trim()
        : "no answer",
      "consumer batches failed during the outage": failedBatches,
    },
    problems: [
      ...(during[0]?.status !== 503 || during[0]?.errorCode !== "SERVICE_UNAVAILABLE"
        ? ["the cold key during the outage did not answer 503 SERVICE_UNAVAILABLE"]
        : []),
      ...(answers.some((a) => a?.status === 503) ? ["a warm key answered 503 during the outage"] : []),
      ...(failedBatches === 0 ? ["no consumer batch met the outage"] : []),
    ],
  };
};

const consumerCrashes: Fault = async (ctx, org) => {
  await ctx.stack.faults({ crashBatches: 3 });
  const answers = await closedLoop(6, 2000 * ctx.scale, echo(ctx, org));
  // Batches reach the consumer up to max_batch_timeout later (more on a loaded machine): keep the
  // switch on until at least one has crashed, then off.
  const deadline = Date.now() + 30_000;
  while ((await ctx.stack.faults()).injected.crashedBatches === 0 && Date.now() < deadline) await sleep(250);
  const { injected } = await ctx.stack.faults({ crashBatches: 0 });
  return {
    promised: "the consumer dies after storing a batch and before acking half of it; redelivery adds nothing",
    answers,
    allowed: [200],
    measured: { "batches crashed mid-ack": injected.crashedBatches },
    problems: injected.crashedBatches > 0 ? [] : ["no batch crashed"],
  };
};

const queueSendsFail: Fault = async (ctx, org) => {
  const before = (await ctx.stack.faults()).injected.failedSends;
  await ctx.stack.faults({ failSends: 3 });
  const answers = await closedLoop(6, 2000 * ctx.scale, echo(ctx, org));
  const { injected } = await ctx.stack.faults({ failSends: 0 });
  return {
    promised: "3 queue sends fail (transiently): responses unaffected, the events are sent again, none lost",
    answers,
    allowed: [200],
    measured: { "sends failed": injected.failedSends - before },
    problems: injected.failedSends - before === 3 ? [] : ["fewer than 3 sends failed"],
  };
};

const upstream5xx: Fault = async (ctx, org) => {
  const codes = [500, 502, 503];
  const answers = await closedLoop(4, 1000 * ctx.scale, () =>
    call(
      ctx.stack.url,
      `/v1/status/${codes[Math.floor(Math.random() * 3)]}`,
      ctx.ledger,
      org.organizationId,
      {
        key: org.key,
      },
    ),
  );
  const stamped = answers.filter((a) => a?.errorCode).length;
  return {
    promised: "the upstream's 500/502/503 reach the caller as its own answers, never as a gateway error",
    answers,
    allowed: codes,
    measured: { "answers stamped X-Edgegate-Error": stamped },
    problems: stamped > 0 ? ["an upstream 5xx was answered as a gateway error"] : [],
  };
};

const upstreamHangs: Fault = async (ctx, org) => {
  const answers = await Promise.all(
    Array.from({ length: 4 * ctx.scale }, () =>
      call(ctx.stack.url, "/v1/hang", ctx.ledger, org.organizationId, { key: org.key }),
    ),
  );
  const timeouts = answers.filter((a) => a?.errorCode === "UPSTREAM_TIMEOUT").length;
  return {
    promised: "an upstream that never answers: 504 UPSTREAM_TIMEOUT after UPSTREAM_TIMEOUT_MS",
    answers,
    allowed: [504],
    measured: { "504 UPSTREAM_TIMEOUT": timeouts },
    problems: timeouts === answers.length ? [] : ["not every hung call ended in 504 UPSTREAM_TIMEOUT"],
  };
};

const upstreamResets: Fault = async (ctx, org) => {
  const answers = await closedLoop(4, 1000 * ctx.scale, () =>
    call(ctx.stack.url, "/v1/reset?afterMs=50", ctx.ledger, org.organizationId, { key: org.key }),
  );
  return {
    promised:
      "an upstream that resets after its headers: the caller's body is cut (status already sent), the log row says UPSTREAM_ERROR",
    answers,
    allowed: [200],
    measured: {},
    problems: [],
  };
};

const clientAborts: Fault = async (ctx, org) => {
  const answers = await Promise.all(
    Array.from({ length: 6 * ctx.scale }, async () => {
      const controller = new AbortController();
      const answer = await call(
        ctx.stack.url,
        "/v1/stream/20?intervalMs=100",
        ctx.ledger,
        org.organizationId,
        {
          key: org.key,
          read: false,
          signal: controller.signal,
        },
      );
      await sleep(250); // headers and a chunk or two have arrived
      controller.abort();
      return answer;
    }),
  );
  return {
    promised:
      "a caller that hangs up mid-stream: the upstream call is cancelled, the log row says CLIENT_CLOSED",
    answers,
    allowed: [200],
    measured: {},
    problems: [],
  };
};

export const FAULTS: Record<string, Fault> = {
  "redis-killed": redisKilled,
  "redis-slow": redisSlow,
  "postgres-restarted": postgresRestarted,
  "consumer-crashes": consumerCrashes,
  "queue-sends-fail": queueSendsFail,
  "upstream-5xx": upstream5xx,
  "upstream-hangs": upstreamHangs,
  "upstream-resets": upstreamResets,
  "client-aborts": clientAborts,
  "webhook-receiver-down": webhookReceiverDown,
};

/** Error codes each fault's log rows must carry (checked in Postgres after the drain). */
export const EXPECTED_ROW_ERRORS: Record<string, string> = {
  "upstream-resets": "UPSTREAM_ERROR",
  "client-aborts": "CLIENT_CLOSED",
  "upstream-hangs": "UPSTREAM_TIMEOUT",
};

export async function runFault(ctx: FaultContext, name: string): Promise<FaultRun> {
  const fault = FAULTS[name];
  if (!fault) throw new Error(`unknown fault ${name}`);
  const org = await seedOrg(ctx.stack.db, name.replace(/-/g, "_"));
  return {
    name,
    organizationId: org.organizationId,
    keys: [org.key, org.coldKey],
    ...(await fault(ctx, org)),
  };
}
