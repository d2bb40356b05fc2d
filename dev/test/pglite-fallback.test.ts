// With no DATABASE_URL and no local server, `pnpm dev` runs on an embedded PGlite socket server:
// the migrations, the seed and the Neon driver's HTTP path must all work on it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateApiKey } from "@edgegate/shared/api-key";
import { configureNeonForLocal } from "@edgegate/shared/neon-local";
import { neon, neonConfig } from "@neondatabase/serverless";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "../src/migrate.ts";
import { startNeonHttpEndpoint } from "../src/neon-http.ts";
import { freePorts } from "../src/ports.ts";
import { DEMO, seedDemoData, seedDemoTrafficKeys } from "../src/seed.ts";
import { seedDemoTraffic } from "../src/seed-traffic.ts";
import { choosePostgres, type PostgresChoice } from "../src/services.ts";

describe("embedded PGlite fallback", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "edgegate-pglite-"));
  let choice: PostgresChoice | undefined;

  afterAll(async () => {
    await choice?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("is chosen when nothing else answers, and carries the schema, the seed and the Neon driver", async () => {
    const [port] = (await freePorts(1)) as [number];
    choice = await choosePostgres(dataDir, port, {
      configured: undefined,
      localUrl: "postgres://postgres@127.0.0.1:1/edgegate",
    });
    expect(choice.source).toBe("embedded PGlite");

    await migrateDatabase(choice.databaseUrl);
    await migrateDatabase(choice.databaseUrl);
    const demoKey = generateApiKey();
    const webhook = {
      url: "http://127.0.0.1:8789/hooks/demo",
      secret: `whsec_${"A".repeat(43)}=`,
      encryptionKey: Buffer.alloc(32, 7).toString("base64"),
    };
    await seedDemoData(choice.databaseUrl, demoKey, webhook);
    await seedDemoData(choice.databaseUrl, demoKey, webhook);

    // The first start's demo week runs on PGlite too (here at a tenth of its size).
    const keyIds = await seedDemoTrafficKeys(choice.databaseUrl);
    const traffic = { databaseUrl: choice.databaseUrl, organizationId: DEMO.organizationId, keyIds, days: 7 };
    expect(await seedDemoTraffic({ ...traffic, rows: 2_000 })).toBe(2_000);
    expect(await seedDemoTraffic({ ...traffic, rows: 2_000 })).toBe(0);

    const endpoint = await startNeonHttpEndpoint({ port: 0, postgresUrl: choice.databaseUrl });
    try {
      configureNeonForLocal(neonConfig, { httpEndpoint: endpoint.url });
      const sql = neon(choice.databaseUrl);
      const rows = await sql`select o.slug, count(k.id)::int as keys
        from organizations o join api_keys k on k.organization_id = o.id
        where o.id = ${DEMO.organizationId} group by o.slug`;
      expect(rows).toEqual([{ slug: DEMO.organizationSlug, keys: 4 }]);
      const logged =
        await sql`select count(*)::int as n from request_logs where organization_id = ${DEMO.organizationId}`;
      expect(logged).toEqual([{ n: 2_000 }]);
    } finally {
      await endpoint.close();
    }
    // PGlite (WebAssembly) applies every migration twice here: 53 s on a loaded 2-core machine.
  }, 90_000);
});
