// The real @upstash/redis and @upstash/ratelimit clients against the local Upstash bridge in front of
// the real local Redis (a logical database of its own), plus raw HTTP for what the clients never send.
import { createHash, randomUUID } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "../src/upstash-bridge.ts";

// Database 12: other suites use the low numbers; FLUSHDB here must not touch their keys.
const DB = 12;
const TOKEN = `test-${randomUUID()}`;
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

let bridge: UpstashBridge;
let direct: IORedis; // a plain RESP connection, to check what really landed in Redis
let redis: Redis; // the client as apps use it (auto-pipelining on, base64 replies)
let plain: Redis; // one command per request, no base64: makes request and command counts exact

beforeAll(async () => {
  direct = new IORedis(`redis://127.0.0.1:6379/${DB}`, { protocol: 2 });
  await direct.flushdb();
  bridge = await startUpstashBridge({ port: 0, redisUrl: `redis://127.0.0.1:6379/${DB}`, token: TOKEN });
  redis = new Redis({ url: bridge.url, token: TOKEN, enableTelemetry: false });
  plain = new Redis({
    url: bridge.url,
    token: TOKEN,
    enableTelemetry: false,
    enableAutoPipelining: false,
    responseEncoding: false,
  });
});
afterAll(async () => {
  await bridge?.close();
  await direct?.flushdb();
  direct?.disconnect();
});

/** Raw HTTP to the bridge, for headers and bodies the client never sends. */
async function call(path: string, body?: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${bridge.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as { result?: unknown; error?: string } };
}
const base64 = { "upstash-encoding": "base64" };
const b64 = (text: string) => Buffer.from(text).toString("base64");

/** Counts what one piece of work costs: HTTP requests to the bridge and commands it sent to Redis. */
async function cost(work: () => Promise<unknown>) {
  const before = bridge.stats();
  await work();
  const after = bridge.stats();
  return { requests: after.requests - before.requests, commands: after.commands - before.commands };
}

