// The Worker: gateway + admin API (fetch), queue consumers (queue) and cron jobs (scheduled).
import { createApp } from "./app.ts";
import { handleQueue } from "./consumers/index.ts";
import { handleScheduled } from "./jobs/index.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleQueue(batch, env),
  scheduled: (controller, env, ctx) => ctx.waitUntil(handleScheduled(controller, env)),
} satisfies ExportedHandler<Env>;
