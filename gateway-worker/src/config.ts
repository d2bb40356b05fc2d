// Vars and secrets, validated once per isolate: a misconfigured deployment fails loudly on its
// first request with the names of the bad settings, instead of misbehaving later.
//
// zod/mini, not zod's classic API: this file is on the gateway's start-up path, and the classic
// entry (method chaining, every locale, JSON-schema conversion) is ~750 KB of script that every
// new isolate compiled and evaluated before its first request; imported as a namespace, zod/mini
// bundles only the schemas and checks used here (~50 KB). Its issues get the English messages the
// classic API would give (`en` below), so errors read as before.
import { DEFAULT_RETRY_SCHEDULE_SECONDS } from "@edgegate/shared/webhook-schedule";
import { en } from "zod/locales";
import * as z from "zod/mini";

const intString = (min: number, max: number) => z.coerce.number().check(z.int(), z.gte(min), z.lte(max));
const optionalUrl = z._default(z.union([z.literal(""), z.url()]), "");
/** A comma-separated list: its trimmed, non-empty entries. */
const list = (transformEntry: (entry: string) => string = (entry) => entry) =>
  z.pipe(
    z._default(z.string(), ""),
    z.transform((value: string) =>
      value
        .split(",")
        .map((entry) => transformEntry(entry.trim()))
        .filter(Boolean),
    ),
  );

/** Queues accept at most 12 h per retry delay. */
const MAX_QUEUE_DELAY_SECONDS = 12 * 3600;

/**
 * `WEBHOOK_SECRET_ENCRYPTION_KEY`: comma-separated `[k<version>:]<base64 of 32 bytes>`; the first
 * key seals new secrets, every listed key opens what it sealed (a bare key is version 1).
 */
const encryptionKeys = z.pipe(
  z.string().check(z.minLength(1)),
  z.transform((value: string, ctx) => {
    const keys: { version: number; raw: Uint8Array }[] = [];
    for (const entry of value.split(",").map((part) => part.trim())) {
      const match = /^(?:k(\d{1,6}):)?([A-Za-z0-9+/]+={0,2})$/.exec(entry);
      let raw: Uint8Array | null = null;
      try {
        raw = match?.[2] ? Uint8Array.from(atob(match[2]), (ch) => ch.charCodeAt(0)) : null;
      } catch {}
      if (!match || raw?.length !== 32) {
        ctx.issues.push({
          code: "custom",
          message: "each key must be [k<version>:]<base64 of 32 bytes>",
          input: value,
        });
        return z.NEVER;
      }
      keys.push({ version: Number(match[1] ?? 1), raw });
    }
    return keys;
  }),
);

const retrySchedule = z.pipe(
  z.pipe(
    z._default(z.string(), DEFAULT_RETRY_SCHEDULE_SECONDS.join(",")),
    z.transform((value: string) => value.split(",").map((part) => Number(part.trim()))),
  ),
  z
    .array(z.number().check(z.int(), z.gte(0), z.lte(MAX_QUEUE_DELAY_SECONDS)))
    .check(z.minLength(1), z.maxLength(10)),
);

const stripePrice = z.strictObject({
  flat: z.string().check(z.regex(/^price_/)),
  overage: z.string().check(z.regex(/^price_/)),
});

/** Stripe price ids of each self-serve plan: its flat monthly fee and its metered overage price. */
const stripePrices = z.pipe(
  z.pipe(
    z._default(z.string(), ""),
    z.transform((value: string, ctx) => {
      if (value.trim() === "") return {};
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.issues.push({
          code: "custom",
          message: 'must be JSON: {"STARTER":{"flat":"price_…","overage":"price_…"},…}',
          input: value,
        });
        return z.NEVER;
      }
    }),
  ),
  z.strictObject({ STARTER: z.optional(stripePrice), PRO: z.optional(stripePrice) }),
);

/** Only a stand-in on this machine may replace Stripe's API (dev/src/stripe/server.ts). */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * `OPERATOR_EMAILS`: comma-separated e-mail addresses of the platform's operators (README
 * "Operator console"), compared case-insensitively; operators may grant others in the console.
 */
const operatorEmails = z.pipe(
  list((email) => email.toLowerCase()),
  z.array(z.email("each entry must be an e-mail address")).check(z.maxLength(100)),
);

