// The key settings form as plain data: what the inputs hold (strings, as typed), the checks the
// admin API makes (same limits and wording), and the request body they turn into. Field names
// are the API's, so a VALIDATION_FAILED answer lands on the same inputs.

import {
  MAX_BURST_LIMIT,
  MAX_GRACE_SECONDS,
  MAX_KEY_NAME,
  MAX_RATE_LIMIT,
} from "@edgegate/shared/api-key-limits";
import { allowlistEntryError, MAX_ALLOWLIST_ENTRIES } from "@edgegate/shared/ip-allowlist";
import { scopeSchema } from "@edgegate/shared/scope-schema";
import { MAX_SCOPES } from "@edgegate/shared/scopes";
import type { FormErrors } from "../../api/form-errors.ts";
import type { ApiKey, UpdateKeyBody } from "../../queries/keys.ts";

export const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "30d", label: "In 30 days", days: 30 },
  { value: "90d", label: "In 90 days", days: 90 },
  { value: "365d", label: "In 1 year", days: 365 },
  { value: "custom", label: "On a date…" },
] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];

/** Common scope sets offered as one click; free entry covers the rest. */
export const SCOPE_PRESETS = [
  { scopes: ["*"], label: "Everything", description: "every method on every resource" },
  { scopes: ["get:*"], label: "Read only", description: "GET (and HEAD) on every resource" },
  { scopes: ["get:*", "post:*"], label: "Read and create", description: "GET and POST on every resource" },
] as const;

export interface KeyFormValues {
  name: string;
  scopes: string[];
  /** Requests per minute; "" = the plan's limit. */
  rateLimitPerMinute: string;
  /** Burst; "" = the plan's. */
  burstLimit: string;
  /** One entry per line; empty = any IP. */
  ipAllowlist: string;
  expiry: ExpiryChoice;
  /** `<input type="datetime-local">` value, local time; used when expiry is "custom". */
  expiresAtLocal: string;
}

export type KeyFormField =
  | "name"
  | "scopes"
  | "rateLimitPerMinute"
  | "burstLimit"
  | "ipAllowlist"
  | "expiresAt";

export const KEY_FIELD_LABELS: Record<KeyFormField, string> = {
  name: "Name",
  scopes: "Scopes",
  rateLimitPerMinute: "Rate limit",
  burstLimit: "Burst",
  ipAllowlist: "IP allowlist",
  expiresAt: "Expires",
};

export const EMPTY_KEY_FORM: KeyFormValues = {
  name: "",
  scopes: [],
  rateLimitPerMinute: "",
  burstLimit: "",
  ipAllowlist: "",
  expiry: "never",
  expiresAtLocal: "",
};

export interface KeyInput {
  name: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  burstLimit: number | null;
  ipAllowlist: string[];
  expiresAt: string | null;
}

export type KeyFormResult =
  | { ok: true; input: KeyInput }
  | { ok: false; errors: Partial<Record<KeyFormField, string>> };

/** Why a scope is not valid (the shared grammar's message), or null. */
export function scopeError(scope: string): string | null {
  const result = scopeSchema.safeParse(scope);
  return result.success ? null : (result.error.issues[0]?.message ?? "is not a valid scope");
}

export function validateKeyName(name: string): string | null {
  const value = name.trim();
  if (value === "") return "must not be empty";
  if (value.length > MAX_KEY_NAME) return `must be at most ${MAX_KEY_NAME} characters`;
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    return "must not contain control characters";
  }
  return null;
}

function parseLimit(raw: string, max: number): { value: number | null; error: string | null } {
  const text = raw.trim();
  if (text === "") return { value: null, error: null };
  if (!/^\d+$/.test(text)) return { value: null, error: "must be a whole number" };
  const value = Number(text);
  if (value < 1 || value > max)
    return { value: null, error: `must be between 1 and ${max.toLocaleString("en")}` };
  return { value, error: null };
}

/** Splits the allowlist text into entries and says which lines are wrong ("Line 2 (x): …"). */
export function parseAllowlistText(text: string): { entries: string[]; error: string | null } {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const entries: string[] = [];
  const problems: string[] = [];
  lines.forEach((line, index) => {
    if (line === "") return;
    const problem = allowlistEntryError(line);
    if (problem) problems.push(`line ${index + 1} (${line}) ${problem}`);
    else entries.push(line);
  });
  if (problems.length > 0) return { entries, error: `${problems.join("; ")}` };
  if (entries.length > MAX_ALLOWLIST_ENTRIES) {
    return { entries, error: `must have at most ${MAX_ALLOWLIST_ENTRIES} entries` };
  }
  return { entries, error: null };
}

/** The expiry as an ISO timestamp (null = never), or why it is not acceptable. */
export function resolveExpiry(
  values: Pick<KeyFormValues, "expiry" | "expiresAtLocal">,
  now: Date,
): { value: string | null; error: string | null } {
  if (values.expiry === "never") return { value: null, error: null };
  const choice = EXPIRY_CHOICES.find((option) => option.value === values.expiry);
  if (choice && "days" in choice) {
    return { value: new Date(now.getTime() + choice.days * 86_400_000).toISOString(), error: null };
  }
  if (values.expiresAtLocal === "") return { value: null, error: "choose a date and time" };
  // datetime-local has no zone: the browser's local time, as the user sees it.
  const date = new Date(values.expiresAtLocal);
  if (Number.isNaN(date.getTime())) return { value: null, error: "is not a valid date and time" };
  if (date.getTime() <= now.getTime()) return { value: null, error: "must be in the future" };
  return { value: date.toISOString(), error: null };
}

