// Pipeline steps 5–6, which need no network: the IP allowlist and scopes, against the normalized
// path (numbered as in docs-site/content/gateway-internals.md).
import { ApiError } from "@edgegate/shared/errors";
import { isScopeGranted, scopeMethodFor } from "@edgegate/shared/scopes";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import type { KeyRecord } from "../services/key-store.ts";
import { isIpAllowed, type ParsedIp } from "./client-ip.ts";
import type { GatewayPath } from "./path.ts";

export function assertAuthorized(
  record: KeyRecord,
  ip: ParsedIp | null,
  method: string,
  path: GatewayPath,
): void {
  if (!isIpAllowed(record.ipAllowlist, ip)) {
    throw new ApiError(
      "IP_BLOCKED",
      ip ? `Requests from ${ip.toString()} are not allowed for this key.` : undefined,
    );
  }
  const scopeMethod = scopeMethodFor(method);
  if (!scopeMethod) throw new ApiError("METHOD_NOT_ALLOWED", `${method} is not supported by the gateway.`);
  if (!isScopeGranted(record.scopes, scopeMethod, path.resource)) {
    throw new ApiError("FORBIDDEN", `The API key lacks the scope "${scopeMethod}:${path.resource || "*"}".`);
  }
}

export const authorize = createMiddleware<AppEnv>(async (c, next) => {
  const state = c.get("gateway");
  assertAuthorized(state.record as KeyRecord, state.clientIp, c.req.method, state.path as GatewayPath);
  await next();
});
