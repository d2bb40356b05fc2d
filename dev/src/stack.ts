// The local stand-ins for the managed services, shared by `pnpm dev`, the test run and the
// benchmarks: Neon's two endpoints in front of a real Postgres, the Upstash REST bridge in
// front of a real Redis, and the demo upstream API.
import { startDemoUpstream } from "./demo-upstream.ts";
import { startNeonHttpEndpoint } from "./neon-http.ts";
import { startNeonWsRelay } from "./neon-ws-relay.ts";
import { startUpstashBridge } from "./upstash-bridge.ts";

export interface StackPorts {
  neonHttp: number;
  neonWs: number;
  upstash: number;
  upstream: number;
}

export interface LocalStack {
  /** Values for the Worker's env (vars and secrets) that point at this stack. */
  workerEnv: {
    DATABASE_URL: string;
    NEON_LOCAL_HTTP_ENDPOINT: string;
    NEON_LOCAL_WS_PROXY: string;
    UPSTASH_REDIS_REST_URL: string;
    UPSTASH_REDIS_REST_TOKEN: string;
    UPSTREAM_URL: string;
  };
  close(): Promise<void>;
}

export async function startLocalStack(options: {
  databaseUrl: string;
  redisUrl: string;
  redisToken: string;
  ports: StackPorts;
}): Promise<LocalStack> {
  const database = new URL(options.databaseUrl);
  const postgresTarget = `${database.hostname}:${database.port || 5432}`;
  const started: { close(): Promise<void> }[] = [];
  try {
    const neonHttp = await startNeonHttpEndpoint({
      port: options.ports.neonHttp,
      postgresUrl: options.databaseUrl,
    });
    started.push(neonHttp);
    const neonWs = await startNeonWsRelay({ port: options.ports.neonWs, allowedTargets: [postgresTarget] });
    started.push(neonWs);
    const upstash = await startUpstashBridge({
      port: options.ports.upstash,
      redisUrl: options.redisUrl,
      token: options.redisToken,
    });
    started.push(upstash);
    const upstream = await startDemoUpstream({ port: options.ports.upstream });
    started.push(upstream);
    return {
      workerEnv: {
        DATABASE_URL: options.databaseUrl,
        NEON_LOCAL_HTTP_ENDPOINT: neonHttp.url,
        NEON_LOCAL_WS_PROXY: `127.0.0.1:${neonWs.port}`,
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: options.redisToken,
        UPSTREAM_URL: upstream.url,
      },
      close: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(services: { close(): Promise<void> }[]): Promise<void> {
  await Promise.allSettled(services.reverse().map((service) => service.close()));
}
