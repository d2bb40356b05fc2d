// Loading placeholders. Hidden from assistive technology: the surrounding region carries
// aria-busy and a text status instead.
import type { CSSProperties } from "react";
import "./skeleton.css";

export function Skeleton({
  width,
  height = "0.9rem",
}: {
  width?: CSSProperties["width"];
  height?: CSSProperties["height"];
}) {
  return <span className="skeleton skeleton-block" style={{ width, height }} aria-hidden="true" />;
}

/** A table-shaped placeholder with `rows` lines of `columns` cells. */
export function SkeletonTable({
  rows = 5,
  columns = 4,
  label,
}: {
  rows?: number;
  columns?: number;
  label: string;
}) {
  return (
    <div className="skeleton-table" aria-busy="true">
      <p className="visually-hidden" role="status">
        {label}
      </p>
      {Array.from({ length: rows }, (_, row) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={row} className="skeleton-row" aria-hidden="true">
          {Array.from({ length: columns }, (_, column) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
            <Skeleton key={column} width={column === 0 ? "30%" : "18%"} />
          ))}
        </div>
      ))}
    </div>
  );
}
