// The slice of the Worker's services that its request-log consumer and analytics use (config,
// database), built in Node over a direct pg connection — for operator commands and benchmarks
// that run the Worker's own code outside workerd (no queue, KV or Redis).

import * as schema from "@edgegate/gateway-worker/schema";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";

export interface NodeWorkerServices {
  /** Structurally the Worker's `Services` for the parts the consumer and analytics use. */
  services: { config: { LOG_RETENTION_DAYS: number }; database: unknown };
  close(): Promise<void>;
}

export function nodeWorkerServices(
  databaseUrl: string,
  options: { retentionDays?: number; poolSize?: number } = {},
): NodeWorkerServices {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 4 });
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return {
    services: {
      config: { LOG_RETENTION_DAYS: options.retentionDays ?? 30 },
      database: {
        db,
        transaction: <T>(fn: (tx: unknown) => Promise<T>) => db.transaction((tx) => fn(tx)),
        withPool: <T>(fn: (poolDb: unknown) => Promise<T>) => fn(db),
      },
    },
    close: () => pool.end(),
  };
}
