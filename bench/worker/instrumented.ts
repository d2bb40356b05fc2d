// V3 with counters (benchmark only): the real Worker from gateway-worker/src/index.ts, unchanged,
// wrapped so that KV reads/writes and outgoing fetches (by origin) made while serving `fetch`
// are counted apart from those made by the queue consumer. GET /__bench/counters reads them.
import { AsyncLocalStorage } from "node:async_hooks";
import worker from "@edgegate/gateway-worker";

type Phase = "fetch" | "queue";
const phase = new AsyncLocalStorage<Phase>();
const counters: Record<string, number> = {};
const bump = (name: string, n = 1) => {
  counters[name] = (counters[name] ?? 0) + n;
};

const realFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  bump(`${phase.getStore() ?? "other"}.fetch.${url.host}`);
  return realFetch(input, init);
}) as typeof fetch;

function countingKv(kv: KVNamespace): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        bump(`${phase.getStore() ?? "other"}.kv.${String(prop)}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

// One wrapped env per real env: the Worker caches its parsed config by env identity.
const wrapped = new WeakMap<Env, Env>();
function wrap(env: Env): Env {
  let result = wrapped.get(env);
  if (!result) {
    result = { ...env, KEY_CACHE: countingKv(env.KEY_CACHE) };
    wrapped.set(env, result);
  }
  return result;
}

export default {
  fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__bench/counters") return Response.json(counters);
    bump("fetch.requests");
    return phase.run("fetch", () => worker.fetch(request, wrap(env), ctx));
  },
  queue(batch, env, ctx) {
    bump("queue.batches");
    bump("queue.messages", batch.messages.length);
    return phase.run("queue", () => worker.queue(batch, wrap(env), ctx));
  },
} satisfies ExportedHandler<Env>;