describe("data types through @upstash/redis", () => {
  it("strings: SET with EX/PX/NX, INCR/INCRBY, MSET/MGET", async () => {
    expect(await redis.set("s:a", "hello")).toBe("OK");
    expect(await redis.get("s:a")).toBe("hello");
    expect(await redis.set("s:a", "again", { nx: true })).toBeNull();
    await redis.set("s:ex", "v", { ex: 10 });
    expect(await redis.ttl("s:ex")).toBeGreaterThan(8);
    await redis.set("s:px", "v", { px: 5_000 });
    const pttl = await redis.pttl("s:px");
    expect(pttl).toBeGreaterThan(3_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
    expect(await redis.incr("s:n")).toBe(1);
    expect(await redis.incrby("s:n", 41)).toBe(42);
    expect(await redis.decr("s:n")).toBe(41);
    expect(await redis.mset({ "s:m1": "one", "s:m2": 2 })).toBe("OK");
    expect(await redis.mget("s:m1", "s:m2", "s:missing")).toEqual(["one", 2, null]);
  });

  it("hashes, sets, sorted sets and lists", async () => {
    expect(await redis.hset("h", { name: "ada", visits: 1 })).toBe(2);
    expect(await redis.hincrby("h", "visits", 2)).toBe(3);
    expect(await redis.hget("h", "name")).toBe("ada");
    expect(await redis.hgetall("h")).toEqual({ name: "ada", visits: 3 });
    expect(await redis.hdel("h", "name")).toBe(1);
    expect(await redis.hexists("h", "name")).toBe(0);

    expect(await redis.sadd("set", "a", "b", "c")).toBe(3);
    expect(await redis.sismember("set", "b")).toBe(1);
    expect(await redis.srem("set", "b")).toBe(1);
    expect((await redis.smembers("set")).sort()).toEqual(["a", "c"]);
    expect(await redis.scard("set")).toBe(2);

    await redis.zadd("z", { score: 1.5, member: "one" }, { score: 3, member: "three" });
    expect(await redis.zincrby("z", 1, "one")).toBe(2.5);
    expect(await redis.zscore("z", "one")).toBe(2.5);
    expect(await redis.zrange("z", 0, -1, { withScores: true })).toEqual(["one", 2.5, "three", 3]);
    expect(await redis.zrank("z", "three")).toBe(1);

    expect(await redis.rpush("l", "b", "c")).toBe(2);
    expect(await redis.lpush("l", "a")).toBe(3);
    expect(await redis.lrange("l", 0, -1)).toEqual(["a", "b", "c"]);
    expect(await redis.lpop("l")).toBe("a");
    expect(await redis.llen("l")).toBe(2);
    expect(await redis.lindex("l", -1)).toBe("c");
  });

  it("EXPIRE/TTL/PTTL/PERSIST, DEL/EXISTS", async () => {
    await redis.set("e:k", "v");
    expect(await redis.ttl("e:k")).toBe(-1);
    expect(await redis.expire("e:k", 100)).toBe(1);
    expect(await redis.ttl("e:k")).toBeGreaterThan(98);
    expect(await redis.pttl("e:k")).toBeGreaterThan(98_000);
    expect(await redis.persist("e:k")).toBe(1);
    expect(await redis.ttl("e:missing")).toBe(-2);
    await redis.set("e:k2", "v");
    expect(await redis.exists("e:k", "e:k2", "e:missing")).toBe(2);
    expect(await redis.del("e:k", "e:k2")).toBe(2);
    expect(await redis.exists("e:k")).toBe(0);
  });

  it("stores JSON objects and reads them back deserialized", async () => {
    const doc = { id: 7, tags: ["x", "y"], nested: { ok: true, none: null, text: 'quo"te' } };
    await redis.set("j:doc", doc);
    expect(await direct.get("j:doc")).toBe(JSON.stringify(doc));
    expect(await redis.get("j:doc")).toEqual(doc);
    await redis.hset("j:h", { profile: doc });
    expect(await redis.hget("j:h", "profile")).toEqual(doc);
    expect(await plain.get("j:doc")).toEqual(doc);
  });

  it("keeps unicode intact with and without base64, and binary bytes with base64", async () => {
    const text = "héllo wörld · 日本語 · 🌍🚀 · \u0000 · \\n";
    for (const client of [redis, plain]) {
      await client.set("u:text", text);
      expect(await client.get("u:text")).toBe(text);
    }
    expect(await direct.get("u:text")).toBe(text);

    const bytes = Buffer.from([0, 1, 2, 127, 128, 200, 254, 255, 0xc3, 0x28]); // not valid UTF-8
    expect((await call("/set/u:bin", bytes)).json).toEqual({ result: "OK" });
    expect(await direct.getBuffer("u:bin")).toEqual(bytes);
    const read = await call("/get/u:bin", undefined, base64);
    expect(Buffer.from(read.json.result as string, "base64")).toEqual(bytes);
  });

  it("passes a Redis error through: the client throws with its text", async () => {
    await expect(redis.exec(["NOSUCHCOMMAND", "x"])).rejects.toThrow(/ERR unknown command 'NOSUCHCOMMAND'/);
    await expect(plain.exec(["NOSUCHCOMMAND", "x"])).rejects.toThrow(/ERR unknown command 'NOSUCHCOMMAND'/);
    await redis.set("err:str", "v");
    await expect(plain.hget("err:str", "f")).rejects.toThrow(/WRONGTYPE/);
    const res = await call("/", JSON.stringify(["NOSUCHCOMMAND"]));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/^ERR unknown command 'NOSUCHCOMMAND'/);
  });
});

