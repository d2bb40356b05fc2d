// Client IP and allowlists. The IP comes from CF-Connecting-IP alone: Cloudflare sets it from the
// TCP connection and overwrites any client-supplied value, while X-Forwarded-For, X-Real-IP and
// True-Client-IP are whatever the caller typed. IPv4-mapped IPv6 (::ffff:1.2.3.4) is treated as
// the IPv4 address, in both the client IP and the list. Entries are parsed by the same shared
// parser that validates them in the admin API and the SPA.
import { type IpRange, type ParsedIp, parseAllowlistEntry } from "@edgegate/shared/ip-allowlist";
import ipaddr from "ipaddr.js";

export type { ParsedIp };

// Canonical decimal octets only: anything else (leading zeros, which ipaddr reads as octal; other
// forms) goes through ipaddr's general parser exactly as before.
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

export function parseClientIp(header: string | null | undefined): ParsedIp | null {
  if (!header) return null;
  const value = header.trim();
  // The common case, a plain IPv4 address, without ipaddr's general parser (which validated and
  // then parsed again: the largest self time of the key checks in a CPU profile).
  const quad = DOTTED_QUAD.exec(value);
  if (quad) {
    const octets = quad.slice(1).map(Number);
    return octets.every((octet) => octet <= 255) ? new ipaddr.IPv4(octets) : null;
  }
  if (!ipaddr.isValid(value)) return null;
  const ip = ipaddr.parse(value);
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

// Allowlists are parsed once per distinct list and reused across requests in this isolate.
const parsedLists = new Map<string, IpRange[]>();

function rangesFor(allowlist: readonly string[]): IpRange[] {
  const cacheKey = allowlist.join(",");
  let ranges = parsedLists.get(cacheKey);
  if (!ranges) {
    ranges = allowlist.map(parseAllowlistEntry).filter((range): range is IpRange => range !== null);
    if (parsedLists.size > 1_000) parsedLists.clear();
    parsedLists.set(cacheKey, ranges);
  }
  return ranges;
}

/** An empty allowlist allows every IP; otherwise the IP must fall in one entry. */
export function isIpAllowed(allowlist: readonly string[], ip: ParsedIp | null): boolean {
  if (allowlist.length === 0) return true;
  if (!ip) return false;
  return rangesFor(allowlist).some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits));
}
