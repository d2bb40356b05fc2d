// Who operates the platform: OPERATOR_EMAILS operators (configuration, not revocable here) and
// operators granted by another operator, with grant by e-mail and revoke with confirmation.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { formatTimestamp } from "../../components/charts/format.ts";
import {
  Badge,
  Button,
  ConfirmDialog,
  DataTable,
  type DataTableColumn,
  ErrorState,
  SkeletonTable,
  toast,
} from "../../components/ui/index.ts";
import { browserTimeZone } from "../../lib/time-zone.ts";
import { operatorsQueryOptions, type PlatformOperator, useRevokeOperator } from "../../queries/operator.ts";
import { GrantOperatorDialog } from "./GrantOperatorDialog.tsx";

function columns(
  timeZone: string,
  onRevoke: (entry: PlatformOperator) => void,
): DataTableColumn<PlatformOperator>[] {
  return [
    {
      id: "operator",
      header: "Operator",
      cell: ({ row }) => (
        <span>
          {row.original.email}
          {row.original.name ? <span className="muted"> · {row.original.name}</span> : null}
        </span>
      ),
    },
    {
      id: "source",
      header: "Source",
      cell: ({ row }) =>
        row.original.source === "config" ? (
          <Badge tone="neutral">OPERATOR_EMAILS</Badge>
        ) : (
          <Badge tone="neutral">Granted</Badge>
        ),
    },
    {
      id: "granted",
      header: `Granted (${timeZone})`,
      cell: ({ row }) => {
        const { grantedAt, grantedByEmail, grantedBy } = row.original;
        if (!grantedAt) return <span className="muted">By configuration</span>;
        return (
          <span>
            <span className="numeric">{formatTimestamp(grantedAt, timeZone)}</span>
            <span className="muted"> by {grantedByEmail ?? grantedBy}</span>
          </span>
        );
      },
    },
    {
      id: "actions",
      header: "Actions",
      cell: ({ row }) =>
        row.original.revocable ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onRevoke(row.original)}
            aria-label={`Revoke operator role of ${row.original.email}`}
          >
            Revoke
          </Button>
        ) : (
          <span className="muted">Edit OPERATOR_EMAILS</span>
        ),
    },
  ];
}

export function OperatorsPage() {
  const timeZone = browserTimeZone();
  const operators = useQuery(operatorsQueryOptions());
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<PlatformOperator | null>(null);
  const revoke = useRevokeOperator();
  const tableColumns = useMemo(() => columns(timeZone, setRevoking), [timeZone]);

  const confirmRevoke = () => {
    const target = revoking;
    if (!target?.userId) return;
    revoke.mutate(target.userId, {
      onSuccess: () => {
        toast.success(`${target.email} is no longer an operator.`);
        setRevoking(null);
      },
      onError: (failure) => {
        toast.error(failure instanceof ApiRequestError ? failure.message : "The grant could not be revoked.");
        setRevoking(null);
      },
    });
  };

  let body: React.ReactNode;
  if (operators.isPending) body = <SkeletonTable rows={4} columns={4} label="Loading the operators…" />;
  else if (operators.isError) {
    body = (
      <ErrorState
        error={operators.error}
        title="The operators could not be loaded"
        onRetry={() => void operators.refetch()}
        retrying={operators.isFetching}
      />
    );
  } else {
    body = (
      <DataTable<PlatformOperator>
        caption="Platform operators"
        captionHidden
        columns={tableColumns}
        data={operators.data.data}
        getRowId={(row) => `${row.source}:${row.userId ?? row.email}`}
      />
    );
  }

  return (
    <div className="page-stack">
      <header className="page-header page-header-row">
        <title>Operators · Edgegate</title>
        <div>
          <h1>Operators</h1>
          <p className="muted">
            Operators see and change every organization. Those listed in OPERATOR_EMAILS come from the
            deployment's configuration; the others were granted here by another operator. Nobody can revoke
            their own role.
          </p>
        </div>
        <Button onClick={() => setGranting(true)}>Grant operator role</Button>
      </header>
      {body}
      <GrantOperatorDialog open={granting} onClose={() => setGranting(false)} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke the operator role of ${revoking?.email ?? ""}?`}
        description="They lose access to the operator console on their next request. Their account and organizations are not touched."
        confirmLabel="Revoke operator role"
        busy={revoke.isPending}
        onConfirm={confirmRevoke}
      />
    </div>
  );
}
