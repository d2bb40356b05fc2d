// Calls through the real Worker over real sockets, each written into a ledger: which request ids
// were answered for which organization, and with what status. After the queue has drained, the
// ledger is compared with request_logs and the usage tables (verify.ts).

export interface Answer {
  status: number;
  requestId: string | null;
  /** The gateway's own error code (X-Edgegate-Error); null for upstream answers and successes. */
  errorCode: string | null;
  latencyMs: number;
}

/** One organization's answered requests: every id here must become exactly one request_logs row. */
export class Ledger {
  readonly expected = new Map<string, Set<string>>();
  /** Answers for an organization that the gateway does not log (the key never resolved). */
  unlogged = 0;
  /** Requests that got no HTTP answer at all (connection error, client-side timeout). */
  unanswered = 0;

  expect(organizationId: string, requestId: string): void {
    const ids = this.expected.get(organizationId) ?? new Set<string>();
    this.expected.set(organizationId, ids);
    ids.add(requestId);
  }

  count(organizationId: string): number {
    return this.expected.get(organizationId)?.size ?? 0;
  }
}

/** Error codes the gateway answers before it knows the key's organization: no request_logs row. */
const UNRESOLVED = new Set(["UNAUTHORIZED", "INVALID_KEY", "SERVICE_UNAVAILABLE", "BAD_REQUEST"]);

export interface CallOptions {
  key?: string;
  method?: string;
  /** Read the body to its end (default); false for the caller that aborts mid-stream itself. */
  read?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  clientIp?: string;
}

export async function call(
  url: string,
  path: string,
  ledger: Ledger,
  organizationId: string | null,
  options: CallOptions = {},
): Promise<Answer | null> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}${path}`, {
      method: options.method ?? "GET",
      headers: {
        "CF-Connecting-IP": options.clientIp ?? "203.0.113.9",
        ...(options.key ? { "X-API-Key": options.key } : {}),
        ...options.headers,
      },
      signal: options.signal ?? AbortSignal.timeout(30_000),
    });
    const answer: Answer = {
      status: response.status,
      requestId: response.headers.get("X-Request-ID"),
      errorCode: response.headers.get("X-Edgegate-Error"),
      latencyMs: 0,
    };
    if (organizationId && answer.requestId) {
      if (answer.errorCode && UNRESOLVED.has(answer.errorCode)) ledger.unlogged++;
      else ledger.expect(organizationId, answer.requestId);
    }
    if (options.read !== false) {
      // A body cut off by the upstream is still an answer: the status line and id arrived.
      await response.arrayBuffer().catch(() => undefined);
    }
    answer.latencyMs = performance.now() - started;
    return answer;
  } catch {
    ledger.unanswered++;
    return null;
  }
}

/** Runs `worker` on `concurrency` loops until `durationMs` has passed; resolves with every answer. */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  worker: () => Promise<Answer | null>,
): Promise<(Answer | null)[]> {
  const answers: (Answer | null)[] = [];
  const until = Date.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) answers.push(await worker());
    }),
  );
  return answers;
}

export function statusCounts(answers: (Answer | null)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer ? String(answer.status) : "none";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
