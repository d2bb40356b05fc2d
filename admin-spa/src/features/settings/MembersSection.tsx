// Members of the organization: change a role, remove a member (behind a confirmation). Offered to
// admins and owners (members:write); admins do not touch owners, and nobody edits themselves here.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { formatDateTime, formatRelative } from "../../components/charts/format.ts";
import {
  Button,
  ConfirmDialog,
  DataTable,
  type DataTableColumn,
  ErrorState,
  SkeletonTable,
  toast,
} from "../../components/ui/index.ts";
import {
  assignableRoles,
  type Member,
  type MemberRole,
  membersQueryOptions,
  useRemoveMember,
  useUpdateMemberRole,
} from "../../queries/members.ts";
import type { Role } from "../../queries/session.ts";
import { errorMessage, roleLabel } from "./labels.ts";

/** Whether the caller may change or remove this member (the server re-checks). */
export function canEditMember(
  callerRole: Role | null,
  callerUserId: string,
  member: Pick<Member, "role" | "userId">,
) {
  if (member.userId === callerUserId) return false;
  if (callerRole === "owner") return true;
  return callerRole === "admin" && member.role !== "owner";
}

export function MembersSection({
  orgId,
  callerRole,
  callerUserId,
}: {
  orgId: string;
  callerRole: Role | null;
  callerUserId: string;
}) {
  const members = useQuery(membersQueryOptions(orgId));
  const updateRole = useUpdateMemberRole(orgId);
  const remove = useRemoveMember(orgId);
  const [removing, setRemoving] = useState<Member | null>(null);

  const changeRole = (member: Member, role: MemberRole) =>
    updateRole.mutate(
      { memberId: member.id, role },
      {
        onSuccess: () => toast.success(`${member.user.name} is now ${roleLabel(role).toLowerCase()}.`),
        onError: (error) => toast.error(errorMessage(error, "The role could not be changed.")),
      },
    );
  // Stable column definitions: new cell functions would remount the role <select> on every
  // render, and a keyboard user changing a role would lose focus. Actions go through a ref.
  const actions = useRef({ changeRole, askRemove: setRemoving });
  actions.current = { changeRole, askRemove: setRemoving };
  const columns = useMemo(
    () =>
      memberColumns(
        callerRole,
        callerUserId,
        (member, role) => actions.current.changeRole(member, role),
        (member) => actions.current.askRemove(member),
      ),
    [callerRole, callerUserId],
  );

  if (members.isPending) return <SkeletonTable rows={3} columns={4} label="Loading members…" />;
  if (members.isError) {
    return (
      <ErrorState
        error={members.error}
        title="Members could not be loaded"
        onRetry={() => void members.refetch()}
        retrying={members.isFetching}
      />
    );
  }

  return (
    <>
      <DataTable<Member>
        caption="Members"
        captionHidden
        columns={columns}
        data={members.data}
        getRowId={(member) => member.id}
        busy={members.isFetching && !members.isPending}
      />
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.user.name ?? "member"}?`}
        description={`${removing?.user.email ?? "They"} will lose access to this organization at once. Their past actions stay in the audit log.`}
        confirmLabel="Remove member"
        busy={remove.isPending}
        onConfirm={() => {
          if (!removing) return;
          const member = removing;
          remove.mutate(member.id, {
            onSuccess: () => {
              toast.success(`${member.user.name} was removed.`);
              setRemoving(null);
            },
            onError: (error) => toast.error(errorMessage(error, "The member could not be removed.")),
          });
        }}
      />
    </>
  );
}

function memberColumns(
  callerRole: Role | null,
  callerUserId: string,
  changeRole: (member: Member, role: MemberRole) => void,
  askRemove: (member: Member) => void,
): DataTableColumn<Member>[] {
  const roles = assignableRoles(callerRole);
  return [
    {
      id: "name",
      header: "Member",
      cell: ({ row }) => (
        <span>
          <strong>{row.original.user.name}</strong>
          {row.original.userId === callerUserId ? " (you)" : ""}
          <br />
          <span className="muted small wrap-anywhere">{row.original.user.email}</span>
        </span>
      ),
    },
    {
      id: "role",
      header: "Role",
      cell: ({ row }) => {
        const member = row.original;
        if (!canEditMember(callerRole, callerUserId, member)) return roleLabel(member.role);
        return (
          <select
            className="input select"
            aria-label={`Role of ${member.user.name}`}
            value={member.role}
            onChange={(event) => changeRole(member, event.target.value as MemberRole)}
          >
            {[...new Set<MemberRole>([member.role, ...roles])].map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </select>
        );
      },
    },
    {
      id: "joined",
      header: "Joined",
      cell: ({ row }) => (
        <time dateTime={row.original.createdAt} title={formatDateTime(row.original.createdAt)}>
          {formatRelative(row.original.createdAt)}
        </time>
      ),
    },
    {
      id: "actions",
      header: () => <span className="visually-hidden">Actions</span>,
      cell: ({ row }) =>
        canEditMember(callerRole, callerUserId, row.original) ? (
          <Button variant="danger" size="sm" onClick={() => askRemove(row.original)}>
            Remove<span className="visually-hidden"> {row.original.user.name}</span>
          </Button>
        ) : null,
    },
  ];
}
