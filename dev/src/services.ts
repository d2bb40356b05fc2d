// Finding Postgres and Redis for `pnpm dev`: DATABASE_URL / REDIS_URL when set, else the local
// servers, else (Postgres only) an embedded PGlite socket server with data in .data/pglite.
import { Redis as IoRedis } from "ioredis";
import pg from "pg";
import { describePostgresError } from "./postgres-errors.ts";

export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/edgegate";
export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0";

export class SetupError extends Error {
  override name = "SetupError";
}

/** Connects to the server's maintenance database; resolves false when nothing answers. */
export async function postgresReachable(databaseUrl: string): Promise<true | string> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    return describePostgresError(error, databaseUrl);
  }
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch (error) {
    return describePostgresError(error, databaseUrl);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function checkRedis(redisUrl: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(redisUrl);
    if (!/^rediss?:$/.test(parsed.protocol)) throw new Error("bad protocol");
  } catch {
    throw new SetupError(`REDIS_URL is not a redis:// URL ("${redisUrl.slice(0, 40)}")`);
  }
  const redis = new IoRedis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SetupError(
      `Redis is not reachable at ${parsed.host} (${reason}). Start one with \`apt-get install -y redis-server && redis-server --daemonize yes --save ""\` or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}

export interface PostgresChoice {
  databaseUrl: string;
  source: "DATABASE_URL" | "local server" | "embedded PGlite";
  close(): Promise<void>;
}

export async function choosePostgres(
  dataDir: string,
  pglitePort: number,
  options: { configured?: string | undefined; localUrl?: string } = { configured: process.env.DATABASE_URL },
): Promise<PostgresChoice> {
  const { configured, localUrl = LOCAL_POSTGRES_URL } = options;
  if (configured) {
    const reachable = await postgresReachable(configured);
    if (reachable !== true) throw new SetupError(reachable);
    return { databaseUrl: configured, source: "DATABASE_URL", close: async () => {} };
  }
  if ((await postgresReachable(localUrl)) === true) {
    return { databaseUrl: localUrl, source: "local server", close: async () => {} };
  }
  return startPglite(dataDir, pglitePort);
}

async function startPglite(dataDir: string, port: number): Promise<PostgresChoice> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create(dataDir);
  // All connections share PGlite's single session and run one at a time; enough for dev.
  const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1", maxConnections: 64 });
  await server.start();
  return {
    databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    source: "embedded PGlite",
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}
