// The role matrix, defined once. Every admin route names the permission it needs
// (`requirePermission`), and better-auth's organization plugin gets its member/invitation/
// organization rights from the same table (see `organizationAccess`).
// Listed in the README's role matrix — keep the two in step.
import { ApiError } from "@edgegate/shared/errors";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/organization/access";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import type { MemberRole } from "../db/schema/auth.ts";
import { requireCaller } from "./caller.ts";
import { requireOperator } from "./operators.ts";

export const PERMISSIONS = [
  "org:read",
  "keys:read",
  "audit:read",
  "analytics:read",
  "webhooks:read",
  "billing:read",
  "keys:write",
  "tokens:read",
  "tokens:write",
  "members:write",
  "webhooks:write",
  "billing:write",
  "org:write",
  "org:delete",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = [
  "org:read",
  "keys:read",
  "audit:read",
  "analytics:read",
  "webhooks:read",
  "billing:read",
];
const DEVELOPER: Permission[] = [...VIEWER, "keys:write"];
const ADMIN: Permission[] = [
  ...DEVELOPER,
  "tokens:read",
  "tokens:write",
  "members:write",
  "webhooks:write",
  "billing:write",
  "org:write",
];
const OWNER: Permission[] = [...ADMIN, "org:delete"];

export const ROLE_PERMISSIONS: Record<MemberRole, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  developer: new Set(DEVELOPER),
  admin: new Set(ADMIN),
  owner: new Set(OWNER),
};

export function can(role: MemberRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Route guard: the caller (resolved by `requireCaller`) must hold `permission`. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const caller = c.var.caller;
    if (!caller) throw new ApiError("UNAUTHORIZED", "Sign in or send an automation token.");
    if (!can(caller.role, permission)) {
      throw new ApiError("FORBIDDEN", `Your role (${caller.role}) cannot do this (needs ${permission}).`);
    }
    await next();
  });

/**
 * What a route states about its permission, spread into `createRoute`, and all it needs to be
 * protected: the guards (resolve the caller — session or automation token — then check the
 * permission), and the same permission as `x-permission` in the OpenAPI document, where clients
 * and the role-sweep test (test/admin/tenancy-roles.test.ts) read it. A route without it is
 * public (health, the Stripe webhook, which Stripe signs).
 */
export const routePermission = (permission: Permission) => ({
  middleware: [requireCaller, requirePermission(permission)],
  "x-permission": permission,
});

/**
 * The platform operator's permission: in no organization role (roles can never grant it). Only
 * operator routes (admin/operator/) declare it, through `operatorPermission`.
 */
export const OPERATOR_PERMISSION = "platform:operate";

/**
 * `routePermission`'s counterpart for the operator console (/api/operator/*): the one guard
 * (src/auth/operators.ts — a signed-in operator, else 404 NOT_FOUND as for an unknown path) and
 * `x-permission: platform:operate` in the OpenAPI document, where the sweep finds it.
 */
export const operatorPermission = () => ({
  middleware: [requireOperator],
  "x-permission": OPERATOR_PERMISSION,
});

/**
 * better-auth's endpoints (below /api/auth) that need a permission of the matrix; the plugin
 * enforces them through `organizationAccess` below, and the OpenAPI document shows them as
 * `x-permission` like the admin routes' (the role sweep checks both agree).
 */
export const AUTH_ROUTE_PERMISSIONS: Readonly<Record<string, Permission>> = {
  "/organization/update": "org:write",
  "/organization/invite-member": "members:write",
  "/organization/cancel-invitation": "members:write",
  "/organization/update-member-role": "members:write",
  "/organization/remove-member": "members:write",
};

// better-auth's organization plugin: the same matrix, in its access-control vocabulary.
const ac = createAccessControl(defaultStatements);
export const organizationAccess = {
  ac,
  roles: {
    owner: ac.newRole({
      organization: ["update", "delete"],
      member: ["create", "update", "delete"],
      invitation: ["create", "cancel"],
      team: [],
      ac: ["read"],
    }),
    admin: ac.newRole({
      organization: ["update"],
      member: ["create", "update", "delete"],
      invitation: ["create", "cancel"],
      team: [],
      ac: ["read"],
    }),
    developer: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
    viewer: ac.newRole({ organization: [], member: [], invitation: [], team: [], ac: ["read"] }),
  },
};
