// Every error the platform returns, defined once: its HTTP status, a default message, and
// `gateway: true` where the gateway itself (not only the admin API) can answer with it.
// The gateway, the admin API and the SPA all read this table, so a code means the same
// thing everywhere and its status can never drift between the two.
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: "The request is malformed.", gateway: true },
  VALIDATION_FAILED: { status: 400, message: "The request failed validation." },
  UNAUTHORIZED: { status: 401, message: "An API key is required.", gateway: true },
  INVALID_KEY: { status: 401, message: "The API key is not valid.", gateway: true },
  KEY_DISABLED: { status: 401, message: "The API key is disabled or revoked.", gateway: true },
  KEY_EXPIRED: { status: 401, message: "The API key has expired.", gateway: true },
  FORBIDDEN: { status: 403, message: "The API key lacks the scope for this request.", gateway: true },
  IP_BLOCKED: {
    status: 403,
    message: "Requests from this IP address are not allowed for this key.",
    gateway: true,
  },
  /** The platform operator suspended the key's organization: every key is refused until unsuspended. */
  ORGANIZATION_SUSPENDED: {
    status: 403,
    message: "The organization that owns this API key is suspended; contact the API provider.",
    gateway: true,
  },
  NOT_FOUND: { status: 404, message: "Not found." },
  METHOD_NOT_ALLOWED: { status: 405, message: "Method not allowed.", gateway: true },
  CONFLICT: { status: 409, message: "The request conflicts with the current state." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The request body is too large.", gateway: true },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Unsupported content type." },
  RATE_LIMITED: { status: 429, message: "Rate limit exceeded.", gateway: true },
  BURST_LIMITED: { status: 429, message: "Burst limit exceeded; slow down.", gateway: true },
  QUOTA_EXCEEDED: { status: 429, message: "Monthly request quota exceeded.", gateway: true },
  /** bill_overage with a spend cap: the quota plus the cap's overage requests are used up. */
  SPEND_CAP_REACHED: {
    status: 429,
    message:
      "The organization's monthly spend cap is reached: its included quota and the overage it allows are used up.",
    gateway: true,
  },
  INTERNAL_ERROR: { status: 500, message: "Internal error.", gateway: true },
  UPSTREAM_ERROR: { status: 502, message: "The upstream API could not be reached.", gateway: true },
  SERVICE_UNAVAILABLE: { status: 503, message: "A dependency is unavailable; retry shortly.", gateway: true },
  /** Stripe could not be reached (or billing is not configured); only billing routes answer it. */
  BILLING_UNAVAILABLE: {
    status: 503,
    message: "Billing is unavailable right now (Stripe could not be reached); retry shortly.",
  },
  UPSTREAM_TIMEOUT: { status: 504, message: "The upstream API did not answer in time.", gateway: true },
} as const satisfies Record<string, { status: number; message: string; gateway?: true }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Every code the gateway itself can answer with, before or instead of the upstream's answer (the
 * docs' Gateway API reference lists them; the admin API's codes are in its operations' responses).
 */
export const GATEWAY_ERROR_CODES = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
  (code) => "gateway" in ERROR_CODES[code],
);

export const DOCS_BASE_URL = "https://docs.edgegate.dev/errors";

export interface ErrorField {
  path: string;
  message: string;
}

/** The one error envelope, returned by the gateway and the admin API alike. */
export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    docs: string;
    fields?: ErrorField[];
  };
}

export function errorDocsUrl(code: ErrorCode): string {
  return `${DOCS_BASE_URL}#${code.toLowerCase().replaceAll("_", "-")}`;
}

/** Thrown anywhere in the Worker; turned into the envelope by the one error handler. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: ErrorField[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { fields?: ErrorField[]; headers?: Record<string, string>; cause?: unknown },
  ) {
    super(message ?? ERROR_CODES[code].message, { cause: options?.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.fields = options?.fields;
    this.headers = options?.headers ?? {};
  }

  toEnvelope(requestId: string): ErrorEnvelope {
    return {
      error: {
        code: this.code,
        message: this.message,
        requestId,
        docs: errorDocsUrl(this.code),
        ...(this.fields ? { fields: this.fields } : {}),
      },
    };
  }
}
