// "Create API key": the settings form in a dialog. Checked here first with the API's rules; the
// API's own field errors land on the same inputs. On success the caller reveals the key once.
import { type FormEvent, useState } from "react";
import {
  type FormErrors,
  formErrorsFrom,
  formErrorsFromFields,
  NO_FORM_ERRORS,
} from "../../api/form-errors.ts";
import { Dialog } from "../../components/ui/Dialog.tsx";
import { FormErrorSummary } from "../../components/ui/Field.tsx";
import { FormDialogActions } from "../../components/ui/FormDialogActions.tsx";
import { type ApiKey, useCreateKey } from "../../queries/keys.ts";
import { KeyFormFields } from "./KeyFormFields.tsx";
import {
  EMPTY_KEY_FORM,
  KEY_FIELD_LABELS,
  type KeyFormValues,
  validateKeyForm,
  withoutFieldErrors,
} from "./key-form.ts";

export function CreateKeyDialog({
  orgId,
  open,
  onClose,
  onCreated,
}: {
  orgId: string;
  open: boolean;
  onClose: () => void;
  onCreated: (created: { key: string; apiKey: ApiKey }) => void;
}) {
  const [values, setValues] = useState<KeyFormValues>(EMPTY_KEY_FORM);
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const create = useCreateKey(orgId);

  const close = () => {
    setValues(EMPTY_KEY_FORM);
    setErrors(NO_FORM_ERRORS);
    create.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateKeyForm(values, new Date());
    if (!result.ok) {
      setErrors(formErrorsFromFields(result.errors, KEY_FIELD_LABELS));
      return;
    }
    setErrors(NO_FORM_ERRORS);
    try {
      const created = await create.mutateAsync(result.input);
      // Hand the secret over and drop the mutation (and its copy of the secret) right away.
      onCreated(created);
      close();
    } catch (error) {
      setErrors(formErrorsFrom(error, KEY_FIELD_LABELS, { conflictField: "name" }));
    }
  };

  return (
    <Dialog open={open} onClose={close} title="Create API key" size="wide" dismissible={!create.isPending}>
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary title="The key could not be created" errors={errors.summary} />
        <KeyFormFields
          values={values}
          onChange={(patch) => {
            setValues((current) => ({ ...current, ...patch }));
            setErrors((current) => withoutFieldErrors(current, patch));
          }}
          errors={errors.fields}
        />
        <FormDialogActions
          onCancel={close}
          pending={create.isPending}
          submitLabel="Create key"
          pendingLabel="Creating…"
        />
      </form>
    </Dialog>
  );
}
