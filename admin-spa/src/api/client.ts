// The one way the SPA talks to the admin API: openapi-fetch typed with the generated `paths`
// (schema.gen.ts, from the Worker's OpenAPI document), over a transport that turns every failure
// into an `ApiRequestError` carrying the platform's error envelope
// (`{ error: { code, message, requestId, docs, fields? } }`) when there is one.
//
//   const page = await unwrap(api.GET("/keys", { params: { query: { limit: 50 } }, signal }));
import type { ErrorCode, ErrorEnvelope, ErrorField } from "@edgegate/shared/errors";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.gen.ts";

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

type Fetch = (request: Request) => Promise<Response>;

/**
 * The fetch under openapi-fetch. Throws `ApiRequestError` for: no answer (NETWORK_ERROR), an error
 * envelope on any status, and a 2xx body that is not JSON (UNEXPECTED_RESPONSE). A non-2xx answer
 * without an envelope is passed on: `unwrap` decides whether the caller accepts it as data.
 */
export function createTransport(doFetch?: Fetch): Fetch {
  return async (request) => {
    let response: Response;
    try {
      // Resolved at call time so a test (or a polyfill) that replaces globalThis.fetch is honoured.
      response = await (doFetch ?? globalThis.fetch)(request);
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
    } else if (parseFailed) {
      throw new ApiRequestError({
        status: response.status,
        code: "UNEXPECTED_RESPONSE",
        message: "The Edgegate API answered with a body that is not valid JSON.",
        requestId: headerRequestId,
      });
    }
    // The body was consumed above; hand openapi-fetch an equivalent response to parse.
    return new Response(parseFailed || text === "" ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

export interface ApiClientConfig {
  /** Origin (and prefix) in front of `/api`; "" (the default) means the page's own origin. */
  baseUrl?: string;
  fetch?: Fetch;
}

export function createApiClient<Paths extends {} = paths>(config: ApiClientConfig = {}): Client<Paths> {
  return createClient<Paths>({
    baseUrl: `${config.baseUrl ?? ""}/api`,
    headers: { Accept: "application/json" },
    // The admin session lives in an HttpOnly cookie.
    credentials: "include",
    fetch: createTransport(config.fetch),
  });
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;
type ErrorBodyOf<R> = R extends { error: infer E; data?: never } ? E : never;

export interface UnwrapOptions {
  /**
   * Non-2xx statuses whose body is data for this endpoint rather than an error, e.g. 503 from
   * `GET /api/health`, which reports what is down in the same shape as 200.
   */
  acceptStatuses?: readonly number[];
}

/** The success body of an openapi-fetch call; any other outcome throws `ApiRequestError`. */
export async function unwrap<R extends FetchResult>(call: Promise<R>): Promise<DataOf<R>>;
export async function unwrap<R extends FetchResult>(
  call: Promise<R>,
  options: UnwrapOptions,
): Promise<DataOf<R> | ErrorBodyOf<R>>;
export async function unwrap<R extends FetchResult>(call: Promise<R>, options: UnwrapOptions = {}) {
  const result = await call;
  const { response } = result;
  if (response.ok) return result.data;
  if (options.acceptStatuses?.includes(response.status)) return result.error;
  throw new ApiRequestError({
    status: response.status,
    code: "UNEXPECTED_RESPONSE",
    message: `The Edgegate API answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`,
    requestId: response.headers.get("X-Request-ID") ?? undefined,
  });
}

export type ApiClient = Client<paths>;

/** The SPA's client: same origin as the admin API (Vite proxies /api to the Worker in development). */
export const api: ApiClient = createApiClient();
