// `pnpm db:migrate [DATABASE_URL]` — for production use Neon's direct (non-pooled) URL.

import { migrateDatabase } from "./migrate.ts";
import { describePostgresError } from "./postgres-errors.ts";

const databaseUrl = process.argv[2] ?? process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "db:migrate: set DATABASE_URL (or pass the URL as an argument), e.g. postgres://postgres@127.0.0.1:5432/edgegate",
  );
  process.exit(1);
}
try {
  await migrateDatabase(databaseUrl);
  console.log(`db:migrate: ${new URL(databaseUrl).pathname.slice(1)} is up to date`);
} catch (error) {
  console.error(`db:migrate: ${describePostgresError(error, databaseUrl)}`);
  process.exit(1);
}
