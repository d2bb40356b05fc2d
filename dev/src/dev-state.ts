// Local secrets that must survive restarts (so sessions and the demo key keep working):
// generated once into .data/dev-state.json, which git ignores.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateApiKey } from "@edgegate/shared/api-key";

export interface DevState {
  demoApiKey: string;
  betterAuthSecret: string;
  webhookEncryptionKey: string;
  upstashToken: string;
  /** The demo webhook endpoint's signing secret (the demo receiver verifies with it). */
  demoWebhookSecret: string;
  /** When the first start seeded the demo organization's week of traffic: it never runs again. */
  demoTrafficSeededAt?: string;
  /** The key of a demo customer (seed-customers.ts BANNER_CUSTOMER), printed to be suspended. */
  demoCustomerApiKey: string;
  /** When the demo customers' week of traffic was seeded (once, like the demo traffic). */
  demoCustomersSeededAt?: string;
}

const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export function loadDevState(file: string): DevState {
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<DevState>;
    if (saved.demoWebhookSecret && saved.demoCustomerApiKey) return saved as DevState;
    // Written by an older checkout: add what it lacks, keep the rest.
    const upgraded = {
      ...saved,
      demoWebhookSecret: saved.demoWebhookSecret ?? newWebhookSecret(),
      demoCustomerApiKey: saved.demoCustomerApiKey ?? generateApiKey(),
    } as DevState;
    writeFileSync(file, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
    return upgraded;
  }
  const state: DevState = {
    demoApiKey: generateApiKey(),
    betterAuthSecret: randomBytes(32).toString("base64"),
    webhookEncryptionKey: randomBytes(32).toString("base64"),
    upstashToken: randomBytes(24).toString("base64url"),
    demoWebhookSecret: newWebhookSecret(),
    demoCustomerApiKey: generateApiKey(),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  return state;
}

export function saveDevState(file: string, state: DevState): void {
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Writes an env file for `wrangler dev --env-file` (quoted, one per line). Single quotes keep a
 * value literal in dotenv (double quotes would keep the backslashes of escaped inner quotes,
 * breaking JSON values such as STRIPE_PRICES); double quotes only for a value holding one.
 */
export function writeEnvFile(file: string, values: Record<string, string>): void {
  const quote = (value: string) => (/['\n\r]/.test(value) ? JSON.stringify(value) : `'${value}'`);
  const lines = Object.entries(values).map(([name, value]) => `${name}=${quote(value)}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}
