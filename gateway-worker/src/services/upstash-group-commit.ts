// Group commit for Upstash: the requests of one isolate share REST round trips.
//
// Each request keeps its own @upstash/redis client (its auto-pipelining gathers that request's
// commands into one `/pipeline` call); the client's HTTP goes through `UpstashGroupCommit`
// (installed with the client's public `use` middleware hook). While one call is in flight, the
// calls of every other request in the isolate queue; when it returns, everything queued goes out
// as ONE `/pipeline` call and each caller gets back exactly its own replies, per-command errors
// included (so @upstash/ratelimit's NOSCRIPT → EVAL fallback runs per caller). Idle, a call goes
// out at once: no timer, no added latency. Busy, N requests share one subrequest.
//
// workerd forbids touching one request's I/O objects (a fetch's Response, its body) from another
// request ("Cannot perform I/O on behalf of a different request"). So no request ever awaits
// another's fetch: each batch is SENT BY ONE OF ITS OWN MEMBERS, in that member's own context,
// and the others only receive plain JSON values through promises they created themselves.
// workerd runs the reaction to a promise resolved from another request's context in the context
// that created it (its cross-context promise handling), so the member chosen to send is woken in
// its own context. Every member keeps its request alive (waitUntil) until its replies arrive, so
// a member that is chosen to send is still there to do it, even if its client went away or its
// own deadline (REDIS_TIMEOUT_MS, enforced by the limiter) already made it fail open.
//
// Ordering and atomicity are those of separate calls: `/pipeline` runs commands in order but
// not as a transaction, and each caller's commands stay contiguous and in order. Calls that are
// not plain commands or pipelines (`/multi-exec`, streams, custom headers) go out on their own.
import { errors, type UpstashRequest, type UpstashResponse } from "@upstash/redis/cloudflare";

type Reply = UpstashResponse<unknown>;
type KeepAlive = (promise: Promise<unknown>) => void;

/**
 * A batch stops at this many commands or this many characters of JSON (Upstash refuses request
 * bodies over 1 MB); what does not fit waits for the next round trip, and while the queue is
 * that full, new calls go out on their own.
 */
export const MAX_BATCH_COMMANDS = 1_000;
export const MAX_BATCH_CHARS = 512 * 1024;

interface Entry {
  commands: unknown[][];
  /** The commands as a JSON array, serialized once. */
  json: string;
  /** Settles the caller's promise: its own replies, or the batch it is to send. */
  settle: (outcome: Reply[] | Lead) => void;
  fail: (error: unknown) => void;
}

/** Tells the first member of a batch to send it, in its own request's context. */
class Lead {
  constructor(readonly batch: Entry[]) {}
}

export class UpstashGroupCommit {
  #queue: Entry[] = [];
  #queuedCommands = 0;
  #queuedChars = 0;
  /** The batch in flight (or handed to its sender), and since when; null when idle. */
  #inFlight: { batch: Entry[]; since: number } | null = null;

  /**
   * @param capMs how long a batch's call may take before it is aborted (every member's commands
   *   then fail with the abort's TimeoutError); a sender that has not reported back within
   *   capMs + 1 s is presumed lost with its request, and the next caller takes over.
   */
  constructor(
    readonly url: string,
    readonly token: string,
    readonly capMs: number,
  ) {}

