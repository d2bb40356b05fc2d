// The /keys heading, on its own so the route's loading state does not pull in the page's code.
import type { ReactNode } from "react";

export function KeysPageHeader({ action }: { action?: ReactNode }) {
  return (
    <header className="page-header page-header-row">
      <title>API keys · Edgegate</title>
      <div>
        <h1>API keys</h1>
        <p className="muted">Keys your clients send to the gateway, with their scopes, limits and status.</p>
      </div>
      {action}
    </header>
  );
}
