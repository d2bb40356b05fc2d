// A local stand-in for Neon's SQL-over-HTTP endpoint, so `neon()` from @neondatabase/serverless works
// against a local Postgres (point neonConfig.fetchEndpoint here via configureNeonForLocal).
// Protocol, as the 1.2.0 driver speaks it: POST JSON {query, params} or {queries: [{query, params}, ...]}
// (a transaction); headers Neon-Connection-String, Neon-Raw-Text-Output, Neon-Array-Mode and, for
// transactions, Neon-Batch-Isolation-Level / -Read-Only / -Deferrable. Success is 200 with
// {fields, command, rowCount, rows, rowAsArray} (or {results: [...]}); a database error is 400 with
// Postgres' error fields, which the driver copies onto NeonDbError.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { readBoundedBody } from "./http-body.ts";
import {
  type BatchOptions,
  errorBody,
  execute,
  type NeonQuery,
  PoolRegistry,
  RequestError,
} from "./neon-http-exec.ts";
import { listen } from "./ports.ts";

export interface NeonHttpEndpointOptions {
  port?: number;
  host?: string;
  /** The local Postgres every Neon-Connection-String is mapped to, e.g. postgres://postgres@127.0.0.1:5432/postgres. */
  postgresUrl: string;
}

export interface NeonHttpEndpoint {
  /** http://host:port/sql — pass it to configureNeonForLocal({ httpEndpoint }). */
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): { queries: number };
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

const readBody = (req: IncomingMessage) =>
  readBoundedBody(
    req,
    MAX_BODY_BYTES,
    () => new RequestError(413, `request body over ${MAX_BODY_BYTES} bytes`),
  );

function asQuery(value: unknown, where: string): NeonQuery {
  const q = value as { query?: unknown; params?: unknown } | null;
  if (typeof q !== "object" || q === null || typeof q.query !== "string") {
    throw new RequestError(400, `${where} must be an object with a string "query"`);
  }
  if (q.params !== undefined && !Array.isArray(q.params))
    throw new RequestError(400, `${where}.params must be an array`);
  return { query: q.query, params: (q.params as unknown[] | undefined) ?? [] };
}

/** Validates the decoded body: a single query, or {queries: [...]} for a transaction. */
function parseWork(text: string, headers: IncomingMessage["headers"]) {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RequestError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  const queries = (body as { queries?: unknown } | null)?.queries;
  if (queries === undefined) return { single: asQuery(body, "body") };
  if (!Array.isArray(queries)) throw new RequestError(400, `"queries" must be an array`);
  const flag = (name: string): boolean | undefined => {
    const v = headers[name];
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") throw new RequestError(400, `${name} must be "true" or "false"`);
    return v === "true";
  };
  const options: BatchOptions = {
    isolationLevel: headers["neon-batch-isolation-level"] as string | undefined,
    readOnly: flag("neon-batch-read-only"),
    deferrable: flag("neon-batch-deferrable"),
  };
  return { batch: queries.map((q, i) => asQuery(q, `queries[${i}]`)), options };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  // The client may have gone away while the query ran; there is nobody left to answer.
  if (res.destroyed || res.headersSent) return;
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

export async function startNeonHttpEndpoint(opts: NeonHttpEndpointOptions): Promise<NeonHttpEndpoint> {
  const pgUrl = new URL(opts.postgresUrl);
  const target = { host: pgUrl.hostname.replace(/^\[|\]$/g, ""), port: Number(pgUrl.port || 5432) };
  // Only the configured Postgres is reachable; "localhost" and "127.0.0.1" count as the same host.
  const allowHost = (host: string, port: number) =>
    port === target.port && (host === target.host || (LOOPBACK.has(host) && LOOPBACK.has(target.host)));
  const pools = new PoolRegistry(target);
  let queries = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET" && (req.url === "/" || req.url === "/health"))
      return send(res, 200, { ok: true });
    if (req.method !== "POST") return send(res, 405, { message: "POST a query as JSON to /sql" });

    const text = await readBody(req);
    const work = parseWork(text, req.headers);
    const connectionString = req.headers["neon-connection-string"];
    if (typeof connectionString !== "string")
      throw new RequestError(400, "missing Neon-Connection-String header");
    const pool = pools.get(connectionString, allowHost);

    let cancel: (() => Promise<void>) | undefined;
    // The HTTP client left before the answer: stop its query rather than let it hold a connection.
    res.on("close", () => {
      if (!res.writableFinished) void cancel?.();
    });
    queries += "single" in work ? 1 : work.batch.length;
    const result = await execute(pool, work, {
      rawText: req.headers["neon-raw-text-output"] === "true",
      arrayMode: req.headers["neon-array-mode"] === "true",
      onBackend: (c) => {
        cancel = c;
        if (res.destroyed) void c();
      },
    });
    send(res, 200, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const { status, body } = errorBody(error);
      send(res, status, body);
    });
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  const host = opts.host ?? "127.0.0.1";
  const { port, urlHost } = await listen(server, opts.port ?? 0, host);

  return {
    url: `http://${urlHost}:${port}/sql`,
    port,
    stats: () => ({ queries }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pools.closeAll();
    },
  };
}

// `node dev/src/neon-http.ts`: serve NEON_HTTP_PORT, mapping every connection string to DATABASE_URL's server.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const postgresUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const endpoint = await startNeonHttpEndpoint({
    port: Number(process.env.NEON_HTTP_PORT ?? 4445),
    postgresUrl,
  });
  console.log(`neon http endpoint: ${endpoint.url} -> ${new URL(postgresUrl).host}`);
  const stop = () => void endpoint.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