describe("pipelines and transactions", () => {
  it("pipeline(): one request, results in order, each command's error its own", async () => {
    const { requests } = await cost(async () => {
      const results = await plain
        .pipeline()
        .set("p:a", 1)
        .incr("p:a")
        .hget("p:a", "field")
        .get("p:a")
        .exec({ keepErrors: true });
      expect(results.map((r) => r.result)).toEqual(["OK", 2, undefined, 2]);
      expect(results[2]?.error).toMatch(/WRONGTYPE/);
    });
    expect(requests).toBe(1);
    await expect(plain.pipeline().set("p:b", 1).hget("p:b", "f").exec()).rejects.toThrow(
      /Command 2 \[ hget \]/,
    );
  });

  it("multi(): a command failing while EXEC runs gets its own error, the rest apply (Redis semantics)", async () => {
    const results = await plain
      .multi()
      .set("m:a", "1")
      .hget("m:a", "f")
      .incr("m:a")
      .exec({ keepErrors: true });
    expect(results[0]?.result).toBe("OK");
    expect(results[1]?.error).toMatch(/WRONGTYPE/);
    expect(results[2]?.result).toBe(2);
    expect(await direct.get("m:a")).toBe("2");
  });

  it("multi-exec: a command rejected while queueing discards the whole transaction", async () => {
    const res = await call("/multi-exec", JSON.stringify([["SET", "m:b", "1"], ["NOSUCHCOMMAND"]]));
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/^EXECABORT .*unknown command 'NOSUCHCOMMAND'/);
    expect(await direct.exists("m:b")).toBe(0);
    const refused = await call(
      "/multi-exec",
      JSON.stringify([
        ["SET", "m:b", "1"],
        ["SELECT", 1],
      ]),
    );
    expect(refused.status).toBe(400);
    expect(await direct.exists("m:b")).toBe(0);
  });

  it("multi(): transactions are isolated from concurrent traffic", async () => {
    const transactions = Array.from({ length: 40 }, () => redis.multi().incr("m:c").incr("m:c").exec());
    const singles = Array.from({ length: 40 }, () => redis.incr("m:c"));
    const results = (await Promise.all(transactions)) as [number, number][];
    await Promise.all(singles);
    for (const [first, second] of results) expect(second).toBe(first + 1);
    expect(await direct.get("m:c")).toBe("120");
  });
});

describe("Lua scripts", () => {
  it("eval, scriptLoad and evalsha for a plain script", async () => {
    const script = "return {tonumber(ARGV[1]) + 1, KEYS[1], {ARGV[2], false}}";
    expect(await redis.eval(script, ["k"], [41, "x"])).toEqual([42, "k", ["x", null]]);
    const sha = await redis.scriptLoad(script);
    expect(sha).toBe(sha1(script));
    expect(await redis.evalsha(sha, ["k2"], [1, "y"])).toEqual([2, "k2", ["y", null]]);
    expect(await redis.scriptExists(sha)).toEqual([1]);
  });

  it("runs `#!lua flags=allow-key-locking` scripts under the client's hash of the original text", async () => {
    const script = `#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1]) -- ${randomUUID()}`;
    const sha = sha1(script);
    await expect(plain.evalsha(sha, ["sc:n"], [1])).rejects.toThrow(/NOSCRIPT/); // never seen: Redis' answer
    expect(await plain.eval(script, ["sc:n"], [1])).toBe(1);
    // After that EVAL, EVALSHA of the original hash is one request and one Redis command.
    expect(await cost(async () => expect(await plain.evalsha(sha, ["sc:n"], [1])).toBe(2))).toEqual({
      requests: 1,
      commands: 1,
    });

    const loaded = `#!lua flags=allow-key-locking\nreturn "loaded" -- ${randomUUID()}`;
    expect(await plain.scriptLoad(loaded)).toBe(sha1(loaded));
    expect(await plain.scriptExists(sha1(loaded))).toEqual([1]);
    expect(await plain.evalsha(sha1(loaded), [], [])).toBe("loaded");

    // Other flags survive the stripping: a no-writes script still may not write.
    const readOnly = `#!lua flags=no-writes,allow-key-locking\nreturn redis.call("SET", KEYS[1], "x")`;
    await expect(plain.eval(readOnly, ["sc:ro"], [])).rejects.toThrow(/Write commands are not allowed/);
  });

  it("recovers when Redis loses the stripped script, without reordering a pipeline", async () => {
    const script = `#!lua flags=allow-key-locking\nreturn redis.call("INCR", KEYS[1]) -- ${randomUUID()}`;
    const sha = sha1(script);
    expect(await plain.eval(script, ["sl:n"], [])).toBe(1);

    await direct.script("FLUSH"); // behind the bridge's back, as a Redis restart would
    expect(await cost(async () => expect(await plain.evalsha(sha, ["sl:n"], [])).toBe(2))).toEqual({
      requests: 1,
      commands: 2, // the NOSCRIPT EVALSHA and the EVAL that replaced it
    });
    expect(await cost(() => plain.evalsha(sha, ["sl:n"], []))).toEqual({ requests: 1, commands: 1 });

    // Nothing ran after the lost scripts: retried in place, in order.
    await direct.script("FLUSH");
    const batch = await plain
      .pipeline()
      .set("sl:x", "1")
      .evalsha(sha, ["sl:n"], [])
      .evalsha(sha, ["sl:n"], [])
      .exec();
    expect(batch).toEqual(["OK", 4, 5]);

    // A command already ran after the lost script: Redis' NOSCRIPT goes back rather than reorder.
    await direct.script("FLUSH");
    const mixed = await plain.pipeline().evalsha(sha, ["sl:n"], []).incr("sl:n").exec({ keepErrors: true });
    expect(mixed[0]?.error).toMatch(/NOSCRIPT/);
    expect(mixed[1]?.result).toBe(6);

    // SCRIPT FLUSH through the bridge forgets the mapping too: the client gets NOSCRIPT, as from Redis.
    expect(await plain.eval(script, ["sl:n"], [])).toBe(7);
    await plain.scriptFlush();
    await expect(plain.evalsha(sha, ["sl:n"], [])).rejects.toThrow(/NOSCRIPT/);
  });
});

