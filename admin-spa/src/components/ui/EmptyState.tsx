import type { ReactNode } from "react";
import "./empty-state.css";

/** Nothing to show yet: say why, and what to do next (`action`, usually a button or link). */
export function EmptyState({
  title,
  description,
  action,
}: {
  title: string;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      <p className="muted">{description}</p>
      {action ? <div className="empty-state-action">{action}</div> : null}
    </div>
  );
}
