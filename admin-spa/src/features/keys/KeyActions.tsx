// Row (and detail page) actions on a key: rotate, enable/disable, revoke, delete. The dialogs live
// once per page (`useKeyActionDialogs`); the buttons name the key for screen-reader users.
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { formErrorsFrom } from "../../api/form-errors.ts";
import { Button } from "../../components/ui/Button.tsx";
import { ConfirmDialog } from "../../components/ui/ConfirmDialog.tsx";
import { Dialog } from "../../components/ui/Dialog.tsx";
import { FormErrorSummary, Select, TextInput } from "../../components/ui/Field.tsx";
import { FormDialogActions } from "../../components/ui/FormDialogActions.tsx";
import { RowActions } from "../../components/ui/RowActions.tsx";
import { toast } from "../../components/ui/Toaster.tsx";
import { useRevealOnce } from "../../lib/reveal-once.ts";
import { type ApiKey, useDeleteKey, useRevokeKey, useRotateKey, useUpdateKey } from "../../queries/keys.ts";
import { availableActions, GRACE_PERIODS, resolveGracePeriod } from "./key-form.ts";
import { type RevealedKey, RevealKeyDialog } from "./RevealKeyDialog.tsx";

export type KeyAction = "rotate" | "revoke" | "delete";

function errorMessage(error: unknown): string {
  return formErrorsFrom(error, {}).summary.join(" ");
}

export function useKeyActionDialogs(orgId: string, options: { afterDelete?: () => void } = {}) {
  const [pending, setPending] = useState<{ action: KeyAction; key: ApiKey } | null>(null);
  const reveal = useRevealOnce<RevealedKey>();
  const update = useUpdateKey(orgId);
  const revoke = useRevokeKey(orgId);
  const remove = useDeleteKey(orgId);

  const close = () => setPending(null);

  const toggleEnabled = async (key: ApiKey) => {
    const enabled = key.status === "disabled";
    try {
      await update.mutateAsync({ id: key.id, body: { enabled } });
      toast.success(`${key.name} ${enabled ? "enabled" : "disabled"}`);
    } catch (error) {
      toast.error(`${key.name} could not be ${enabled ? "enabled" : "disabled"}: ${errorMessage(error)}`);
    }
  };

  const dialogs = (
    <>
      <RotateKeyDialog
        orgId={orgId}
        apiKey={pending?.action === "rotate" ? pending.key : null}
        onClose={close}
        onRotated={(revealed) => {
          close();
          reveal.reveal(revealed);
        }}
      />
      <ConfirmDialog
        open={pending?.action === "revoke"}
        onClose={close}
        title={`Revoke “${pending?.key.name ?? ""}”?`}
        description="The gateway refuses this key from its next request. Revoking cannot be undone."
        confirmLabel="Revoke key"
        typeToConfirm={pending?.key.name ?? ""}
        busy={revoke.isPending}
        onConfirm={async () => {
          if (!pending) return;
          try {
            await revoke.mutateAsync(pending.key.id);
            toast.success(`${pending.key.name} revoked`);
            close();
          } catch (error) {
            toast.error(`${pending.key.name} could not be revoked: ${errorMessage(error)}`);
          }
        }}
      />
      <ConfirmDialog
        open={pending?.action === "delete"}
        onClose={close}
        title={`Delete “${pending?.key.name ?? ""}”?`}
        description="The key disappears from lists and stops working at once. Its past requests stay in logs and analytics."
        confirmLabel="Delete key"
        typeToConfirm={pending?.key.name ?? ""}
        busy={remove.isPending}
        onConfirm={async () => {
          if (!pending) return;
          try {
            await remove.mutateAsync(pending.key.id);
            toast.success(`${pending.key.name} deleted`);
            close();
            options.afterDelete?.();
          } catch (error) {
            toast.error(`${pending.key.name} could not be deleted: ${errorMessage(error)}`);
          }
        }}
      />
      <RevealKeyDialog state={reveal.state} onClose={reveal.dismiss} />
    </>
  );

  return {
    open: (action: KeyAction, key: ApiKey) => setPending({ action, key }),
    toggleEnabled,
    toggling: update.isPending ? update.variables?.id : undefined,
    reveal: reveal.reveal,
    dialogs,
  };
}

