// The hostile-input table: requests a hostile (or careless) client sends to the admin API and
// /api/auth/*. Every one must answer 4xx in the error envelope — naming the field for a 400 —
// and store nothing (hostile-input.test.ts checks both). Grouped by the causes in issue 13.
import { encodeCursor } from "../../src/cursor.ts";

export interface HostileCase {
  name: string;
  method?: string;
  /** Below /api. */
  path: string;
  body?: unknown;
  /** Sent as-is instead of `body` (malformed JSON, duplicate keys, invalid UTF-8). */
  raw?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Defaults to the owner's session; "none" for sign-up and sign-in. */
  as?: "session" | "token" | "none";
  /** Defaults to 400. */
  status?: number;
  /** The field a 400 must name (its path in `error.fields`), or a prefix ending in "*". */
  field?: string;
}

const UUID = "0193a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b";
const RANGE = "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z";
const q = (value: string) => encodeURIComponent(value);
const cursor = (...values: unknown[]) => q(encodeCursor(values));
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
/** "caf" then the bytes 0xC3 0x28: not UTF-8 (a lead byte followed by a non-continuation). */
const invalidUtf8 = (prefix: string, suffix: string) =>
  new Uint8Array([...new TextEncoder().encode(prefix), 0xc3, 0x28, ...new TextEncoder().encode(suffix)]);
const email = () => `hostile-${crypto.randomUUID()}@example.test`;
const password = "correct-horse-battery";
const key = (extra: Record<string, unknown>) => ({
  name: `hostile ${crypto.randomUUID()}`,
  scopes: ["*"],
  ...extra,
});

