// The one error handler: every thrown error becomes the shared envelope.
import { ApiError, type ErrorEnvelope } from "@edgegate/shared/errors";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ConfigError } from "./config.ts";
import type { AppEnv } from "./context.ts";

/** Marks responses produced by the gateway itself, so callers can tell them from upstream errors. */
export const GATEWAY_ERROR_HEADER = "X-Edgegate-Error";

export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const body: ErrorEnvelope = error.toEnvelope(c.get("requestId") ?? "unknown");
  const response = c.json(body, error.status as 400);
  for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
  response.headers.set(GATEWAY_ERROR_HEADER, error.code);
  return response;
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new ApiError("PAYLOAD_TOO_LARGE");
    if (error.status === 404) return new ApiError("NOT_FOUND");
    if (error.status === 401) return new ApiError("UNAUTHORIZED", error.message || undefined);
    if (error.status < 500) return new ApiError("BAD_REQUEST", error.message || undefined);
  }
  if (error instanceof ConfigError) {
    // Misconfiguration is an operator problem: say so in the logs (wrangler tail), not to callers.
    console.error(error.message);
    return new ApiError("SERVICE_UNAVAILABLE", "The gateway is misconfigured.");
  }
  console.error("unhandled error", error);
  return new ApiError("INTERNAL_ERROR");
}

export function handleError(error: unknown, c: Context<AppEnv>): Response {
  return errorResponse(c, toApiError(error));
}

export function handleNotFound(c: Context<AppEnv>): Response {
  return errorResponse(c, new ApiError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}.`));
}
