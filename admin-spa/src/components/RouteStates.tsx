// Fallbacks shared by every route: an error with a way to retry, and "not found".
import { useQueryErrorResetBoundary } from "@tanstack/react-query";
import { type ErrorComponentProps, Link, useRouter } from "@tanstack/react-router";
import { useEffect } from "react";
import { ApiRequestError } from "../api/client.ts";
import { AuthLayout } from "./layout/AuthLayout.tsx";

export function ErrorDetails({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  const apiError = error instanceof ApiRequestError ? error : null;
  return (
    <>
      <p>{message}</p>
      {apiError && (apiError.requestId || apiError.docs) ? (
        <p className="muted small">
          {apiError.code}
          {apiError.status ? ` (HTTP ${apiError.status})` : ""}
          {apiError.requestId ? (
            <>
              {" · Request ID "}
              <code>{apiError.requestId}</code>
            </>
          ) : null}
          {apiError.docs ? (
            <>
              {" · "}
              <a href={apiError.docs} target="_blank" rel="noreferrer">
                What this error means
              </a>
            </>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

/** Used when a route's loader or component throws; Retry re-runs the loaders and the queries. */
export function RouteError({
  error,
  title = "Something went wrong",
  headingId,
}: ErrorComponentProps & { title?: string; headingId?: string }) {
  const router = useRouter();
  const queryErrorResetBoundary = useQueryErrorResetBoundary();

  useEffect(() => {
    // Let queries that failed under this boundary fetch again when it re-renders.
    queryErrorResetBoundary.reset();
  }, [queryErrorResetBoundary]);

  return (
    <div className="callout callout-error" role="alert">
      <h2 id={headingId}>{title}</h2>
      <ErrorDetails error={error} />
      <button type="button" className="button" onClick={() => void router.invalidate()}>
        Retry
      </button>
    </div>
  );
}

const NOT_FOUND_TEXT = (
  <>
    <p>There is no page at this address.</p>
    <p>
      <Link to="/">Go to the overview</Link>
    </p>
  </>
);

/** An unknown address inside the console's shell (under a page's own path). */
export function NotFound() {
  return (
    <section aria-labelledby="not-found-heading">
      <title>Not found · Edgegate</title>
      <h1 id="not-found-heading">Page not found</h1>
      {NOT_FOUND_TEXT}
    </section>
  );
}

/**
 * An address no route matches at all: the router renders it at the root, outside the signed-in
 * shell, so it gets the signed-out pages' frame rather than an unstyled page.
 */
export function RootNotFound() {
  return <AuthLayout title="Page not found">{NOT_FOUND_TEXT}</AuthLayout>;
}
