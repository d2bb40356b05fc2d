// Automation tokens (org-scoped admin API tokens for CI and scripts): `egt_` + 40 base62
// characters. Only the SHA-256 is stored, like API keys.
import { hashApiKey } from "@edgegate/shared/api-key";

export const AUTOMATION_TOKEN_PREFIX = "egt_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 40;
export const AUTOMATION_TOKEN_PATTERN = /^egt_[0-9A-Za-z]{40}$/;

export function generateAutomationToken(): string {
  let out = "";
  while (out.length < BODY_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(BODY_LENGTH * 2))) {
      if (byte < 248 && out.length < BODY_LENGTH) out += BASE62[byte % 62];
    }
  }
  return AUTOMATION_TOKEN_PREFIX + out;
}

export const hashAutomationToken = hashApiKey;

export function automationTokenDisplayPrefix(token: string): string {
  return token.slice(0, AUTOMATION_TOKEN_PREFIX.length + 6);
}
