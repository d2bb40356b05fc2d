// The key page's loading state, on its own so the route's pending chunk stays small (the page
// itself pulls in the charts).
import { Skeleton } from "../../components/ui/Skeleton.tsx";

export function KeyDetailPending() {
  return (
    <div className="section" aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading the key…
      </p>
      <Skeleton width="40%" height="2rem" />
      <Skeleton width="70%" />
      <Skeleton width="60%" />
    </div>
  );
}
