// `pnpm dev`: the whole platform locally in one command. Finds Postgres and Redis, migrates and
// seeds, starts the local Neon/Upstash endpoints and the demo upstream in this process, then the
// Worker (wrangler dev with local KV and Queues), the admin SPA and the docs site, and prints how
// to use them. Ctrl-C stops everything; a second run reuses the data.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { parsePort } from "@edgegate/shared/ports";
import { type DevState, loadDevState, saveDevState, writeEnvFile } from "./dev-state.ts";
import { ensureDatabase, migrateDatabase } from "./migrate.ts";
import { assertPortFree } from "./ports.ts";
import { describePostgresError } from "./postgres-errors.ts";
import { type Child, startChild, stopChildren, waitForChildren, waitForHttp } from "./processes.ts";
import { DEMO, seedDemoData, seedDemoTrafficKeys } from "./seed.ts";
import {
  BANNER_CUSTOMER,
  DEMO_CUSTOMERS,
  seedDemoCustomers,
  seedDemoCustomerTraffic,
} from "./seed-customers.ts";
import { seedDemoTraffic } from "./seed-traffic.ts";
import { checkRedis, choosePostgres, LOCAL_REDIS_URL, type PostgresChoice, SetupError } from "./services.ts";
import { type LocalStack, startLocalStack } from "./stack.ts";
import { DEMO_CATALOG, standInWorkerEnv } from "./stripe/catalog.ts";
import { type StripeStandIn, startStripeStandIn } from "./stripe/server.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.ts";

const root = join(import.meta.dirname, "..", "..");
// EDGEGATE_DATA_DIR lets a second stack (the SPA end-to-end tests, say) keep its own state and
// wrangler persistence beside a developer's running `pnpm dev`.
const dataDir = process.env.EDGEGATE_DATA_DIR ?? join(root, ".data");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

let postgres: PostgresChoice | undefined;
let stack: LocalStack | undefined;
let receiver: WebhookReceiver | undefined;
let stripeStandIn: StripeStandIn | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    stopChildren();
    await waitForChildren();
    await stack?.close();
    await receiver?.close();
    await stripeStandIn?.close();
    await postgres?.close();
  }
  process.exit(code);
}

function fail(message: string): Promise<never> {
  console.error(`\npnpm dev: ${message}`);
  return shutdown(1);
}

const port = (name: string, fallback: number) => parsePort(name, process.env[name], fallback);

function readPorts() {
  return {
    worker: port("WORKER_PORT", 8787),
    spa: port("SPA_PORT", 5173),
    docs: port("DOCS_PORT", 5174),
    upstream: port("DEMO_UPSTREAM_PORT", 8788),
    webhookReceiver: port("WEBHOOK_RECEIVER_PORT", 8789),
    stripe: port("STRIPE_STAND_IN_PORT", 8790),
    upstash: port("UPSTASH_BRIDGE_PORT", 8079),
    neonHttp: port("NEON_HTTP_PORT", 4444),
    neonWs: port("NEON_WS_PORT", 4445),
    pglite: port("PGLITE_PORT", 5433),
  };
}

/** The first start's week of demo traffic: enough for every chart in Overview, Analytics and Billing. */
const DEMO_TRAFFIC = { rows: 10_000, days: 7 } as const;

/**
 * On the first start only, a week of traffic for the demo organization through the traffic
 * generator (several keys, a daily rhythm, errors and rate-limited requests), so a newcomer's
 * charts are not flat lines, and a smaller week for each demo customer (seed-customers.ts), so
 * the operator console has a platform to show. Returns the banner's lines ("" on later starts).
 */
