/**
 * A TCP port from a configuration value (an env var for `pnpm dev`, the SPA and the docs site):
 * the fallback when unset, a clear error naming the setting when it is not a port.
 */
export function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}
