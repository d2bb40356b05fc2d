// The runtime's floor under a fresh isolate's first gateway request (`src/startup.ts`): the
// gateway's I/O for a key whose record is in KV — hash the key, read and parse its record from
// KV, one Upstash REST call with the limiter's five commands, stream the upstream's answer — with
// no framework, no library and none of the gateway's checks. What a fresh isolate's first request
// costs here over a warm one's is the runtime's (first use of each binding and connection, cold
// code); what the gateway's first request costs over that is ours.
import { hashApiKey } from "@edgegate/shared/api-key";
import { KEY_RECORD_KV_PREFIX } from "../../gateway-worker/src/services/key-store.ts";
import { floorWorker } from "./floor.ts";

interface Env {
  KEY_CACHE: KVNamespace;
  UPSTREAM_URL: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

const floor = floorWorker(true);

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const hash = await hashApiKey(request.headers.get("X-API-Key") ?? "");
    if ((await env.KEY_CACHE.get(KEY_RECORD_KV_PREFIX + hash, "json")) === null) {
      return new Response("key not in KV", { status: 404 });
    }
    return floor.fetch(request, env);
  },
};
