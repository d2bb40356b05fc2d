// What the new-path scenarios (webhooks.ts, usage-report.ts) run beside the harness: the local
// webhook receiver and the Stripe stand-in in their own child process (services-process.ts role
// "receivers"), and a pg client on the benchmark database to seed and read back.
import pg from "pg";
import { benchSettings, type Harness, startChild, startHarness } from "./harness.ts";

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

/**
 * A scenario run alone (`node bench/src/<scenario>.ts`): the harness, the scenario, its Markdown
 * on stdout and its progress on stderr; exits 1 if it threw.
 */
export async function runAlone<T>(
  name: string,
  measure: (harness: Harness, log: (message: string) => void) => Promise<T>,
  render: (report: T) => string,
): Promise<never> {
  const started = Date.now();
  const log = (message: string) =>
    console.error(`[${name} +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);
  const harness = await startHarness();
  let code = 0;
  try {
    console.log(render(await measure(harness, log)));
  } catch (error) {
    console.error(error);
    code = 1;
  } finally {
    await harness.close();
  }
  process.exit(code);
}
