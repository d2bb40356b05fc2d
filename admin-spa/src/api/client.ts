// The one way the SPA talks to the admin API. Same origin, session cookie sent with every call,
// JSON in and out, and every failure turned into an `ApiRequestError` that carries the platform's
// error envelope (`{ error: { code, message, requestId, docs, fields? } }`) when there is one.
import type { ErrorCode, ErrorEnvelope, ErrorField } from "@edgegate/shared/errors";

/** Failures that happen before or outside the API's own error envelope. */
export type ClientErrorCode =
  /** The request never got an HTTP answer (offline, DNS, connection refused or reset). */
  | "NETWORK_ERROR"
  /** An HTTP answer that is not what the API sends: an HTML error page from a proxy, bad JSON. */
  | "UNEXPECTED_RESPONSE";

/** A code from the envelope (`ErrorCode`, or one this build does not know yet) or a client-side one. */
export type ApiErrorCode = ErrorCode | ClientErrorCode | (string & {});

export class ApiRequestError extends Error {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly code: ApiErrorCode;
  /** The request id from the envelope, else from the `X-Request-ID` header; quote it to support. */
  readonly requestId: string | undefined;
  /** Link to the documentation of `code`. */
  readonly docs: string | undefined;
  /** Per-field problems of a VALIDATION_FAILED answer; empty otherwise. */
  readonly fields: readonly ErrorField[];

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    requestId?: string | undefined;
    docs?: string | undefined;
    fields?: readonly ErrorField[] | undefined;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ApiRequestError";
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.docs = init.docs;
    this.fields = init.fields ?? [];
  }

  get isNetworkError(): boolean {
    return this.code === "NETWORK_ERROR";
  }

  /** Field path → message, for showing validation problems next to form inputs. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.fields.map((field) => [field.path, field.message]));
  }
}

export interface ApiFetchOptions extends Omit<RequestInit, "body"> {
  /** A raw body. Use `json` instead for JSON. */
  body?: BodyInit | null;
  /** Serialised as JSON, with `Content-Type: application/json`. */
  json?: unknown;
  /**
   * Non-2xx statuses whose body is data for this endpoint rather than an error envelope,
   * e.g. 503 from `GET /api/health`, which reports what is down in the same shape as 200.
   */
  acceptStatuses?: readonly number[];
}

export type ApiFetch = <T>(path: string, options?: ApiFetchOptions) => Promise<T>;

export interface ApiClientConfig {
  /** Prefix for every path; "" (the default) means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The envelope's `error` member when `body` is a well-formed envelope, else null. */
export function parseErrorEnvelope(body: unknown): ErrorEnvelope["error"] | null {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const { code, message, requestId, docs, fields } = body.error;
  if (typeof code !== "string" || typeof message !== "string") return null;
  const parsedFields = Array.isArray(fields)
    ? fields.filter(
        (field): field is ErrorField =>
          isRecord(field) && typeof field.path === "string" && typeof field.message === "string",
      )
    : undefined;
  return {
    code: code as ErrorCode,
    message,
    requestId: typeof requestId === "string" ? requestId : "",
    docs: typeof docs === "string" ? docs : "",
    ...(parsedFields ? { fields: parsedFields } : {}),
  };
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

export function createApiFetch(config: ApiClientConfig = {}): ApiFetch {
  const baseUrl = config.baseUrl ?? "";

  return async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
    const { json, acceptStatuses = [], headers: initHeaders, body, ...init } = options;
    const headers = new Headers(initHeaders);
    if (!headers.has("Accept")) headers.set("Accept", "application/json");
    let requestBody = body;
    if (json !== undefined) {
      headers.set("Content-Type", "application/json");
      requestBody = JSON.stringify(json);
    }

    let response: Response;
    try {
      // Resolved at call time so a test (or a polyfill) that replaces globalThis.fetch is honoured.
      const doFetch = config.fetch ?? globalThis.fetch;
      response = await doFetch(`${baseUrl}${path}`, {
        ...init,
        headers,
        body: requestBody ?? null,
        // The admin session lives in an HttpOnly cookie.
        credentials: "include",
      });
    } catch (error) {
      // Cancellation (TanStack Query aborts superseded or unmounted queries) is not a failure.
      if (isAbortError(error)) throw error;
      throw new ApiRequestError({
        status: 0,
        code: "NETWORK_ERROR",
        message: "The Edgegate API could not be reached. Check your connection and try again.",
        cause: error,
      });
    }

    const headerRequestId = response.headers.get("X-Request-ID") ?? undefined;
    const text = await response.text();
    let parsed: unknown;
    let parseFailed = false;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parseFailed = true;
      }
    }

    if (!response.ok) {
      // An envelope always means failure, even on a status the caller accepts as data.
      const envelope = parseFailed ? null : parseErrorEnvelope(parsed);
      if (envelope) {
        throw new ApiRequestError({
          status: response.status,
          code: envelope.code,
          message: envelope.message,
          requestId: envelope.requestId || headerRequestId,
          docs: envelope.docs || undefined,
          fields: envelope.fields,
        });
      }
      if (!acceptStatuses.includes(response.status)) {
        throw new ApiRequestError({
          status: response.status,
          code: "UNEXPECTED_RESPONSE",
          message: `The Edgegate API answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`,
          requestId: headerRequestId,
        });
      }
    }

    if (parseFailed) {
      throw new ApiRequestError({
        status: response.status,
        code: "UNEXPECTED_RESPONSE",
        message: "The Edgegate API answered with a body that is not valid JSON.",
        requestId: headerRequestId,
      });
    }
    return parsed as T;
  };
}

/** The SPA's client: same origin as the admin API (Vite proxies /api to the Worker in development). */
export const apiFetch: ApiFetch = createApiFetch();
