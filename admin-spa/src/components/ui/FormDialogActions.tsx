// The footer of a dialog holding a form: Cancel, and the submit button that says what it does
// and, while the request runs, that it is running (both disabled meanwhile).
import { Button, type ButtonVariant } from "./Button.tsx";

export interface FormDialogActionsProps {
  onCancel: () => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  submitDisabled?: boolean;
}

export function FormDialogActions({
  onCancel,
  pending,
  submitLabel,
  pendingLabel,
  variant,
  submitDisabled = false,
}: FormDialogActionsProps) {
  return (
    <div className="dialog-footer">
      <Button variant="secondary" onClick={onCancel} disabled={pending}>
        Cancel
      </Button>
      <Button type="submit" {...(variant ? { variant } : {})} busy={pending} disabled={submitDisabled}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </div>
  );
}
