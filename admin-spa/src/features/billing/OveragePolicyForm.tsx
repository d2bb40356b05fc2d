// What happens at the monthly quota: refuse (hard_cap) or bill the overage, optionally up to a
// spend cap. Admins and owners change it (billing:write); FREE is always hard_cap, so the
// bill_overage choice is offered but disabled there with the reason next to it.
import { MAX_SPEND_CAP_REQUESTS, type OveragePolicy as PolicyName } from "@edgegate/shared/billing";
import { type FormEvent, useId, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { formatCount } from "../../components/charts/format.ts";
import { Button, FormErrorSummary, TextInput, toast } from "../../components/ui/index.ts";
import { type OveragePolicy, useUpdateOveragePolicy } from "../../queries/billing.ts";
import "./billing.css";

const CHOICES: readonly { value: PolicyName; label: string; description: string }[] = [
  {
    value: "hard_cap",
    label: "Stop at the quota",
    description: "Requests past the monthly quota are refused (429 QUOTA_EXCEEDED) until the month ends.",
  },
  {
    value: "bill_overage",
    label: "Keep serving and bill the overage",
    description:
      "Requests past the quota are served and billed per 1,000, up to the spend cap if you set one.",
  },
];

/** The spend cap field's text → a cap, null (no cap), or a message. */
export function parseSpendCap(text: string): { cap: number | null } | { error: string } {
  const trimmed = text.trim().replaceAll(",", "");
  if (trimmed === "") return { cap: null };
  if (!/^\d+$/.test(trimmed)) return { error: "Enter a whole number of requests, or leave it empty." };
  const cap = Number(trimmed);
  if (cap < 1 || cap > MAX_SPEND_CAP_REQUESTS)
    return { error: `Between 1 and ${formatCount(MAX_SPEND_CAP_REQUESTS)} requests.` };
  return { cap };
}

export function OveragePolicyForm({
  orgId,
  policy,
  canEdit,
}: {
  orgId: string;
  policy: OveragePolicy;
  canEdit: boolean;
}) {
  const legendId = useId();
  const [choice, setChoice] = useState<PolicyName>(policy.effectivePolicy);
  const [capText, setCapText] = useState(
    policy.spendCapRequests === null ? "" : String(policy.spendCapRequests),
  );
  const [errors, setErrors] = useState<{ cap?: string; form?: string }>({});
  const update = useUpdateOveragePolicy(orgId);
  const editable = canEdit && !update.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = choice === "bill_overage" ? parseSpendCap(capText) : { cap: null };
    if ("error" in parsed) {
      setErrors({ cap: parsed.error });
      return;
    }
    setErrors({});
    update.mutate(
      { overagePolicy: choice, spendCapRequests: parsed.cap },
      {
        onSuccess: () => toast.success("Overage policy saved. The gateway applies it from the next request."),
        onError: (error) => {
          const fields = error instanceof ApiRequestError ? error.fieldErrors() : {};
          if (fields.spendCapRequests) setErrors({ cap: fields.spendCapRequests });
          else setErrors({ form: error instanceof Error ? error.message : "Saving failed." });
        },
      },
    );
  };

  const summary = [errors.cap && `Spend cap: ${errors.cap}`, errors.form].filter(
    (message): message is string => Boolean(message),
  );
  return (
    <form className="settings-section" onSubmit={submit} noValidate aria-label="Overage policy">
      <FormErrorSummary title="The overage policy could not be saved" errors={summary} />
      <fieldset className="field overage-choices" aria-labelledby={legendId}>
        <legend id={legendId} className="fieldset-legend">
          When the monthly quota is used up
        </legend>
        {CHOICES.map((option) => {
          const unavailable = option.value === "bill_overage" && !policy.overageAvailable;
          const inputId = `${legendId}-${option.value}`;
          const hintId = `${inputId}-hint`;
          return (
            <div key={option.value} className="overage-choice">
              <input
                id={inputId}
                type="radio"
                name="overagePolicy"
                value={option.value}
                checked={choice === option.value}
                disabled={!canEdit || unavailable}
                aria-describedby={hintId}
                onChange={() => setChoice(option.value)}
              />{" "}
              <label htmlFor={inputId}>{option.label}</label>
              <p id={hintId} className="field-hint">
                {option.description}
                {unavailable
                  ? ` Not available on the ${policy.plan} plan: upgrade to a paid plan first.`
                  : ""}
              </p>
            </div>
          );
        })}
      </fieldset>
      {choice === "bill_overage" ? (
        <div className="form-narrow">
          <TextInput
            label="Spend cap (requests over the quota per month)"
            hint="Leave empty for no cap. Past quota + cap, requests are refused with 429 SPEND_CAP_REACHED."
            inputMode="numeric"
            value={capText}
            onChange={(event) => setCapText(event.target.value)}
            error={errors.cap}
            readOnly={!canEdit}
            autoComplete="off"
          />
        </div>
      ) : null}
      {canEdit ? (
        <Button type="submit" busy={update.isPending} aria-disabled={!editable || undefined}>
          {update.isPending ? "Saving…" : "Save overage policy"}
        </Button>
      ) : (
        <p className="muted small">Only admins and owners can change the overage policy.</p>
      )}
    </form>
  );
}
