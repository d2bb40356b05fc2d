// What an admin does to an endpoint besides editing it: send a test event, resend the failed
// deliveries since a time (recover), enable/disable, delete. The dialogs live once per page.
import type { WebhookEventType } from "@edgegate/shared/webhook-event-types";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formErrorsFrom } from "../../api/form-errors.ts";
import {
  ConfirmDialog,
  Dialog,
  FormDialogActions,
  FormErrorSummary,
  Select,
  TextInput,
  toast,
} from "../../components/ui/index.ts";
import { fromDateTimeLocal, toDateTimeLocal } from "../../lib/search-params.ts";
import {
  eventTypesQueryOptions,
  useDeleteEndpoint,
  useRecoverEndpoint,
  useSendTestEvent,
  useSetEndpointEnabled,
  type WebhookEndpoint,
} from "../../queries/webhooks.ts";

export type EndpointAction = "test" | "recover" | "delete";

function errorMessage(error: unknown): string {
  return formErrorsFrom(error, {}).summary.join(" ");
}

export function useEndpointActions(
  orgId: string,
  options: { onTestSent: (endpoint: WebhookEndpoint) => void },
) {
  const [pending, setPending] = useState<{ action: EndpointAction; endpoint: WebhookEndpoint } | null>(null);
  const toggle = useSetEndpointEnabled(orgId);
  const remove = useDeleteEndpoint(orgId);
  const close = () => setPending(null);

  const setEnabled = async (endpoint: WebhookEndpoint, enabled: boolean) => {
    try {
      await toggle.mutateAsync({ id: endpoint.id, enabled });
      toast.success(enabled ? "Endpoint enabled: new events are delivered again" : "Endpoint disabled");
    } catch (error) {
      toast.error(`The endpoint could not be ${enabled ? "enabled" : "disabled"}: ${errorMessage(error)}`);
    }
  };

  const dialogs = (
    <>
      <TestEventDialog
        orgId={orgId}
        endpoint={pending?.action === "test" ? pending.endpoint : null}
        onClose={close}
        onSent={(endpoint) => {
          close();
          options.onTestSent(endpoint);
        }}
      />
      <RecoverDialog
        orgId={orgId}
        endpoint={pending?.action === "recover" ? pending.endpoint : null}
        onClose={close}
      />
      <ConfirmDialog
        open={pending?.action === "delete"}
        onClose={close}
        title="Delete this endpoint?"
        description={
          <>
            <span className="mono wrap-anywhere">{pending?.endpoint.url}</span> stops receiving events at
            once, and its delivery log is deleted with it. This cannot be undone.
          </>
        }
        confirmLabel="Delete endpoint"
        busy={remove.isPending}
        onConfirm={async () => {
          if (!pending) return;
          try {
            await remove.mutateAsync(pending.endpoint.id);
            toast.success("Endpoint deleted");
            close();
          } catch (error) {
            toast.error(`The endpoint could not be deleted: ${errorMessage(error)}`);
          }
        }}
      />
    </>
  );

  return {
    open: (action: EndpointAction, endpoint: WebhookEndpoint) => setPending({ action, endpoint }),
    setEnabled,
    toggling: toggle.isPending ? toggle.variables?.id : undefined,
    dialogs,
  };
}

function TestEventDialog({
  orgId,
  endpoint,
  onClose,
  onSent,
}: {
  orgId: string;
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  onSent: (endpoint: WebhookEndpoint) => void;
}) {
  const catalog = useQuery({ ...eventTypesQueryOptions(orgId), enabled: endpoint !== null });
  const [chosen, setChosen] = useState<string>("");
  const [errors, setErrors] = useState<string[]>([]);
  const send = useSendTestEvent(orgId);
  // The endpoint's first subscribed type is the likeliest one to test; else the catalog's first.
  const eventType = chosen || endpoint?.eventTypes[0] || catalog.data?.data[0]?.type || "api_key.created";

  const close = () => {
    setChosen("");
    setErrors([]);
    send.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!endpoint) return;
    try {
      await send.mutateAsync({ id: endpoint.id, eventType: eventType as WebhookEventType });
      toast.success(`Test ${eventType} event sent`);
      setChosen("");
      onSent(endpoint);
    } catch (error) {
      setErrors(formErrorsFrom(error, { eventType: "Event type" }).summary);
    }
  };

  return (
    <Dialog
      open={endpoint !== null}
      onClose={close}
      title="Send a test event"
      description={endpoint ? <span className="mono wrap-anywhere">{endpoint.url}</span> : undefined}
      dismissible={!send.isPending}
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary title="The test event could not be sent" errors={errors} />
        <Select
          label="Event type"
          value={eventType}
          onChange={(event) => setChosen(event.target.value)}
          hint="The catalog's example payload of this type, signed like any delivery. It goes to this endpoint only."
          data-autofocus
        >
          {(catalog.data?.data ?? [{ type: eventType, description: "" }]).map((info) => (
            <option key={info.type} value={info.type}>
              {info.type}
            </option>
          ))}
        </Select>
        <FormDialogActions
          onCancel={close}
          pending={send.isPending}
          submitLabel="Send test event"
          pendingLabel="Sending…"
        />
      </form>
    </Dialog>
  );
}

const DAY_MS = 86_400_000;

function RecoverDialog({
  orgId,
  endpoint,
  onClose,
}: {
  orgId: string;
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
}) {
  const [since, setSince] = useState(() => toDateTimeLocal(new Date(Date.now() - DAY_MS).toISOString()));
  const [errors, setErrors] = useState<{ since?: string; summary: string[] }>({ summary: [] });
  const recover = useRecoverEndpoint(orgId);

  const close = () => {
    setSince(toDateTimeLocal(new Date(Date.now() - DAY_MS).toISOString()));
    setErrors({ summary: [] });
    recover.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!endpoint) return;
    const instant = fromDateTimeLocal(since);
    if (!instant) {
      setErrors({ since: "Enter a date and time.", summary: ["Since: enter a date and time."] });
      return;
    }
    try {
      const { recovered } = await recover.mutateAsync({ id: endpoint.id, since: instant });
      toast.success(
        recovered === 0
          ? "No failed deliveries since then: nothing to resend"
          : `${recovered} failed ${recovered === 1 ? "delivery" : "deliveries"} queued again`,
      );
      close();
    } catch (error) {
      const form = formErrorsFrom(error, { since: "Since" });
      setErrors({ since: form.fields.since, summary: form.summary });
    }
  };

  return (
    <Dialog
      open={endpoint !== null}
      onClose={close}
      title="Resend failed deliveries"
      description="Every delivery to this endpoint that failed since the time below is sent again, with a fresh retry schedule. Use it after fixing a receiver that was down."
      dismissible={!recover.isPending}
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary title="The deliveries could not be resent" errors={errors.summary} />
        <TextInput
          label="Failed since"
          type="datetime-local"
          value={since}
          onChange={(event) => setSince(event.target.value)}
          error={errors.since}
          hint="In your local time."
          data-autofocus
        />
        <FormDialogActions
          onCancel={close}
          pending={recover.isPending}
          submitLabel="Resend failed deliveries"
          pendingLabel="Queuing…"
        />
      </form>
    </Dialog>
  );
}
