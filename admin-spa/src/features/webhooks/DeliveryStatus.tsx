// A delivery's status as a badge, and one attempt's outcome in words.
import { Badge, type BadgeTone } from "../../components/ui/index.ts";
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from "../../queries/webhooks.ts";
export const STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: "Pending",
  succeeded: "Succeeded",
  failed: "Failed",
};

const TONES: Record<DeliveryStatus, BadgeTone> = { pending: "info", succeeded: "success", failed: "danger" };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge tone={TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}

const ERROR_CLASS_LABELS: Record<NonNullable<WebhookAttempt["errorClass"]>, string> = {
  timeout: "Timed out",
  connect: "Could not connect",
  tls: "TLS error",
  non_2xx: "Not a 2xx answer",
  redirect: "Redirect (not followed)",
  blocked: "URL refused",
};

/** "200", "503 · Not a 2xx answer", "Timed out": the last answer of a delivery or an attempt. */
export function outcomeText(
  attempt: Pick<WebhookAttempt, "statusCode" | "errorClass"> | Pick<WebhookDelivery, "lastStatusCode">,
): string {
  const status = "statusCode" in attempt ? attempt.statusCode : attempt.lastStatusCode;
  const errorClass = "errorClass" in attempt ? attempt.errorClass : null;
  const label = errorClass && errorClass !== "non_2xx" ? ERROR_CLASS_LABELS[errorClass] : null;
  if (status !== null && label) return `${status} · ${label}`;
  if (status !== null) return String(status);
  return label ?? "No answer";
}
