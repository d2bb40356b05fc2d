// Invitations: invite by e-mail with a role, list the pending ones, cancel. No e-mail is sent by
// this deployment, so each invitation shows its accept link to copy and pass on.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useMemo, useRef, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { formatDateTime, formatRelative } from "../../components/charts/format.ts";
import {
  Button,
  ConfirmDialog,
  CopyButton,
  DataTable,
  type DataTableColumn,
  EmptyState,
  ErrorState,
  Select,
  SkeletonTable,
  TextInput,
  toast,
} from "../../components/ui/index.ts";
import {
  assignableRoles,
  type Invitation,
  invitationsQueryOptions,
  type MemberRole,
  useCancelInvitation,
  useInviteMember,
} from "../../queries/members.ts";
import type { Role } from "../../queries/session.ts";
import { errorMessage, roleLabel } from "./labels.ts";

/** The page an invited person opens to join (the SPA's /invitations/$id route). */
export function acceptLink(invitationId: string, origin = window.location.origin): string {
  return `${origin}/invitations/${encodeURIComponent(invitationId)}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InvitationsSection({ orgId, callerRole }: { orgId: string; callerRole: Role | null }) {
  const invitations = useQuery(invitationsQueryOptions(orgId));
  const cancel = useCancelInvitation(orgId);
  const [cancelling, setCancelling] = useState<Invitation | null>(null);
  const roles = assignableRoles(callerRole);

  const askCancel = useRef(setCancelling);
  const columns = useMemo(
    () => invitationColumns(roles.length > 0, (invitation) => askCancel.current(invitation)),
    [roles.length],
  );

  return (
    <div className="settings-section">
      {roles.length > 0 ? <InviteForm orgId={orgId} roles={roles} /> : null}
      {invitations.isPending ? (
        <SkeletonTable rows={2} columns={4} label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState
          error={invitations.error}
          title="Invitations could not be loaded"
          onRetry={() => void invitations.refetch()}
          retrying={invitations.isFetching}
        />
      ) : invitations.data.length === 0 ? (
        <EmptyState
          title="No pending invitations"
          description={
            roles.length > 0
              ? "Invite a colleague above, then send them the accept link shown here."
              : "Admins and owners can invite people to this organization."
          }
        />
      ) : (
        <DataTable<Invitation>
          caption="Pending invitations"
          columns={columns}
          data={invitations.data}
          getRowId={(invitation) => invitation.id}
        />
      )}
      <ConfirmDialog
        open={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={`Cancel the invitation for ${cancelling?.email ?? ""}?`}
        description="The accept link stops working. You can invite them again later."
        confirmLabel="Cancel invitation"
        busy={cancel.isPending}
        onConfirm={() => {
          if (!cancelling) return;
          const invitation = cancelling;
          cancel.mutate(invitation.id, {
            onSuccess: () => {
              toast.success(`The invitation for ${invitation.email} was cancelled.`);
              setCancelling(null);
            },
            onError: (error) => toast.error(errorMessage(error, "The invitation could not be cancelled.")),
          });
        }}
      />
    </div>
  );
}

function InviteForm({ orgId, roles }: { orgId: string; roles: readonly MemberRole[] }) {
  const invite = useInviteMember(orgId);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<MemberRole>(
    roles.includes("developer") ? "developer" : (roles[0] ?? "viewer"),
  );
  const [error, setError] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim();
    if (!EMAIL.test(address)) {
      setError("Enter an e-mail address, e.g. ada@example.com.");
      return;
    }
    setError(undefined);
    invite.mutate(
      { email: address, role },
      {
        onSuccess: () => {
          toast.success(
            `${address} was invited as ${roleLabel(role).toLowerCase()}. Copy the accept link to send it.`,
          );
          setEmail("");
        },
        onError: (failure) => {
          const message =
            failure instanceof ApiRequestError && failure.status !== 403
              ? failure.message
              : errorMessage(failure, "The invitation could not be sent.");
          setError(message);
        },
      },
    );
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label="Invite a member">
      <TextInput
        label="E-mail"
        type="email"
        autoComplete="off"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={error}
        required
      />
      <Select label="Role" value={role} onChange={(event) => setRole(event.target.value as MemberRole)}>
        {roles.map((value) => (
          <option key={value} value={value}>
            {roleLabel(value)}
          </option>
        ))}
      </Select>
      <Button type="submit" busy={invite.isPending}>
        {invite.isPending ? "Inviting…" : "Invite"}
      </Button>
    </form>
  );
}

/** Stable definitions (see MembersSection): cells keep their buttons across renders. */
function invitationColumns(
  canCancel: boolean,
  askCancel: (invitation: Invitation) => void,
): DataTableColumn<Invitation>[] {
  return [
    { id: "email", header: "E-mail", cell: ({ row }) => row.original.email },
    { id: "role", header: "Role", cell: ({ row }) => roleLabel(row.original.role) },
    {
      id: "expires",
      header: "Expires",
      cell: ({ row }) => (
        <span title={formatDateTime(row.original.expiresAt)}>{formatRelative(row.original.expiresAt)}</span>
      ),
    },
    {
      id: "link",
      header: "Accept link",
      cell: ({ row }) => (
        <CopyButton
          text={acceptLink(row.original.id)}
          label="Copy link"
          copiedMessage={`Invitation link for ${row.original.email} copied`}
          aria-label={`Copy link to accept the invitation for ${row.original.email}`}
        />
      ),
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      cell: ({ row }) =>
        canCancel ? (
          <Button variant="ghost" size="sm" onClick={() => askCancel(row.original)}>
            Cancel<span className="visually-hidden"> the invitation for {row.original.email}</span>
          </Button>
        ) : null,
    },
  ];
}
