// The SSRF guard for webhook endpoint URLs, one rule set for the admin API (create/update), the
// queue consumer (again before every send) and the SPA's inline check. IP literals are judged by
// ipaddr.js's ranges, as the gateway's allowlists are: only globally routable unicast addresses
// pass; loopback only where local receivers are allowed (ENVIRONMENT development/test).
// Host names cannot be resolved here (Workers have no DNS API); Cloudflare's egress does not
// reach private networks, and names that only make sense inside one are refused outright.
import ipaddr from "ipaddr.js";
import { MAX_WEBHOOK_URL_LENGTH } from "./webhook-events.ts";

export interface WebhookUrlPolicy {
  /** Development and test: `http` and loopback receivers are allowed. */
  allowLocal: boolean;
}

const INTERNAL_SUFFIXES = [".local", ".internal", ".localhost", ".home.arpa", ".lan", ".intranet"];

function ipError(host: string, policy: WebhookUrlPolicy): string | null | undefined {
  const literal = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!ipaddr.isValid(literal)) return undefined;
  let ip = ipaddr.parse(literal);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  }
  const range = ip.range();
  if (range === "unicast") return null;
  if (range === "loopback") {
    return policy.allowLocal ? null : "must not point at a loopback address";
  }
  const named: Record<string, string> = {
    private: "a private network address",
    uniqueLocal: "a private network address",
    linkLocal: "a link-local or cloud metadata address",
    carrierGradeNat: "a carrier-grade NAT address",
    multicast: "a multicast address",
    broadcast: "a broadcast address",
    unspecified: "an unspecified address",
  };
  return `must not point at ${named[range] ?? `a reserved address (${range})`}`;
}

/** Why `value` may not be a webhook endpoint URL, or null when it may. */
export function webhookUrlError(value: string, policy: WebhookUrlPolicy): string | null {
  if (value.length > MAX_WEBHOOK_URL_LENGTH) return `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL";
  }
  if (url.protocol !== "https:" && !(policy.allowLocal && url.protocol === "http:")) {
    return policy.allowLocal ? "must use http or https" : "must use https";
  }
  if (url.username || url.password) return "must not contain a user name or password";
  // WHATWG parsing already turned decimal/hex/short IPv4 forms into dotted quads.
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const fromIp = ipError(host, policy);
  if (fromIp !== undefined) return fromIp;
  if (host === "localhost") return policy.allowLocal ? null : "must not point at localhost";
  if (INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return "must not point at an internal host name";
  }
  if (!host.includes(".")) return "must be a fully qualified public host name";
  return null;
}
