// Header hygiene for both directions of the proxy.

/** RFC 9110 §7.6.1 hop-by-hop headers, plus the legacy ones proxies must not forward. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Request headers the caller must not be able to set for the upstream: the gateway sets its own. */
const SPOOFABLE_REQUEST_HEADERS = new Set([
  "x-api-key",
  "x-api-key-id",
  "x-organization-id",
  "x-request-id",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-real-ip",
  "true-client-ip",
  "forwarded",
  "host",
  "content-length",
]);

const NONE: ReadonlySet<string> = new Set();

function connectionNamed(headers: Headers): ReadonlySet<string> {
  const connection = headers.get("connection");
  if (!connection) return NONE; // the common case, both ways: nothing to split or allocate
  const named = new Set<string>();
  for (const token of connection.split(",")) {
    const name = token.trim().toLowerCase();
    if (name) named.add(name);
  }
  return named;
}

export function forwardRequestHeaders(
  incoming: Headers,
  gatewayHeaders: Record<string, string>,
  keyInAuthorization: boolean,
): Headers {
  const dropped = connectionNamed(incoming);
  const out = new Headers();
  for (const [name, value] of incoming) {
    if (HOP_BY_HOP.has(name) || dropped.has(name) || SPOOFABLE_REQUEST_HEADERS.has(name)) continue;
    if (name === "authorization" && keyInAuthorization) continue;
    if (name.startsWith("cf-")) continue; // Cloudflare's own metadata about the client connection
    out.append(name, value);
  }
  for (const [name, value] of Object.entries(gatewayHeaders)) out.set(name, value);
  return out;
}

export function forwardResponseHeaders(incoming: Headers): Headers {
  const dropped = connectionNamed(incoming);
  const out = new Headers();
  for (const [name, value] of incoming) {
    if (HOP_BY_HOP.has(name) || dropped.has(name)) continue;
    if (name === "set-cookie") continue; // appended below, one header per cookie
    out.append(name, value);
  }
  for (const cookie of incoming.getSetCookie()) out.append("set-cookie", cookie);
  return out;
}
