// The service container. `createServices` is the only place that reads `env`: handlers reach
// Postgres, Redis, KV and queues through `c.var.services`, which tests can rebuild against
// local-but-real implementations.
//
// Every client is built on first use, so a gateway request served from the isolate's key cache
// never builds the Postgres client (Drizzle's schema set-up alone cost more CPU than the key
// check). The Postgres client and what reads through it are kept per `env`, i.e. per isolate:
// the Neon HTTP driver opens one fetch per query and WebSocket pools live for one call, so they
// hold no I/O object a second request could touch. The Redis client stays per request: its
// auto-pipelining batches every command issued in the same tick into one HTTP call, and that
// call's fetch belongs to the request. The limiter's client shares round trips between requests
// one level below (services/upstash-group-commit.ts), where a batch is always sent by one of its
// own members and the others receive only plain values.
//
// Start-up: every new isolate evaluates what this file imports statically before its first
// request, so only the gateway's own services are imported here. The modules of the others
// (Drizzle and the schema, Stripe, webhooks, analytics) are `deferredModule`s: the admin API, the
// queue consumers and the jobs `await loadServiceModules()` before they build services (index.ts,
// consumers/index.ts, jobs/index.ts; tests through test/helpers.ts), and the gateway loads the
// database module alone, on its first Postgres lookup. A new service
// the gateway does not use goes the same way: its factory in services/deferred.ts, its getter
// below reading `deferred.get()`.
import type { Redis } from "@upstash/redis/cloudflare";
import { createMiddleware } from "hono/factory";
import type { Caller } from "./auth/caller.ts";
import type { Operator } from "./auth/operators.ts";
import { type Config, loadConfig } from "./config.ts";
import type { GatewayState } from "./gateway/state.ts";
import type { Analytics } from "./services/analytics/index.ts";
import type { StripeClient } from "./services/billing/stripe.ts";
import type { Database } from "./services/database.ts";
import { createKeyStore, type KeyStore } from "./services/key-store.ts";
import { createLimiter, LATE_ROUND_CAP_MS, type Limiter } from "./services/limiter.ts";
import { isolateLocalLimiter } from "./services/local-limiter.ts";
import { createGroupCommitRedis, createRedis, redisBreaker } from "./services/redis.ts";
import type { WebhookService } from "./services/webhooks/index.ts";
import { createOutbox, type Outbox } from "./services/webhooks/outbox.ts";

export interface Services {
  readonly config: Config;
  readonly database: Database;
  readonly redis: Redis;
  readonly keyCache: KVNamespace;
  readonly requestLogQueue: Queue;
  readonly keyStore: KeyStore;
  readonly limiter: Limiter;
  readonly analytics: Analytics;
  /** Events written in this invocation, and what caused them (see services/audit.ts). */
  readonly outbox: Outbox;
  readonly webhooks: WebhookService;
  /** Stripe, for billing routes, the Stripe webhook and the billing jobs only (never the gateway). */
  readonly stripe: StripeClient;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    services: Services;
    gateway: GatewayState;
    caller?: Caller;
    /** Set by `requireOperator` on operator routes (src/auth/operators.ts). */
    operator?: Operator;
    /** An admin request's JSON body, parsed strictly by the admin input guards. */
    jsonBody?: unknown;
  };
}

/** Memoizes `build` on first call. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

/** A module imported on first `load()`; `get()` returns it once loaded, synchronously. */
function deferredModule<M>(load: () => Promise<M>, name: string) {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    load: () =>
      (loading ??= load().then(
        (module) => (loaded = module),
        (error: unknown) => {
          loading = undefined; // a failed load is retried by the next caller
          throw error;
        },
      )),
    get(): M {
      if (!loaded)
        throw new Error(`${name} is not loaded: await loadServiceModules() before building services`);
      return loaded;
    },
  };
}

const databaseModule = deferredModule(() => import("./services/database.ts"), "services/database.ts");
const deferred = deferredModule(() => import("./services/deferred.ts"), "services/deferred.ts");

/** Loads what the services the gateway does not use are built from (see the top of this file). */
export function loadServiceModules(): Promise<unknown> {
  return Promise.all([databaseModule.load(), deferred.load()]);
}

interface IsolateServices {
  config: Config;
  database: () => Database;
  keyStore: () => KeyStore;
  analytics: () => Analytics;
  stripe: () => StripeClient;
}

const byEnv = new WeakMap<object, IsolateServices>();

function isolateServices(env: Env): IsolateServices {
  let shared = byEnv.get(env);
  if (!shared) {
    // Validated eagerly: a misconfigured deployment fails on its first request, whatever it uses.
    const config = loadConfig(env);
    const database = lazy(() => databaseModule.get().createDatabase(config));
    shared = {
      config,
      database,
      keyStore: lazy(() =>
        createKeyStore(async () => {
          await databaseModule.load();
          return database();
        }, env.KEY_CACHE),
      ),
      analytics: lazy(() => deferred.get().createAnalytics(database())),
      // Per isolate: it caches the configured prices; its fetch client opens one fetch per call.
      stripe: lazy(() => deferred.get().createStripeClient(config)),
    };
    byEnv.set(env, shared);
  }
  return shared;
}

/**
 * `cause` is recorded on the webhook events written through these services; `waitUntil` is the
 * invocation's (the limiter's requests stay alive while a batch they share is in flight).
 */
export function createServices(
  env: Env,
  cause = "system",
  waitUntil: (promise: Promise<unknown>) => void = () => {},
): Services {
  const shared = isolateServices(env);
  const outbox = createOutbox(cause);
  const redis = lazy(() => createRedis(shared.config));
  const webhooks = lazy(() =>
    deferred.get().createWebhookService({
      config: shared.config,
      database: shared.database,
      redis,
      queue: env.WEBHOOK_DELIVERIES,
      outbox,
    }),
  );
  // The limiter's own client: it stops waiting after REDIS_TIMEOUT_MS, but lets a late round
  // finish in the background (up to LATE_ROUND_CAP_MS) so its verdict still corrects the counts.
  // Its round trips are shared with the isolate's other requests (group commit).
  const limiter = lazy(() =>
    createLimiter(
      createGroupCommitRedis(shared.config, LATE_ROUND_CAP_MS, waitUntil),
      redisBreaker(shared.config.UPSTASH_REDIS_REST_URL),
      isolateLocalLimiter(),
      shared.config.REDIS_TIMEOUT_MS,
    ),
  );
  return {
    config: shared.config,
    get database() {
      return shared.database();
    },
    get redis() {
      return redis();
    },
    keyCache: env.KEY_CACHE,
    requestLogQueue: env.REQUEST_LOGS,
    get keyStore() {
      return shared.keyStore();
    },
    get limiter() {
      return limiter();
    },
    get analytics() {
      return shared.analytics();
    },
    outbox,
    get webhooks() {
      return webhooks();
    },
    get stripe() {
      return shared.stripe();
    },
  };
}

export const servicesMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set(
    "services",
    createServices(c.env, `request:${c.get("requestId")}`, (promise) => c.executionCtx.waitUntil(promise)),
  );
  await next();
});
