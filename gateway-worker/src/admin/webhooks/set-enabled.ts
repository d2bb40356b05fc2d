// Shared by enable.ts and disable.ts: flips `enabled` with its audit row. Enabling clears the
// failure streak and sends nothing from the backlog (use recover for that).

import { eq } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { webhooks } from "../../db/schema/webhooks.ts";
import { recordAudit } from "../../services/audit.ts";
import { loadOwnEndpoint, toEndpointView } from "./shared.ts";

export async function setEndpointEnabled(c: Context<AppEnv>, id: string, enabled: boolean) {
  const before = await loadOwnEndpoint(c, id);
  const now = new Date();
  const row = await c.var.services.database.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhooks)
      .set(
        enabled
          ? {
              enabled,
              disabledReason: null,
              disabledAt: null,
              failingSince: null,
              consecutiveFailures: 0,
              updatedAt: now,
            }
          : { enabled, disabledReason: "Disabled by an admin", disabledAt: now, updatedAt: now },
      )
      .where(eq(webhooks.id, before.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    await recordAudit(
      c,
      {
        action: enabled ? "webhook_endpoint.enable" : "webhook_endpoint.disable",
        targetType: "webhook_endpoint",
        targetId: before.id,
        before: { enabled: before.enabled, disabledReason: before.disabledReason },
        after: { enabled: updated.enabled, disabledReason: updated.disabledReason },
      },
      tx,
    );
    return updated;
  });
  return toEndpointView(row);
}
