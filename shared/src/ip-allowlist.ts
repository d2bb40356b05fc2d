// API-key IP allowlist entries: an IPv4/IPv6 address or a CIDR range. One parser for the admin
// API's validation, the gateway's enforcement and the SPA's inline check, so an entry the form
// accepts is one the API accepts and the gateway applies. IPv4-mapped IPv6 (::ffff:1.2.3.4) is
// treated as the IPv4 address. Stricter than the gateway's copy it replaces: IPv4 must have four
// decimal parts.
import ipaddr from "ipaddr.js";

export type ParsedIp = ipaddr.IPv4 | ipaddr.IPv6;
export type IpRange = [ParsedIp, number];

export const MAX_ALLOWLIST_ENTRIES = 100;
export const MAX_ALLOWLIST_ENTRY_LENGTH = 64;
export const ALLOWLIST_ENTRY_MESSAGE = "must be an IPv4/IPv6 address or CIDR";

/**
 * A syntactically complete address: IPv6, or IPv4 as four decimal parts. ipaddr.js alone also
 * takes "10.1" or "0x0a.0.0.1" (inet_aton forms), which read as typos in an allowlist.
 */
function isStrictIp(value: string): boolean {
  if (ipaddr.IPv6.isValid(value)) return true;
  return ipaddr.IPv4.isValidFourPartDecimal(value);
}

/** Parses an IP address, unwrapping IPv4-mapped IPv6; null when it is not one. */
export function parseIp(value: string | null | undefined): ParsedIp | null {
  if (!value || !isStrictIp(value.trim())) return null;
  const ip = ipaddr.parse(value.trim());
  return ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()
    ? (ip as ipaddr.IPv6).toIPv4Address()
    : ip;
}

/** Parses one allowlist entry (an IP or a CIDR), or null when it is neither. */
export function parseAllowlistEntry(entry: string): IpRange | null {
  const value = entry.trim();
  try {
    if (value.includes("/")) {
      if (!isStrictIp(value.slice(0, value.indexOf("/")))) return null;
      const [ip, bits] = ipaddr.parseCIDR(value);
      if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
        return [(ip as ipaddr.IPv6).toIPv4Address(), bits - 96];
      }
      return [ip, bits];
    }
    const ip = parseIp(value);
    return ip ? [ip, ip.kind() === "ipv4" ? 32 : 128] : null;
  } catch {
    return null;
  }
}

/** The message for an invalid entry (as the API words it), or null when the entry is valid. */
export function allowlistEntryError(entry: string): string | null {
  if (entry.length > MAX_ALLOWLIST_ENTRY_LENGTH)
    return `must be at most ${MAX_ALLOWLIST_ENTRY_LENGTH} characters`;
  return parseAllowlistEntry(entry) === null ? ALLOWLIST_ENTRY_MESSAGE : null;
}
