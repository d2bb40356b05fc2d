// Load generation. Closed loop: autocannon with a fixed number of connections (max throughput).
// Open loop: requests start on a fixed schedule whatever the responses do, and each latency is
// measured from its SCHEDULED start, so a stall shows up in the percentiles (no coordinated omission).
import http from "node:http";
import autocannon from "autocannon";

export interface ClosedLoopResult {
  connections: number;
  durationS: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Set by `pnpm bench`: CPU of the workerd processes per request, from /proc around the run. */
  workerdCpuMsPerRequest?: number;
  /** Set by `pnpm bench`: REST calls the Upstash bridge received per request during the run. */
  upstashCallsPerRequest?: number;
}

export async function closedLoop(opts: {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationS: number;
}): Promise<ClosedLoopResult> {
  const result = await autocannon({
    url: opts.url,
    headers: opts.headers,
    connections: opts.connections,
    duration: opts.durationS,
    pipelining: 1,
  });
  return {
    connections: opts.connections,
    durationS: opts.durationS,
    rps: result.requests.total / opts.durationS,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

export interface OpenLoopResult {
  rate: number;
  durationS: number;
  sent: number;
  answered: number;
  /** Not sent because `maxInFlight` requests were already waiting: the target was overloaded. */
  dropped: number;
  timedOut: number;
  statuses: Record<string, number>;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** How late the generator itself sent requests after their scheduled start (p50, p99). */
  sendLagP50Ms: number;
  sendLagP99Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export async function openLoop(opts: {
  url: string;
  headers: Record<string, string>;
  rate: number;
  durationS: number;
  /** How long to wait for the stragglers after the last scheduled start. */
  drainMs?: number;
  /** A request still unanswered after this counts as timed out (and its socket is dropped). */
  timeoutMs?: number;
  /** Requests in flight beyond this are not sent and count as dropped (an overloaded target). */
  maxInFlight?: number;
}): Promise<OpenLoopResult> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const maxInFlight = opts.maxInFlight ?? 1_024;
  let timedOut = 0;
  let dropped = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2048 });
  const total = Math.round(opts.rate * opts.durationS);
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  const pending = new Set<Promise<void>>();
  const target = new URL(opts.url);

  function fire(scheduledAt: number) {
    if (pending.size >= maxInFlight) {
      dropped++;
      return;
    }
    lags.push(performance.now() - scheduledAt);
    const done = new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          headers: opts.headers,
          agent,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - scheduledAt);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
          res.on("error", () => {
            errors++;
            resolve();
          });
        },
      );
      let expired = false;
      req.setTimeout(timeoutMs, () => {
        expired = true;
        timedOut++;
        req.destroy();
        resolve();
      });
      req.on("error", () => {
        if (!expired) errors++;
        resolve();
      });
      req.end();
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  }

  // The schedule is kept with a 1 ms timer, firing every request that is due at each tick (its
  // latency still counts from its scheduled start). Polling with setImmediate instead kept one of
  // the machine's two cores spinning for the whole run, taken from the stack under test: V1
  // could not hold half its closed-loop maximum. The generator's own lateness is reported.
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        fire(start + sent * interval);
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const drain = new Promise<void>((resolve) => setTimeout(resolve, opts.drainMs ?? 10_000).unref());
  await Promise.race([Promise.all(pending), drain]);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    rate: opts.rate,
    durationS: opts.durationS,
    sent,
    answered: latencies.length,
    dropped,
    timedOut,
    statuses,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    p999Ms: round(percentile(latencies, 99.9)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    sendLagP50Ms: round(percentile(lags, 50)),
    sendLagP99Ms: round(percentile(lags, 99)),
  };
}

/** A slow steady driver (rate-limit accuracy): the status and time of every request. */
export function steadyDriver(opts: { url: string; headers: Record<string, string>; rate: number }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(opts.url);
  // failOpen: allowed without Redis's verdict (no X-RateLimit-Remaining), which a busy machine
  // causes when the limiter's round misses REDIS_TIMEOUT_MS.
  const results: { at: number; status: number; code: string | null; failOpen: boolean }[] = [];
  const startedAt = Date.now();
  let stopped = false;
  let n = 0;
  const tick = () => {
    if (stopped) return;
    const now = Date.now();
    while (startedAt + (n * 1000) / opts.rate <= now) {
      const at = startedAt + (n * 1000) / opts.rate;
      n++;
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, headers: opts.headers, agent },
        (res) => {
          res.resume();
          results.push({
            at,
            status: res.statusCode ?? 0,
            code: (res.headers["x-edgegate-error"] as string) ?? null,
            failOpen: res.statusCode === 200 && res.headers["x-ratelimit-remaining"] === undefined,
          });
        },
      );
      req.on("error", () => results.push({ at, status: 0, code: "CONNECTION_ERROR", failOpen: false }));
      req.end();
    }
    setTimeout(tick, 5);
  };
  tick();
  return {
    startedAt,
    results,
    stop() {
      stopped = true;
      agent.destroy();
    },
  };
}
