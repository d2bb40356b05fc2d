// The one way to change what the gateway enforces for a whole organization — its plan, overage
// policy and spend cap — used by Stripe's subscription sync and by the admin API alike.
//
// How the change reaches the edge within the revocation bound (2 s): every cached key record
// carries the organization's `limitsVersion` it was built from, and every gateway request reads
// the organization's stamp `eg:orgver:<org>` in the same pipelined Redis round that rate-limits
// it (services/limiter.ts). After Postgres commits, the stamp is raised to the new version, so
// the next request of ANY key of the organization, in any isolate, sees a stamp newer than its
// copy, re-reads the record from Postgres and is decided under the new limits (gateway/limit.ts).
// The org's KV records are rewritten too, so cold isolates do not even start from the old copy.
import { type OveragePolicy, planAllowsOverage } from "@edgegate/shared/billing";
import { ApiError } from "@edgegate/shared/errors";
import type { PlanId } from "@edgegate/shared/plans";
import { eq } from "drizzle-orm";
import type { Services } from "../../context.ts";
import {
  type LimitsOverride,
  organizations,
  type SubscriptionStatus,
} from "../../db/schema/organizations.ts";
import { adminRedis } from "../admin-redis.ts";
import { type AuditActor, writeAudit } from "../audit.ts";
import type { Executor } from "../database.ts";
import { organizationVersionKey } from "../limiter.ts";

/** What may change; omitted fields keep their value. */
export interface OrganizationBillingChange {
  plan?: PlanId;
  overagePolicy?: OveragePolicy;
  /** Requests over the quota per month under bill_overage; null = no cap. */
  spendCapRequests?: number | null;
  /** Stripe's subscription status, when the sync knows it (not enforced at the edge). */
  subscriptionStatus?: SubscriptionStatus;
  /** An operator's custom limits with their expiry (null removes them); operators only. */
  limitsOverride?: LimitsOverride | null;
}

export interface OrganizationBilling {
  plan: PlanId;
  overagePolicy: OveragePolicy;
  spendCapRequests: number | null;
  subscriptionStatus: SubscriptionStatus;
  limitsOverride: LimitsOverride | null;
  limitsVersion: number;
}

export interface AppliedBilling {
  before: OrganizationBilling;
  after: OrganizationBilling;
  /** False when nothing differed: no write and no audit row (the stamp is still published). */
  changed: boolean;
}

/** Who made the change (the audit row's actor) and the request it came in on, if any. */
export interface BillingChangeSource {
  actor: AuditActor;
  request: Request | null;
  /** More writes to commit with the change (the operator console's platform audit row). */
  within?: (
    tx: Executor,
    change: { before: OrganizationBilling; after: OrganizationBilling },
  ) => Promise<void>;
}

type BillingServices = Pick<Services, "database" | "outbox" | "keyStore" | "config">;

const billingColumns = {
  plan: organizations.plan,
  overagePolicy: organizations.overagePolicy,
  spendCapRequests: organizations.spendCapRequests,
  subscriptionStatus: organizations.subscriptionStatus,
  limitsOverride: organizations.limitsOverride,
  limitsVersion: organizations.limitsVersion,
};

export const BILLING_AUDIT_ACTION = "organization.billing_update";

/**
 * Updates the organization's billing state in Postgres with its audit row (one transaction),
 * then publishes it to the edge. Throws ApiError NOT_FOUND for an unknown organization, CONFLICT
 * when bill_overage is asked for on a plan that cannot bill overage (FREE; a downgrade to FREE
 * keeps a stored bill_overage, which the gateway ignores on FREE), and SERVICE_UNAVAILABLE when
 * the change was saved but not published — calling again with the same change publishes it.
 */
