// Turns connection and migration failures into one line that says what to do.
export function describePostgresError(error: unknown, databaseUrl: string): string {
  // drizzle wraps driver errors ("Failed query: …" + the SQL); the cause is what went wrong.
  const wrapped = error as { cause?: unknown; code?: string };
  const inner = wrapped.code === undefined && wrapped.cause instanceof Error ? wrapped.cause : error;
  const e = inner as { code?: string; message?: string; cause?: { message?: string } };
  let where = databaseUrl;
  try {
    const url = new URL(databaseUrl);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return `DATABASE_URL is not a valid URL ("${databaseUrl.slice(0, 40)}…"); expected postgres://user:pass@host:5432/db`;
  }
  switch (e.code) {
    case "ECONNREFUSED":
      return `nothing is listening at ${where}; start Postgres or set DATABASE_URL to a reachable server`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host in DATABASE_URL (${where}); check the hostname`;
    case "28P01":
    case "28000":
      return `Postgres refused the credentials in DATABASE_URL (${where}): ${e.message}`;
    case "3D000":
      return `database does not exist at ${where}: create it or fix DATABASE_URL`;
    default:
      return `Postgres error at ${where}${e.code ? ` [${e.code}]` : ""}: ${firstLine(e.message ?? String(error))}${e.cause?.message ? ` (${firstLine(e.cause.message)})` : ""}`;
  }
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}
