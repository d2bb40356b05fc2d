// The JSON side of Upstash's REST protocol: turning request bodies into Redis commands and Redis
// replies into the JSON the @upstash/redis client decodes (pkg/http.ts in upstash/redis-js).

/** One Redis command: the name first, then its arguments. Buffers carry raw bodies of the path form. */
export type Arg = string | Buffer;
export type Command = [string, ...Arg[]];

/** What one command produced, as Upstash puts it on the wire: `{result}` or `{error}`. */
export type Outcome = { result: unknown } | { error: string };

/** A request the bridge refuses before it reaches Redis; `status` is the HTTP status to answer with. */
export class BridgeError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

// Upstash's own limit is per plan; 1 MiB keeps a runaway test from buffering unbounded memory.
export const MAX_BODY_BYTES = 1024 * 1024;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse also throws RangeError on absurdly deep nesting; either way the body is unusable.
    throw new BridgeError(400, "ERR the request body is not valid JSON");
  }
}

/**
 * Validates one command array. Strings and numbers are what the protocol documents; booleans are
 * accepted too because the client's serializer passes them through unchanged (`redis.set("k", true)`
 * sends `["set","k",true]`) and Redis would see them as "true"/"false" on the RESP side.
 */
export function toCommand(value: unknown, where: string): Command {
  if (!Array.isArray(value)) throw new BridgeError(400, `ERR ${where} must be a JSON array`);
  if (value.length === 0)
    throw new BridgeError(400, `ERR ${where} is an empty array; it needs a command name`);
  const [name, ...rest] = value as unknown[];
  if (typeof name !== "string" || name === "")
    throw new BridgeError(400, `ERR ${where}: the first element must be the command name as a string`);
  const args = rest.map((arg, i): string => {
    if (typeof arg === "string") return arg;
    if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
    const kind = arg === null ? "null" : Array.isArray(arg) ? "an array" : "an object";
    throw new BridgeError(
      400,
      `ERR ${where}: argument ${i + 1} is ${kind}; only strings, numbers and booleans are allowed`,
    );
  });
  return [name, ...args];
}

/** `POST /`: the body is one command. */
export function parseCommandBody(text: string): Command {
  return toCommand(parseJson(text), "the request body");
}

/** `POST /pipeline` and `POST /multi-exec`: the body is an array of commands. */
export function parseCommandListBody(text: string): Command[] {
  const value = parseJson(text);
  if (!Array.isArray(value) || value.length === 0)
    throw new BridgeError(400, "ERR the request body must be a non-empty JSON array of commands");
  return value.map((command, i) => toCommand(command, `command ${i + 1}`));
}

/**
 * Maps a RESP2 reply (ioredis in buffer mode) to JSON. With `Upstash-Encoding: base64` every string,
 * status replies such as OK and PONG included, is the base64 of its bytes, which keeps binary values
 * intact; integers and nil stay numbers and null. Without it, bytes are read as UTF-8 (invalid bytes
 * become U+FFFD, as Upstash documents).
 */
export function encodeReply(reply: unknown, base64: boolean): unknown {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "number") return reply;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString("base64") : reply.toString("utf8");
  if (typeof reply === "string") return base64 ? Buffer.from(reply).toString("base64") : reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  // An error nested inside an array (a Lua table holding redis.error_reply) has no JSON slot of its
  // own; its text is the most useful thing to hand back.
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  if (typeof reply === "bigint") return Number(reply);
  return encodeReply(String(reply), base64);
}

export function encodeOutcome(outcome: Outcome, base64: boolean): Outcome {
  return "error" in outcome ? outcome : { result: encodeReply(outcome.result, base64) };
}
