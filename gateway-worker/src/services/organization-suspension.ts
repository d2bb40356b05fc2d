// Suspending an organization (operators only): every key of it is refused at the edge with
// ORGANIZATION_SUSPENDED within the 2 s bound, nothing is deleted, and unsuspending restores
// everything. It rides the organization-wide stamp the billing limits use
// (services/billing/organization-limits.ts): the row changes with a raised `limitsVersion`, then
// the stamp is published, so every isolate re-reads the key record on its next request.
import { ApiError } from "@edgegate/shared/errors";
import { eq } from "drizzle-orm";
import type { Services } from "../context.ts";
import { organizations } from "../db/schema/organizations.ts";
import { type AuditActor, writeAudit } from "./audit.ts";
import { publishOrganizationLimits } from "./billing/organization-limits.ts";
import type { Executor } from "./database.ts";

export interface Suspension {
  suspendedAt: Date | null;
  suspendedReason: string | null;
}

export interface SuspensionChange {
  before: Suspension;
  after: Suspension;
}

/**
 * Suspends (`reason` given) or unsuspends (`reason` null) the organization. Throws NOT_FOUND for
 * an unknown organization and CONFLICT when it is already in the asked state; `within` writes
 * the caller's records (the platform audit row) in the same transaction.
 */
export async function setOrganizationSuspension(
  services: Pick<Services, "database" | "outbox" | "keyStore" | "config">,
  organizationId: string,
  reason: string | null,
  source: {
    actor: AuditActor;
    request: Request | null;
    within: (tx: Executor, change: SuspensionChange) => Promise<void>;
  },
): Promise<SuspensionChange> {
  const suspend = reason !== null;
  const { change, limitsVersion } = await services.database.transaction(async (tx) => {
    const [row] = await tx
      .select({
        suspendedAt: organizations.suspendedAt,
        suspendedReason: organizations.suspendedReason,
        limitsVersion: organizations.limitsVersion,
      })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for("update");
    if (!row) throw new ApiError("NOT_FOUND", "Organization not found.");
    if ((row.suspendedAt !== null) === suspend) {
      throw new ApiError(
        "CONFLICT",
        suspend ? "The organization is already suspended." : "The organization is not suspended.",
      );
    }
    const before = { suspendedAt: row.suspendedAt, suspendedReason: row.suspendedReason };
    const after = { suspendedAt: suspend ? new Date() : null, suspendedReason: reason };
    // Strictly increasing, like every limits change: the edge compares it with its copy.
    const limitsVersion = Math.max(Date.now(), row.limitsVersion + 1);
    await tx
      .update(organizations)
      .set({ ...after, limitsVersion, updatedAt: new Date() })
      .where(eq(organizations.id, organizationId));
    // The organization's own audit trail shows that the platform acted, and why.
    await writeAudit(
      services,
      source.request,
      organizationId,
      source.actor,
      {
        action: suspend ? "organization.suspend" : "organization.unsuspend",
        targetType: "organization",
        targetId: organizationId,
        before: suspensionView(before),
        after: suspensionView(after),
      },
      tx,
    );
    await source.within(tx, { before, after });
    return { change: { before, after }, limitsVersion };
  });
  await publishOrganizationLimits(services, organizationId, limitsVersion);
  return change;
}

export function suspensionView(suspension: Suspension): {
  suspended: boolean;
  suspendedAt: string | null;
  reason: string | null;
} {
  return {
    suspended: suspension.suspendedAt !== null,
    suspendedAt: suspension.suspendedAt?.toISOString() ?? null,
    reason: suspension.suspendedReason,
  };
}
