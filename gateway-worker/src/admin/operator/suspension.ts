// What suspending and unsuspending share: the suspension change, its platform audit row in the
// same transaction (before/after as the console shows them) and the response body.
import type { Context } from "hono";
import { operatorOf } from "../../auth/operators.ts";
import type { AppEnv } from "../../context.ts";
import { setOrganizationSuspension, suspensionView } from "../../services/organization-suspension.ts";
import { recordPlatformAudit } from "../../services/platform-audit.ts";
import { OPERATOR_ACTOR } from "./shared.ts";

/**
 * Suspends (`reason` given) or unsuspends (`reason` null) the organization as the signed-in
 * operator and returns the new state; `note` is kept in the audit row's `after` only.
 */
export async function changeSuspension(
  c: Context<AppEnv>,
  organizationId: string,
  reason: string | null,
  note?: string,
): Promise<ReturnType<typeof suspensionView>> {
  const operator = operatorOf(c);
  const change = await setOrganizationSuspension(c.var.services, organizationId, reason, {
    actor: OPERATOR_ACTOR,
    request: c.req.raw,
    within: async (tx, { before, after }) => {
      await recordPlatformAudit(
        c,
        operator,
        {
          action: reason === null ? "organization.unsuspend" : "organization.suspend",
          organizationId,
          targetType: "organization",
          targetId: organizationId,
          before: suspensionView(before),
          after: { ...suspensionView(after), ...(note ? { note } : {}) },
        },
        tx,
      );
    },
  });
  return suspensionView(change.after);
}
