// Accept or decline an invitation to an organization. The invitation can only be read by its
// recipient, so a signed-out visitor signs in (or up) first and comes back here.
import { queryOptions, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, type ErrorComponentProps, redirect, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { acceptInvitation, getInvitation, rejectInvitation, setActiveOrganization } from "../api/auth.ts";
import { formErrorsFrom } from "../api/form-errors.ts";
import { AuthLayout } from "../components/layout/AppLayout.tsx";
import { RouteError } from "../components/RouteStates.tsx";
import { Button } from "../components/ui/Button.tsx";
import { FormErrorSummary } from "../components/ui/Field.tsx";
import { toast } from "../components/ui/Toaster.tsx";
import { SESSION_QUERY_KEY, sessionQueryOptions } from "../queries/session.ts";

function invitationQueryOptions(id: string) {
  return queryOptions({
    queryKey: ["invitation", id],
    queryFn: ({ signal }) => getInvitation(id, signal),
    staleTime: 0,
  });
}

export const Route = createFileRoute("/invitations/$id")({
  beforeLoad: async ({ context: { queryClient }, location }) => {
    const session = await queryClient.ensureQueryData(sessionQueryOptions());
    if (!session) throw redirect({ to: "/sign-in", search: { redirect: location.href } });
  },
  loader: ({ context: { queryClient }, params }) =>
    queryClient.ensureQueryData(invitationQueryOptions(params.id)),
  errorComponent: InvitationError,
  component: InvitationPage,
});

function InvitationPage() {
  const { id } = Route.useParams();
  const { data: invitation } = useSuspenseQuery(invitationQueryOptions(id));
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<"accept" | "decline" | null>(null);
  const [errors, setErrors] = useState<string[]>([]);

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

function InvitationError(props: ErrorComponentProps) {
  return (
    <AuthLayout title="Invitation">
      <RouteError {...props} title="This invitation could not be opened" />
      <p className="muted small">
        Invitations can only be opened by the email address they were sent to. Ask for a new one if it has
        expired.
      </p>
    </AuthLayout>
  );
}
