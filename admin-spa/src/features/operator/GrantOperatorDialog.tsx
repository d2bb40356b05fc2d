// Grant the operator role to an account that has signed up, by its e-mail address.
import { type FormEvent, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { Dialog, FormDialogActions, TextInput, toast } from "../../components/ui/index.ts";
import { useGrantOperator } from "../../queries/operator.ts";

export function GrantOperatorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mutation = useGrantOperator();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    mutation.mutate(email.trim(), {
      onSuccess: (granted) => {
        toast.success(`${granted.email} is now an operator.`);
        setEmail("");
        onClose();
      },
      onError: (failure) =>
        setError(failure instanceof ApiRequestError ? failure.message : "The grant could not be saved."),
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Grant the operator role"
      description="Operators see and change every organization. The account must have signed up already."
      dismissible={!mutation.isPending}
    >
      <form onSubmit={submit} className="form">
        {error ? (
          <p className="callout callout-error" role="alert">
            {error}
          </p>
        ) : null}
        <TextInput
          label="E-mail address"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          data-autofocus
        />
        <FormDialogActions
          onCancel={onClose}
          pending={mutation.isPending}
          submitLabel="Grant operator role"
          pendingLabel="Granting…"
        />
      </form>
    </Dialog>
  );
}
