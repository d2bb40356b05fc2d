// What the new-path scenarios (webhooks.ts, usage-report.ts) run beside the harness: the local
// webhook receiver and the Stripe stand-in in their own child process (services-process.ts role
// "receivers"), and a pg client on the benchmark database to seed and read back.
import pg from "pg";
import { benchSettings, startChild } from "./harness.ts";

export interface Receivers {
  receiverUrl: string;
  stripeUrl: string;
  /** Meter events the Stripe stand-in has recorded (one per identifier). */
  meterEvents(): Promise<number>;
  db: pg.Client;
  close(): Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
  const child = await startChild("receivers", { BENCH_STRIPE_WEBHOOK_SECRET: "whsec_bench" });
  const db = new pg.Client({ connectionString: benchSettings().databaseUrl });
  await db.connect();
  return {
    receiverUrl: child.ready.receiverUrl as string,
    stripeUrl: child.ready.stripeUrl as string,
    meterEvents: async () => (await child.stats()).stripe?.meterEvents ?? 0,
    db,
    close: async () => {
      await db.end();
      await child.stop();
    },
  };
}