  /**
   * The replies to `request` (one reply for a single command, an array for a pipeline), or null
   * when it is not a call that can share a batch (the caller sends it itself).
   */
  request(request: UpstashRequest, keepAlive: KeepAlive): Promise<Reply | Reply[]> | null {
    const path = request.path ?? [];
    const single = path.length === 0;
    if (!(single || (path.length === 1 && path[0] === "pipeline"))) return null;
    if (request.headers || request.isStreaming || request.signal) return null;
    const commands = (single ? [request.body] : request.body) as unknown[][];
    if (!Array.isArray(commands) || commands.length === 0) return null;
    if (this.#queuedCommands + commands.length > MAX_BATCH_COMMANDS) return null;
    const json = JSON.stringify(commands);
    if (this.#queuedChars + json.length > MAX_BATCH_CHARS) return null;

    const entry = this.#enqueue(commands, json);
    const replies = entry.then((outcome) => (outcome instanceof Lead ? this.#lead(outcome) : outcome));
    keepAlive(replies.catch(() => {}));
    return single ? replies.then((r) => r[0] as Reply) : replies;
  }

  #enqueue(commands: unknown[][], json: string): Promise<Reply[] | Lead> {
    return new Promise<Reply[] | Lead>((settle, fail) => {
      const entry: Entry = { commands, json, settle, fail };
      const inFlight = this.#inFlight;
      if (inFlight && Date.now() - inFlight.since > this.capMs + 1_000) {
        // Its sender never reported back (its request was torn down): give up on that batch.
        const lost = new errors.UpstashError("group commit: the batch's sender was lost");
        for (const member of inFlight.batch) member.fail(lost);
        this.#inFlight = null;
      }
      if (this.#inFlight) {
        this.#queue.push(entry);
        this.#queuedCommands += commands.length;
        this.#queuedChars += json.length;
      } else {
        // Idle: this caller sends at once, its own commands only.
        const batch = [entry];
        this.#inFlight = { batch, since: Date.now() };
        settle(new Lead(batch));
      }
    });
  }

  /** Runs in the context of the batch's first member: sends it, then hands on the next one. */
  #lead(lead: Lead): Promise<Reply[]> {
    const batch = lead.batch;
    const own = new Promise<Reply[]>((settle, fail) => {
      // The leader's own replies now arrive through a promise of this context.
      (batch[0] as Entry).settle = settle as Entry["settle"];
      (batch[0] as Entry).fail = fail;
    });
    let count = 0;
    for (const member of batch) count += member.commands.length;
    const body =
      batch.length === 1 ? (batch[0] as Entry).json : `[${batch.map((e) => e.json.slice(1, -1)).join(",")}]`;
    fetch(`${this.url}/pipeline`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body,
      signal: AbortSignal.timeout(this.capMs),
    })
      .then(async (response) => {
        const text = await response.text();
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new errors.UpstashJSONParseError(text, { cause: error });
        }
        if (!response.ok) throw new errors.UpstashError(String((parsed as Reply).error));
        if (!Array.isArray(parsed) || parsed.length !== count) {
          throw new errors.UpstashError(`group commit: ${count} commands sent, unexpected reply`);
        }
        let offset = 0;
        for (const member of batch) {
          member.settle(parsed.slice(offset, offset + member.commands.length) as Reply[]);
          offset += member.commands.length;
        }
      })
      .catch((error: unknown) => {
        for (const member of batch) member.fail(error);
      })
      .finally(() => this.#next(lead));
    return own;
  }

  /** In the finished sender's context: the queue becomes the next batch, sent by its first member. */
  #next(finished: Lead): void {
    if (this.#inFlight?.batch !== finished.batch) return; // given up on as lost meanwhile
    let taken = 0;
    let commands = 0;
    let chars = 0;
    for (const entry of this.#queue) {
      const fits =
        commands + entry.commands.length <= MAX_BATCH_COMMANDS &&
        chars + entry.json.length <= MAX_BATCH_CHARS;
      if (taken > 0 && !fits) break;
      taken++;
      commands += entry.commands.length;
      chars += entry.json.length;
    }
    const batch = this.#queue.splice(0, taken);
    this.#queuedCommands -= commands;
    this.#queuedChars -= chars;
    if (batch.length === 0) {
      this.#inFlight = null;
      return;
    }
    this.#inFlight = { batch, since: Date.now() };
    (batch[0] as Entry).settle(new Lead(batch));
  }
}

const isolateGroupCommits = new Map<string, UpstashGroupCommit>();

/** The isolate's group commit for one Upstash endpoint, token and call cap. */
export function upstashGroupCommit(url: string, token: string, capMs: number): UpstashGroupCommit {
  const key = `${url}\n${token}\n${capMs}`;
  let found = isolateGroupCommits.get(key);
  if (!found) {
    found = new UpstashGroupCommit(url, token, capMs);
    isolateGroupCommits.set(key, found);
  }
  return found;
}
