// The real @neondatabase/serverless driver (and drizzle on top of it) against the local Neon endpoints
// and the real local Postgres: HTTP neon(), WebSocket Pool/Client, and hostile input.

import { configureNeonForLocal } from "@edgegate/shared/neon-local";
import { Client, NeonDbError, neon, neonConfig, Pool } from "@neondatabase/serverless";
import { sql as dsql, eq } from "drizzle-orm";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzleWs } from "drizzle-orm/neon-serverless";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileTests, type LocalNeon, setUpLocalNeon } from "./neon-local-helpers.ts";

let env: LocalNeon;
beforeAll(async () => {
  env = await setUpLocalNeon("edgegate_neon_local_test");
  configureNeonForLocal(neonConfig, { wsRelay: env.relay.url, httpEndpoint: env.http.url });
});
afterAll(async () => env?.tearDown());

const notes = pgTable("drizzle_notes", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  stars: integer("stars").notNull().default(0),
});

describe("neon() over the local HTTP endpoint", () => {
  it("runs parameterized queries (template and sql.query)", async () => {
    const sql = neon(env.dbUrl);
    expect(await sql`SELECT ${2}::int + ${3}::int AS sum, ${"it's"}::text AS t`).toEqual([
      { sum: 5, t: "it's" },
    ]);
    expect(await sql.query("SELECT $1::text || $2::text AS s", ["a", "b"])).toEqual([{ s: "ab" }]);
  });

  it("round-trips types through the driver's own parsers", async () => {
    const sql = neon(env.dbUrl);
    const at = new Date("2024-02-29T12:34:56.789Z");
    const uuid = "3f1c2b7e-8a4d-4c1e-9f00-0123456789ab";
    const bytes = Buffer.from([0, 1, 127, 128, 255]);
    const [row] = await sql`
      INSERT INTO typed (i, big, num, flag, at, doc, tags, id, data, nothing)
      VALUES (${42}, ${"9007199254740993"}, ${"12345.678900"}, ${true}, ${at}, ${JSON.stringify({ a: [1, { b: "c" }] })},
              ${["x", 'quo"te', "com,ma", "sp ace"]}, ${uuid}, ${bytes}, ${null})
      RETURNING *`;
    expect(row).toEqual({
      i: 42,
      big: "9007199254740993", // int8 stays a string, as with Neon
      num: "12345.678900",
      flag: true,
      at,
      doc: { a: [1, { b: "c" }] },
      tags: ["x", 'quo"te', "com,ma", "sp ace"],
      id: uuid,
      data: bytes,
      nothing: null,
    });
  });

  it("supports fullResults and arrayMode", async () => {
    const full = await neon(env.dbUrl, {
      fullResults: true,
    })`SELECT n, 'v' || n AS label FROM generate_series(1, 2) n`;
    expect(full.command).toBe("SELECT");
    expect(full.rowCount).toBe(2);
    expect(full.fields.map((f) => [f.name, f.dataTypeID])).toEqual([
      ["n", 23],
      ["label", 25],
    ]);
    expect(full.rows).toEqual([
      { n: 1, label: "v1" },
      { n: 2, label: "v2" },
    ]);
    expect(await neon(env.dbUrl, { arrayMode: true })`SELECT 1 AS a, 'b' AS b`).toEqual([[1, "b"]]);
  });

  it("surfaces Postgres errors with their SQLSTATE", async () => {
    const sql = neon(env.dbUrl);
    const syntax = await sql`SELEC 1`.catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(NeonDbError);
    expect(syntax).toMatchObject({ code: "42601", position: "1", severity: "ERROR" });
    await sql`INSERT INTO items (name) VALUES ('dup-http')`;
    const dup = await sql`INSERT INTO items (name) VALUES ('dup-http')`.catch((e: unknown) => e);
    expect(dup).toMatchObject({
      code: "23505",
      constraint: "items_name_key",
      table: "items",
      schema: "public",
    });
    expect((dup as NeonDbError).detail).toContain("dup-http");
  });

  it("commits sql.transaction() atomically", async () => {
    const sql = neon(env.dbUrl);
    const [, , count] = await sql.transaction([
      sql`INSERT INTO items (name) VALUES ('tx-a')`,
      sql`INSERT INTO items (name) VALUES ('tx-b')`,
      sql`SELECT count(*)::int AS n FROM items WHERE name LIKE 'tx-%'`,
    ]);
    expect(count).toEqual([{ n: 2 }]);
  });

  it("rolls back the whole transaction when its last query fails", async () => {
    const sql = neon(env.dbUrl);
    const before = env.http.stats().queries;
    const error = await sql
      .transaction([
        sql`INSERT INTO items (name) VALUES ('rb-a')`,
        sql`UPDATE items SET name = 'rb-renamed' WHERE name = 'tx-a'`,
        sql`SELECT 1 / 0`,
      ])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "22012" });
    expect(await sql`SELECT name FROM items WHERE name IN ('rb-a', 'rb-renamed', 'tx-a')`).toEqual([
      { name: "tx-a" },
    ]);
    expect(env.http.stats().queries - before).toBe(4);
  });

  it("honours isolation level and read-only options", async () => {
    const sql = neon(env.dbUrl);
    const [iso, ro] = await sql.transaction(
      [sql`SHOW transaction_isolation`, sql`SHOW transaction_read_only`],
      {
        isolationLevel: "Serializable",
        readOnly: true,
      },
    );
    expect([iso, ro]).toEqual([
      [{ transaction_isolation: "serializable" }],
      [{ transaction_read_only: "on" }],
    ]);
    const write = sql.transaction([sql`INSERT INTO items (name) VALUES ('ro')`], { readOnly: true });
    await expect(write).rejects.toMatchObject({ code: "25006" });
  });
});

