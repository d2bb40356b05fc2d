// The fields people type into names and pictures — API key, token, organization and user names,
// organization slugs, logos and avatars — declared once. The admin API's routes and the guard in
// front of better-auth's /api/auth/* both validate with these, so neither path stores what the
// other refuses; the SPA can reuse them for its forms.
import { z } from "zod";
import { MAX_KEY_NAME } from "./api-key-limits.ts";
import { hasNoNul, NO_NUL_MESSAGE } from "./input.ts";

/** Characters in an organization's name. */
export const MAX_ORGANIZATION_NAME = 100;
/** Characters in a person's name. */
export const MAX_USER_NAME = 100;
/** Characters in an image URL; a data: URL carries the picture itself, so it may be long. */
export const MAX_IMAGE_URL = 48 * 1024;

/**
 * C0/C1 control characters and the bidirectional overrides/isolates, which let a name display as
 * something it is not (U+202E turns "exe.png" around). Joiners stay allowed: emoji and many
 * scripts need them.
 */
function isUnprintable(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
const hasUnprintable = (value: string) => [...value].some((ch) => isUnprintable(ch.charCodeAt(0)));

/** A display name: trimmed, 1..max characters, nothing unprintable. */
export const displayName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasUnprintable(value), "must not contain control or bidirectional characters");

export const apiKeyName = () => displayName(MAX_KEY_NAME);
export const organizationName = () => displayName(MAX_ORGANIZATION_NAME);
export const userName = () => displayName(MAX_USER_NAME);

export const ORGANIZATION_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;
export const organizationSlug = () =>
  z.string().regex(ORGANIZATION_SLUG, "lower-case letters, digits and dashes (1–48)");

/** Raster images only: an SVG can carry script. */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/]+={0,2}$/;

function isSafeImageUrl(value: string): boolean {
  if (value.startsWith("data:")) return DATA_IMAGE.test(value);
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/**
 * A logo or avatar the SPA puts in an <img src>: https: or a base64 raster data: URL, never
 * javascript:, http: or anything else a browser might act on.
 */
export const imageUrl = () =>
  z
    .string()
    .max(MAX_IMAGE_URL, `must be at most ${MAX_IMAGE_URL} characters`)
    .refine(hasNoNul, NO_NUL_MESSAGE)
    .refine(isSafeImageUrl, "must be an https: URL or a data:image/(png|jpeg|gif|webp|avif);base64 URL");