// Long windows so a burst never straddles a window boundary; the wait covers the rare case it would.
const WINDOW = 60_000;
async function awayFromWindowEdge() {
  const untilEdge = WINDOW - (Date.now() % WINDOW);
  if (untilEdge < 2_000) await new Promise((resolve) => setTimeout(resolve, untilEdge + 50));
}

const limiters = {
  slidingWindow: () => Ratelimit.slidingWindow(5, "60 s"),
  tokenBucket: () => Ratelimit.tokenBucket(1, "60 s", 5),
  fixedWindow: () => Ratelimit.fixedWindow(5, "60 s"),
};

describe.each(Object.entries(limiters))("@upstash/ratelimit %s (limit 5)", (_name, limiter) => {
  const ratelimit = (client: Redis) =>
    new Ratelimit({ redis: client, limiter: limiter(), prefix: `rl:${randomUUID()}`, ephemeralCache: false });

  beforeEach(awayFromWindowEdge);

  it("allows exactly 5 of 30 concurrent requests (auto-pipelined and one-per-request clients)", async () => {
    for (const client of [redis, plain]) {
      const rl = ratelimit(client);
      const results = await Promise.all(Array.from({ length: 30 }, () => rl.limit("user")));
      expect(results.filter((r) => r.success)).toHaveLength(5);
      expect(results.every((r) => r.reason === undefined)).toBe(true); // answered by Redis, not a timeout
    }
  });

  it("reports limit, remaining and reset", async () => {
    const rl = ratelimit(redis);
    const before = Date.now();
    const first = await rl.limit("user");
    expect(first).toMatchObject({ success: true, limit: 5, remaining: 4 });
    expect(first.reset).toBeGreaterThan(before);
    expect(first.reset).toBeLessThanOrEqual(Date.now() + WINDOW);
    expect((await rl.limit("user")).remaining).toBe(3);
  });

  it("costs one EVALSHA per check in the steady state", async () => {
    for (const client of [redis, plain]) {
      const rl = ratelimit(client);
      await rl.limit("warm-up"); // the first check may EVALSHA, get NOSCRIPT and EVAL
      const monitor = await direct.monitor();
      const seen: string[] = [];
      monitor.on("monitor", (_time: string, args: string[], source: string, database: string) => {
        // Commands a script runs show up with source "lua"; only what the bridge sent counts.
        if (Number(database) === DB && source !== "lua") seen.push(String(args[0]).toLowerCase());
      });
      const spent = await cost(async () => {
        for (let i = 0; i < 4; i++) expect((await rl.limit("user")).success).toBe(true);
      });
      await new Promise((resolve) => setTimeout(resolve, 100)); // let MONITOR catch up
      monitor.disconnect();
      expect(spent).toEqual({ requests: 4, commands: 4 });
      expect(seen).toEqual(["evalsha", "evalsha", "evalsha", "evalsha"]);
    }
  });
});

