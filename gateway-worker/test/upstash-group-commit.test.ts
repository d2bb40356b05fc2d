// Group commit under @upstash/redis (services/upstash-group-commit.ts), through real clients, the
// Upstash bridge and Redis: what goes out at once, what shares a round trip, and that every caller
// gets exactly its own replies and errors. (Separate requests sharing batches in one isolate, over
// real sockets: bench/test/group-commit-socket.test.ts.)
import { env } from "cloudflare:test";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis/cloudflare";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createGroupCommitRedis } from "../src/services/redis.ts";
import { MAX_BATCH_CHARS, MAX_BATCH_COMMANDS } from "../src/services/upstash-group-commit.ts";

const CAP_MS = 2_000;
const pending: Promise<unknown>[] = [];
const keepAlive = (promise: Promise<unknown>) => void pending.push(promise);
const client = (overrides: Partial<Env> = {}, capMs = CAP_MS) =>
  createGroupCommitRedis(loadConfig({ ...env, ...overrides }), capMs, keepAlive);
const plain = () => new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
const unique = (name: string) => `test:gc:${name}:${crypto.randomUUID()}`;

/** Counts the REST calls made to `url` while `run` runs, and what each one carried. */
async function restCalls<T>(run: () => Promise<T>, url = env.UPSTASH_REDIS_REST_URL) {
  const bodies: unknown[] = [];
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    const target = input instanceof Request ? input.url : String(input);
    if (target.startsWith(url)) bodies.push(JSON.parse(String(init?.body)));
    return realFetch(input, init);
  });
  try {
    return { result: await run(), bodies };
  } finally {
    spy.mockRestore();
  }
}

afterEach(async () => {
  await Promise.allSettled(pending.splice(0));
});

