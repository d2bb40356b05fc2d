// The HTTP side of the bridge: bearer-token check, routing (`POST /`, `/pipeline`, `/multi-exec` and
// the `/set/foo/bar` path form), body limits, and JSON answers. Every failure becomes a JSON error
// with a status; nothing a client sends can take the process down.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  BridgeError,
  type Command,
  encodeOutcome,
  MAX_BODY_BYTES,
  type Outcome,
  parseCommandBody,
  parseCommandListBody,
} from "./protocol.ts";
import type { RedisSide } from "./redis.ts";

export interface BridgeContext {
  token: string;
  redis: RedisSide;
  /** Lower-case Redis command names: the first segment of a path-form request must be one. */
  commandNames: Set<string>;
  counters: { requests: number };
}

// Past this, a client is not sending a mistake but a flood: cut the connection instead of draining.
const DRAIN_LIMIT = 64 * MAX_BODY_BYTES;

/** Reads the body; an oversized one is drained (so keep-alive survives) and then refused. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES)
        reject(
          new BridgeError(400, `ERR max request size exceeded: the body is over ${MAX_BODY_BYTES} bytes`),
        );
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
    // A client that goes away mid-body (or was cut off above) gets no answer; just settle the promise.
    req.on("close", () => reject(new BridgeError(400, "ERR the request body was cut short")));
  });
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Upstash takes the token as `Authorization: Bearer <token>` or as the `_token` query parameter. */
function checkToken(req: IncomingMessage, url: URL, token: string): void {
  const header = req.headers.authorization;
  const presented =
    header !== undefined ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : url.searchParams.get("_token");
  if (presented === undefined || presented === null)
    throw new BridgeError(401, 'Unauthorized: send "Authorization: Bearer <token>"');
  // Compare digests so the comparison takes the same time whatever the presented token's length.
  if (!timingSafeEqual(digest(presented), digest(token)))
    throw new BridgeError(401, "Unauthorized: invalid token");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function pathSegments(url: URL): string[] {
  try {
    return url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new BridgeError(400, "ERR the path is not valid percent-encoding");
  }
}

/**
 * The path form: `/set/foo/bar`. On POST/PUT a non-empty body is the last argument (raw bytes, so
 * binary values survive) and query parameters follow it, e.g. `POST /set/foo?EX=100`.
 */
function pathCommand(segments: string[], url: URL, body: Buffer | undefined): Command {
  const [name = "", ...args] = segments;
  const command: Command = [name, ...args];
  if (body && body.length > 0) command.push(body);
  for (const [key, value] of url.searchParams) {
    if (key === "_token") continue;
    command.push(key);
    if (value !== "") command.push(value);
  }
  return command;
}

async function route(ctx: BridgeContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://bridge.invalid");
  checkToken(req, url, ctx.token);
  if (req.headers["upstash-response-format"] && req.headers["upstash-response-format"] !== "json")
    throw new BridgeError(400, "ERR the Upstash bridge only answers Upstash-Response-Format: json");
  const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
  const method = req.method ?? "GET";
  const segments = pathSegments(url);
  const batch = segments.length === 1 && (segments[0] === "pipeline" || segments[0] === "multi-exec");
  const known = segments.length === 0 || batch || ctx.commandNames.has(String(segments[0]).toLowerCase());
  if (!known) throw new BridgeError(404, `ERR unknown path ${url.pathname}`);
  const accepts = segments.length === 0 || batch ? ["POST", "PUT"] : ["GET", "HEAD", "POST", "PUT"];
  if (!accepts.includes(method))
    throw new BridgeError(405, `ERR method ${method} is not allowed on ${url.pathname}`);

  const body = method === "POST" || method === "PUT" ? await readBody(req) : undefined;
  const text = body?.toString("utf8") ?? "";
  if (segments[0] === "pipeline" && batch) {
    const outcomes = await ctx.redis.pipeline(parseCommandListBody(text));
    return send(
      res,
      200,
      outcomes.map((outcome) => encodeOutcome(outcome, base64)),
    );
  }
  if (segments[0] === "multi-exec" && batch) {
    const outcomes = await ctx.redis.transaction(parseCommandListBody(text));
    return send(
      res,
      200,
      outcomes.map((outcome) => encodeOutcome(outcome, base64)),
    );
  }
  const command = segments.length === 0 ? parseCommandBody(text) : pathCommand(segments, url, body);
  const [outcome] = (await ctx.redis.pipeline([command])) as [Outcome];
  send(res, "error" in outcome ? 400 : 200, encodeOutcome(outcome, base64));
}

export function createHandler(ctx: BridgeContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    ctx.counters.requests++;
    route(ctx, req, res).catch((error: unknown) => {
      if (error instanceof BridgeError) return send(res, error.status, { error: error.message });
      const message = error instanceof Error ? error.message : String(error);
      send(res, 500, { error: `ERR the Upstash bridge failed: ${message}` });
    });
  };
}
