// The customers list (filled in by the customers step).
export function CustomersPage() {
  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Customers · Edgegate</title>
        <h1>Customers</h1>
      </header>
    </div>
  );
}
