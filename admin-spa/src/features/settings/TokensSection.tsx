// Automation tokens (egt_…) for scripts and CI: list, create with a role (the secret is shown
// once, with a copy button and a warning), revoke behind a confirmation naming the token.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { formatDateTime, formatRelative } from "../../components/charts/format.ts";
import { SecretRevealDialog } from "../../components/SecretReveal.tsx";
import {
  Button,
  ConfirmDialog,
  DataTable,
  type DataTableColumn,
  Dialog,
  EmptyState,
  ErrorState,
  FormDialogActions,
  FormErrorSummary,
  Select,
  SkeletonTable,
  StatusBadge,
  TextInput,
  toast,
} from "../../components/ui/index.ts";
import { type RevealState, useRevealOnce } from "../../lib/reveal-once.ts";
import { fromDateTimeLocal } from "../../lib/search-params.ts";
import {
  type AutomationToken,
  automationTokensQueryOptions,
  type CreatedAutomationToken,
  TOKEN_ROLES,
  type TokenRole,
  useCreateToken,
  useRevokeToken,
} from "../../queries/automation-tokens.ts";
import { errorMessage, roleLabel } from "./labels.ts";

export function tokenStatus(token: Pick<AutomationToken, "revokedAt" | "expiresAt">, now = Date.now()) {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return "expired";
  return "active";
}

export function TokensSection({ orgId }: { orgId: string }) {
  const tokens = useQuery(automationTokensQueryOptions(orgId));
  const revoke = useRevokeToken(orgId);
  const [creating, setCreating] = useState(false);
  const created = useRevealOnce<CreatedAutomationToken>();
  const [revoking, setRevoking] = useState<AutomationToken | null>(null);

  const askRevoke = useRef(setRevoking);
  const columns = useMemo(() => tokenColumns((token) => askRevoke.current(token)), []);

  return (
    <div className="settings-section">
      <div className="toolbar">
        <p className="muted small">
          Scripts send a token as <code>Authorization: Bearer egt_…</code> to call the admin API with its
          role.
        </p>
        <Button onClick={() => setCreating(true)}>Create token</Button>
      </div>
      {tokens.isPending ? (
        <SkeletonTable rows={2} columns={5} label="Loading automation tokens…" />
      ) : tokens.isError ? (
        <ErrorState
          error={tokens.error}
          title="Automation tokens could not be loaded"
          onRetry={() => void tokens.refetch()}
          retrying={tokens.isFetching}
        />
      ) : tokens.data.length === 0 ? (
        <EmptyState
          title="No automation tokens"
          description="Create one to manage keys or read analytics from a script or CI job without a user's password."
        />
      ) : (
        <DataTable<AutomationToken>
          caption="Automation tokens"
          captionHidden
          columns={columns}
          data={tokens.data}
          getRowId={(token) => token.id}
        />
      )}

      <CreateTokenDialog
        orgId={orgId}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          created.reveal(result);
        }}
      />
      <RevealTokenDialog state={created.state} onClose={created.dismiss} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        description="Scripts using it are refused from their next call. This cannot be undone."
        confirmLabel="Revoke token"
        typeToConfirm={revoking?.name}
        busy={revoke.isPending}
        onConfirm={() => {
          if (!revoking) return;
          const token = revoking;
          revoke.mutate(token.id, {
            onSuccess: () => {
              toast.success(`“${token.name}” was revoked.`);
              setRevoking(null);
            },
            onError: (error) => toast.error(errorMessage(error, "The token could not be revoked.")),
          });
        }}
      />
    </div>
  );
}