describe("HTTP protocol details", () => {
  it("encodes every reply string as base64 only when asked, numbers and null as they are", async () => {
    const nested = JSON.stringify(["EVAL", "return {1, 'a', {'b', false}, redis.status_reply('OK')}", 0]);
    const cases: [string, string, unknown, unknown][] = [
      ["/", JSON.stringify(["SET", "b:k", "v"]), b64("OK"), "OK"],
      ["/", JSON.stringify(["PING"]), b64("PONG"), "PONG"],
      ["/", JSON.stringify(["GET", "b:k"]), b64("v"), "v"],
      ["/", JSON.stringify(["GET", "b:missing"]), null, null],
      ["/", JSON.stringify(["INCR", "b:n"]), 1, 2],
      ["/", nested, [1, b64("a"), [b64("b"), null], b64("OK")], [1, "a", ["b", null], "OK"]],
    ];
    for (const [path, body, encoded, plainResult] of cases) {
      expect((await call(path, body, base64)).json).toEqual({ result: encoded });
      expect((await call(path, body)).json).toEqual({ result: plainResult });
    }
    const pipeline = await call("/pipeline", JSON.stringify([["PING"], ["HGET", "b:k", "f"]]), base64);
    expect(pipeline.json).toEqual([{ result: b64("PONG") }, { error: expect.stringMatching(/^WRONGTYPE/) }]);
  });

  it("supports the path form and the _token parameter", async () => {
    expect((await call("/set/pf:a/hello%20world")).json).toEqual({ result: "OK" });
    expect((await call("/get/pf:a")).json).toEqual({ result: "hello world" });
    expect((await call("/set/pf:b?EX=100", "body value")).json).toEqual({ result: "OK" });
    expect(await direct.get("pf:b")).toBe("body value");
    expect(await direct.ttl("pf:b")).toBeGreaterThan(98);
    const res = await fetch(`${bridge.url}/get/pf:a?_token=${TOKEN}`);
    expect(await res.json()).toEqual({ result: "hello world" });
  });

  it("answers 401 for a missing or wrong token, and the client throws", async () => {
    const missing = await fetch(bridge.url, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: expect.stringMatching(/Unauthorized/) });
    expect((await call("/", JSON.stringify(["PING"]), { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await call("/", JSON.stringify(["PING"]), { authorization: TOKEN })).status).toBe(401); // no "Bearer"
    const wrong = new Redis({ url: bridge.url, token: "wrong", enableTelemetry: false, retry: false });
    await expect(wrong.get("x")).rejects.toThrow(/Unauthorized/);
  });

  it("refuses malformed bodies with 400 and a JSON error, and keeps serving", async () => {
    const commandsBefore = bridge.stats().commands;
    const bad: [string, string][] = [
      ["/", "not json"],
      ["/", JSON.stringify({ command: "PING" })],
      ["/", "[]"],
      ["/", JSON.stringify(["SET", "k", { a: 1 }])],
      ["/", JSON.stringify(["SET", "k", ["nested"]])],
      ["/", JSON.stringify(["SET", "k", null])],
      ["/", JSON.stringify([42])],
      ["/pipeline", "[]"],
      ["/pipeline", JSON.stringify([["PING"], "PING"])],
      ["/multi-exec", JSON.stringify([["PING"], [{}]])],
      ["/", "[".repeat(200_000)],
    ];
    for (const [path, body] of bad) {
      const res = await call(path, body);
      expect(res.status, `${path} ${body.slice(0, 40)}`).toBe(400);
      expect(res.json.error).toMatch(/^ERR /);
    }
    const huge = await call("/", JSON.stringify(["SET", "k", "x".repeat(2 * 1024 * 1024)]));
    expect([400, 413]).toContain(huge.status);
    expect(huge.json.error).toMatch(/size/);
    expect(bridge.stats().commands).toBe(commandsBefore); // none of it reached Redis
    expect((await call("/", JSON.stringify(["PING"]))).json).toEqual({ result: "PONG" });
    expect(await redis.ping()).toBe("PONG");
  });

  it("answers 404 for unknown paths, 405 for wrong methods, and refuses connection-state commands", async () => {
    expect((await call("/no-such-thing/here")).status).toBe(404);
    expect((await call("/pipeline")).status).toBe(405); // GET
    const select = await call("/", JSON.stringify(["SELECT", 0]));
    expect(select.status).toBe(400);
    expect(select.json.error).toMatch(/SELECT is not supported/);
    expect((await call("/", JSON.stringify(["DBSIZE"]))).status).toBe(200);
  });

  it("counts HTTP requests and Redis commands", async () => {
    expect(await cost(() => plain.set("c:k", "v"))).toEqual({ requests: 1, commands: 1 });
    expect(await cost(() => plain.multi().set("c:k", "v").get("c:k").exec())).toEqual({
      requests: 1,
      commands: 4, // MULTI, two commands, EXEC
    });
  });
});
