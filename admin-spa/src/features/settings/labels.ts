import { ApiRequestError } from "../../api/client.ts";

const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  admin: "Admin",
  developer: "Developer",
  viewer: "Viewer",
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

/** What a toast says about a failed action: a 403 in words, else the API's own message. */
export function errorMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 403) return `${fallback} Your role does not allow it.`;
    return `${fallback} ${error.message}`;
  }
  return fallback;
}
