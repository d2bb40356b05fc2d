// One HTTP attempt of a delivery: POST with the Standard Webhooks headers, a timeout, no
// redirects followed (a 3xx is a failure: following one could reach a host the SSRF guard never
// saw), only 2xx counted as success. The outcome keeps what the delivery log shows: status,
// latency, the response headers that matter, the first 1 KB of the body and the error class.
import type { WebhookErrorClass } from "../../db/schema/webhooks.ts";

export const RESPONSE_BODY_LIMIT = 1024;

/** Response headers kept on an attempt (the rest say little about why a delivery failed). */
const KEPT_HEADERS = ["content-type", "content-length", "location", "retry-after", "server", "date"];

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  errorClass: WebhookErrorClass | null;
  errorMessage: string | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  retryAfter: string | null;
}

async function readPrefix(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_BODY_LIMIT) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes.slice(0, RESPONSE_BODY_LIMIT));
}

/**
 * workerd logs a failed TLS handshake ("TLS handshake failed: received corrupt message…") but
 * hands the script only an opaque "internal error; reference = …" (measured with workerd
 * 1.20261102, an https URL on a plain-HTTP port: test/webhooks/failures.test.ts). On an https
 * URL that opaque error is the handshake; a refused or reset connection has its own message.
 */
const OPAQUE_INTERNAL_ERROR = /^Error: internal error; reference = /;

function classify(error: unknown, url: string): WebhookErrorClass {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") return "timeout";
  const text = String(error);
  if (/tls|ssl|certificate/i.test(text)) return "tls";
  if (url.startsWith("https:") && OPAQUE_INTERNAL_ERROR.test(text)) return "tls";
  return "connect";
}

function failureMessage(errorClass: WebhookErrorClass, error: unknown, timeoutMs: number): string {
  if (errorClass === "timeout") return `No response within ${timeoutMs} ms`;
  const text = String(error).slice(0, 400);
  return errorClass === "tls" && OPAQUE_INTERNAL_ERROR.test(text)
    ? `TLS handshake failed (the runtime reports: ${text})`
    : text;
}

export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { method: "POST", headers, body, redirect: "manual", signal });
    const responseHeaders: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) responseHeaders[name] = value.slice(0, 512);
    }
    const responseBody = await readPrefix(response);
    const ok = response.status >= 200 && response.status < 300;
    const redirect = response.status >= 300 && response.status < 400;
    return {
      ok,
      statusCode: response.status,
      durationMs: elapsed(),
      errorClass: ok ? null : redirect ? "redirect" : "non_2xx",
      errorMessage: ok
        ? null
        : redirect
          ? `Redirect (${response.status}) not followed`
          : `HTTP ${response.status}`,
      responseHeaders,
      responseBody,
      retryAfter: response.headers.get("retry-after"),
    };
  } catch (error) {
    const errorClass = classify(error, url);
    return {
      ok: false,
      statusCode: null,
      durationMs: elapsed(),
      errorClass,
      errorMessage: failureMessage(errorClass, error, timeoutMs),
      responseHeaders: null,
      responseBody: null,
      retryAfter: null,
    };
  }
}
