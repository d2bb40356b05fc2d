// The Postgres side of the local SQL-over-HTTP endpoint (neon-http.ts): one pg pool per connection
// string, queries run the way Neon's proxy runs them, results and errors shaped like Neon's JSON.
import pg from "pg";

export interface NeonQuery {
  query: string;
  params: unknown[];
}

export interface ExecOptions {
  /** Neon-Raw-Text-Output: every value as Postgres' text, so the driver's own type parsers run. */
  rawText: boolean;
  /** Neon-Array-Mode: rows as arrays (the driver always asks for this) rather than objects. */
  arrayMode: boolean;
  /** Receives a function that cancels the request's query in flight (used when the HTTP client leaves). */
  onBackend?: (cancel: () => Promise<void>) => void;
}

export interface BatchOptions {
  isolationLevel?: string | undefined;
  readOnly?: boolean | undefined;
  deferrable?: boolean | undefined;
}

// Every value comes back exactly as Postgres sent it (text format); the client parses.
const rawTypes = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const ISOLATION: Record<string, string> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

/** The error fields the driver copies onto NeonDbError (its exported `errorFields`). */
const ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

/** A request the endpoint refuses before touching Postgres (bad header, forbidden host). */
export class RequestError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function beginStatement(opts: BatchOptions): string {
  const parts = ["BEGIN"];
  if (opts.isolationLevel !== undefined) {
    const level = ISOLATION[opts.isolationLevel];
    if (!level) throw new RequestError(400, `unknown Neon-Batch-Isolation-Level "${opts.isolationLevel}"`);
    parts.push(`ISOLATION LEVEL ${level}`);
  }
  if (opts.readOnly !== undefined) parts.push(opts.readOnly ? "READ ONLY" : "READ WRITE");
  if (opts.deferrable !== undefined) parts.push(opts.deferrable ? "DEFERRABLE" : "NOT DEFERRABLE");
  return parts.join(" ");
}

/** Without raw text output Neon returns JSON-native values for the types JSON can hold. */
function jsonValue(dataTypeID: number, text: string): unknown {
  switch (dataTypeID) {
    case 16: // bool
      return text === "t";
    case 21: // int2
    case 23: // int4
    case 26: // oid
      return Number(text);
    case 700: // float4
    case 701: // float8
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 114: // json
    case 3802: // jsonb
      return JSON.parse(text);
    default:
      return text;
  }
}

export function toNeonResult(result: pg.QueryArrayResult, opts: ExecOptions) {
  const fields = result.fields.map((f) => ({
    name: f.name,
    dataTypeID: f.dataTypeID,
    tableID: f.tableID,
    columnID: f.columnID,
    dataTypeSize: f.dataTypeSize,
    dataTypeModifier: f.dataTypeModifier,
    format: f.format,
  }));
  const rows = result.rows.map((row) => {
    const values = opts.rawText
      ? row
      : row.map((v, i) => (v === null ? null : jsonValue(fields[i]?.dataTypeID ?? 0, v as string)));
    return opts.arrayMode ? values : Object.fromEntries(fields.map((f, i) => [f.name, values[i]]));
  });
  return { fields, command: result.command, rowCount: result.rowCount, rows, rowAsArray: opts.arrayMode };
}

/** Postgres errors keep every field the driver knows, so NeonDbError.code is the real SQLSTATE. */
export function errorBody(error: unknown): { status: number; body: Record<string, unknown> } {
  if (error instanceof RequestError) return { status: error.status, body: { message: error.message } };
  const e = error as Record<string, unknown> & { message?: string };
  const body: Record<string, unknown> = { message: e?.message ?? String(error) };
  for (const key of ERROR_FIELDS) if (e?.[key] !== undefined) body[key] = e[key];
  // A database error is the client's business (400, which the driver turns into NeonDbError);
  // anything else (Postgres unreachable, a bug here) is the endpoint's (502).
  return { status: typeof body.code === "string" && /^[0-9A-Z]{5}$/.test(body.code) ? 400 : 502, body };
}

