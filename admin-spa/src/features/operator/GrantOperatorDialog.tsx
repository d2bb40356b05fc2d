// Grant the operator role to an account that has signed up, by its e-mail address.
import { useState } from "react";
import { MutationFormDialog, TextInput, toast } from "../../components/ui/index.ts";
import { useGrantOperator } from "../../queries/operator.ts";

export function GrantOperatorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [email, setEmail] = useState("");
  const mutation = useGrantOperator();
  return (
    <MutationFormDialog
      open={open}
      onClose={onClose}
      title="Grant the operator role"
      description="Operators see and change every organization. The account must have signed up already."
      mutation={mutation}
      variables={() => email.trim()}
      onSaved={(granted) => {
        toast.success(`${granted.email} is now an operator.`);
        setEmail("");
      }}
      failure="The grant could not be saved."
      actions={{ submitLabel: "Grant operator role", pendingLabel: "Granting…" }}
    >
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
    </MutationFormDialog>
  );
}
