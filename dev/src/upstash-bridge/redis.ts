// The Redis side of the bridge. Ordinary commands share one ioredis connection (ioredis pipelines
// them on the socket); transactions and blocking commands borrow a connection of their own from a
// small pool, so a MULTI never has another request's commands queued inside it and a BLPOP never
// stalls everyone else.
import { Redis, Command as RedisCommand, ReplyError } from "ioredis";
import { BridgeError, type Command, type Outcome } from "./protocol.ts";
import type { Plan, ScriptRegistry } from "./scripts.ts";

// Commands that change the state of the connection they run on; on a shared connection they would
// leak into other requests (Upstash refuses most of them too). multi-exec is the way to transact.
const CONNECTION_STATE = new Set([
  ...["multi", "exec", "discard", "watch", "unwatch", "select", "reset", "quit", "hello", "auth"],
  ...["subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "monitor"],
  ...["sync", "psync", "replconf"],
]);
const BLOCKING = new Set([
  ...["blpop", "brpop", "brpoplpush", "blmove", "blmpop", "bzpopmin", "bzpopmax", "bzmpop", "wait"],
]);
const POOL_SIZE = 16;

type Reply = { ok: true; value: unknown } | { ok: false; error: Error };

/**
 * A command whose reply stays exactly as Redis sent it. ioredis reshapes some replies by command
 * name (HGETALL into an object, for one); Upstash answers with the plain RESP2 array.
 */
class RawCommand extends RedisCommand {
  override transformReply(reply: Buffer | Buffer[]): Buffer | Buffer[] {
    return reply;
  }
}

function refusal(command: Command): string | undefined {
  const verb = command[0].toLowerCase();
  const sub = String(command[1] ?? "").toLowerCase();
  if (CONNECTION_STATE.has(verb)) return `ERR ${verb.toUpperCase()} is not supported by the Upstash bridge`;
  if (verb === "client" && ["reply", "tracking", "caching"].includes(sub))
    return `ERR CLIENT ${sub.toUpperCase()} is not supported by the Upstash bridge`;
  return undefined;
}

function isBlocking(command: Command): boolean {
  const verb = command[0].toLowerCase();
  if (BLOCKING.has(verb)) return true;
  return (
    (verb === "xread" || verb === "xreadgroup") &&
    command.some((arg) => String(arg).toLowerCase() === "block")
  );
}

function isNoScript(reply: Reply | undefined): boolean {
  return reply !== undefined && !reply.ok && reply.error.message.startsWith("NOSCRIPT");
}

/** A reply error is Redis answering; anything else means the connection itself failed. */
function unavailable(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  throw new BridgeError(502, `ERR the Upstash bridge could not reach Redis: ${message}`);
}

function toOutcome(reply: Reply, plan: Plan | undefined): Outcome {
  if (!reply.ok) return { error: reply.error.message };
  return { result: plan?.onResult ? plan.onResult(reply.value) : reply.value };
}

/** QUIT lets a healthy connection finish what it was sent; anything else is just dropped. */
async function shutdown(connection: Redis): Promise<void> {
  if (connection.status === "ready") await connection.quit().catch(() => undefined);
  connection.disconnect();
}

class ConnectionPool {
  readonly #all = new Set<Redis>();
  readonly #idle: Redis[] = [];
  readonly #waiting: ((connection: Redis) => void)[] = [];
  readonly #create: () => Redis;

  constructor(create: () => Redis) {
    this.#create = create;
  }

  acquire(): Promise<Redis> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#all.size < POOL_SIZE) return Promise.resolve(this.#open());

    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(connection: Redis): void {
    const next = this.#waiting.shift();
    if (next) next(connection);
    else this.#idle.push(connection);
  }

  /** For a connection in an unknown state (it failed mid-transaction): replace it, never reuse it. */
  discard(connection: Redis): void {
    connection.disconnect();
    this.#all.delete(connection);
    this.#waiting.shift()?.(this.#open());
  }

  #open(): Redis {
    const connection = this.#create();
    this.#all.add(connection);
    return connection;
  }

  /** Idle connections quit cleanly; busy ones (a BLPOP with no timeout) are cut. */
  async close(): Promise<void> {
    const idle = new Set(this.#idle.splice(0));
    await Promise.allSettled(
      [...this.#all].map((connection) =>
        idle.has(connection) ? shutdown(connection) : connection.disconnect(),
      ),
    );
    this.#all.clear();
  }
}

export class RedisSide {
  /** Commands sent to Redis, for stats(): benchmarks count round trips with it. */
  commands = 0;
  readonly #scripts: ScriptRegistry;
  readonly #connect: () => Redis;
  readonly #shared: Redis;
  readonly #pool: ConnectionPool;

  constructor(redisUrl: string, scripts: ScriptRegistry) {
    this.#scripts = scripts;
    this.#connect = () => {
      // RESP2 (ioredis 6 defaults to RESP3) gives exactly the reply shapes Upstash answers with.
      // Few retries: a request should fail fast with 502 rather than hang while Redis is down.
      const connection = new Redis(redisUrl, { protocol: 2, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
      // Failures surface on the commands themselves; this only keeps ioredis from logging each one.
      connection.on("error", () => {});
      return connection;
    };
    this.#shared = this.#connect();
    this.#pool = new ConnectionPool(this.#connect);
  }

  /** The command names Redis knows, used to tell a path-form command from an unknown path. */
  async commandNames(): Promise<Set<string>> {
    const names = (await this.#shared.call("COMMAND", "LIST")) as string[];
    return new Set(names.filter((name) => !name.includes("|")).map((name) => name.toLowerCase()));
  }

  #send(connection: Redis, [name, ...args]: Command): Promise<Reply> {
    this.commands++;
    const command = new RawCommand(name, args, { replyEncoding: null });
    connection.sendCommand(command);
    return (command.promise as Promise<unknown>).then(
      (value): Reply => ({ ok: true, value }),
      (error: unknown): Reply => {
        if (error instanceof ReplyError) return { ok: false, error: error as Error };
        return unavailable(error);
      },
    );
  }

  /** `POST /pipeline` (and a single command, as a pipeline of one): in order, each answer its own. */
  async pipeline(commands: Command[]): Promise<Outcome[]> {
    const refused = commands.map(refusal);
    const plans = commands.map((command, i) => (refused[i] ? undefined : this.#scripts.plan(command, false)));
    const blocking = commands.some(isBlocking);
    const connection = blocking ? await this.#pool.acquire() : this.#shared;
    try {
      const replies = await Promise.all(
        plans.map((plan) => (plan ? this.#send(connection, plan.send) : undefined)),
      );
      await this.#recoverLostScripts(connection, plans, replies);
      return replies.map((reply, i) =>
        reply ? toOutcome(reply, plans[i]) : { error: refused[i] as string },
      );
    } finally {
      if (blocking) this.#pool.release(connection);
    }
  }

  /**
   * An EVALSHA of a stripped script fails with NOSCRIPT when Redis lost its cache (SCRIPT FLUSH from
   * elsewhere, a restart). Re-running it as EVAL is only invisible if nothing after it already ran, so
   * the retry happens when every command from the first NOSCRIPT on was such a failed EVALSHA (or
   * refused) — a single command, or an auto-pipelined batch of rate-limit checks. Otherwise the
   * NOSCRIPT goes back to the client, exactly as Redis reports it, and the client falls back itself.
   */
  async #recoverLostScripts(connection: Redis, plans: (Plan | undefined)[], replies: (Reply | undefined)[]) {
    const first = replies.findIndex((reply, i) => isNoScript(reply) && plans[i]?.fallback);
    if (first === -1) return;
    const rest = replies
      .slice(first)
      .map((reply, offset) => ({ reply, plan: plans[first + offset], i: first + offset }));
    if (!rest.every(({ reply, plan }) => reply === undefined || (isNoScript(reply) && plan?.fallback)))
      return;
    const retries = rest.filter(({ plan }) => plan?.fallback);
    const again = await Promise.all(
      retries.map(({ plan }) => this.#send(connection, plan?.fallback as Command)),
    );
    retries.forEach(({ i }, k) => {
      replies[i] = again[k];
    });
  }

  /**
   * `POST /multi-exec`: MULTI, the commands, EXEC on a connection no one else uses meanwhile. A command
   * Redis rejects while queueing discards the whole transaction (one error, as Upstash answers); one
   * failing while EXEC runs gets its own error and the others still apply, as in Redis.
   */
  async transaction(commands: Command[]): Promise<Outcome[]> {
    commands.forEach((command, i) => {
      const refused = refusal(command);
      if (refused)
        throw new BridgeError(400, `ERR transaction discarded: command ${i + 1}: ${refused.slice(4)}`);
    });
    const plans = commands.map((command) => this.#scripts.plan(command, true));
    const connection = await this.#pool.acquire();
    let reusable = false;
    try {
      const begun = this.#send(connection, ["MULTI"]);
      const queued = plans.map((plan) => this.#send(connection, plan.send));
      const exec = this.#send(connection, ["EXEC"]);
      const [, queueReplies, execReply] = await Promise.all([begun, Promise.all(queued), exec]);
      reusable = true;
      if (!execReply.ok) {
        const cause = queueReplies.find((reply) => !reply.ok);
        const detail = cause && !cause.ok ? `: ${cause.error.message}` : "";
        throw new BridgeError(400, `${execReply.error.message.replace(/\.$/, "")}${detail}`);
      }
      const results = execReply.value as unknown[];
      return results.map((value, i) =>
        toOutcome(value instanceof Error ? { ok: false, error: value } : { ok: true, value }, plans[i]),
      );
    } finally {
      if (reusable) this.#pool.release(connection);
      else this.#pool.discard(connection);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([shutdown(this.#shared), this.#pool.close()]);
  }
}
