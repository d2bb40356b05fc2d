// Points @neondatabase/serverless at the local endpoints (neon-ws-relay.ts, neon-http.ts) instead of Neon.
// Shared by the Worker bundle and Node scripts so both configure the driver identically; for that reason
// it imports nothing (no node: modules, not even the driver) and takes `neonConfig` as a parameter.

/** The subset of the driver's `neonConfig` (static settings) that local development changes. */
export interface NeonConfigLike {
  wsProxy: string | ((host: string, port: number | string) => string);
  useSecureWebSocket: boolean;
  pipelineTLS: boolean;
  pipelineConnect: "password" | false;
  coalesceWrites: boolean;
  fetchEndpoint: string | ((host: string, port: number | string, options?: { jwtAuth?: boolean }) => string);
}

export interface LocalNeonEndpoints {
  /** The relay's URL, e.g. "ws://127.0.0.1:4444/v2" (a bare "127.0.0.1:4444" gets "/v2" appended). */
  wsRelay?: string;
  /** The SQL-over-HTTP endpoint, e.g. "http://127.0.0.1:4445/sql". */
  httpEndpoint?: string;
}

/** "ws://127.0.0.1:4444/v2" → "127.0.0.1:4444/v2": the driver prepends ws:// or wss:// itself. */
export function relayAddress(wsRelay: string): string {
  const bare = wsRelay.replace(/^wss?:\/\//i, "").replace(/\/+$/, "");
  return bare.includes("/") ? bare : `${bare}/v2`;
}

export function configureNeonForLocal(neonConfig: NeonConfigLike, endpoints: LocalNeonEndpoints): void {
  if (endpoints.wsRelay) {
    const relay = relayAddress(endpoints.wsRelay);
    // The driver opens ws://<this>; the relay reads the Postgres address from ?address=.
    neonConfig.wsProxy = (host, port) => `${relay}?address=${host}:${port}`;
    // Local traffic is plain: no TLS on the WebSocket, and Postgres' own SSL is off
    // (the driver's forceDisablePgSSL default), so nothing may be pipelined ahead of a TLS handshake.
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    // Pipelining the startup assumes Neon's cleartext-password flow; local Postgres may use trust/SCRAM.
    neonConfig.pipelineConnect = false;
    // Write coalescing waits for the next tick before sending; on loopback it only adds latency
    // (~1.6 ms → ~0.4 ms per query when disabled).
    neonConfig.coalesceWrites = false;
  }
  if (endpoints.httpEndpoint) {
    // A fixed URL: neon() otherwise derives https://api.<host>/sql from the connection string.
    neonConfig.fetchEndpoint = endpoints.httpEndpoint;
  }
}
