// The real Worker (gateway-worker/src/index.ts, unchanged) with two benchmark-only doors into its
// own code, for the webhook and usage-report scenarios of `pnpm bench` (bench/src/webhooks.ts,
// bench/src/usage-report.ts). Benchmark only: never deployed.
// - `POST /__bench/webhooks/dispatch` `{ "eventIds": [...] }`: what the admin API does after a
//   mutation commits (admin/index.ts): the webhook service's dispatch of the outbox rows just
//   written, in waitUntil, after the response. The bench writes the rows (the outbox) itself.
// - `POST /__bench/usage-report` `{ "now": <ms> }`: the hourly job's usage report
//   (services/billing/usage-report.ts, reportOverage) as the cron runs it, answered with its run
//   summary and the Worker's own wall time for it.
import worker from "@edgegate/gateway-worker";
import { createServices, loadServiceModules } from "@edgegate/gateway-worker/context";
import { reportOverage } from "@edgegate/gateway-worker/usage-report";

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (request.method === "POST" && pathname === "/__bench/webhooks/dispatch") {
      const { eventIds } = (await request.json()) as { eventIds: string[] };
      await loadServiceModules();
      const services = createServices(env, "job:bench", (promise) => ctx.waitUntil(promise));
      ctx.waitUntil(services.webhooks.dispatch(eventIds));
      return new Response(null, { status: 202 });
    }
    if (request.method === "POST" && pathname === "/__bench/usage-report") {
      const { now } = (await request.json()) as { now: number };
      await loadServiceModules();
      const services = createServices(env, "job:bench");
      const started = Date.now();
      const run = await reportOverage(services, now);
      return Response.json({ ...run, workerMs: Date.now() - started });
    }
    return worker.fetch(request, env, ctx);
  },
  queue: (batch, env, ctx) => worker.queue(batch, env, ctx),
  scheduled: (controller, env, ctx) => worker.scheduled(controller, env, ctx),
} satisfies ExportedHandler<Env>;
