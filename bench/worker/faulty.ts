// The real Worker (gateway-worker/src/index.ts, unchanged) behind switches that inject the faults
// the reliability suite scripts from outside: queue sends that fail, and a queue consumer that
// crashes halfway through acknowledging a batch it has already stored. `POST /__faults` sets the
// switches (JSON), `GET /__faults` reads them with what was injected so far. Reliability suite only.
import worker from "@edgegate/gateway-worker";

interface Switches {
  /** Queue sends (send/sendBatch) to fail from now on, counted per call. */
  failSends: number;
  /** Batches whose consumer throws at the middle message's ack (after the batch was stored). */
  crashBatches: number;
}
const switches: Switches = { failSends: 0, crashBatches: 0 };
const injected = { failedSends: 0, failedSendMessages: 0, crashedBatches: 0 };

/** A queue producer whose next `failSends` calls throw, as an overloaded or partitioned Queues would. */
function faultyQueue(queue: Queue): Queue {
  const fail = (messages: number) => {
    if (switches.failSends <= 0) return false;
    switches.failSends--;
    injected.failedSends++;
    injected.failedSendMessages += messages;
    return true;
  };
  return new Proxy(queue, {
    get(target, prop) {
      if (prop === "send")
        return (body: unknown, options?: QueueSendOptions) =>
          fail(1) ? Promise.reject(new Error("injected: queue send failed")) : target.send(body, options);
      if (prop === "sendBatch")
        return (messages: Iterable<MessageSendRequest>, options?: QueueSendBatchOptions) => {
          const list = [...messages];
          return fail(list.length)
            ? Promise.reject(new Error("injected: queue sendBatch failed"))
            : target.sendBatch(list, options);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * The batch as the consumer sees it, except that acknowledging its middle message throws: the
 * consumer has committed the rows and dies before acking the rest, so the runtime redelivers them.
 */
function crashingBatch(batch: MessageBatch<unknown>): MessageBatch<unknown> {
  const middle = Math.floor(batch.messages.length / 2);
  const messages = batch.messages.map((message, index) =>
    index !== middle
      ? message
      : new Proxy(message, {
          get(target, prop) {
            if (prop === "ack")
              return () => {
                throw new Error("injected: consumer crashed mid-batch");
              };
            const value = Reflect.get(target, prop);
            return typeof value === "function" ? value.bind(target) : value;
          },
        }),
  );
  return new Proxy(batch, {
    get(target, prop) {
      if (prop === "messages") return messages;
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// One wrapped env per real env: the Worker caches its parsed config and clients by env identity.
const wrapped = new WeakMap<Env, Env>();
function wrap(env: Env): Env {
  let result = wrapped.get(env);
  if (!result) {
    result = { ...env, REQUEST_LOGS: faultyQueue(env.REQUEST_LOGS) };
    wrapped.set(env, result);
  }
  return result;
}

export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname === "/__faults") {
      if (request.method === "POST") Object.assign(switches, await request.json());
      return Response.json({ switches, injected });
    }
    return worker.fetch(request, wrap(env), ctx);
  },
  queue(batch, env, ctx) {
    // Only first deliveries crash, so every batch is eventually acknowledged.
    if (batch.queue === "request-logs" && switches.crashBatches > 0 && batch.messages[0]?.attempts === 1) {
      switches.crashBatches--;
      injected.crashedBatches++;
      return worker.queue(crashingBatch(batch), wrap(env), ctx);
    }
    return worker.queue(batch, wrap(env), ctx);
  },
} satisfies ExportedHandler<Env>;
