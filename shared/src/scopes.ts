// Scope grammar, shared by the gateway (enforcement), the admin API (validation) and the SPA
// (the scope picker):
//   scope    = "*" | method ":" resource
//   method   = "get" | "post" | "put" | "patch" | "delete" | "*"
//   resource = [a-z0-9][a-z0-9_-]{0,63} | "*"
// "*" grants everything; "get:*" reads every resource; "*:users" allows every method on users.
// HEAD needs `get`, the way it is a body-less GET. A request's resource is the first path segment
// after the version: GET /v1/users/42 needs `get:users`. The grammar's zod schema is in
// scope-schema.ts: the gateway imports this file at start-up, and zod's classic API stays off
// that path (gateway-worker/src/config.ts).

export const SCOPE_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type ScopeMethod = (typeof SCOPE_METHODS)[number];

export const SCOPE_PATTERN = /^(?:\*|(?:get|post|put|patch|delete|\*):(?:\*|[a-z0-9][a-z0-9_-]{0,63}))$/;
export const MAX_SCOPES = 100;

/** The scope method a request needs, or null for methods no scope can grant (e.g. TRACE). */
export function scopeMethodFor(httpMethod: string): ScopeMethod | null {
  const method = httpMethod.toLowerCase();
  if (method === "head") return "get";
  return (SCOPE_METHODS as readonly string[]).includes(method) ? (method as ScopeMethod) : null;
}

export function isScopeGranted(scopes: readonly string[], method: ScopeMethod, resource: string): boolean {
  for (const scope of scopes) {
    if (scope === "*") return true;
    const colon = scope.indexOf(":");
    const scopeMethod = scope.slice(0, colon);
    const scopeResource = scope.slice(colon + 1);
    if (
      (scopeMethod === "*" || scopeMethod === method) &&
      (scopeResource === "*" || scopeResource === resource)
    ) {
      return true;
    }
  }
  return false;
}
