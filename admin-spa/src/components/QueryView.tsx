// One query's three states inside a panel: a skeleton while the first answer is on its way, the
// error with Retry when it failed, the content otherwise. A refetch (a new filter) keeps the old
// content on screen, dimmed and marked busy, instead of flashing the skeleton again.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorState } from "./ui/index.ts";
import "./charts/dashboard.css";

export function QueryView<T>({
  query,
  loading,
  loadingLabel,
  errorTitle,
  children,
}: {
  query: UseQueryResult<T>;
  /** The skeleton's shape. */
  loading: ReactNode;
  /** Read to screen readers while loading, e.g. "Loading top endpoints…". */
  loadingLabel: string;
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <div aria-busy="true">
        <p className="visually-hidden" role="status">
          {loadingLabel}
        </p>
        <div aria-hidden="true">{loading}</div>
      </div>
    );
  }
  if (query.isError && query.data === undefined) {
    return (
      <ErrorState
        error={query.error}
        title={errorTitle}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  }
  const stale = query.isPlaceholderData;
  return (
    <div className={stale ? "is-refreshing" : undefined} aria-busy={stale || undefined}>
      {query.isError ? (
        <ErrorState
          error={query.error}
          title={`${errorTitle} (showing the last result)`}
          onRetry={() => void query.refetch()}
          retrying={query.isFetching}
        />
      ) : null}
      {children(query.data as T)}
    </div>
  );
}