async function runOne(client: pg.PoolClient, q: NeonQuery, opts: ExecOptions) {
  const config = {
    text: q.query,
    values: q.params,
    rowMode: "array",
    types: rawTypes,
    queryMode: "extended",
  };
  // queryMode "extended" (pg ≥ 8.12, not in @types/pg): like Neon, one statement per query, even
  // without parameters, instead of pg's simple protocol that would accept "a; b".
  const result = await client.query(config as pg.QueryArrayConfig);
  return toNeonResult(result, opts);
}

export class PoolRegistry {
  #pools = new Map<string, pg.Pool>();
  #target: { host: string; port: number };
  #maxPools: number;

  constructor(target: { host: string; port: number }, maxPools = 16) {
    this.#target = target;
    this.#maxPools = maxPools;
  }

  /** The pool for a Neon-Connection-String, always pointed at the configured Postgres. */
  get(connectionString: string, allowHost: (host: string, port: number) => boolean): pg.Pool {
    let url: URL;
    try {
      url = new URL(connectionString);
    } catch {
      throw new RequestError(400, "Neon-Connection-String is not a valid URL");
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
      throw new RequestError(400, "Neon-Connection-String must be a postgres:// URL");
    }
    const port = Number(url.port || 5432);
    if (!allowHost(url.hostname, port)) {
      throw new RequestError(
        403,
        `connections to ${url.hostname}:${port} are not allowed by this local endpoint`,
      );
    }
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const database = decodeURIComponent(url.pathname.slice(1)) || user;
    const key = JSON.stringify([user, password, database]);
    let pool = this.#pools.get(key);
    if (!pool) {
      // A bounded registry: a stream of distinct connection strings must not open pools forever.
      if (this.#pools.size >= this.#maxPools) {
        const [oldestKey, oldest] = this.#pools.entries().next().value as [string, pg.Pool];
        this.#pools.delete(oldestKey);
        void oldest.end().catch(() => {});
      }
      pool = new pg.Pool({
        ...this.#target,
        user,
        password: password || undefined,
        database,
        application_name: url.searchParams.get("application_name") ?? "edgegate-neon-http",
        max: 10,
        idleTimeoutMillis: 30_000,
      });
      // An idle client dying (Postgres restarted) must not crash the endpoint; the pool replaces it.
      pool.on("error", () => {});
      this.#pools.set(key, pool);
    }
    return pool;
  }

  async closeAll(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
  }
}

/**
 * Runs one query, or a batch inside a single transaction (all or nothing), on a client checked out
 * for the whole request. `onBackend` receives a canceller so a disconnected HTTP client can stop it.
 */
export async function execute(
  pool: pg.Pool,
  work: { single: NeonQuery } | { batch: NeonQuery[]; options: BatchOptions },
  opts: ExecOptions,
): Promise<unknown> {
  const begin = "batch" in work ? beginStatement(work.options) : null;
  const client = await pool.connect();
  const pid = (client as unknown as { processID: number }).processID;
  let cancelling: Promise<void> | null = null;
  opts.onBackend?.(() => {
    // pg_cancel_backend runs on another connection. The client is not released until it finishes,
    // so the cancel cannot hit a later request that reuses this backend.
    cancelling ??= pool.query("SELECT pg_cancel_backend($1)", [pid]).then(
      () => {},
      () => {},
    );
    return cancelling;
  });
  let broken: Error | undefined;
  // A connection that dies while checked out but between queries (Postgres restarting, say) emits
  // "error" on the client, and pg-pool only listens while it is idle: unheard, that error would
  // crash the whole endpoint. Heard, the client is destroyed on release and the next request
  // gets a fresh connection.
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on("error", onError);
  try {
    if ("single" in work) return await runOne(client, work.single, opts);
    await client.query(begin as string);
    try {
      const results = [];
      for (const q of work.batch) results.push(await runOne(client, q, opts));
      await client.query("COMMIT");
      return { results };
    } catch (error) {
      await client.query("ROLLBACK").catch((e: Error) => {
        broken = e; // the connection is unusable: destroy it instead of returning it to the pool
      });
      throw error;
    }
  } catch (error) {
    if (!(error as { code?: unknown }).code) broken ??= error as Error;
    throw error;
  } finally {
    if (cancelling) await cancelling;
    client.off("error", onError);
    client.release(broken);
  }
}
