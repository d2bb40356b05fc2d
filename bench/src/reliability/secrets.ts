// Secrets never at rest in clear: after the suite, every secret it handled (API keys, the
// automation token, the session token, the admin's password) is searched for, byte for byte, in
// a pg_dump of the suite's database, in everything the Worker logged, in the KV namespace and in
// every Redis key and value. Only hashes and display prefixes may be stored.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { Redis } from "@upstash/redis";
import type { Stack } from "./stack.ts";

export interface Secret {
  kind: string;
  value: string;
}

export interface ScanResult {
  /** Bytes (or entries) searched per place. */
  scanned: Record<string, number>;
  /** One line per secret found: "<kind> in <place>". Empty: nothing at rest in clear. */
  found: string[];
}

/** Finds which secrets occur in a stream of text, across chunk boundaries. */
class Finder {
  readonly hits = new Set<Secret>();
  bytes = 0;
  #tail = "";
  readonly #overlap: number;
  readonly secrets: Secret[];
  constructor(secrets: Secret[]) {
    this.secrets = secrets;
    this.#overlap = Math.max(...secrets.map((s) => s.value.length));
  }
  push(chunk: string): void {
    this.bytes += chunk.length;
    const text = this.#tail + chunk;
    for (const secret of this.secrets) if (text.includes(secret.value)) this.hits.add(secret);
    this.#tail = text.slice(-this.#overlap);
  }
}

async function scanStream(stream: NodeJS.ReadableStream, finder: Finder): Promise<void> {
  stream.setEncoding("utf8");
  for await (const chunk of stream) finder.push(chunk as string);
}

async function pgDump(databaseUrl: string, finder: Finder): Promise<void> {
  const child = spawn("pg_dump", ["--no-owner", databaseUrl], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await scanStream(child.stdout, finder);
  const code = await exited;
  if (code !== 0) throw new Error(`pg_dump failed (${code}): ${stderr.slice(0, 500)}`);
}

async function redisContents(stack: Stack, finder: Finder): Promise<number> {
  const redis = new Redis({
    url: stack.redisRestUrl,
    token: stack.redisToken,
    automaticDeserialization: false,
  });
  let cursor = "0";
  let keys = 0;
  do {
    const [next, names] = await redis.scan(cursor, { count: 500 });
    cursor = String(next);
    for (const name of names) {
      keys++;
      finder.push(`${name}\n`);
      const type = await redis.type(name);
      const value =
        type === "string"
          ? await redis.get(name)
          : type === "hash"
            ? await redis.hgetall(name)
            : type === "zset"
              ? await redis.zrange(name, 0, -1, { withScores: true })
              : type === "list"
                ? await redis.lrange(name, 0, -1)
                : type === "set"
                  ? await redis.smembers(name)
                  : `(${type})`;
      finder.push(`${JSON.stringify(value)}\n`);
    }
  } while (cursor !== "0");
  return keys;
}

export async function scanForSecrets(stack: Stack, secrets: Secret[]): Promise<ScanResult> {
  const scanned: Record<string, number> = {};
  const found: string[] = [];
  const place = async (name: string, fill: (finder: Finder) => Promise<number | undefined>) => {
    const finder = new Finder(secrets);
    const entries = await fill(finder);
    scanned[name] = entries ?? finder.bytes;
    for (const secret of finder.hits) found.push(`${secret.kind} in ${name}`);
  };
  await place("Postgres dump (bytes)", (f) => pgDump(stack.databaseUrl, f).then(() => undefined));
  await place("Worker logs (bytes)", (f) =>
    scanStream(createReadStream(stack.workerLogFile), f).then(() => undefined),
  );
  await place("KV entries", async (f) => {
    const entries = await stack.kvEntries();
    for (const entry of entries) f.push(`${entry.name}\n${entry.value}\n`);
    return entries.length;
  });
  await place("Redis keys", (f) => redisContents(stack, f));
  return { scanned, found };
}