async function seedFirstStartTraffic(
  databaseUrl: string,
  state: DevState,
  stateFile: string,
): Promise<string> {
  const started = performance.now();
  let lines = "";
  if (!state.demoTrafficSeededAt) {
    const keyIds = await seedDemoTrafficKeys(databaseUrl);
    const rows = await seedDemoTraffic({
      databaseUrl,
      organizationId: DEMO.organizationId,
      keyIds,
      ...DEMO_TRAFFIC,
    });
    state.demoTrafficSeededAt = new Date().toISOString();
    saveDevState(stateFile, state);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (rows > 0)
      lines += `
  Demo traffic          ${rows.toLocaleString("en-US")} requests over the last ${DEMO_TRAFFIC.days} days on ${keyIds.length} demo keys,
                        seeded on this first start (${seconds} s, beside the start-up) so every chart has data; not again`;
  }
  // A separate mark: a checkout that seeded the demo traffic before the customers existed
  // still gets them once.
  if (!state.demoCustomersSeededAt) {
    const rows = await seedDemoCustomerTraffic(databaseUrl, DEMO_TRAFFIC.days);
    state.demoCustomersSeededAt = new Date().toISOString();
    saveDevState(stateFile, state);
    if (rows > 0)
      lines += `
  Demo customers        ${DEMO_CUSTOMERS.length} more organizations with ${rows.toLocaleString("en-US")} requests, for the operator console; not again`;
  }
  return lines;
}