describe("group commit for Upstash", () => {
  it("sends an idle caller's pipeline at once, alone, with no timer", async () => {
    const key = unique("idle");
    const redis = client();
    const { result, bodies } = await restCalls(() => Promise.all([redis.incr(key), redis.incr(key)]));
    expect(result).toEqual([1, 2]);
    expect(bodies).toEqual([
      [
        ["incr", key],
        ["incr", key],
      ],
    ]);
  });

  it("queues callers behind the call in flight and sends them all in ONE call, each with its own replies", async () => {
    const keys = Array.from({ length: 8 }, (_, i) => unique(`busy${i}`));
    const clients = keys.map(() => client());
    const { result, bodies } = await restCalls(() =>
      Promise.all(
        clients.map((redis, i) =>
          Promise.all([
            redis.incrby(keys[i] as string, i + 1),
            redis.incrby(keys[i] as string, 10 * (i + 1)),
          ]),
        ),
      ),
    );
    // Caller i's commands, in its order, answered by its own replies.
    expect(result).toEqual(keys.map((_, i) => [i + 1, 11 * (i + 1)]));
    // The first caller found the endpoint idle and went alone; the seven that arrived while it
    // was in flight shared the next call.
    expect(bodies).toHaveLength(2);
    expect((bodies[0] as unknown[]).length).toBe(2);
    expect((bodies[1] as unknown[]).length).toBe(14);
  });

  it("gives each caller its own per-command error, and the others in the batch their results", async () => {
    const text = unique("text");
    const counter = unique("counter");
    await plain().set(text, "not a number");
    const [first, failing, fine] = [client(), client(), client()];
    const { result } = await restCalls(() =>
      Promise.allSettled([first.incr(counter), failing.incr(text), fine.incr(counter), failing.get(text)]),
    );
    expect(result[0]).toEqual({ status: "fulfilled", value: 1 });
    expect(result[1]?.status).toBe("rejected");
    expect(String((result[1] as PromiseRejectedResult).reason)).toMatch(/not an integer/);
    expect(result[2]).toEqual({ status: "fulfilled", value: 2 });
    // The failing caller's other command in the same pipeline still has its result.
    expect(result[3]).toEqual({ status: "fulfilled", value: "not a number" });
  });

  it("lets each caller fall back from NOSCRIPT to EVAL on its own", async () => {
    const marker = crypto.randomUUID();
    const source = `return ARGV[1] .. "${marker}"`;
    const clients = Array.from({ length: 5 }, () => client());
    const { result, bodies } = await restCalls(() =>
      Promise.all(clients.map((redis, i) => redis.createScript<string>(source).exec([], [`caller${i}:`]))),
    );
    expect(result).toEqual(clients.map((_, i) => `caller${i}:${marker}`));
    const sent = (bodies as unknown[][][]).flat().map((command) => command[0]);
    expect(sent.filter((name) => name === "evalsha")).toHaveLength(5);
    // Callers whose EVALSHA met the unknown script got NOSCRIPT and each sent its own EVAL.
    expect(sent.filter((name) => name === "eval").length).toBeGreaterThanOrEqual(1);
  });

  it("keeps @upstash/ratelimit's verdicts exact: N callers against limit L, each with its own count", async () => {
    const limit = 7;
    const identifier = unique("rl");
    const limiters = Array.from(
      { length: 20 },
      () =>
        new Ratelimit({
          redis: client(),
          limiter: Ratelimit.slidingWindow(limit, "60 s"),
          prefix: "test:gc",
        }),
    );
    const { result, bodies } = await restCalls(() =>
      Promise.all(limiters.map((limiter) => limiter.limit(identifier))),
    );
    expect(result.filter((r) => r.success)).toHaveLength(limit);
    // Each admitted caller saw its own place in the window.
    expect(
      result
        .filter((r) => r.success)
        .map((r) => r.remaining)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: limit }, (_, i) => i));
    expect(bodies.length).toBeLessThan(limiters.length);
  });

  it("sends a transaction on its own, not inside a batch", async () => {
    const key = unique("multi");
    const [other, transacting] = [client(), client()];
    const { result, bodies } = await restCalls(() =>
      Promise.all([other.incr(unique("other")), transacting.multi().incr(key).incr(key).exec()]),
    );
    expect(result[1]).toEqual([1, 2]);
    expect(bodies).toContainEqual([
      ["incr", key],
      ["incr", key],
    ]);
    expect(bodies).toHaveLength(2);
  });

  it("sends a caller with more than a batch's worth of commands on its own while busy", async () => {
    // A call that hangs keeps the endpoint busy for as long as the test looks.
    const hung = { UPSTASH_REDIS_REST_URL: inject("blackHoleUrl") };
    const [first, large] = [client(hung), client(hung)];
    const calls = await restCalls(async () => {
      const inFlight = first.incr("test:gc:first").catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const pipeline = large.pipeline();
      for (let i = 0; i <= MAX_BATCH_COMMANDS; i++) pipeline.incr("test:gc:large");
      const sent = pipeline.exec().catch(() => null);
      return { inFlight, sent };
    }, inject("blackHoleUrl"));
    // Sent straight away, beside the call in flight, not queued behind it.
    expect(calls.bodies.map((body) => (body as unknown[]).length)).toEqual([1, MAX_BATCH_COMMANDS + 1]);
    await Promise.all([calls.result.inFlight, calls.result.sent]);
  });

  it("sends a caller with more than a batch's worth of bytes on its own while busy", async () => {
    const hung = { UPSTASH_REDIS_REST_URL: inject("blackHoleUrl") };
    const [first, large] = [client(hung), client(hung)];
    const value = "x".repeat(MAX_BATCH_CHARS);
    const calls = await restCalls(async () => {
      const inFlight = first.incr("test:gc:first").catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const sent = large.set("test:gc:large-value", value).catch(() => null);
      // The client's auto-pipelining sends on a later microtask.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { inFlight, sent };
    }, inject("blackHoleUrl"));
    expect(calls.bodies).toHaveLength(2);
    await Promise.all([calls.result.inFlight, calls.result.sent]);
  });

  it("carries hostile keys and values through a shared batch unchanged", async () => {
    const values = ['"},{"x":1}', "\r\n*3\r\n$3\r\nDEL", "\u0000\uffff", "ü".repeat(10_000), "[]"];
    const clients = values.map(() => client());
    const keys = values.map((value) => `${unique("hostile")}:${value.slice(0, 20)}`);
    await Promise.all(clients.map((redis, i) => redis.set(keys[i] as string, values[i])));
    const read = await Promise.all(clients.map((redis, i) => redis.get<string>(keys[i] as string)));
    // JSON-looking values come back parsed, as without group commit (automatic deserialization).
    expect(read).toEqual(['"},{"x":1}', "\r\n*3\r\n$3\r\nDEL", "\u0000\uffff", "ü".repeat(10_000), []]);
  });

  it("fails every caller of a hung call at the cap, then sends the next caller at once", async () => {
    const hung = { UPSTASH_REDIS_REST_URL: inject("blackHoleUrl") };
    const [first, second] = [client(hung, 300), client(hung, 300)];
    const results = await Promise.allSettled([first.incr("test:gc:hung"), second.incr("test:gc:hung")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason.name).toBe("TimeoutError");
    // Idle again: the next caller is not stuck behind anything.
    const { bodies } = await restCalls(
      () =>
        client(hung, 300)
          .incr("test:gc:hung")
          .catch(() => null),
      inject("blackHoleUrl"),
    );
    expect(bodies).toHaveLength(1);
  });
});
