// Where tests find Postgres and Redis: their own database and Redis logical DB, so a test run
// never touches `pnpm dev` data. Override with TEST_DATABASE_URL / TEST_REDIS_URL.
export function testSettings() {
  return {
    databaseUrl: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/edgegate_test",
    redisUrl: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/2",
  };
}