export function hostileCases(): HostileCase[] {
  return [
    // 1. NUL reaching Postgres: path ids, cursors, query values, bodies (admin and better-auth).
    { name: "NUL in a key id (GET)", path: "/keys/key%00", field: "id" },
    {
      name: "NUL in a key id (PATCH)",
      method: "PATCH",
      path: "/keys/key%00",
      body: { name: "x" },
      field: "id",
    },
    { name: "NUL in a key id (DELETE)", method: "DELETE", path: "/keys/key%00", field: "id" },
    { name: "NUL as a key id (revoke)", method: "POST", path: "/keys/%00/revoke", field: "id" },
    { name: "NUL as a key id (rotate)", path: "/keys/%00/rotate", body: {}, field: "id" },
    {
      name: "NUL in a token id (revoke)",
      method: "POST",
      path: "/automation-tokens/tok%00/revoke",
      field: "id",
    },
    {
      name: "NUL in a key-name cursor",
      path: `/keys?sort=name&cursor=${cursor("a\u0000", "k")}`,
      field: "cursor",
    },
    {
      name: "NUL in a cursor's id",
      path: `/keys?cursor=${cursor("2026-01-01T00:00:00.000Z", "k\u0000")}`,
      field: "cursor",
    },
    { name: "NUL in a search", path: "/keys?q=%00", field: "q" },
    { name: "NUL in an audit filter", path: "/audit-logs?targetId=a%00b", field: "targetId" },
    { name: "NUL in a log filter", path: "/logs?keyId=%00", field: "keyId" },
    { name: "NUL in a key name", path: "/keys", body: key({ name: "a\u0000b" }), field: "name" },
    {
      name: "NUL in a JSON key",
      path: "/keys",
      raw: '{"na\\u0000me":"x","scopes":["*"]}',
      field: "na\u0000me",
    },
    {
      name: "NUL in organization/update name",
      path: "/auth/organization/update",
      body: { data: { name: "a\u0000b" } },
      field: "data.name",
    },
    { name: "NUL in update-user name", path: "/auth/update-user", body: { name: "a\u0000b" }, field: "name" },
    {
      name: "NUL in set-active id",
      path: "/auth/organization/set-active",
      body: { organizationId: "org\u0000" },
      field: "organizationId",
    },
    { name: "NUL in get-invitation id", path: "/auth/organization/get-invitation?id=%00", field: "id" },
    {
      name: "NUL in a request-log id",
      path: "/logs/0193a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6%00",
      field: "requestId",
    },

    // Forged cursors.
    { name: "cursor not base64url", path: "/keys?cursor=%21%21%21", field: "cursor" },
    { name: "cursor not JSON", path: `/keys?cursor=${q(btoa("not json"))}`, field: "cursor" },
    { name: "cursor not UTF-8", path: `/keys?cursor=${q(btoa("\xff\xfe"))}`, field: "cursor" },
    {
      name: "cursor of the wrong shape",
      path: `/keys?sort=name&cursor=${cursor(123, "k")}`,
      field: "cursor",
    },
    {
      name: "cursor with a time for a name sort",
      path: `/keys?sort=name&cursor=${cursor({ a: 1 })}`,
      field: "cursor",
    },
    { name: "cursor too long", path: `/keys?cursor=${"A".repeat(600)}`, field: "cursor" },
    { name: "audit cursor not a uuid", path: `/audit-logs?cursor=${cursor("1 or 1=1")}`, field: "cursor" },
    { name: "log cursor garbage", path: "/logs?cursor=garbage", field: "cursor" },
    { name: "log cursor with a bad id", path: `/logs?cursor=${cursor(1767225600000, "x")}`, field: "cursor" },

    // 3. Dates outside Postgres's range, in queries, cursors and bodies.
    {
      name: "analytics from in year 10000",
      path: "/analytics/summary?from=%2B010000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      field: "from",
    },
    {
      name: "analytics from in year 0",
      path: "/analytics/summary?from=0000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      field: "from",
    },
    {
      name: "analytics from in year -1",
      path: "/analytics/summary?from=-000001-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      field: "from",
    },
    {
      name: "analytics to in year 275760",
      path: "/analytics/timeseries?from=2026-01-01T00:00:00Z&to=%2B275760-09-13T00:00:00Z",
      field: "to",
    },
    { name: "logs from in year 10000", path: "/logs?from=%2B010000-01-01T00:00:00Z", field: "from" },
    {
      name: "logs cursor at 2^53-1 ms",
      path: `/logs?cursor=${cursor(9007199254740991, UUID)}`,
      field: "cursor",
    },
    {
      name: "logs cursor at year 10000",
      path: `/logs?cursor=${cursor(253402300800000, UUID)}`,
      field: "cursor",
    },
    {
      name: "logs cursor before 1970",
      path: `/logs?cursor=${cursor(-62198755200000, UUID)}`,
      field: "cursor",
    },
    {
      name: "export cursor at 2^53-1 ms",
      path: `/logs/export?cursor=${cursor(9007199254740991, UUID)}`,
      field: "cursor",
    },
    {
      name: "export cursor at year 10000",
      path: `/logs/export?cursor=${cursor(253402300800000, UUID)}`,
      field: "cursor",
    },
    { name: "export from in year -1", path: "/logs/export?from=-000001-01-01T00:00:00Z", field: "from" },
    {
      name: "key cursor in year 10000",
      path: `/keys?cursor=${cursor("+010000-01-01T00:00:00.000Z", "k")}`,
      field: "cursor",
    },
    {
      name: "key cursor in year 0",
      path: `/keys?cursor=${cursor("0000-01-01T00:00:00.000Z", "k")}`,
      field: "cursor",
    },
    { name: "audit from in year 0", path: "/audit-logs?from=0000-01-01T00:00:00Z", field: "from" },
    {
      name: "key expiry in year 275760",
      path: "/keys",
      body: key({ expiresAt: "+275760-09-13T00:00:00.000Z" }),
      field: "expiresAt",
    },
    {
      name: "key expiry in year 10000",
      path: "/keys",
      body: key({ expiresAt: "10000-01-01T00:00:00Z" }),
      field: "expiresAt",
    },

    // 4. better-auth's own routes: deep objects, prototype keys, fields it cannot set, paging.
    {
      name: "organization/update 10,000 levels deep",
      path: "/auth/organization/update",
      raw: `{"data":${nestedObject(10_000)}}`,
      field: "data.*",
    },
    {
      name: "organization/update __proto__ key",
      path: "/auth/organization/update",
      raw: '{"data":{"__proto__":{"name":"x"}}}',
      field: "data.__proto__",
    },
    {
      name: "organization/update plan",
      path: "/auth/organization/update",
      body: { data: { plan: "ENTERPRISE" } },
      field: "data.plan",
    },
    {
      name: "organization/update subscriptionStatus",
      path: "/auth/organization/update",
      body: { data: { subscriptionStatus: "active" } },
      field: "data.subscriptionStatus",
    },
    {
      name: "organization/update stripeCustomerId",
      path: "/auth/organization/update",
      body: { data: { stripeCustomerId: "cus_hostile" } },
      field: "data.stripeCustomerId",
    },
    {
      name: "organization/update nothing to set",
      path: "/auth/organization/update",
      body: { data: {} },
      field: "data",
    },
    { name: "organization/update without data", path: "/auth/organization/update", body: {}, field: "data" },
    { name: "list-members negative limit", path: "/auth/organization/list-members?limit=-1", field: "limit" },
    {
      name: "list-members negative offset",
      path: "/auth/organization/list-members?offset=-5",
      field: "offset",
    },
    {
      name: "list-members sort by password",
      path: "/auth/organization/list-members?sortBy=password",
      field: "sortBy",
    },
    {
      name: "list-members filter by password",
      path: "/auth/organization/list-members?filterField=password&filterValue=x",
      field: "filterField",
    },
    { name: "list-members hex limit", path: "/auth/organization/list-members?limit=0x10", field: "limit" },
    { name: "list-members text limit", path: "/auth/organization/list-members?limit=abc", field: "limit" },
    {
      name: "list-members unknown operator",
      path: "/auth/organization/list-members?filterOperator=contains",
      field: "filterOperator",
    },

    // 5. The admin API's rules, applied to /api/auth/* too.
    {
      name: "org create: control char in name",
      path: "/auth/organization/create",
      body: { name: "a\u0007b", slug: "hostile-bel" },
      field: "name",
    },
    {
      name: "org create: 10,000-char name",
      path: "/auth/organization/create",
      body: { name: "x".repeat(10_000), slug: "hostile-long" },
      field: "name",
    },
    {
      name: "org create: <script> slug",
      path: "/auth/organization/create",
      body: { name: "Hostile", slug: "<script>alert(1)</script>" },
      field: "slug",
    },
    {
      name: "org create: javascript: logo",
      path: "/auth/organization/create",
      body: { name: "Hostile", slug: "hostile-logo", logo: "javascript:alert(1)" },
      field: "logo",
    },
    {
      name: "org create: userId (server-only)",
      path: "/auth/organization/create",
      body: { name: "Hostile", slug: "hostile-user", userId: "someone-else" },
      field: "userId",
    },
    {
      name: "org create: fullwidth slug",
      path: "/auth/organization/create",
      body: { name: "Hostile", slug: "ａcme" },
      field: "slug",
    },
    {
      name: "org update: <script> slug",
      path: "/auth/organization/update",
      body: { data: { slug: "<script>" } },
      field: "data.slug",
    },
    {
      name: "org update: javascript: logo",
      path: "/auth/organization/update",
      body: { data: { logo: "javascript:alert(1)" } },
      field: "data.logo",
    },
    {
      name: "org update: ANSI escape in name",
      path: "/auth/organization/update",
      body: { data: { name: "\u001b[31mred" } },
      field: "data.name",
    },
    {
      name: "update-user: javascript: image",
      path: "/auth/update-user",
      body: { image: "javascript:alert(1)" },
      field: "image",
    },
    {
      name: "update-user: http: image",
      path: "/auth/update-user",
      body: { image: "http://example.com/a.png" },
      field: "image",
    },
    {
      name: "update-user: SVG data image",
      path: "/auth/update-user",
      body: { image: "data:image/svg+xml;base64,PHN2Zz4=" },
      field: "image",
    },
    {
      name: "update-user: 20,000-char name",
      path: "/auth/update-user",
      body: { name: "x".repeat(20_000) },
      field: "name",
    },
    {
      name: "update-user: right-to-left override",
      path: "/auth/update-user",
      body: { name: "\u202egnp.exe" },
      field: "name",
    },
    {
      name: "update-user: unknown field",
      path: "/auth/update-user",
      body: { name: "Ok", emailVerified: true },
      field: "emailVerified",
    },
    {
      name: "check-slug: <script>",
      path: "/auth/organization/check-slug",
      body: { slug: "<script>" },
      field: "slug",
    },
    {
      name: "sign-up: 20,000-char name",
      path: "/auth/sign-up/email",
      as: "none",
      body: { name: "x".repeat(20_000), email: email(), password },
      field: "name",
    },
    {
      name: "sign-up: javascript: image",
      path: "/auth/sign-up/email",
      as: "none",
      body: { name: "Hostile", email: email(), password, image: "javascript:alert(1)" },
      field: "image",
    },
    {
      name: "sign-up: emailVerified",
      path: "/auth/sign-up/email",
      as: "none",
      body: { name: "Hostile", email: email(), password, emailVerified: true },
      field: "emailVerified",
    },
    {
      name: "sign-up: not an e-mail",
      path: "/auth/sign-up/email",
      as: "none",
      body: { name: "H", email: "x", password },
      field: "email",
    },
    {
      name: "PATCH organization: C1 control in name",
      method: "PATCH",
      path: "/organization",
      body: { name: "a\u0085b" },
      field: "name",
    },
    {
      name: "PATCH organization: Cyrillic look-alike slug",
      method: "PATCH",
      path: "/organization",
      body: { slug: "\u0430cme" },
      field: "slug",
    },
    {
      name: "PATCH organization: 101-char name",
      method: "PATCH",
      path: "/organization",
      body: { name: "x".repeat(101) },
      field: "name",
    },
    {
      name: "PATCH organization: logo (not a field)",
      method: "PATCH",
      path: "/organization",
      body: { logo: "https://x.test/a.png" },
      field: "logo",
    },
    {
      name: "key name: right-to-left override",
      path: "/keys",
      body: key({ name: "\u202egnp.exe" }),
      field: "name",
    },
    {
      name: "token name: NUL",
      path: "/automation-tokens",
      body: { name: "\u0000", role: "viewer" },
      field: "name",
    },
    {
      name: "invite: unknown role",
      path: "/auth/organization/invite-member",
      body: { email: email(), role: "superadmin" },
      field: "role",
    },
    {
      name: "invite: not an e-mail",
      path: "/auth/organization/invite-member",
      body: { email: "x@", role: "viewer" },
      field: "email",
    },
    {
      name: "accept-invitation: numeric id",
      path: "/auth/organization/accept-invitation",
      body: { invitationId: 123 },
      field: "invitationId",
    },
    {
      name: "update-member-role: NUL in role",
      path: "/auth/organization/update-member-role",
      body: { role: "owner\u0000", memberId: "m" },
      field: "role",
    },

    // 6. Loose parsing: invalid UTF-8, duplicate keys, hex and partial numbers, impossible dates.
    {
      name: "invalid UTF-8 in a key body",
      path: "/keys",
      raw: invalidUtf8('{"name":"caf', '","scopes":["*"]}'),
      field: "(body)",
    },
    {
      name: "invalid UTF-8 in organization/update",
      path: "/auth/organization/update",
      raw: invalidUtf8('{"data":{"name":"caf', '"}}'),
      field: "(body)",
    },
    {
      name: "lone surrogate in a key name",
      path: "/keys",
      raw: '{"name":"a\\ud800b","scopes":["*"]}',
      field: "name",
    },
    {
      name: "duplicate role on a token (viewer, then admin)",
      path: "/automation-tokens",
      raw: '{"name":"dup","role":"viewer","role":"admin"}',
      field: "role",
    },
    {
      name: "duplicate key spelled with an escape",
      path: "/keys",
      raw: '{"name":"a","\\u006eame":"b","scopes":["*"]}',
      field: "name",
    },
    {
      name: "duplicate key name",
      path: "/keys",
      raw: '{"name":"a","name":"b","scopes":["*"]}',
      field: "name",
    },
    {
      name: "duplicate org name",
      method: "PATCH",
      path: "/organization",
      raw: '{"name":"a","name":"b"}',
      field: "name",
    },
    {
      name: "duplicate email on sign-in",
      path: "/auth/sign-in/email",
      as: "none",
      raw: `{"email":"a@example.test","password":"x","email":"b@example.test"}`,
      field: "email",
    },
    {
      name: "duplicate nested key",
      path: "/auth/organization/update",
      raw: '{"data":{"name":"a","name":"b"}}',
      field: "data.name",
    },
    { name: "hex limit on keys", path: "/keys?limit=0x10", field: "limit" },
    { name: "exponent limit on audit", path: "/audit-logs?limit=1e2", field: "limit" },
    { name: "padded limit on logs", path: "/logs?limit=%2010", field: "limit" },
    { name: "hex limit on analytics", path: `/analytics/top-endpoints?${RANGE}&limit=0x10`, field: "limit" },
    { name: "hex maxRows on export", path: "/logs/export?maxRows=0x10", field: "maxRows" },
    {
      name: "February 30 on analytics",
      path: "/analytics/summary?from=2026-02-30T00:00:00Z&to=2026-03-05T00:00:00Z",
      field: "from",
    },
    { name: "February 30 on logs", path: "/logs?from=2026-02-30T00:00:00Z", field: "from" },
    { name: "February 30 on audit", path: "/audit-logs?from=2026-02-30T00:00:00Z", field: "from" },
    { name: "from=1&to=2 on analytics", path: "/analytics/status-codes?from=1&to=2", field: "from" },
    { name: "from=1 on logs", path: "/logs?from=1", field: "from" },
    { name: "to=2 on audit", path: "/audit-logs?to=2", field: "to" },
    { name: "date without a time", path: "/analytics/summary?from=2026-01-01&to=2026-01-02", field: "from" },
    { name: "time without a zone", path: "/logs?from=2026-01-01T00:00:00", field: "from" },
    {
      name: "from after to on audit",
      path: "/audit-logs?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      field: "to",
    },
    {
      name: "from after to on logs",
      path: "/logs?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      field: "to",
    },

    // Sizes, nesting, prototype keys, content types, paging, SQL and HTML meta-characters.
    {
      name: "body over 64 KB",
      path: "/keys",
      raw: JSON.stringify(key({ pad: "x".repeat(70_000) })),
      status: 413,
    },
    {
      name: "body over 64 KB to better-auth",
      path: "/auth/update-user",
      raw: JSON.stringify({ name: "x".repeat(70_000) }),
      status: 413,
    },
    {
      name: "10,000-deep array",
      path: "/keys",
      raw: `{"name":"deep","scopes":${nested(10_000)}}`,
      field: "scopes.*",
    },
    {
      name: "__proto__ key on a key",
      path: "/keys",
      raw: '{"__proto__":{"admin":true},"name":"p","scopes":["*"]}',
      field: "__proto__",
    },
    {
      name: "constructor key on a token",
      path: "/automation-tokens",
      raw: '{"constructor":{"prototype":{}},"name":"c","role":"viewer"}',
      field: "constructor",
    },
    {
      name: "prototype key on the organization",
      method: "PATCH",
      path: "/organization",
      raw: '{"prototype":{"name":"x"}}',
      field: "prototype",
    },
    {
      name: "text/plain body",
      path: "/automation-tokens",
      raw: '{"name":"t","role":"viewer"}',
      contentType: "text/plain",
      status: 415,
    },
    {
      name: "form body",
      path: "/keys",
      raw: "name=x&scopes=*",
      contentType: "application/x-www-form-urlencoded",
      status: 415,
    },
    {
      name: "form body to better-auth",
      path: "/auth/update-user",
      raw: "name=x",
      contentType: "application/x-www-form-urlencoded",
      status: 415,
    },
    { name: "malformed JSON", path: "/keys", raw: '{"name":', field: "(body)" },
    {
      name: "malformed JSON to better-auth",
      path: "/auth/organization/update",
      raw: "{data:",
      field: "(body)",
    },
    { name: "a JSON string, not an object", path: "/keys", raw: '"just a string"', field: "(json)" },
    { name: "unknown field on a key", path: "/keys", body: key({ plan: "ENTERPRISE" }), field: "plan" },
    {
      name: "owner automation token",
      path: "/automation-tokens",
      body: { name: "t", role: "owner" },
      field: "role",
    },
    { name: "huge limit", path: "/keys?limit=1000000", field: "limit" },
    { name: "negative limit", path: "/keys?limit=-1", field: "limit" },
    { name: "non-numeric limit", path: "/keys?limit=ten", field: "limit" },
    { name: "zero limit", path: "/audit-logs?limit=0", field: "limit" },
    { name: "limit over the log maximum", path: "/logs?limit=201", field: "limit" },
    { name: "unknown query parameter", path: "/keys?admin=true", field: "admin" },
    { name: "SQL in sort", path: `/keys?sort=${q("name; drop table api_keys")}`, field: "sort" },
    { name: "SQL in status", path: `/keys?status=${q("' or 1=1 --")}`, field: "status" },
    { name: "SQL in a request id", path: `/logs?requestId=${q("1' or '1'='1")}`, field: "requestId" },
    { name: "SQL in a log id path", path: `/logs/${q("1' or '1'='1")}`, field: "requestId" },
    { name: "HTML in a path prefix", path: `/logs?pathPrefix=${q("<script>")}`, field: "pathPrefix" },
    {
      name: "HTML in a scope",
      path: "/keys",
      body: key({ scopes: ["<script>alert(1)</script>"] }),
      field: "scopes.0",
    },
    {
      name: "SQL in an IP allowlist",
      path: "/keys",
      body: key({ ipAllowlist: ["1.2.3.4; drop table"] }),
      field: "ipAllowlist.0",
    },
    {
      name: "path traversal as a time zone",
      path: `/analytics/summary?${RANGE}&timeZone=${q("../../etc/passwd")}`,
      field: "timeZone",
    },
    { name: "overlong key filter", path: `/analytics/keys?${RANGE}&keyId=${"k".repeat(65)}`, field: "keyId" },
    {
      name: "rate limit as a string",
      path: "/keys",
      body: key({ rateLimitPerMinute: "1e9" }),
      field: "rateLimitPerMinute",
    },
    {
      name: "negative grace period",
      path: "/keys/key_missing/rotate",
      body: { gracePeriodSeconds: -1 },
      field: "gracePeriodSeconds",
    },
    {
      name: "a bearer token that is not one",
      path: "/keys",
      as: "none",
      headers: { Authorization: "Bearer x" },
      status: 401,
    },
    {
      name: "duplicate role via an automation token",
      path: "/automation-tokens",
      as: "token",
      raw: '{"name":"dup-token","role":"viewer","role":"admin"}',
      field: "role",
    },
  ];
}
