// Diagnostic (benchmark only): the real Worker with the request-logs queue replaced by a no-op,
// to separate the local queue simulator's cost from the gateway's own.
import worker from "@edgegate/gateway-worker";

const noopQueue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue;
const wrapped = new WeakMap<Env, Env>();
export default {
  fetch(request, env, ctx) {
    let e = wrapped.get(env);
    if (!e) {
      e = { ...env, REQUEST_LOGS: noopQueue };
      wrapped.set(env, e);
    }
    return worker.fetch(request, e, ctx);
  },
} satisfies ExportedHandler<Env>;
