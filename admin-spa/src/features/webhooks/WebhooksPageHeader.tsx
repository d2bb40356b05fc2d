// The /webhooks heading, on its own so the route's loading state does not pull in the page's code.
import type { ReactNode } from "react";

export function WebhooksPageHeader({ action }: { action?: ReactNode }) {
  return (
    <header className="page-header page-header-row">
      <title>Webhooks · Edgegate</title>
      <div>
        <h1>Webhooks</h1>
        <p className="muted">
          Signed event deliveries to your endpoints: key changes, members, usage thresholds and more.
        </p>
      </div>
      {action}
    </header>
  );
}
