// A failed load inside a page: the message, the request id to quote to support, and Retry.
import { ErrorDetails } from "../RouteStates.tsx";
import { Button } from "./Button.tsx";

export function ErrorState({
  error,
  title = "This could not be loaded",
  onRetry,
  retrying = false,
}: {
  error: unknown;
  title?: string;
  /** Usually the query's `refetch`. */
  onRetry: () => void;
  retrying?: boolean;
}) {
  return (
    <div className="callout callout-error" role="alert">
      <p className="callout-title">{title}</p>
      <ErrorDetails error={error} />
      <Button onClick={onRetry} busy={retrying}>
        {retrying ? "Retrying…" : "Retry"}
      </Button>
    </div>
  );
}