describe("Pool and Client over the local WebSocket relay", () => {
  it("queries with a Client", async () => {
    const client = new Client(env.dbUrl);
    await client.connect();
    const { rows } = await client.query("SELECT $1::int * 2 AS x, now() AS at, $2::jsonb AS j", [
      21,
      { k: 1 },
    ]);
    expect(rows[0]).toMatchObject({ x: 42, j: { k: 1 } });
    expect(rows[0].at).toBeInstanceOf(Date);
    await client.end();
  });

  it("rolls back an interactive transaction", async () => {
    const pool = new Pool({ connectionString: env.dbUrl });
    const client = await pool.connect();
    await client.query("BEGIN");
    await client.query("INSERT INTO items (name) VALUES ('ws-tx')");
    expect((await client.query("SELECT count(*)::int AS n FROM items WHERE name = 'ws-tx'")).rows).toEqual([
      { n: 1 },
    ]);
    expect((await pool.query("SELECT count(*)::int AS n FROM items WHERE name = 'ws-tx'")).rows).toEqual([
      { n: 0 },
    ]);
    await client.query("ROLLBACK");
    client.release();
    expect((await pool.query("SELECT count(*)::int AS n FROM items WHERE name = 'ws-tx'")).rows).toEqual([
      { n: 0 },
    ]);
    await pool.end();
  });

  it("runs concurrent queries on a pool of 5", async () => {
    const pool = new Pool({ connectionString: env.dbUrl, max: 5 });
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.query("SELECT pg_backend_pid() AS pid, $1::int AS i, pg_sleep(0.05)", [i]),
      ),
    );
    const elapsed = performance.now() - started;
    expect(results.map((r) => r.rows[0].i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(new Set(results.map((r) => r.rows[0].pid)).size).toBe(5);
    expect(elapsed).toBeLessThan(20 * 50); // in parallel, not one after another
    await pool.end();
  });

  it("moves multi-megabyte messages both ways (relay backpressure)", async () => {
    const client = new Client(env.dbUrl);
    await client.connect();
    const down = await client.query("SELECT repeat('x', 1000000) AS s FROM generate_series(1, 20)");
    expect(down.rows.every((r) => r.s.length === 1_000_000)).toBe(true);
    const up = await client.query("SELECT length($1::text) AS n", ["y".repeat(5_000_000)]);
    expect(up.rows).toEqual([{ n: 5_000_000 }]);
    await client.end();
  });

  it("surfaces error codes", async () => {
    const pool = new Pool({ connectionString: env.dbUrl });
    await expect(pool.query("SELEC 1")).rejects.toMatchObject({ code: "42601" });
    await pool.query("INSERT INTO items (name) VALUES ('dup-ws')");
    await expect(pool.query("INSERT INTO items (name) VALUES ('dup-ws')")).rejects.toMatchObject({
      code: "23505",
      constraint: "items_name_key",
    });
    expect((await pool.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]); // the pool survived both
    await pool.end();
  });
});

describe("drizzle-orm on both paths", () => {
  it("drizzle-orm/neon-http: insert, select, update, batch", async () => {
    const db = drizzleHttp({ client: neon(env.dbUrl) });
    const [created] = await db.insert(notes).values({ title: "http note" }).returning();
    expect(created).toMatchObject({ title: "http note", stars: 0 });
    await db
      .update(notes)
      .set({ stars: 3 })
      .where(eq(notes.id, created?.id ?? -1));
    expect(await db.select().from(notes).where(eq(notes.title, "http note"))).toEqual([
      { ...created, stars: 3 },
    ]);
    const [, counted] = await db.batch([
      db.insert(notes).values({ title: "batched" }),
      db.select({ n: dsql<number>`count(*)::int` }).from(notes),
    ]);
    expect(counted[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it("drizzle-orm/neon-serverless: queries and a rolled-back transaction", async () => {
    const pool = new Pool({ connectionString: env.dbUrl });
    const db = drizzleWs({ client: pool });
    const [created] = await db.insert(notes).values({ title: "ws note", stars: 1 }).returning();
    await expect(
      db.transaction(async (tx) => {
        await tx.update(notes).set({ stars: 99 }).where(eq(notes.title, "ws note"));
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect(await db.select().from(notes).where(eq(notes.title, "ws note"))).toEqual([created]);
    await pool.end();
  });
});

describe("hostile input", () => {
  hostileTests(() => env);
});
