// Session tokens at rest as SHA-256, like API keys and automation tokens. better-auth (1.7) keeps
// each session's token in clear in `sessions.token` and looks the cookie's token up by equality, so
// a copy of the database (a dump, a backup, a read replica) would hand out live admin sessions.
// This wraps the database adapter: every token better-auth writes or searches for is replaced by
// `h1:<hex sha-256>` on the way in, and rows coming back carry the caller's own token again, so
// better-auth's code (signed cookies, findSessions' matching by token) runs unchanged.
//
// Rows found by something else (list-sessions, by user) carry the stored hash: it identifies the
// session to revoke-session (a value that is already a hash is not hashed again), but it is no
// cookie — a cookie must hold a token that hashes to a stored value, signed with the app secret.
// Sessions created before this wrapper hold clear tokens that no longer match: they end once.
import { hashApiKey } from "@edgegate/shared/api-key";
import type { drizzleAdapter } from "better-auth/adapters/drizzle";

type AdapterFactory = ReturnType<typeof drizzleAdapter>;
type Adapter = ReturnType<AdapterFactory>;
interface Clause {
  field: string;
  value: unknown;
}
type Row = Record<string, unknown> | null;

const PREFIX = "h1:";
const SESSION = "session";

export async function storedSessionToken(token: string): Promise<string> {
  return token.startsWith(PREFIX) ? token : PREFIX + (await hashApiKey(token));
}

/** Hashes the token values in `where`; returns the new clauses and hash → caller's token. */
async function hashWhere<W extends Clause[] | undefined>(where: W): Promise<[W, Map<string, string>]> {
  const originals = new Map<string, string>();
  if (!where) return [where, originals];
  const hashOne = async (value: unknown) => {
    if (typeof value !== "string") return value;
    const stored = await storedSessionToken(value);
    originals.set(stored, value);
    return stored;
  };
  const out = await Promise.all(
    where.map(async (clause) =>
      clause.field !== "token"
        ? clause
        : {
            ...clause,
            value: Array.isArray(clause.value)
              ? await Promise.all(clause.value.map(hashOne))
              : await hashOne(clause.value),
          },
    ),
  );
  return [out as W, originals];
}

function restore<T>(row: T, originals: Map<string, string>): T {
  const r = row as Row;
  if (r && typeof r.token === "string" && originals.has(r.token))
    return { ...r, token: originals.get(r.token) } as T;
  return row;
}

export function hashSessionTokens(factory: AdapterFactory): AdapterFactory {
  return (options) => wrap(factory(options));
}

function wrap(adapter: Adapter): Adapter {
  return {
    ...adapter,
    // better-auth runs some writes through the adapter its transaction hands out (with
    // `transaction: false`, the unwrapped adapter itself): that one hashes too.
    transaction: (cb) => adapter.transaction((trx) => cb(wrap(trx as Adapter))),
    async create<T extends Record<string, unknown>, R = T>(args: {
      model: string;
      data: Omit<T, "id">;
      select?: string[];
      forceAllowId?: boolean;
    }) {
      const data = args.data as Record<string, unknown>;
      if (args.model !== SESSION || typeof data.token !== "string") return adapter.create<T, R>(args);
      const stored = await storedSessionToken(data.token);
      const created = await adapter.create<T, R>({
        ...args,
        data: { ...data, token: stored } as unknown as Omit<T, "id">,
      });
      return restore(created, new Map([[stored, data.token]]));
    },
    async findOne<T>(args: Parameters<Adapter["findOne"]>[0]) {
      if (args.model !== SESSION) return adapter.findOne<T>(args);
      const [where, originals] = await hashWhere(args.where);
      return restore(await adapter.findOne<T>({ ...args, where }), originals);
    },
    async findMany<T>(args: Parameters<Adapter["findMany"]>[0]) {
      if (args.model !== SESSION) return adapter.findMany<T>(args);
      const [where, originals] = await hashWhere(args.where);
      const rows = await adapter.findMany<T>({ ...args, where });
      return rows.map((row) => restore(row, originals));
    },
    async count(args) {
      if (args.model !== SESSION) return adapter.count(args);
      const [where] = await hashWhere(args.where);
      return adapter.count({ ...args, where });
    },
    async update(args) {
      if (args.model !== SESSION) return adapter.update(args);
      const [where, originals] = await hashWhere(args.where);
      const update = args.update as Record<string, unknown>;
      if (typeof update.token === "string") {
        const stored = await storedSessionToken(update.token);
        originals.set(stored, update.token);
        update.token = stored;
      }
      return restore(await adapter.update({ ...args, where, update }), originals);
    },
    async updateMany(args) {
      if (args.model !== SESSION) return adapter.updateMany(args);
      const [where] = await hashWhere(args.where);
      return adapter.updateMany({ ...args, where });
    },
    async delete(args) {
      if (args.model !== SESSION) return adapter.delete(args);
      const [where] = await hashWhere(args.where);
      return adapter.delete({ ...args, where });
    },
    async deleteMany(args) {
      if (args.model !== SESSION) return adapter.deleteMany(args);
      const [where] = await hashWhere(args.where);
      return adapter.deleteMany({ ...args, where });
    },
  };
}
