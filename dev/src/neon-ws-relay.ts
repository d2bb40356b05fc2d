// WebSocket→TCP relay for @neondatabase/serverless `Pool`/`Client` (the local stand-in for Neon's
// wsproxy). The driver opens `ws://<wsProxy(host, port)>`, i.e. `ws://127.0.0.1:<port>/v2?address=host:port`
// when configured through configureNeonForLocal, then speaks the plain Postgres wire protocol in binary
// frames. We pipe those bytes to a TCP socket and back, nothing more.
import { createServer, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { listen } from "./ports.ts";

export interface NeonWsRelayOptions {
  port?: number;
  host?: string;
  /** "host:port" pairs the relay may connect to, e.g. "127.0.0.1:5432". Anything else is refused. */
  allowedTargets: string[];
}

export interface NeonWsRelay {
  /** ws://host:port/v2 — pass it to configureNeonForLocal({ wsRelay }). */
  url: string;
  port: number;
  close(): Promise<void>;
}

// Stop reading from Postgres while this much is queued towards the WebSocket (slow client).
const WS_HIGH_WATER = 1024 * 1024;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function splitHostPort(address: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(address.trim());
  if (!m?.[1] || !m[2]) return null;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1].replace(/^\[|\]$/g, ""), port } : null;
}

/**
 * Returns the allow-listed target for a requested address, or null. A loopback alias ("localhost" vs
 * "127.0.0.1") maps to the allow-listed loopback entry on the same port, so DATABASE_URL may use either
 * spelling without the relay resolving "localhost" to ::1 where Postgres may not listen.
 */
export function resolveRelayTarget(
  address: string,
  allowedTargets: string[],
): { host: string; port: number } | null {
  const wanted = splitHostPort(address);
  if (!wanted) return null;
  const allowed = allowedTargets.map(splitHostPort).filter((t) => t !== null);
  const exact = allowed.find((t) => t.host === wanted.host && t.port === wanted.port);
  if (exact) return exact;
  if (!LOOPBACK.has(wanted.host)) return null;
  return allowed.find((t) => LOOPBACK.has(t.host) && t.port === wanted.port) ?? null;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  // The handshake has not completed, so a plain HTTP response is what the client can read.
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
        `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
    );
  }
  socket.destroy();
}

/** Pipes one accepted WebSocket to its already-connected TCP socket, with backpressure both ways. */
function pipe(ws: WebSocket, tcp: Socket): void {
  let closed = false;
  const shutdown = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    tcp.destroy();
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
    else ws.terminate();
  };

  ws.on("message", (data: RawData, isBinary: boolean) => {
    // The Postgres protocol is binary; a text frame means the peer is not the Neon driver.
    if (!isBinary) return shutdown(1003, "binary frames only");
    const chunk = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    // Postgres reading slower than the client writes: stop reading the WebSocket until the socket drains.
    if (!tcp.write(chunk)) ws.pause();
  });
  tcp.on("drain", () => ws.resume());

  tcp.on("data", (chunk: Buffer) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(chunk, { binary: true }, () => {
      if (ws.bufferedAmount < WS_HIGH_WATER && tcp.isPaused()) tcp.resume();
    });
    if (ws.bufferedAmount >= WS_HIGH_WATER) tcp.pause();
  });

  tcp.on("end", () => shutdown(1000, "database closed the connection"));
  tcp.on("close", () => shutdown(1000, "database connection closed"));
  tcp.on("error", () => shutdown(1011, "database connection error"));
  ws.on("close", () => shutdown(1000, ""));
  ws.on("error", () => shutdown(1002, "protocol error"));
}

export async function startNeonWsRelay(opts: NeonWsRelayOptions): Promise<NeonWsRelay> {
  const host = opts.host ?? "127.0.0.1";
  const allowedTargets = [...opts.allowedTargets];
  // 64 MiB is well above any single Postgres message the driver sends in practice.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
  const pending = new Set<Socket>();

  const server = createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain", upgrade: "websocket" });
    res.end("This is the Neon WebSocket relay: connect with a WebSocket client.\n");
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    let address: string | null = null;
    try {
      address = new URL(req.url ?? "/", "http://relay").searchParams.get("address");
    } catch {
      // fall through: a malformed URL is treated like a missing address
    }
    if (!address) return rejectUpgrade(socket, 400, "missing ?address=host:port");
    const target = resolveRelayTarget(address, allowedTargets);
    if (!target) return rejectUpgrade(socket, 403, `target ${address} is not allow-listed`);

    // Connect to Postgres before completing the handshake, so an unreachable database shows up as a
    // failed WebSocket open (with a reason) rather than an open socket that closes at once.
    const tcp = connect({ host: target.host, port: target.port });
    tcp.setNoDelay(true);
    pending.add(tcp);
    const abandon = () => tcp.destroy();
    socket.once("close", abandon);
    tcp.once("error", (err) => {
      pending.delete(tcp);
      socket.off("close", abandon);
      rejectUpgrade(socket, 502, `cannot reach ${address}: ${err.message}`);
    });
    tcp.once("connect", () => {
      pending.delete(tcp);
      socket.off("close", abandon);
      tcp.removeAllListeners("error");
      if (socket.destroyed) return void tcp.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => pipe(ws, tcp));
    });
  });

  const { port, urlHost } = await listen(server, opts.port ?? 0, host);

  return {
    url: `ws://${urlHost}:${port}/v2`,
    port,
    close: async () => {
      for (const tcp of pending) tcp.destroy();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// `node dev/src/neon-ws-relay.ts`: relay to the Postgres named by DATABASE_URL on NEON_WS_PORT.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const db = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const target = `${db.hostname}:${db.port || "5432"}`;
  const relay = await startNeonWsRelay({
    port: Number(process.env.NEON_WS_PORT ?? 4444),
    allowedTargets: [target],
  });
  console.log(`neon ws relay: ${relay.url} -> ${target}`);
  const stop = () => void relay.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
