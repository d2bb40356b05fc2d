import type { ReactNode } from "react";
import "./badge.css";

export type BadgeTone = "neutral" | "success" | "warning" | "danger" | "info";

/** A small label. The words carry the meaning; colour only reinforces it. */
export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONES: Record<string, BadgeTone> = {
  active: "success",
  up: "success",
  accepted: "success",
  rotating: "info",
  pending: "info",
  disabled: "warning",
  expired: "neutral",
  revoked: "danger",
  down: "danger",
  rejected: "danger",
  canceled: "neutral",
};

/** A status word (an API key's, a member's invitation…) with its tone; unknown ones are neutral. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const text = label ?? `${status.charAt(0).toUpperCase()}${status.slice(1)}`;
  return <Badge tone={STATUS_TONES[status] ?? "neutral"}>{text}</Badge>;
}

/** An HTTP status code, toned by its class (5xx danger, 4xx warning, 3xx info, else success). */
export function HttpStatusBadge({ status }: { status: number }) {
  const tone: BadgeTone =
    status >= 500 ? "danger" : status >= 400 ? "warning" : status >= 300 ? "info" : "success";
  return <Badge tone={tone}>{status}</Badge>;
}
