// An invitation to an organization, read by its recipient: accept (the organization becomes the
// active one) or decline, then on to the overview.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { acceptInvitation, rejectInvitation, setActiveOrganization } from "../../api/auth.ts";
import { formErrorsFrom } from "../../api/form-errors.ts";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { ErrorState } from "../../components/ui/ErrorState.tsx";
import { FormErrorSummary } from "../../components/ui/Field.tsx";
import { Skeleton } from "../../components/ui/Skeleton.tsx";
import { toast } from "../../components/ui/Toaster.tsx";
import { invitationQueryOptions } from "../../queries/members.ts";
import { SESSION_QUERY_KEY } from "../../queries/session.ts";

export function InvitationPage({ id }: { id: string }) {
  const query = useQuery(invitationQueryOptions(id));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<"accept" | "decline" | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const invitation = query.data;

  if (!invitation) {
    return (
      <AuthLayout title="Invitation">
        {query.error ? (
          <>
            <ErrorState
              error={query.error}
              title="This invitation could not be opened"
              onRetry={() => void query.refetch()}
              retrying={query.isFetching}
            />
            <p className="muted small">
              Invitations can only be opened by the email address they were sent to. Ask for a new one if it
              has expired.
            </p>
          </>
        ) : (
          <div aria-busy="true">
            <p role="status" className="visually-hidden">
              Loading the invitation…
            </p>
            <Skeleton width="70%" />
            <Skeleton width="50%" />
            <Skeleton width="60%" />
          </div>
        )}
      </AuthLayout>
    );
  }

  const respond = async (answer: "accept" | "decline") => {
    setBusy(answer);
    setErrors([]);
    try {
      if (answer === "accept") {
        await acceptInvitation(id);
        await setActiveOrganization(invitation.organizationId);
        toast.success(`You joined ${invitation.organizationName}`);
      } else {
        await rejectInvitation(id);
        toast.success("Invitation declined");
      }
      queryClient.removeQueries({ queryKey: SESSION_QUERY_KEY });
      queryClient.removeQueries({ queryKey: ["organizations"] });
      await navigate({ to: "/", replace: true });
    } catch (error) {
      setErrors(formErrorsFrom(error, {}).summary);
      setBusy(null);
    }
  };

  const pending = invitation.status === "pending";
  return (
    <AuthLayout title={`Join ${invitation.organizationName}`}>
      <FormErrorSummary title="The invitation could not be answered" errors={errors} />
      <dl className="facts">
        <div>
          <dt>Organization</dt>
          <dd>{invitation.organizationName}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{invitation.role}</dd>
        </div>
        <div>
          <dt>Invited by</dt>
          <dd>{invitation.inviterEmail}</dd>
        </div>
        <div>
          <dt>For</dt>
          <dd>{invitation.email}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>
            <time dateTime={invitation.expiresAt}>{new Date(invitation.expiresAt).toLocaleString()}</time>
          </dd>
        </div>
      </dl>
      {pending ? (
        <div className="button-row">
          <Button
            busy={busy === "accept"}
            disabled={busy === "decline"}
            onClick={() => void respond("accept")}
          >
            Accept invitation
          </Button>
          <Button
            variant="secondary"
            busy={busy === "decline"}
            disabled={busy === "accept"}
            onClick={() => void respond("decline")}
          >
            Decline
          </Button>
        </div>
      ) : (
        <p className="callout callout-warning">
          This invitation is {invitation.status}; it can no longer be answered.
        </p>
      )}
    </AuthLayout>
  );
}
