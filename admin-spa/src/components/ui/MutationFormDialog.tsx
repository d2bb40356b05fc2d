// A dialog holding one form that runs one mutation: the request's failure shown at the top of
// the form (the API's message, or `failure` when there is none), Cancel and a submit button that
// says what it does, and on success `onSaved` then close. Closing is refused while it runs.
import type { UseMutationResult } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { Dialog } from "./Dialog.tsx";
import { FormDialogActions, type FormDialogActionsProps } from "./FormDialogActions.tsx";

export function MutationFormDialog<TResult, TVariables>({
  open,
  onClose,
  title,
  description,
  mutation,
  variables,
  onSaved,
  failure,
  actions,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  description: ReactNode;
  mutation: UseMutationResult<TResult, Error, TVariables>;
  /** What to send, read from the form's state when it is submitted. */
  variables: () => TVariables;
  onSaved: (result: TResult) => void;
  /** Said when the request failed without the API's own message. */
  failure: string;
  actions: Omit<FormDialogActionsProps, "onCancel" | "pending">;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    mutation.mutate(variables(), {
      onSuccess: (result) => {
        onSaved(result);
        onClose();
      },
      onError: (cause) => setError(cause instanceof ApiRequestError ? cause.message : failure),
    });
  };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      dismissible={!mutation.isPending}
    >
      <form onSubmit={submit} className="form">
        {error ? (
          <p className="callout callout-error" role="alert">
            {error}
          </p>
        ) : null}
        {children}
        <FormDialogActions onCancel={onClose} pending={mutation.isPending} {...actions} />
      </form>
    </Dialog>
  );
}
