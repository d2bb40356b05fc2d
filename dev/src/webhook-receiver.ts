// A local webhook receiver for tests and `pnpm dev`: every `POST /hooks/<name>` is recorded
// (headers, raw body) and answered as `<name>`'s behaviour says — by default 200. Tests set a
// behaviour with `PUT /control/<name>` (fail the first N deliveries with a status, always fail,
// redirect, send Retry-After, hang without answering, reset the connection) and read what arrived with `GET /received/<name>`. With a secret
// set for `<name>` (`PUT /control/<name>` `{ "secret": "whsec_…" }`) each delivery is also
// verified with the `standardwebhooks` package, and `GET /` lists everything as a page.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Webhook } from "standardwebhooks";
import { listen } from "./ports.ts";

export interface ReceiverBehaviour {
  /** Answer this many deliveries with `failStatus` before succeeding (-1: never succeed). */
  failTimes?: number;
  failStatus?: number;
  retryAfter?: string;
  redirectTo?: string;
  secret?: string;
  /** Read the delivery, then never answer (the sender's timeout ends it). */
  hang?: boolean;
  /** Read the delivery, then drop the connection without an answer (a reset). */
  reset?: boolean;
}

export interface ReceivedDelivery {
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
  answered: number;
  /** null when no secret is set for the hook. */
  verified: boolean | null;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function page(received: Map<string, ReceivedDelivery[]>): string {
  const rows = [...received.entries()]
    .flatMap(([name, list]) => list.map((delivery) => ({ name, delivery })))
    .sort((a, b) => b.delivery.receivedAt.localeCompare(a.delivery.receivedAt))
    .map(({ name, delivery }) => {
      const verdict =
        delivery.verified === null
          ? "not checked"
          : delivery.verified
            ? "✓ signature verified"
            : "✗ signature INVALID";
      return `<tr><td>${escapeHtml(delivery.receivedAt)}</td><td>${escapeHtml(name)}</td><td>${escapeHtml(
        delivery.headers["webhook-id"] ?? "",
      )}</td><td>${verdict}</td><td>${delivery.answered}</td><td><pre>${escapeHtml(delivery.body)}</pre></td></tr>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Webhook receiver</title>
<meta http-equiv="refresh" content="5"></head><body><h1>Webhook receiver</h1>
<p>Deliveries received (newest first, refreshes every 5 s).</p>
<table border="1" cellpadding="4"><thead><tr><th>Received</th><th>Hook</th><th>webhook-id</th><th>Signature</th><th>Answered</th><th>Body</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">Nothing yet.</td></tr>'}</tbody></table></body></html>`;
}

export async function startWebhookReceiver(
  options: { port?: number; host?: string; behaviours?: Record<string, ReceiverBehaviour> } = {},
): Promise<WebhookReceiver> {
  const behaviours = new Map<string, ReceiverBehaviour>(Object.entries(options.behaviours ?? {}));
  const received = new Map<string, ReceivedDelivery[]>();
  const sockets = new Set<Socket>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    const [, kind, name] = url.pathname.split("/");
    try {
      if (req.method === "GET" && url.pathname === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(page(received));
        return;
      }
      if (!name) return json(res, 404, { error: "not found" });
      if (kind === "control" && req.method === "PUT") {
        behaviours.set(name, JSON.parse((await readBody(req)) || "{}") as ReceiverBehaviour);
        return json(res, 200, { ok: true });
      }
      if (kind === "received" && req.method === "GET") return json(res, 200, received.get(name) ?? []);
      if (kind !== "hooks" || req.method !== "POST") return json(res, 404, { error: "not found" });

      const body = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.join(", ") : (value ?? ""),
        ]),
      );
      const behaviour = behaviours.get(name) ?? {};
      const list = received.get(name) ?? [];
      received.set(name, list);
      let verified: boolean | null = null;
      if (behaviour.secret) {
        try {
          new Webhook(behaviour.secret).verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
      }
      if (behaviour.hang || behaviour.reset) {
        list.push({ headers, body, receivedAt: new Date().toISOString(), answered: 0, verified });
        // A hanging socket is destroyed when the receiver closes (see `sockets`).
        if (behaviour.reset) req.socket.resetAndDestroy();
        return;
      }
      const failing = behaviour.failTimes === -1 || list.length < (behaviour.failTimes ?? 0);
      const answered = behaviour.redirectTo ? 307 : failing ? (behaviour.failStatus ?? 500) : 200;
      list.push({ headers, body, receivedAt: new Date().toISOString(), answered, verified });
      const responseHeaders: Record<string, string> = { "content-type": "application/json" };
      if (behaviour.redirectTo) responseHeaders.location = behaviour.redirectTo;
      if (failing && behaviour.retryAfter) responseHeaders["retry-after"] = behaviour.retryAfter;
      res.writeHead(answered, responseHeaders);
      res.end(JSON.stringify({ received: true, failing }));
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const { port, urlHost } = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
