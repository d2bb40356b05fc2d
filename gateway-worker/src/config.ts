// Vars and secrets, validated once per isolate: a misconfigured deployment fails loudly on its
// first request with the names of the bad settings, instead of misbehaving later.
import { z } from "zod";

const intString = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalUrl = z.union([z.literal(""), z.string().url()]).default("");

const configSchema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  UPSTASH_REDIS_REST_URL: z.string().url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  UPSTREAM_URL: z.string().url(),
  UPSTREAM_TIMEOUT_MS: intString(100, 300_000),
  MAX_REQUEST_BODY_BYTES: intString(0, 100 * 1024 * 1024),
  REDIS_TIMEOUT_MS: intString(5, 5_000),
  LOG_RETENTION_DAYS: intString(1, 3_650),
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  ADMIN_ORIGIN: z.string().url(),
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters"),
  NEON_LOCAL_HTTP_ENDPOINT: optionalUrl,
  NEON_LOCAL_WS_PROXY: z.string().default(""),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const cache = new WeakMap<object, Config>();

export function loadConfig(env: Env): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
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
  cache.set(env, parsed.data);
  return parsed.data;
}
