// F2 and F3 (diagnostic, `bench/src/profile.ts`): the runtime's floor under V2 and V3. The same
// I/O as the gateway (hash the key, look it up in memory; then one Upstash REST call with the
// limiter's five commands), written with no framework, no library and none of the gateway's
// checks or accounting. CPU per request above V1 here is the runtime's; above this, ours.
import { passThrough } from "./passthrough.ts";

interface FloorEnv {
  UPSTREAM_URL: string;
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

const known = new Map<string, true>();

export function floorWorker(withRedis: boolean) {
  return {
    async fetch(request: Request, env: FloorEnv): Promise<Response> {
      const key = new TextEncoder().encode(request.headers.get("X-API-Key") ?? "");
      const hash = btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest("SHA-256", key))));
      if (!known.has(hash)) known.set(hash, true);
      if (withRedis) {
        const reply = await fetch(`${env.UPSTASH_REDIS_REST_URL}/pipeline`, {
          method: "POST",
          headers: { Authorization: `Bearer ${env.UPSTASH_REDIS_REST_TOKEN}` },
          body: JSON.stringify([
            ["INCR", `floor:min:${hash}`],
            ["INCR", `floor:burst:${hash}`],
            ["GET", `floor:ver:${hash}`],
            ["INCR", "floor:quota"],
            ["EXPIRE", "floor:quota", "3600", "NX"],
          ]),
        });
        await reply.json();
      }
      return passThrough(request, env.UPSTREAM_URL);
    },
  };
}