/** An optional setting: empty, or matching `pattern` (`message` says what it must be). */
const emptyOr = (pattern: RegExp, message?: string) =>
  z._default(z.union([z.literal(""), z.string().check(z.regex(pattern, message))]), "");

const configSchema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]),
  DATABASE_URL: z.string().check(z.regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")),
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().check(z.minLength(1)),
  UPSTREAM_URL: z.url(),
  UPSTREAM_TIMEOUT_MS: intString(100, 300_000),
  MAX_REQUEST_BODY_BYTES: intString(0, 100 * 1024 * 1024),
  REDIS_TIMEOUT_MS: intString(5, 5_000),
  LOG_RETENTION_DAYS: intString(1, 3_650),
  CORS_ALLOWED_ORIGINS: list(),
  ADMIN_ORIGIN: z.url(),
  BETTER_AUTH_SECRET: z.string().check(z.minLength(32, "must be at least 32 characters")),
  NEON_LOCAL_HTTP_ENDPOINT: optionalUrl,
  NEON_LOCAL_WS_PROXY: z._default(z.string(), ""),
  WEBHOOK_SECRET_ENCRYPTION_KEY: encryptionKeys,
  /** Seconds before attempt 1, 2, … of a webhook delivery (at most 10: the queue's max_retries). */
  WEBHOOK_RETRY_SCHEDULE: retrySchedule,
  WEBHOOK_TIMEOUT_MS: z._default(intString(100, 60_000), 15_000),
  // Billing (README "Billing"). All empty = billing is off: its routes answer 503.
  STRIPE_SECRET_KEY: emptyOr(/^(sk|rk)_(test|live)_\S+$/, "must be a Stripe secret key"),
  STRIPE_WEBHOOK_SECRET: emptyOr(/^whsec_\S+$/, "must be a whsec_ secret"),
  STRIPE_PRICES: stripePrices,
  STRIPE_METER_ID: emptyOr(/^mtr_\S+$/, "must be a Billing Meter id (mtr_…)"),
  STRIPE_METER_EVENT_NAME: z._default(z.string().check(z.regex(/^[a-z0-9_]{1,100}$/)), "edgegate_requests"),
  /** Development and tests only: the local stand-in's origin (http://127.0.0.1:<port>). */
  STRIPE_API_BASE: optionalUrl,
  STRIPE_TIMEOUT_MS: z._default(intString(100, 60_000), 10_000),
  OPERATOR_EMAILS: operatorEmails,
});

/** The classic API's English messages, for this file's issues only (no global configuration). */
const englishMessages = en().localeError;

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const cache = new WeakMap<object, Config>();

export function loadConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = z.safeParse(configSchema, env, { error: englishMessages });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`invalid Worker configuration: ${problems.join("; ")}`);
  }
  if (
    parsed.data.ENVIRONMENT === "production" &&
    (parsed.data.NEON_LOCAL_HTTP_ENDPOINT || parsed.data.NEON_LOCAL_WS_PROXY)
  ) {
    throw new ConfigError("invalid Worker configuration: NEON_LOCAL_* endpoints must be empty in production");
  }
  checkBilling(parsed.data);
  cache.set(env, parsed.data);
  return parsed.data;
}

/** Billing is all or nothing, and production always talks to Stripe itself. */
function checkBilling(config: Config): void {
  const fail = (problem: string) => {
    throw new ConfigError(`invalid Worker configuration: ${problem}`);
  };
  if (config.STRIPE_API_BASE) {
    if (config.ENVIRONMENT === "production") fail("STRIPE_API_BASE must be empty in production");
    const base = new URL(config.STRIPE_API_BASE);
    if (!LOCAL_HOSTS.has(base.hostname) || base.pathname !== "/" || base.search) {
      fail("STRIPE_API_BASE may only name a local stand-in origin (http://127.0.0.1:<port>)");
    }
  }
  if (!config.STRIPE_SECRET_KEY) return;
  if (!config.STRIPE_WEBHOOK_SECRET) fail("STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY");
  if (!config.STRIPE_METER_ID) fail("STRIPE_METER_ID is required with STRIPE_SECRET_KEY");
  if (Object.keys(config.STRIPE_PRICES).length === 0) fail("STRIPE_PRICES names no plan");
}
