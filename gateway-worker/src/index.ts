// The Worker: gateway + admin API (fetch), queue consumers (queue) and cron jobs (scheduled).
// Every new isolate evaluates its global scope before its first request, so only the gateway's
// data plane is loaded at start-up. The admin API (better-auth, zod-openapi and the route
// definitions), the queue consumers and the cron jobs are loaded on first use (dynamic import;
// the bundler keeps them in the one script but evaluates them only then): an isolate that serves
// /v1 never pays for them, and the first /api request in an isolate loads them once, with the
// modules of the services they use (context.ts `loadServiceModules`).
import { createApp } from "./app.ts";
import { loadServiceModules } from "./context.ts";

const gatewayApp = createApp();
let fullApp: Promise<ReturnType<typeof createApp>> | undefined;
const withAdmin = () =>
  (fullApp ??= import("./admin/index.ts").then(async ({ createAdminApp }) => {
    await loadServiceModules();
    return createApp(createAdminApp());
  }));

/** Whether `url`'s path is /api or under it (read off the raw URL: no URL parse per request). */
function isAdminUrl(url: string): boolean {
  const path = url.indexOf("/", url.indexOf("//") + 2);
  if (path === -1 || !url.startsWith("/api", path)) return false;
  const next = url[path + 4];
  return next === undefined || next === "/" || next === "?" || next === "#";
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) =>
    isAdminUrl(request.url)
      ? withAdmin().then((app) => app.fetch(request, env, ctx))
      : gatewayApp.fetch(request, env, ctx),
  queue: async (batch, env) => (await import("./consumers/index.ts")).handleQueue(batch, env),
  scheduled: (controller, env, ctx) =>
    ctx.waitUntil(import("./jobs/index.ts").then(({ handleScheduled }) => handleScheduled(controller, env))),
} satisfies ExportedHandler<Env>;
