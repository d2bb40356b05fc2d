// An endpoint's signing secret. Hidden until asked for: revealing it is confirmed first (the API
// records every reveal in the audit log), rotating it is confirmed with what the overlap means
// for receivers. A secret shown here lives in this component's state only and is dropped on close.
import { SECRET_ROTATION_OVERLAP_MS } from "@edgegate/shared/webhook-events";
import { useState } from "react";
import { formErrorsFrom } from "../../api/form-errors.ts";
import { formatDateTime } from "../../components/charts/format.ts";
import { SecretShown } from "../../components/SecretReveal.tsx";
import { Button, Dialog, FormErrorSummary } from "../../components/ui/index.ts";
import { useRevealSecret, useRotateSecret, type WebhookEndpoint } from "../../queries/webhooks.ts";

const SECRET_NAMES = {
  label: "Signing secret",
  copyLabel: "Copy secret",
  copiedMessage: "Signing secret copied",
};

/** Hours the previous secret keeps signing deliveries after a rotation. */
const OVERLAP_HOURS = SECRET_ROTATION_OVERLAP_MS / 3_600_000;

type Step =
  | { kind: "hidden" }
  | { kind: "confirm-reveal" }
  | { kind: "confirm-rotate" }
  | { kind: "shown"; secret: string; reason: "revealed" | "rotated" | "created" };

export type SecretDialogState =
  | { endpoint: Pick<WebhookEndpoint, "id" | "url" | "secretRotatingUntil">; created?: undefined }
  | { endpoint: Pick<WebhookEndpoint, "id" | "url">; created: string }
  | null;

export function SecretDialog({
  orgId,
  state,
  timeZone,
  onClose,
}: {
  orgId: string;
  state: SecretDialogState;
  timeZone: string;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={state !== null}
      onClose={onClose}
      title={state?.created ? "Endpoint added" : "Signing secret"}
      description={state ? <span className="mono wrap-anywhere">{state.endpoint.url}</span> : undefined}
      size="wide"
    >
      {state ? (
        <SecretBody
          key={state.endpoint.id}
          orgId={orgId}
          state={state}
          timeZone={timeZone}
          onClose={onClose}
        />
      ) : null}
    </Dialog>
  );
}

function SecretBody({
  orgId,
  state,
  timeZone,
  onClose,
}: {
  orgId: string;
  state: NonNullable<SecretDialogState>;
  timeZone: string;
  onClose: () => void;
}) {
  const [step, setStep] = useState<Step>(() =>
    state.created ? { kind: "shown", secret: state.created, reason: "created" } : { kind: "hidden" },
  );
  const [error, setError] = useState<string[]>([]);
  const reveal = useRevealSecret(orgId);
  const rotate = useRotateSecret(orgId);
  const endpointId = state.endpoint.id;
  const rotatingUntil =
    step.kind === "shown" && step.reason === "rotated"
      ? null
      : "secretRotatingUntil" in state.endpoint
        ? state.endpoint.secretRotatingUntil
        : null;

  const run = async (action: "reveal" | "rotate") => {
    setError([]);
    try {
      const answer =
        action === "reveal" ? await reveal.mutateAsync(endpointId) : await rotate.mutateAsync(endpointId);
      setStep({ kind: "shown", secret: answer.secret, reason: action === "reveal" ? "revealed" : "rotated" });
    } catch (failure) {
      setError(formErrorsFrom(failure, {}).summary);
    } finally {
      // Drop the mutation's copy of the secret at once; the step holds the only one.
      reveal.reset();
      rotate.reset();
    }
  };

  const done = (
    <div className="dialog-footer">
      <Button onClick={onClose}>Done</Button>
    </div>
  );

  if (step.kind === "confirm-reveal" || step.kind === "confirm-rotate") {
    const revealing = step.kind === "confirm-reveal";
    const busy = revealing ? reveal.isPending : rotate.isPending;
    return (
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void run(revealing ? "reveal" : "rotate");
        }}
      >
        <FormErrorSummary title="That did not work" errors={error} />
        <div className={`callout ${revealing ? "callout-info" : "callout-warning"}`} role="note">
          <p className="callout-title">
            {revealing ? "Reveal the signing secret?" : "Rotate the signing secret?"}
          </p>
          {revealing ? (
            <p>
              Anyone who sees it can forge deliveries to this endpoint. The reveal is recorded in the audit
              log.
            </p>
          ) : (
            <p>
              A new secret signs every delivery from now on. For {OVERLAP_HOURS} hours each delivery also
              carries a signature made with the current secret, so your receiver keeps verifying while you
              switch it to the new one; after that only the new secret signs.
            </p>
          )}
        </div>
        <div className="dialog-footer">
          <Button variant="secondary" onClick={() => setStep({ kind: "hidden" })} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={revealing ? "primary" : "danger"} busy={busy} data-autofocus>
            {busy ? (revealing ? "Revealing…" : "Rotating…") : revealing ? "Reveal secret" : "Rotate secret"}
          </Button>
        </div>
      </form>
    );
  }

  if (step.kind === "shown") {
    return (
      <SecretShown
        secret={step.secret}
        names={SECRET_NAMES}
        notice={
          step.reason === "created"
            ? {
                tone: "info",
                title: "Copy the signing secret to verify deliveries.",
                body: "Your receiver checks each delivery's webhook-signature with it. Admins can reveal it again later.",
              }
            : step.reason === "rotated"
              ? {
                  title: "Secret rotated",
                  body: `Put the new secret in your receiver within ${OVERLAP_HOURS} hours: until then deliveries are signed with both secrets.`,
                }
              : undefined
        }
        actions={
          <>
            {step.reason === "created" ? null : (
              <Button variant="secondary" onClick={() => setStep({ kind: "hidden" })}>
                Hide secret
              </Button>
            )}
            <Button onClick={onClose}>Done</Button>
          </>
        }
      />
    );
  }

  return (
    <div className="form">
      <FormErrorSummary title="That did not work" errors={error} />
      <div className="field">
        <span className="field-label">Signing secret</span>
        <p className="secret-masked mono">
          <span aria-hidden="true">whsec_••••••••••••••••••••••••</span>
          <span className="visually-hidden">Hidden</span>
        </p>
      </div>
      {rotatingUntil ? (
        <p className="callout callout-info small" role="note">
          Rotation in progress: the previous secret also signs deliveries until{" "}
          {formatDateTime(rotatingUntil, timeZone)}.
        </p>
      ) : null}
      <div className="button-row">
        <Button variant="secondary" onClick={() => setStep({ kind: "confirm-reveal" })} data-autofocus>
          Reveal secret
        </Button>
        <Button variant="secondary" onClick={() => setStep({ kind: "confirm-rotate" })}>
          Rotate secret
        </Button>
      </div>
      {done}
    </div>
  );
}
