// The admin API: one operation per file, each registered here explicitly.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.ts";
import { validationHook } from "../validation.ts";
import { healthHandler, healthRoute } from "./health.ts";

export function createAdminApp() {
  const admin = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  admin.openapi(healthRoute, healthHandler);
  return admin;
}
