// Turns a failed form submission into what the form shows: a message next to each field the API
// (or the client-side check) named, and a summary list for the role=alert box at the top.
import { ApiRequestError } from "./client.ts";

export interface FormErrors {
  /** Field name → message, for the inputs (`error` prop). */
  fields: Record<string, string>;
  /** Lines for `FormErrorSummary`: "Label: message" per field, or the general message. */
  summary: string[];
}

export const NO_FORM_ERRORS: FormErrors = { fields: {}, summary: [] };

/**
 * `labels` maps API field paths to the form's labels. Paths below a known field ("scopes.2")
 * belong to it; unknown paths still reach the summary so nothing is silently dropped.
 */
export function formErrorsFrom(
  error: unknown,
  labels: Record<string, string>,
  options: { conflictField?: string } = {},
): FormErrors {
  if (!(error instanceof ApiRequestError)) {
    return { fields: {}, summary: [error instanceof Error ? error.message : "Something went wrong."] };
  }
  const fields: Record<string, string> = {};
  const summary: string[] = [];
  for (const { path, message } of error.fields) {
    const field = Object.keys(labels).find((name) => path === name || path.startsWith(`${name}.`));
    if (field && !(field in fields)) fields[field] = message;
    summary.push(field ? `${labels[field]}: ${message}` : path ? `${path}: ${message}` : message);
  }
  if (summary.length === 0) {
    summary.push(error.requestId ? `${error.message} (request ${error.requestId})` : error.message);
    // A 409 names no field, but the form knows which one must be unique (a key's name).
    if (error.code === "CONFLICT" && options.conflictField) fields[options.conflictField] = error.message;
  }
  return { fields, summary };
}

/** Client-side validation results in the same shape (checked before anything is sent). */
export function formErrorsFromFields(
  fields: Record<string, string>,
  labels: Record<string, string>,
): FormErrors {
  return {
    fields,
    summary: Object.entries(fields).map(([name, message]) => `${labels[name] ?? name}: ${message}`),
  };
}
