// Postgres through the Neon serverless driver, in both of its modes: `neon()` over HTTP for
// one-shot queries (no connection set-up, the common case) and the WebSocket `Pool` for
// interactive transactions. In development and tests NEON_LOCAL_* point the driver at the
// repo's local endpoints in front of a real Postgres (see dev/src/neon-*.ts).

import { configureNeonForLocal } from "@edgegate/shared/neon-local";
import { neon, neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle as drizzleHttp, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import { drizzle as drizzlePool, type NeonDatabase } from "drizzle-orm/neon-serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Config } from "../config.ts";
import * as schema from "../db/schema/index.ts";

export type Schema = typeof schema;
export type HttpDb = NeonHttpDatabase<Schema>;
export type PoolDb = NeonDatabase<Schema>;
/** Either client or a transaction: what a write that may join a caller's transaction takes. */
export type Executor = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  /** One-shot queries over HTTP. */
  readonly db: HttpDb;
  /** Runs `fn` in one interactive transaction on a WebSocket connection. */
  transaction<T>(fn: (tx: Parameters<Parameters<PoolDb["transaction"]>[0]>[0]) => Promise<T>): Promise<T>;
  /** Runs `fn` with a pooled WebSocket connection (for sessions that need one). */
  withPool<T>(fn: (db: PoolDb) => Promise<T>): Promise<T>;
}

export function createDatabase(config: Config): Database {
  // Only set in development and tests (validated empty in production).
  configureNeonForLocal(neonConfig, {
    wsRelay: config.NEON_LOCAL_WS_PROXY,
    httpEndpoint: config.NEON_LOCAL_HTTP_ENDPOINT,
  });
  const db = drizzleHttp({ client: neon(config.DATABASE_URL), schema, casing: "snake_case" });

  async function withPool<T>(fn: (db: PoolDb) => Promise<T>): Promise<T> {
    // Workers cannot share sockets across requests, so a pool lives for one call.
    const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
    // An idle client whose socket closes emits "error" on the pool; without a listener that is
    // an uncaught exception in the isolate. Closing it ourselves (pool.end()) is expected.
    let ending = false;
    pool.on("error", (error: unknown) => {
      if (!ending) console.warn(JSON.stringify({ event: "pg_pool_idle_error", error: String(error) }));
    });
    try {
      return await fn(drizzlePool({ client: pool, schema, casing: "snake_case" }));
    } finally {
      ending = true;
      await pool.end();
    }
  }

  return {
    db,
    withPool,
    transaction: (fn) => withPool((poolDb) => poolDb.transaction(fn)),
  };
}