function CreateTokenDialog({
  orgId,
  open,
  onClose,
  onCreated,
}: {
  orgId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (created: CreatedAutomationToken) => void;
}) {
  const create = useCreateToken(orgId);
  const [name, setName] = useState("");
  const [role, setRole] = useState<TokenRole>("viewer");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<{ name?: string; expiresAt?: string; form?: string }>({});

  const close = () => {
    if (create.isPending) return;
    setName("");
    setRole("viewer");
    setExpires("");
    setErrors({});
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: typeof errors = {};
    if (!name.trim()) problems.name = "Enter a name, e.g. “CI deploys”.";
    const expiresAt = expires ? fromDateTimeLocal(expires) : undefined;
    if (expires && (!expiresAt || Date.parse(expiresAt) <= Date.now()))
      problems.expiresAt = "Pick a time in the future.";
    setErrors(problems);
    if (problems.name || problems.expiresAt) return;
    create.mutate(
      { name: name.trim(), role, ...(expiresAt ? { expiresAt } : {}) },
      {
        onSuccess: (result) => {
          toast.success(`Token “${result.automationToken.name}” created.`);
          setName("");
          setExpires("");
          onCreated(result);
        },
        onError: (error) => {
          if (error instanceof ApiRequestError && error.fields.length > 0) {
            const fields = error.fieldErrors();
            setErrors({ name: fields.name, expiresAt: fields.expiresAt, form: error.message });
          } else {
            setErrors({ form: errorMessage(error, "The token could not be created.") });
          }
        },
      },
    );
  };

  return (
    <Dialog open={open} onClose={close} title="Create an automation token" dismissible={!create.isPending}>
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary
          title="The token could not be created"
          errors={[errors.form].filter((message): message is string => Boolean(message))}
        />
        <TextInput
          label="Name"
          hint="Say where it is used, so it can be found and revoked later."
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          required
          maxLength={100}
          autoComplete="off"
        />
        <Select
          label="Role"
          hint="Viewer reads; developer also manages API keys; admin also manages members and tokens."
          value={role}
          onChange={(event) => setRole(event.target.value as TokenRole)}
        >
          {TOKEN_ROLES.map((value) => (
            <option key={value} value={value}>
              {roleLabel(value)}
            </option>
          ))}
        </Select>
        <TextInput
          label="Expires (optional, your time zone)"
          type="datetime-local"
          value={expires}
          onChange={(event) => setExpires(event.target.value)}
          error={errors.expiresAt}
        />
        <FormDialogActions
          onCancel={close}
          pending={create.isPending}
          submitLabel="Create token"
          pendingLabel="Creating…"
        />
      </form>
    </Dialog>
  );
}

const TOKEN_NAMES = { label: "Automation token", copyLabel: "Copy token", copiedMessage: "Token copied" };

function RevealTokenDialog({
  state,
  onClose,
}: {
  state: RevealState<CreatedAutomationToken>;
  onClose: () => void;
}) {
  const created = state.open ? state.shown : null;
  return (
    <SecretRevealDialog
      shown={created ? { title: `Copy “${created.automationToken.name}” now`, secret: created.token } : null}
      names={TOKEN_NAMES}
      notice={{
        title: "This is the only time the token is shown.",
        body: "It is not stored in readable form: store it in your secret manager now. If it is lost, revoke it and create another.",
      }}
      hint={
        <>
          Scripts send it as <code>Authorization: Bearer egt_…</code> to the admin API.
        </>
      }
      doneLabel="I have stored it"
      onClose={onClose}
    />
  );
}

/** Stable definitions (see MembersSection): cells keep their buttons across renders. */
function tokenColumns(askRevoke: (token: AutomationToken) => void): DataTableColumn<AutomationToken>[] {
  return [
    {
      id: "name",
      header: "Name",
      cell: ({ row }) => (
        <span>
          <strong>{row.original.name}</strong>
          <br />
          <span className="mono muted">{row.original.displayPrefix}…</span>
        </span>
      ),
    },
    { id: "role", header: "Role", cell: ({ row }) => roleLabel(row.original.role) },
    { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={tokenStatus(row.original)} /> },
    {
      id: "used",
      header: "Last used",
      cell: ({ row }) => (row.original.lastUsedAt ? formatRelative(row.original.lastUsedAt) : "Never"),
    },
    {
      id: "expires",
      header: "Expires",
      cell: ({ row }) => (row.original.expiresAt ? formatDateTime(row.original.expiresAt) : "Never"),
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      cell: ({ row }) =>
        tokenStatus(row.original) === "active" ? (
          <Button variant="danger" size="sm" onClick={() => askRevoke(row.original)}>
            Revoke<span className="visually-hidden"> {row.original.name}</span>
          </Button>
        ) : null,
    },
  ];
}
