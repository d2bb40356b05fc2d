// Admin API test helpers (inside workerd): sign up users through better-auth, create
// organizations, and call /api with a session cookie or an automation token.
import { env } from "cloudflare:test";
import { members } from "../../src/db/schema/auth.ts";
import { platformOperators } from "../../src/db/schema/platform.ts";
import { callGateway, services } from "../helpers.ts";

export const ADMIN_ORIGIN = new URL(env.ADMIN_ORIGIN).origin;

export interface ApiInit {
  method?: string;
  body?: unknown;
  rawBody?: BodyInit;
  contentType?: string | null;
  cookie?: string;
  token?: string;
  origin?: string | null;
  ip?: string;
  headers?: Record<string, string>;
  /** Worker env overrides for this call (a different configuration, e.g. another Stripe key). */
  env?: Partial<Env>;
}

export async function api(path: string, init: ApiInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = init.method ?? (init.body !== undefined || init.rawBody !== undefined ? "POST" : "GET");
  if (init.cookie) headers.set("Cookie", init.cookie);
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.origin !== null && method !== "GET") headers.set("Origin", init.origin ?? ADMIN_ORIGIN);
  let body: BodyInit | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && init.contentType !== null)
    headers.set("Content-Type", init.contentType ?? "application/json");
  return callGateway(`/api${path}`, { method, headers, body, ip: init.ip ?? uniqueIp() }, init.env);
}

// Each test file is its own module with its own counter, and the files share one Redis: a counter
// starting at 0 everywhere gave concurrent files the same first IPs, and six sign-ups in a minute
// from one IP trip the limit. A random start per file keeps the files apart.
let ipCounter = (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % 62_500;
/** A different client IP per call, so better-auth's per-IP login limit never trips by accident. */
export function uniqueIp(): string {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}

export function sessionCookie(response: Response): string {
  const cookies = response.headers.getSetCookie();
  const session = cookies.find((c) => /session_token=/.test(c));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session.split(";")[0] as string;
}

export interface TestUser {
  email: string;
  userId: string;
  cookie: string;
}

export async function signUp(
  name = "Test user",
  email = `u-${crypto.randomUUID()}@example.test`,
): Promise<TestUser> {
  const response = await api("/auth/sign-up/email", {
    body: { email, password: "correct-horse-battery", name },
  });
  if (response.status !== 200) throw new Error(`sign-up failed ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { user: { id: string } };
  return { email, userId: body.user.id, cookie: sessionCookie(response) };
}

export async function createOrganization(user: TestUser): Promise<string> {
  const slug = `org-${crypto.randomUUID().slice(0, 12)}`;
  const response = await api("/auth/organization/create", {
    cookie: user.cookie,
    body: { name: `Org ${slug}`, slug },
  });
  if (response.status !== 200)
    throw new Error(`org create failed ${response.status}: ${await response.text()}`);
  const org = (await response.json()) as { id: string };
  return org.id;
}

/** An owner with an active organization. */
export async function ownerWithOrg(): Promise<TestUser & { organizationId: string }> {
  const user = await signUp();
  const organizationId = await createOrganization(user);
  return { ...user, organizationId };
}

/** A user who is a member of `organizationId` with `role`, with it active in their session. */
export async function memberWithRole(
  organizationId: string,
  role: "owner" | "admin" | "developer" | "viewer",
): Promise<TestUser> {
  const user = await signUp();
  await services()
    .database.db.insert(members)
    .values({ id: `mem_${crypto.randomUUID()}`, organizationId, userId: user.userId, role });
  const response = await api("/auth/organization/set-active", {
    cookie: user.cookie,
    body: { organizationId },
  });
  if (response.status !== 200)
    throw new Error(`set-active failed ${response.status}: ${await response.text()}`);
  return user;
}

export async function createKey(cookie: string, body: Record<string, unknown> = {}) {
  const response = await api("/keys", {
    cookie,
    body: { name: `key-${crypto.randomUUID()}`, scopes: ["*"], ...body },
  });
  if (response.status !== 201)
    throw new Error(`key create failed ${response.status}: ${await response.text()}`);
  return (await response.json()) as {
    key: string;
    apiKey: { id: string; name: string; displayPrefix: string };
  };
}

export interface ErrorJson {
  error: {
    code: string;
    message: string;
    requestId: string;
    docs: string;
    fields?: { path: string; message: string }[];
  };
}

export async function errorOf(response: Response): Promise<ErrorJson["error"]> {
  return ((await response.json()) as ErrorJson).error;
}

/**
 * Makes `userId` a platform operator by a grant (as another operator would in the console); the
 * OPERATOR_EMAILS path is tested with an env override. `grantedBy` is a made-up operator id.
 */
export async function grantOperator(userId: string): Promise<void> {
  await services()
    .database.db.insert(platformOperators)
    .values({ id: crypto.randomUUID(), userId, grantedBy: "usr_test_root_operator" });
}

/** A signed-in platform operator who also owns an organization of their own. */
export async function operatorWithOrg(): Promise<TestUser & { organizationId: string }> {
  const owner = await ownerWithOrg();
  await grantOperator(owner.userId);
  return owner;
}
