// One customer organization (filled in by the customers step).
export function CustomerPage({ organizationId }: { organizationId: string }) {
  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Customer · Edgegate</title>
        <h1 className="mono">{organizationId}</h1>
      </header>
    </div>
  );
}
