// One parse of the request path decides authorization (the scope's resource), the analytics
// path and the upstream URL, so they can never disagree. Anything that could make the upstream
// see a different path than the one authorized (dot segments, plain or encoded; encoded
// slashes or backslashes; empty segments; NUL and control bytes) is refused, never forwarded.
import { ApiError } from "@edgegate/shared/errors";

export const GATEWAY_PREFIX = "/v1";
const MAX_PATH_LENGTH = 2_048;
const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|(?=.*\d)[A-Za-z0-9_-]{20,})$/i;

export interface GatewayPath {
  /** The path exactly as received (still percent-encoded), e.g. /v1/users/42. */
  raw: string;
  /** The raw query string including "?", or "". */
  query: string;
  /** Scope resource: the first segment after the version, lower-cased ("" for /v1 itself). */
  resource: string;
  /** Path for logs and rollups with ids collapsed: /v1/users/:id. */
  normalized: string;
}

function badPath(reason: string): ApiError {
  return new ApiError("BAD_REQUEST", `The request path is not allowed: ${reason}.`);
}

/** Splits a request URL string without re-normalising it. */
function splitUrl(url: string): { path: string; query: string } {
  const afterScheme = url.indexOf("//");
  const pathStart = url.indexOf("/", afterScheme + 2);
  if (pathStart === -1) return { path: "/", query: "" };
  const rest = url.slice(pathStart);
  const hash = rest.indexOf("#");
  const withoutHash = hash === -1 ? rest : rest.slice(0, hash);
  const q = withoutHash.indexOf("?");
  return q === -1
    ? { path: withoutHash, query: "" }
    : { path: withoutHash.slice(0, q), query: withoutHash.slice(q) };
}

export function parseGatewayPath(url: string): GatewayPath {
  const { path, query } = splitUrl(url);
  if (path.length > MAX_PATH_LENGTH) throw badPath(`longer than ${MAX_PATH_LENGTH} characters`);
  if (path !== GATEWAY_PREFIX && !path.startsWith(`${GATEWAY_PREFIX}/`))
    throw badPath("outside the API prefix");
  if (path.includes("\\") || /%5c/i.test(path)) throw badPath("backslash");
  if (/%2f/i.test(path)) throw badPath("encoded slash");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/%00|[\u0000-\u001f\u007f]/i.test(path)) throw badPath("control character");

  const segments = path.slice(GATEWAY_PREFIX.length + 1).split("/");
  const trailingSlash = path.length > GATEWAY_PREFIX.length + 1 && path.endsWith("/");
  if (trailingSlash) segments.pop();
  const normalizedSegments: string[] = [];
  for (const [index, segment] of segments.entries()) {
    if (segment === "") {
      if (index === 0 && segments.length === 1) break; // "/v1/" or "/v1"
      throw badPath("empty segment (//)");
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw badPath("malformed percent-encoding");
    }
    if (decoded === "." || decoded === "..") throw badPath("dot segment");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(decoded)) throw badPath("control character");
    normalizedSegments.push(ID_SEGMENT.test(decoded) ? ":id" : segment.slice(0, 128));
  }
  const resource = segments[0] ? decodeURIComponent(segments[0]).toLowerCase() : "";
  return {
    raw: path,
    query,
    resource,
    normalized: `${GATEWAY_PREFIX}/${normalizedSegments.join("/")}`.slice(0, 512),
  };
}

// UPSTREAM_URL is one value per deployment: parsed once, not on every request.
let parsedBase: { base: string; origin: string; path: string } | null = null;

function upstreamBase(base: string) {
  if (parsedBase?.base !== base) {
    const url = new URL(base);
    parsedBase = { base, origin: url.origin, path: url.pathname.replace(/\/+$/, "") };
  }
  return parsedBase;
}

/** The upstream URL for `path`, guaranteed to stay under `base` (same origin, under its path). */
export function upstreamUrl(base: string, path: GatewayPath): URL {
  const { origin, path: basePath } = upstreamBase(base);
  const target = new URL(`${origin}${basePath}${path.raw}${path.query}`);
  if (target.origin !== origin || !target.pathname.startsWith(`${basePath}${GATEWAY_PREFIX}`)) {
    throw badPath("resolves outside the upstream base");
  }
  return target;
}
