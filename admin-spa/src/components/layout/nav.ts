// The sidebar's sections, in order: the one list to add a page to. Only routes that exist can be
// linked (`to` is checked against the route tree).
import type { LinkProps } from "@tanstack/react-router";

export interface NavItem {
  to: NonNullable<LinkProps["to"]>;
  label: string;
  /** Active only on an exact match (the overview at "/"), else on the path and its children. */
  exact?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: "/", label: "Overview", exact: true },
  { to: "/keys", label: "API keys" },
  { to: "/analytics", label: "Analytics" },
  { to: "/logs", label: "Request log" },
  { to: "/webhooks", label: "Webhooks" },
  { to: "/audit", label: "Audit log" },
  { to: "/billing", label: "Billing" },
  { to: "/settings", label: "Settings" },
];

/** The Operator section, shown only to platform operators (`Session.operator`). */
export const OPERATOR_NAV_ITEMS: readonly NavItem[] = [
  { to: "/operator", label: "Customers", exact: true },
  { to: "/operator/insights", label: "Platform analytics" },
  { to: "/operator/revenue", label: "Revenue" },
  { to: "/operator/operators", label: "Operators" },
  { to: "/operator/audit", label: "Platform audit log" },
];