/** Runs every check the API runs, before anything is sent. */
export function validateKeyForm(values: KeyFormValues, now: Date): KeyFormResult {
  const errors: Partial<Record<KeyFormField, string>> = {};
  const nameError = validateKeyName(values.name);
  if (nameError) errors.name = nameError;

  if (values.scopes.length === 0) errors.scopes = "add at least one scope";
  else if (values.scopes.length > MAX_SCOPES) errors.scopes = `must have at most ${MAX_SCOPES} scopes`;
  else {
    const bad = values.scopes.find((scope) => scopeError(scope) !== null);
    if (bad !== undefined) errors.scopes = `"${bad}" ${scopeError(bad)}`;
  }

  const rate = parseLimit(values.rateLimitPerMinute, MAX_RATE_LIMIT);
  if (rate.error) errors.rateLimitPerMinute = rate.error;
  const burst = parseLimit(values.burstLimit, MAX_BURST_LIMIT);
  if (burst.error) errors.burstLimit = burst.error;
  const allowlist = parseAllowlistText(values.ipAllowlist);
  if (allowlist.error) errors.ipAllowlist = allowlist.error;
  const expiry = resolveExpiry(values, now);
  if (expiry.error) errors.expiresAt = expiry.error;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: values.name.trim(),
      scopes: values.scopes,
      rateLimitPerMinute: rate.value,
      burstLimit: burst.value,
      ipAllowlist: allowlist.entries,
      expiresAt: expiry.value,
    },
  };
}

/** `<input type="datetime-local">` value for an ISO timestamp, in the browser's time zone. */
export function toLocalInputValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The form's starting values for an existing key (the detail page's settings form). */
export function formValuesFromKey(key: {
  name: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  burstLimit: number | null;
  ipAllowlist: string[];
  expiresAt: string | null;
}): KeyFormValues {
  return {
    name: key.name,
    scopes: [...key.scopes],
    rateLimitPerMinute: key.rateLimitPerMinute === null ? "" : String(key.rateLimitPerMinute),
    burstLimit: key.burstLimit === null ? "" : String(key.burstLimit),
    ipAllowlist: key.ipAllowlist.join("\n"),
    expiry: key.expiresAt ? "custom" : "never",
    expiresAtLocal: key.expiresAt ? toLocalInputValue(key.expiresAt) : "",
  };
}

export const GRACE_PERIODS = [
  { value: "0", label: "Now — the old key stops working immediately", seconds: 0 },
  { value: "3600", label: "After 1 hour", seconds: 3_600 },
  { value: "86400", label: "After 24 hours", seconds: 86_400 },
  { value: "604800", label: "After 7 days", seconds: 604_800 },
  { value: "custom", label: "After a custom time…" },
] as const;

/** Grace period in seconds from the rotate dialog's choice (custom given in hours), or an error. */
export function resolveGracePeriod(
  choice: string,
  customHours: string,
): { seconds: number | null; error: string | null } {
  const preset = GRACE_PERIODS.find((period) => period.value === choice);
  if (preset && "seconds" in preset) return { seconds: preset.seconds, error: null };
  const text = customHours.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return { seconds: null, error: "enter a number of hours" };
  const seconds = Math.round(Number(text) * 3600);
  if (seconds > MAX_GRACE_SECONDS) return { seconds: null, error: "must be at most 720 hours (30 days)" };
  return { seconds, error: null };
}

/** Which error field an input change clears: the user is fixing it, so the stale message goes. */
const FIELD_OF_INPUT: Record<keyof KeyFormValues, KeyFormField> = {
  name: "name",
  scopes: "scopes",
  rateLimitPerMinute: "rateLimitPerMinute",
  burstLimit: "burstLimit",
  ipAllowlist: "ipAllowlist",
  expiry: "expiresAt",
  expiresAtLocal: "expiresAt",
};

export function withoutFieldErrors(errors: FormErrors, patch: Partial<KeyFormValues>): FormErrors {
  const cleared = Object.keys(patch).map((input) => FIELD_OF_INPUT[input as keyof KeyFormValues]);
  if (!cleared.some((field) => field in errors.fields)) return errors;
  const fields = Object.fromEntries(
    Object.entries(errors.fields).filter(([field]) => !cleared.includes(field as KeyFormField)),
  );
  return { fields, summary: errors.summary };
}

/** The PATCH body: only the fields whose value differs from the key's. */
export function changedFields(apiKey: ApiKey, input: KeyInput): UpdateKeyBody {
  const body: UpdateKeyBody = {};
  if (input.name !== apiKey.name) body.name = input.name;
  if (input.scopes.join("\n") !== apiKey.scopes.join("\n")) body.scopes = input.scopes;
  if (input.rateLimitPerMinute !== apiKey.rateLimitPerMinute)
    body.rateLimitPerMinute = input.rateLimitPerMinute;
  if (input.burstLimit !== apiKey.burstLimit) body.burstLimit = input.burstLimit;
  if (input.ipAllowlist.join("\n") !== apiKey.ipAllowlist.join("\n")) body.ipAllowlist = input.ipAllowlist;
  const sameExpiry =
    input.expiresAt === apiKey.expiresAt ||
    (input.expiresAt !== null &&
      apiKey.expiresAt !== null &&
      // The form holds minutes: an unchanged date must not count as a change.
      Math.abs(Date.parse(input.expiresAt) - Date.parse(apiKey.expiresAt)) < 60_000);
  if (!sameExpiry) body.expiresAt = input.expiresAt;
  return body;
}

/** Which actions make sense for a key in its current state. */
export function availableActions(key: Pick<ApiKey, "status">): {
  rotate: boolean;
  toggle: boolean;
  revoke: boolean;
} {
  const live = key.status !== "revoked";
  return { rotate: key.status === "active" || key.status === "disabled", toggle: live, revoke: live };
}