async function main(): Promise<void> {
  const PORTS = readPorts();
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  const fixedPorts: [number, string][] = [
    [PORTS.worker, "Worker"],
    [PORTS.spa, "admin SPA"],
    [PORTS.docs, "docs site"],
    [PORTS.upstream, "demo upstream"],
    [PORTS.webhookReceiver, "webhook receiver"],
    [PORTS.stripe, "Stripe stand-in"],
    [PORTS.upstash, "Upstash bridge"],
    [PORTS.neonHttp, "Neon HTTP endpoint"],
    [PORTS.neonWs, "Neon WebSocket relay"],
  ];
  for (const [port, what] of fixedPorts) await assertPortFree(port, what);

  const redisUrl = process.env.REDIS_URL ?? LOCAL_REDIS_URL;
  await checkRedis(redisUrl);
  postgres = await choosePostgres(join(dataDir, "pglite"), PORTS.pglite);
  const { databaseUrl } = postgres;
  console.log(
    `postgres: ${postgres.source} (${new URL(databaseUrl).host}), redis: ${new URL(redisUrl).host}`,
  );

  try {
    await ensureDatabase(databaseUrl);
    await migrateDatabase(databaseUrl);
  } catch (error) {
    throw new SetupError(`migration failed: ${describePostgresError(error, databaseUrl)}`);
  }
  const stateFile = join(dataDir, "dev-state.json");
  const state = loadDevState(stateFile);
  const receiverUrl = `http://127.0.0.1:${PORTS.webhookReceiver}`;
  await seedDemoData(databaseUrl, state.demoApiKey, {
    url: `${receiverUrl}/hooks/demo`,
    secret: state.demoWebhookSecret,
    encryptionKey: state.webhookEncryptionKey,
  });
  await seedDemoCustomers(databaseUrl, state.demoCustomerApiKey);
  // Seeds while the endpoints, wrangler and Vite start (it waits on Postgres, they on the CPU);
  // the banner waits for it. Settled into a value, so a failure cannot go unhandled meanwhile.
  const demoTrafficSeeding = seedFirstStartTraffic(databaseUrl, state, stateFile).then(
    (line) => ({ line }),
    (error: unknown) => ({ error }),
  );
  receiver = await startWebhookReceiver({
    port: PORTS.webhookReceiver,
    behaviours: { demo: { secret: state.demoWebhookSecret } },
  });

  stack = await startLocalStack({
    databaseUrl,
    redisUrl,
    redisToken: state.upstashToken,
    ports: {
      neonHttp: PORTS.neonHttp,
      neonWs: PORTS.neonWs,
      upstash: PORTS.upstash,
      upstream: PORTS.upstream,
    },
  });
  const workerUrl = `http://127.0.0.1:${PORTS.worker}`;
  // The one stand-in that replaces a service (Stripe has no local equivalent): its events go to
  // the Worker's webhook endpoint, signed with the secret the Worker verifies them with.
  const stripeWebhookSecret = "whsec_local_development";
  stripeStandIn = await startStripeStandIn({
    catalog: DEMO_CATALOG,
    webhookSecret: stripeWebhookSecret,
    webhookUrl: `${workerUrl}/api/billing/stripe/webhook`,
    port: PORTS.stripe,
  });
  const envFile = join(dataDir, "worker.env");
  writeEnvFile(envFile, {
    ...stack.workerEnv,
    ENVIRONMENT: "development",
    ADMIN_ORIGIN: `http://127.0.0.1:${PORTS.spa}`,
    CORS_ALLOWED_ORIGINS: `http://127.0.0.1:${PORTS.docs},http://localhost:${PORTS.docs}`,
    BETTER_AUTH_SECRET: state.betterAuthSecret,
    WEBHOOK_SECRET_ENCRYPTION_KEY: state.webhookEncryptionKey,
    // The demo admin is the local platform's operator (the Operator area in the SPA).
    OPERATOR_EMAILS: DEMO.email,
    ...standInWorkerEnv(stripeStandIn.url, stripeWebhookSecret, "sk_test_local_development"),
  });

  // wrangler serves built SPA assets from this folder; in dev Vite serves the SPA instead.
  mkdirSync(join(root, "admin-spa", "dist"), { recursive: true });
  const worker = startChild(
    "worker",
    bin("wrangler"),
    [
      "dev",
      "--config",
      "wrangler.toml",
      "--ip",
      "127.0.0.1",
      "--port",
      String(PORTS.worker),
      "--env-file",
      envFile,
      "--persist-to",
      join(dataDir, "wrangler"),
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    {
      cwd: root,
      // Miniflare fetches Cloudflare's sample `Request.cf` object from workers.cloudflare.com on
      // start; with no network that prints `getaddrinfo ENOTFOUND` on every healthy start. Its
      // built-in placeholder is all local requests need (the Worker reads only `cf.country`).
      env: { CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  const children: Child[] = [worker];
  for (const [name, dir] of [
    ["spa", "admin-spa"],
    ["docs", "docs-site"],
  ] as const) {
    if (!existsSync(join(root, dir, "package.json"))) continue;
    children.push(
      startChild(name, join(root, dir, "node_modules", ".bin", "vite"), [], {
        cwd: join(root, dir),
        env: {
          SPA_PORT: String(PORTS.spa),
          DOCS_PORT: String(PORTS.docs),
          WORKER_URL: workerUrl,
          // The docs site's samples and playground call this stack; "Use the demo key" offers the
          // seeded key (only the dev server hands it to the page, never a build).
          DOCS_GATEWAY_URL: workerUrl,
          SPA_URL: `http://127.0.0.1:${PORTS.spa}`,
          EDGEGATE_DEMO_API_KEY: state.demoApiKey,
        },
      }),
    );
  }
  for (const child of children) {
    child.process.once("exit", (code, signal) => {
      if (!stopping) void fail(`${child.name} exited unexpectedly (${code ?? signal}); see its output above`);
    });
  }

  await waitForHttp(`${workerUrl}/api/health`, 90_000, children);
  await waitForHttp(`http://127.0.0.1:${PORTS.spa}/`, 60_000, children).catch(() => {});
  const seeded = await demoTrafficSeeding;
  if ("error" in seeded) {
    throw new SetupError(
      `seeding the demo traffic failed: ${describePostgresError(seeded.error, databaseUrl)}`,
    );
  }
  const demoTraffic = seeded.line;

  console.log(`
Edgegate is running.

  Gateway + admin API   ${workerUrl}            (health: ${workerUrl}/api/health)
  Admin SPA             http://127.0.0.1:${PORTS.spa}
  Docs site             http://127.0.0.1:${PORTS.docs}
  Demo upstream         ${stack.workerEnv.UPSTREAM_URL}
  Webhook receiver      ${receiverUrl}            (the demo endpoint's deliveries, signatures verified)
  Stripe stand-in       ${stripeStandIn.url}            (local only: checkout, portal, meter summaries)
  Demo login            ${DEMO.email} / ${DEMO.password}   (also the platform operator)
  Demo API key          ${state.demoApiKey}
  Customer API key      ${state.demoCustomerApiKey}   (${BANNER_CUSTOMER.name}: suspend it in the operator console)${demoTraffic}

Try it:
  curl -i -H "Authorization: Bearer ${state.demoApiKey}" ${workerUrl}/v1/echo?hello=world

Ctrl-C stops everything; data stays in ${new URL(databaseUrl).pathname.slice(1)} and .data/.
`);
}

main().catch((error: unknown) => {
  const message = error instanceof SetupError || error instanceof Error ? error.message : String(error);
  return fail(message);
});
