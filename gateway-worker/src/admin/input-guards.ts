// What every admin request passes before routing, /api/auth/* included: bodies are at most
// 64 KB of application/json that parses strictly (src/strict-json.ts), and no query value holds
// NUL. Route schemas and the better-auth guard (auth-input.ts) then check the fields.
import { ApiError } from "@edgegate/shared/errors";
import { NO_NUL_MESSAGE } from "@edgegate/shared/input";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { parseStrictJson } from "../strict-json.ts";

/** Admin request bodies are small JSON documents. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export const bodyGuards = [
  bodyLimit({
    maxSize: MAX_ADMIN_BODY_BYTES,
    onError: () => {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `Admin request bodies are limited to ${MAX_ADMIN_BODY_BYTES} bytes.`,
      );
    },
  }),
  createMiddleware<AppEnv>(async (c, next) => {
    const hasBody =
      c.req.raw.body !== null && (c.req.header("Content-Length") ?? "") !== "0" && c.req.method !== "GET";
    if (hasBody) {
      const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/json") {
        throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json.");
      }
      const bytes = await c.req.raw.arrayBuffer();
      if (bytes.byteLength > 0) c.set("jsonBody", parseStrictJson(bytes));
      // The body was read here; routes and better-auth read this copy of the same bytes.
      c.req.raw = new Request(c.req.raw, { body: bytes });
    }
    await next();
  }),
];

/**
 * Postgres text cannot hold NUL, so a query value with one would fail in the database (500);
 * refuse it up front, naming the parameter.
 */
export const queryGuard = createMiddleware<AppEnv>(async (c, next) => {
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.some((value) => value.includes("\u0000"))) {
      throw new ApiError("VALIDATION_FAILED", `Invalid query: ${name}.`, {
        fields: [{ path: name, message: NO_NUL_MESSAGE }],
      });
    }
  }
  await next();
});