export async function applyOrganizationBilling(
  services: BillingServices,
  organizationId: string,
  change: OrganizationBillingChange,
  source: BillingChangeSource,
): Promise<AppliedBilling> {
  const applied = await services.database.transaction(async (tx) => {
    const [before] = await tx
      .select(billingColumns)
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for("update");
    if (!before) throw new ApiError("NOT_FOUND", "Organization not found.");
    const next = {
      plan: change.plan ?? before.plan,
      overagePolicy: change.overagePolicy ?? before.overagePolicy,
      spendCapRequests:
        change.spendCapRequests === undefined ? before.spendCapRequests : change.spendCapRequests,
      subscriptionStatus: change.subscriptionStatus ?? before.subscriptionStatus,
      limitsOverride: change.limitsOverride === undefined ? before.limitsOverride : change.limitsOverride,
    };
    if (change.overagePolicy === "bill_overage" && !planAllowsOverage(next.plan)) {
      throw new ApiError(
        "CONFLICT",
        `The ${next.plan} plan cannot bill overage; upgrade to a paid plan to choose bill_overage.`,
      );
    }
    const limitsDiffer =
      next.plan !== before.plan ||
      next.overagePolicy !== before.overagePolicy ||
      next.spendCapRequests !== before.spendCapRequests ||
      JSON.stringify(next.limitsOverride) !== JSON.stringify(before.limitsOverride);
    if (!limitsDiffer && next.subscriptionStatus === before.subscriptionStatus) {
      return { before, after: before, changed: false };
    }
    // Strictly increasing even if two changes land in the same millisecond.
    const limitsVersion = limitsDiffer
      ? Math.max(Date.now(), before.limitsVersion + 1)
      : before.limitsVersion;
    const after = { ...next, limitsVersion };
    await tx
      .update(organizations)
      .set({ ...after, updatedAt: new Date() })
      .where(eq(organizations.id, organizationId));
    await writeAudit(
      services,
      source.request,
      organizationId,
      source.actor,
      {
        action: BILLING_AUDIT_ACTION,
        targetType: "organization",
        targetId: organizationId,
        before: auditView(before),
        after: auditView(after),
      },
      tx,
    );
    await source.within?.(tx, { before, after });
    return { before, after, changed: true };
  });
  await publishOrganizationLimits(services, organizationId, applied.after.limitsVersion);
  return applied;
}

/** The audit summary; the override appears only when one is or was set (older rows have none). */
export function auditView(billing: OrganizationBilling): Record<string, unknown> {
  const { limitsVersion: _version, limitsOverride, ...view } = billing;
  return limitsOverride ? { ...view, limitsOverride } : view;
}

/** Raises the stamp only: a slower publisher of an older change cannot move it back. */
const RAISE_STAMP_SCRIPT = `local current = tonumber(redis.call("GET", KEYS[1]) or "0")
if current < tonumber(ARGV[1]) then redis.call("SET", KEYS[1], ARGV[1]) end
return 0`;

/**
 * Puts the organization's limits stamp in Redis (no expiry: an idle key's KV copy may be older
 * than any TTL) and rewrites its keys' KV records. Idempotent: publishing again is harmless.
 */
export async function publishOrganizationLimits(
  services: Pick<Services, "keyStore" | "config">,
  organizationId: string,
  limitsVersion: number,
): Promise<void> {
  try {
    await adminRedis(services).eval(
      RAISE_STAMP_SCRIPT,
      [organizationVersionKey(organizationId)],
      [String(limitsVersion)],
    );
  } catch (error) {
    console.error("organization billing saved but not published", error);
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "The change was saved but could not be propagated to the gateway yet; retry the request.",
      { headers: { "Retry-After": "2" } },
    );
  }
  // The stamp alone is enough for the bound; a failed KV rewrite costs cold isolates one
  // Postgres read each, nothing more.
  await services.keyStore.refreshOrganization(organizationId).catch((error: unknown) => {
    console.error("organization key records not rewritten in KV", error);
  });
}

/** The organization's current billing state (null: no such organization). */
export async function readOrganizationBilling(
  services: Pick<Services, "database">,
  organizationId: string,
): Promise<OrganizationBilling | null> {
  const [row] = await services.database.db
    .select(billingColumns)
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row ?? null;
}
