// A warning when requests in the range were admitted without Redis's verdict (bounded fail-open):
// only each edge isolate's own copy of the keys' limits held them, so limits were looser than
// configured while Redis was slow or unreachable. Links to exactly those requests.
import { Link } from "@tanstack/react-router";

export function FailOpenWarning({ count, from, to }: { count: number; from: string; to: string }) {
  if (count === 0) return null;
  const requests = `${count.toLocaleString()} request${count === 1 ? " was" : "s were"}`;
  return (
    <div className="callout callout-warning" role="status">
      <p>
        <strong>{requests} admitted without Redis's rate-limit verdict</strong> in this range. Redis was slow
        or unreachable, so each edge isolate enforced the keys' limits on its own (at most a key's limit per
        minute per isolate).{" "}
        <Link to="/logs" search={{ failOpen: "true", from, to }}>
          Show these requests
        </Link>
      </p>
    </div>
  );
}
