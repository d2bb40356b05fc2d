// "Add endpoint" and "Edit endpoint": URL, description, events, rate cap. Checked here first where
// the rule is the same everywhere; the API's field errors (the SSRF guard's among them) land under
// the same fields. A new endpoint's signing secret goes to the caller, to show once right away.
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import {
  type FormErrors,
  formErrorsFrom,
  formErrorsFromFields,
  NO_FORM_ERRORS,
} from "../../api/form-errors.ts";
import {
  Dialog,
  FormDialogActions,
  FormErrorSummary,
  SkeletonTable,
  TextInput,
  toast,
} from "../../components/ui/index.ts";
import {
  eventTypesQueryOptions,
  useCreateEndpoint,
  useUpdateEndpoint,
  type WebhookEndpoint,
} from "../../queries/webhooks.ts";
import { EventTypePicker } from "./EventTypePicker.tsx";
import {
  EMPTY_ENDPOINT_FORM,
  ENDPOINT_FIELD_LABELS,
  type EndpointFormValues,
  formValuesOf,
  validateEndpointForm,
} from "./endpoint-form.ts";

export type EndpointDialogState = { mode: "create" } | { mode: "edit"; endpoint: WebhookEndpoint } | null;

export function EndpointDialog({
  orgId,
  state,
  onClose,
  onCreated,
}: {
  orgId: string;
  state: EndpointDialogState;
  onClose: () => void;
  onCreated: (created: { endpoint: { id: string; url: string }; secret: string }) => void;
}) {
  const editing = state?.mode === "edit" ? state.endpoint : null;
  const create = useCreateEndpoint(orgId);
  const update = useUpdateEndpoint(orgId);
  return (
    <Dialog
      open={state !== null}
      onClose={onClose}
      dismissible={!create.isPending && !update.isPending}
      title={editing ? "Edit endpoint" : "Add endpoint"}
      description={
        editing ? (
          <span className="mono wrap-anywhere">{editing.url}</span>
        ) : (
          "Edgegate sends each event as a signed POST request (Standard Webhooks) to this URL."
        )
      }
      size="wide"
    >
      {state ? (
        <EndpointForm
          // A fresh form for each endpoint opened.
          key={editing?.id ?? "new"}
          orgId={orgId}
          editing={editing}
          create={create}
          update={update}
          onClose={onClose}
          onCreated={onCreated}
        />
      ) : null}
    </Dialog>
  );
}

function EndpointForm({
  orgId,
  editing,
  create,
  update,
  onClose,
  onCreated,
}: {
  orgId: string;
  editing: WebhookEndpoint | null;
  create: ReturnType<typeof useCreateEndpoint>;
  update: ReturnType<typeof useUpdateEndpoint>;
  onClose: () => void;
  onCreated: (created: { endpoint: { id: string; url: string }; secret: string }) => void;
}) {
  const [values, setValues] = useState<EndpointFormValues>(() =>
    editing ? formValuesOf(editing) : EMPTY_ENDPOINT_FORM,
  );
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const catalog = useQuery(eventTypesQueryOptions(orgId));
  const pending = create.isPending || update.isPending;

  const change = (patch: Partial<EndpointFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    // Editing a field clears its message; the summary goes with the last of them.
    setErrors((current) => {
      const fields = { ...current.fields };
      for (const name of Object.keys(patch)) {
        delete fields[name === "rateLimit" ? "rateLimitPerSecond" : name === "events" ? "eventTypes" : name];
      }
      return { fields, summary: Object.keys(fields).length === 0 ? [] : current.summary };
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateEndpointForm(values);
    if (!result.ok) {
      setErrors(formErrorsFromFields(result.errors, ENDPOINT_FIELD_LABELS));
      return;
    }
    setErrors(NO_FORM_ERRORS);
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, body: result.body });
        toast.success("Endpoint saved");
        onClose();
      } else {
        const created = await create.mutateAsync(result.body);
        onCreated(created);
        create.reset();
        onClose();
      }
    } catch (error) {
      setErrors(formErrorsFrom(error, ENDPOINT_FIELD_LABELS));
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <FormErrorSummary
        title={editing ? "The endpoint could not be saved" : "The endpoint could not be added"}
        errors={errors.summary}
      />
      <TextInput
        label="Endpoint URL"
        required
        type="url"
        inputMode="url"
        placeholder="https://example.com/webhooks/edgegate"
        value={values.url}
        onChange={(event) => change({ url: event.target.value })}
        error={errors.fields.url}
        spellCheck={false}
        autoComplete="off"
        data-autofocus
      />
      <TextInput
        label="Description"
        placeholder="Billing service (production)"
        value={values.description}
        onChange={(event) => change({ description: event.target.value })}
        error={errors.fields.description}
        hint="Optional: what this endpoint is for."
      />
      {catalog.data ? (
        <EventTypePicker
          catalog={catalog.data.data}
          events={values.events}
          selected={values.eventTypes}
          onChange={(patch) => change(patch)}
          error={errors.fields.eventTypes}
        />
      ) : catalog.isError ? (
        <p className="callout callout-error small" role="alert">
          The event types could not be loaded; this endpoint receives all events unless you choose some later.
        </p>
      ) : (
        <SkeletonTable rows={3} columns={1} label="Loading event types…" />
      )}
      <TextInput
        label="Rate cap (deliveries per second)"
        inputMode="numeric"
        placeholder="No cap"
        value={values.rateLimit}
        onChange={(event) => change({ rateLimit: event.target.value })}
        error={errors.fields.rateLimitPerSecond}
        hint="Optional: protects a small server from bursts; deliveries over the cap wait, none are dropped."
      />
      <FormDialogActions
        onCancel={onClose}
        pending={pending}
        submitLabel={editing ? "Save endpoint" : "Add endpoint"}
        pendingLabel={editing ? "Saving…" : "Adding…"}
      />
    </form>
  );
}
