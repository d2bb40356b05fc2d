// What the suite calls with: one organization per fault (so "usage = rows" is exact per fault),
// seeded straight into Postgres, and one admin who signs up through the Worker's own admin API
// (better-auth) and creates the soak's keys and an automation token there — so the secrets scan
// sees the real session, key and token flows.
import { randomBytes } from "node:crypto";
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from "@edgegate/shared/api-key";
import type pg from "pg";
import { ADMIN_ORIGIN } from "./stack.ts";

export interface SeededOrg {
  organizationId: string;
  /** A key with every scope and limits far above any load here. */
  key: string;
  /** A second key nobody has used yet (so its record is in no cache). */
  coldKey: string;
}

export const runId = randomBytes(4).toString("hex");

export async function seedOrg(db: pg.Pool, name: string): Promise<SeededOrg> {
  const organizationId = `org_rel_${runId}_${name}`;
  await db.query("INSERT INTO organizations (id, name, slug, plan) VALUES ($1, $2, $3, 'ENTERPRISE')", [
    organizationId,
    `Reliability ${name}`,
    `rel-${runId}-${name}`,
  ]);
  const keys: string[] = [];
  for (const role of ["hot", "cold"]) {
    const key = generateApiKey();
    await db.query(
      `INSERT INTO api_keys (id, organization_id, name, key_hash, display_prefix, scopes, rate_limit_per_minute, burst_limit)
       VALUES ($1, $2, $3, $4, $5, '{*}', 1000000000, 1000000000)`,
      [
        `key_rel_${runId}_${name}_${role}`,
        organizationId,
        role,
        await hashApiKey(key),
        apiKeyDisplayPrefix(key),
      ],
    );
    keys.push(key);
  }
  return { organizationId, key: keys[0] as string, coldKey: keys[1] as string };
}

export interface Admin {
  email: string;
  password: string;
  /** The session cookie header value, and the session token inside it. */
  cookie: string;
  sessionToken: string;
  organizationId: string;
  /** A viewer automation token (`egt_…`) for admin reads. */
  token: string;
  /** Keys created through POST /api/keys: high limits, and a tight per-minute limit. */
  validKey: string;
  limitedKey: string;
  limitedPerMinute: number;
}

/** A POST to the admin API as the SPA sends it (same origin, JSON, the session cookie). */
export async function post(url: string, path: string, body: unknown, cookie?: string): Promise<Response> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: ADMIN_ORIGIN,
      // Sign-ups are limited per client IP; a fresh one per run keeps reruns clear of it.
      "CF-Connecting-IP": `198.51.100.${Number.parseInt(runId.slice(0, 2), 16) % 250}`,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response;
}

export async function signUpAdmin(url: string, db: pg.Pool): Promise<Admin> {
  const email = `owner-${runId}@reliability.test`;
  const password = `Pw-${randomBytes(12).toString("hex")}`;
  const signUp = await post(url, "/api/auth/sign-up/email", { name: "Reliability owner", email, password });
  const setCookie = signUp.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (!setCookie) throw new Error("sign-up set no session cookie");
  const cookie = setCookie.split(";")[0] as string;
  // The cookie holds "<token>.<signature>", URL-encoded.
  const sessionToken = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".")[0] as string;
  const organization = (await (
    await post(
      url,
      "/api/auth/organization/create",
      { name: "Reliability", slug: `rel-admin-${runId}` },
      cookie,
    )
  ).json()) as { id: string };
  await post(url, "/api/auth/organization/set-active", { organizationId: organization.id }, cookie);
  // New organizations start on the free plan, whose monthly quota a long soak would exhaust; the
  // plan is what billing would set, so set it where billing does.
  await db.query("UPDATE organizations SET plan = 'ENTERPRISE' WHERE id = $1", [organization.id]);
  const createKey = async (body: Record<string, unknown>) =>
    ((await (await post(url, "/api/keys", body, cookie)).json()) as { key: string }).key;
  const limitedPerMinute = 30;
  const validKey = await createKey({
    name: "soak valid",
    scopes: ["*"],
    rateLimitPerMinute: 1_000_000,
    burstLimit: 100_000,
  });
  const limitedKey = await createKey({
    name: "soak limited",
    scopes: ["*"],
    rateLimitPerMinute: limitedPerMinute,
    burstLimit: 10,
  });
  const token = (
    (await (
      await post(url, "/api/automation-tokens", { name: "soak reader", role: "viewer" }, cookie)
    ).json()) as {
      token: string;
    }
  ).token;
  return {
    email,
    password,
    cookie,
    sessionToken,
    organizationId: organization.id,
    token,
    validKey,
    limitedKey,
    limitedPerMinute,
  };
}
