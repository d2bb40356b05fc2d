// Suspend (with the reason the members will read) or unsuspend an organization. Suspending
// refuses every one of its keys at the edge within 2 s; nothing is deleted.
import { useState } from "react";
import { MutationFormDialog, TextArea, toast } from "../../components/ui/index.ts";
import { type OperatorOrganization, useSuspension } from "../../queries/operator.ts";

export function SuspendDialog({
  organization,
  open,
  onClose,
}: {
  organization: OperatorOrganization;
  open: boolean;
  onClose: () => void;
}) {
  const suspended = organization.suspension !== null;
  const [text, setText] = useState("");
  const mutation = useSuspension(organization.id);

  return (
    <MutationFormDialog
      open={open}
      onClose={onClose}
      title={suspended ? `Unsuspend ${organization.name}?` : `Suspend ${organization.name}?`}
      description={
        suspended
          ? "Its keys work again within seconds, exactly as before."
          : "Every API key of the organization is refused with ORGANIZATION_SUSPENDED within seconds. Nothing is deleted; its members see the reason."
      }
      mutation={mutation}
      variables={() =>
        suspended
          ? { suspend: false as const, note: text.trim() }
          : { suspend: true as const, reason: text.trim() }
      }
      onSaved={() => {
        toast.success(
          suspended ? `${organization.name} is active again.` : `${organization.name} is suspended.`,
        );
        setText("");
      }}
      failure="The change could not be saved."
      actions={{
        submitLabel: suspended ? "Unsuspend" : "Suspend organization",
        pendingLabel: suspended ? "Unsuspending…" : "Suspending…",
        variant: suspended ? "primary" : "danger",
      }}
    >
      <TextArea
        label={suspended ? "Note (optional)" : "Reason"}
        hint={
          suspended
            ? "Kept in the platform audit log."
            : "Shown to the organization's members (3–500 characters)."
        }
        required={!suspended}
        minLength={suspended ? undefined : 3}
        maxLength={500}
        value={text}
        onChange={(event) => setText(event.target.value)}
        data-autofocus
      />
    </MutationFormDialog>
  );
}
