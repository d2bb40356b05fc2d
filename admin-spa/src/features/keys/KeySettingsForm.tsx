// The key's settings (PATCH /api/keys/{id}): the same inputs and checks as the create dialog;
// only what changed is sent. The API's field errors appear on their inputs.
import { type FormEvent, useState } from "react";
import {
  type FormErrors,
  formErrorsFrom,
  formErrorsFromFields,
  NO_FORM_ERRORS,
} from "../../api/form-errors.ts";
import { Button } from "../../components/ui/Button.tsx";
import { FormErrorSummary } from "../../components/ui/Field.tsx";
import { toast } from "../../components/ui/Toaster.tsx";
import { type ApiKey, useUpdateKey } from "../../queries/keys.ts";
import { KeyFormFields } from "./KeyFormFields.tsx";
import {
  changedFields,
  formValuesFromKey,
  KEY_FIELD_LABELS,
  validateKeyForm,
  withoutFieldErrors,
} from "./key-form.ts";

export function KeySettingsForm({
  orgId,
  apiKey,
  canWrite,
}: {
  orgId: string;
  apiKey: ApiKey;
  canWrite: boolean;
}) {
  const [values, setValues] = useState(() => formValuesFromKey(apiKey));
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const update = useUpdateKey(orgId);
  const revoked = apiKey.status === "revoked";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateKeyForm(values, new Date());
    if (!result.ok) {
      setErrors(formErrorsFromFields(result.errors, KEY_FIELD_LABELS));
      return;
    }
    const body = changedFields(apiKey, result.input);
    if (Object.keys(body).length === 0) {
      setErrors(NO_FORM_ERRORS);
      toast.info("Nothing to save: the settings are unchanged.");
      return;
    }
    setErrors(NO_FORM_ERRORS);
    try {
      await update.mutateAsync({ id: apiKey.id, body });
      toast.success(`${result.input.name} saved`);
    } catch (error) {
      setErrors(formErrorsFrom(error, KEY_FIELD_LABELS, { conflictField: "name" }));
    }
  };

  if (!canWrite || revoked) {
    return (
      <p className="muted">
        {revoked
          ? "A revoked key's settings cannot change."
          : "Your role can view this key but not change it."}
      </p>
    );
  }

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label="Key settings">
      <FormErrorSummary title="The settings could not be saved" errors={errors.summary} />
      <KeyFormFields
        values={values}
        onChange={(patch) => {
          setValues((current) => ({ ...current, ...patch }));
          setErrors((current) => withoutFieldErrors(current, patch));
        }}
        errors={errors.fields}
      />
      <div className="button-row">
        <Button type="submit" busy={update.isPending}>
          {update.isPending ? "Saving…" : "Save settings"}
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            setValues(formValuesFromKey(apiKey));
            setErrors(NO_FORM_ERRORS);
          }}
        >
          Reset
        </Button>
      </div>
    </form>
  );
}
