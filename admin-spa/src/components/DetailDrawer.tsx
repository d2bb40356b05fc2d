// The drawer that shows one row of a log in full (a request, a webhook delivery). The row's id is
// in the URL, so the drawer is a link to share; closing it removes the parameter. The body loads
// the row on its own: a skeleton, "no such id" for a 404, the error with Retry, then the facts.
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiRequestError } from "../api/client.ts";
import { QueryView } from "./QueryView.tsx";
import { Dialog, EmptyState, SkeletonTable } from "./ui/index.ts";

export function DetailDrawer({
  title,
  id,
  onClose,
  children,
}: {
  title: string;
  /** The open row's id (from the URL); none when the drawer is closed. */
  id: string | undefined;
  onClose: () => void;
  children: (id: string) => ReactNode;
}) {
  return (
    <Dialog
      open={id !== undefined}
      onClose={onClose}
      title={title}
      description={id ? <span className="mono">{id}</span> : undefined}
      size="wide"
    >
      {id ? children(id) : null}
    </Dialog>
  );
}

/** One row's query inside the drawer: its loading, not-found and failed states, then `children`. */
export function DetailQuery<T>({
  query,
  loadingLabel,
  notFound,
  errorTitle,
  children,
}: {
  query: UseQueryResult<T>;
  loadingLabel: string;
  /** Said for a 404: the id names nothing this organization can see. */
  notFound: { title: string; description: string };
  errorTitle: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isError && query.error instanceof ApiRequestError && query.error.status === 404) {
    return <EmptyState title={notFound.title} description={notFound.description} />;
  }
  return (
    <QueryView
      query={query}
      loading={<SkeletonTable rows={8} columns={2} label={loadingLabel} />}
      loadingLabel={loadingLabel}
      errorTitle={errorTitle}
    >
      {children}
    </QueryView>
  );
}

/** Label → value pairs as a description list (`detail-list`), in the order given. */
export function FactList({ facts, className }: { facts: [string, ReactNode][]; className?: string }) {
  return (
    <dl className={className ? `detail-list ${className}` : "detail-list"}>
      {facts.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
