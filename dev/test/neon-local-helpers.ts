// Shared by neon-local.test.ts: a throwaway database with the two local Neon endpoints in front of it,
// and the hostile-input cases (kept here so the main test file stays readable).
import { connect } from "node:net";
import { Client, neon } from "@neondatabase/serverless";
import pg from "pg";
import { expect, it } from "vitest";
import { WebSocket } from "ws";
import { type NeonHttpEndpoint, startNeonHttpEndpoint } from "../src/neon-http.ts";
import { type NeonWsRelay, startNeonWsRelay } from "../src/neon-ws-relay.ts";

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface LocalNeon {
  dbUrl: string;
  http: NeonHttpEndpoint;
  relay: NeonWsRelay;
  tearDown(): Promise<void>;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client(ADMIN_URL);
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function setUpLocalNeon(database: string): Promise<LocalNeon> {
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${database}`);
  const dbUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  const setup = new pg.Client(dbUrl);
  await setup.connect();
  await setup.query(`
    CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
    CREATE TABLE typed (i int, big bigint, num numeric, flag boolean, at timestamptz, doc jsonb,
                        tags text[], id uuid, data bytea, nothing text);
    CREATE TABLE drizzle_notes (id serial PRIMARY KEY, title text NOT NULL, stars int NOT NULL DEFAULT 0);`);
  await setup.end();
  const http = await startNeonHttpEndpoint({ postgresUrl: ADMIN_URL });
  const relay = await startNeonWsRelay({ allowedTargets: ["127.0.0.1:5432"] });
  return {
    dbUrl,
    http,
    relay,
    tearDown: async () => {
      await Promise.all([http.close(), relay.close()]);
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  return { status: res.status, message: ((await res.json()) as { message?: string }).message };
}

/** Resolves with what a raw WebSocket to the relay ended in: its handshake status or close code. */
function wsOutcome(
  url: string,
  send?: (ws: WebSocket) => void,
): Promise<{ status?: number; close?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode }));
    ws.on("open", () => send?.(ws));
    ws.on("close", (code) => resolve({ close: code }));
    ws.on("error", () => {});
  });
}

async function activeQueries(dbUrl: string, like: string): Promise<number> {
  const client = new pg.Client(dbUrl);
  await client.connect();
  const { rows } = await client.query(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
    [like],
  );
  await client.end();
  return rows[0].n as number;
}

export function hostileTests(env: () => LocalNeon): void {
  it("answers a non-JSON body, a wrong shape and missing headers with 400", async () => {
    const { http, dbUrl } = env();
    const headers = { "Neon-Connection-String": dbUrl };
    const notJson = await post(http.url, "SELECT 1", headers);
    expect(notJson.status).toBe(400);
    expect(notJson.message).toMatch(/not valid JSON/);
    const shape = await post(http.url, JSON.stringify({ queries: [{ params: [] }] }), headers);
    expect([shape.status, shape.message]).toEqual([
      400,
      'queries[0] must be an object with a string "query"',
    ]);
    const noHeader = await post(http.url, JSON.stringify({ query: "SELECT 1" }));
    expect([noHeader.status, noHeader.message]).toEqual([400, "missing Neon-Connection-String header"]);
    const badIso = await post(http.url, JSON.stringify({ queries: [] }), {
      ...headers,
      "Neon-Batch-Isolation-Level": "Chaos",
    });
    expect(badIso.status).toBe(400);
  });

  it("refuses connection strings that point at another host or port", async () => {
    const { dbUrl } = env();
    const elsewhere = neon(dbUrl.replace("127.0.0.1", "db.example.com"));
    await expect(elsewhere`SELECT 1`).rejects.toThrow(/403.*not allowed/);
    const otherPort = neon(dbUrl.replace(":5432", ":6379"));
    await expect(otherPort`SELECT 1`).rejects.toThrow(/403.*not allowed/);
    // "localhost" is the same configured server, spelled differently
    expect(await neon(dbUrl.replace("127.0.0.1", "localhost"))`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });

  it("relay refuses targets that are not allow-listed", async () => {
    const { relay, dbUrl } = env();
    expect(await wsOutcome(`${relay.url}?address=10.255.255.1:5432`)).toEqual({ status: 403 });
    expect(await wsOutcome(`${relay.url}?address=127.0.0.1:6379`)).toEqual({ status: 403 });
    expect(await wsOutcome(relay.url)).toEqual({ status: 400 });
    const client = new Client(dbUrl.replace("127.0.0.1", "db.example.com"));
    client.on("error", () => {});
    await expect(client.connect()).rejects.toThrow();
  });

  it("relay closes on text frames and garbage, and keeps serving", async () => {
    const { relay, dbUrl } = env();
    const target = `${relay.url}?address=127.0.0.1:5432`;
    expect(await wsOutcome(target, (ws) => ws.send("hello"))).toEqual({ close: 1003 });
    // Postgres rejects a nonsense startup packet and hangs up; the relay passes that on as a close.
    const garbage = await wsOutcome(target, (ws) => ws.send(Buffer.from([0, 0, 0, 8, 1, 2, 3, 4])));
    expect(garbage.close).toBeDefined();
    const client = new Client(dbUrl);
    await client.connect();
    expect((await client.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    await client.end();
  });

  it("survives garbage on the HTTP port", async () => {
    const { http, dbUrl } = env();
    await new Promise<void>((resolve) => {
      const socket = connect(http.port, "127.0.0.1", () => socket.end("\x00\xff GARBAGE /// HTTP/9\r\n\r\n"));
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    expect(await neon(dbUrl)`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });

  it("cancels the query of an HTTP client that disconnects mid-query", async () => {
    const { http, dbUrl } = env();
    const abort = new AbortController();
    const pending = fetch(http.url, {
      method: "POST",
      body: JSON.stringify({ query: "SELECT pg_sleep(5) /* http-abort */", params: [] }),
      headers: { "Neon-Connection-String": dbUrl },
      signal: abort.signal,
    }).catch((e: unknown) => e);
    await expect.poll(() => activeQueries(dbUrl, "%http-abort%")).toBe(1);
    abort.abort();
    expect(await pending).toMatchObject({ name: "AbortError" });
    // The endpoint cancelled the backend's query instead of letting it hold a connection for 5 s.
    await expect.poll(() => activeQueries(dbUrl, "%http-abort%"), { timeout: 2000 }).toBe(0);
    expect(await neon(dbUrl)`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });

  it("relay survives a WebSocket client vanishing mid-query", async () => {
    const { dbUrl } = env();
    const client = new Client(dbUrl);
    client.on("error", () => {});
    await client.connect();
    const running = client.query("SELECT pg_sleep(2) /* ws-vanish */").catch((e: unknown) => e);
    await expect.poll(() => activeQueries(dbUrl, "%ws-vanish%")).toBe(1);
    (client.connection.stream as unknown as { ws: { close(): void } }).ws.close();
    expect(await running).toBeInstanceOf(Error);
    const again = new Client(dbUrl);
    await again.connect();
    expect((await again.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    await again.end();
  });
}
