// `pnpm db:replay-dead-letters [DATABASE_URL]` — feeds the request events that reached the
// request-logs dead-letter queue (stored by its consumer in dead_letter_events) through the
// Worker's own request-logs consumer code, here in Node over a direct pg connection.
//
// Why a Node command and not a Worker route: replay is an operator action after an incident;
// it needs no queue (re-sending to Queues from outside needs Cloudflare API credentials) and no
// admin session, and running the consumer's code in-process keeps one definition of how events
// are validated, stored and counted. Idempotent: request ids deduplicate in request_logs, and
// replayed rows are marked so a second run re-sends nothing.

import { replayDeadLetters } from "@edgegate/gateway-worker/node";
import { describePostgresError } from "./postgres-errors.ts";
import { nodeWorkerServices } from "./worker-services-node.ts";

const databaseUrl = process.argv[2] ?? process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("db:replay-dead-letters: set DATABASE_URL (or pass the URL as an argument)");
  process.exit(1);
}
const node = nodeWorkerServices(databaseUrl, {
  retentionDays: Number(process.env.LOG_RETENTION_DAYS ?? "30"),
  poolSize: 2,
});
try {
  const result = await replayDeadLetters(node.services);
  console.log(`db:replay-dead-letters: replayed ${result.replayed}, failed ${result.failed}`);
  if (result.failed > 0) process.exitCode = 1;
} catch (error) {
  console.error(`db:replay-dead-letters: ${describePostgresError(error, databaseUrl)}`);
  process.exitCode = 1;
} finally {
  await node.close();
}
