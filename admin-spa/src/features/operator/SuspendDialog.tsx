// Suspend (with the reason the members will read) or unsuspend an organization. Suspending
// refuses every one of its keys at the edge within 2 s; nothing is deleted.
import { type FormEvent, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { Dialog, FormDialogActions, TextArea, toast } from "../../components/ui/index.ts";
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
  const [error, setError] = useState<string | null>(null);
  const mutation = useSuspension(organization.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    mutation.mutate(
      suspended ? { suspend: false, note: text.trim() } : { suspend: true, reason: text.trim() },
      {
        onSuccess: () => {
          toast.success(
            suspended ? `${organization.name} is active again.` : `${organization.name} is suspended.`,
          );
          setText("");
          onClose();
        },
        onError: (failure) =>
          setError(failure instanceof ApiRequestError ? failure.message : "The change could not be saved."),
      },
    );
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={suspended ? `Unsuspend ${organization.name}?` : `Suspend ${organization.name}?`}
      description={
        suspended
          ? "Its keys work again within seconds, exactly as before."
          : "Every API key of the organization is refused with ORGANIZATION_SUSPENDED within seconds. Nothing is deleted; its members see the reason."
      }
      dismissible={!mutation.isPending}
    >
      <form onSubmit={submit} className="form">
        {error ? (
          <p className="callout callout-error" role="alert">
            {error}
          </p>
        ) : null}
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
        <FormDialogActions
          onCancel={onClose}
          pending={mutation.isPending}
          submitLabel={suspended ? "Unsuspend" : "Suspend organization"}
          pendingLabel={suspended ? "Unsuspending…" : "Suspending…"}
          variant={suspended ? "primary" : "danger"}
        />
      </form>
    </Dialog>
  );
}