export function KeyActionButtons({
  apiKey,
  actions,
  canWrite,
  layout = "buttons",
}: {
  apiKey: ApiKey;
  actions: ReturnType<typeof useKeyActionDialogs>;
  canWrite: boolean;
  /** "menu": behind one Actions toggle (a table row); "buttons": side by side (the key's page). */
  layout?: "buttons" | "menu";
}) {
  if (!canWrite) return null;
  const allowed = availableActions(apiKey);
  const name = apiKey.name;
  const buttons = (run: (action: () => void) => () => void) => (
    <>
      {allowed.rotate ? (
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Rotate ${name}`}
          onClick={run(() => actions.open("rotate", apiKey))}
        >
          Rotate
        </Button>
      ) : null}
      {allowed.toggle ? (
        <Button
          variant="secondary"
          size="sm"
          aria-label={`${apiKey.status === "disabled" ? "Enable" : "Disable"} ${name}`}
          busy={actions.toggling === apiKey.id}
          onClick={run(() => void actions.toggleEnabled(apiKey))}
        >
          {apiKey.status === "disabled" ? "Enable" : "Disable"}
        </Button>
      ) : null}
      {allowed.revoke ? (
        <Button
          variant="danger"
          size="sm"
          aria-label={`Revoke ${name}`}
          onClick={run(() => actions.open("revoke", apiKey))}
        >
          Revoke
        </Button>
      ) : null}
      <Button
        variant="ghost"
        size="sm"
        aria-label={`Delete ${name}`}
        onClick={run(() => actions.open("delete", apiKey))}
      >
        Delete
      </Button>
    </>
  );
  if (layout === "menu") {
    return <RowActions label={`Actions for ${name}`}>{({ run }) => buttons(run)}</RowActions>;
  }
  return <div className="button-row row-actions">{buttons((action) => action)}</div>;
}

function RotateKeyDialog({
  orgId,
  apiKey,
  onClose,
  onRotated,
}: {
  orgId: string;
  apiKey: ApiKey | null;
  onClose: () => void;
  onRotated: (revealed: RevealedKey) => void;
}) {
  const [choice, setChoice] = useState<string>("86400");
  const [customHours, setCustomHours] = useState("");
  const [errors, setErrors] = useState<{ grace?: string; summary: string[] }>({ summary: [] });
  const rotate = useRotateKey(orgId);
  const navigate = useNavigate();

  const close = () => {
    setChoice("86400");
    setCustomHours("");
    setErrors({ summary: [] });
    rotate.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!apiKey) return;
    const grace = resolveGracePeriod(choice, customHours);
    if (grace.seconds === null) {
      setErrors({ grace: grace.error ?? "", summary: [`Old key keeps working: ${grace.error}`] });
      return;
    }
    try {
      const rotated = await rotate.mutateAsync({ id: apiKey.id, gracePeriodSeconds: grace.seconds });
      toast.success(`${apiKey.name} rotated`);
      close();
      onRotated({ secret: rotated.key, name: rotated.apiKey.name, reason: "rotated" });
      // The successor is a new key with its own id; on a detail page, follow it.
      if (window.location.pathname === `/keys/${apiKey.id}`) {
        void navigate({ to: "/keys/$keyId", params: { keyId: rotated.apiKey.id } });
      }
    } catch (error) {
      setErrors({ summary: formErrorsFrom(error, { gracePeriodSeconds: "Old key keeps working" }).summary });
    }
  };

  return (
    <Dialog
      open={apiKey !== null}
      onClose={close}
      title={`Rotate “${apiKey?.name ?? ""}”`}
      description="A new key with the same settings replaces this one. Choose how long the old key keeps working, so clients can switch over."
      dismissible={!rotate.isPending}
    >
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary title="The key could not be rotated" errors={errors.summary} />
        <Select
          label="Old key keeps working"
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          error={choice === "custom" ? undefined : errors.grace}
        >
          {GRACE_PERIODS.map((period) => (
            <option key={period.value} value={period.value}>
              {period.label}
            </option>
          ))}
        </Select>
        {choice === "custom" ? (
          <TextInput
            label="Grace period in hours"
            inputMode="decimal"
            value={customHours}
            onChange={(event) => setCustomHours(event.target.value)}
            hint="Up to 720 hours (30 days)."
            error={errors.grace}
          />
        ) : null}
        <FormDialogActions
          onCancel={close}
          pending={rotate.isPending}
          submitLabel="Rotate key"
          pendingLabel="Rotating…"
        />
      </form>
    </Dialog>
  );
}
