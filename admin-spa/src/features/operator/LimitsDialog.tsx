// Set an organization's plan, or custom limits (rate per minute, burst, monthly quota) with an
// optional expiry — an "enterprise deal". The gateway enforces it on the next request.
import { useState } from "react";
import { Checkbox, MutationFormDialog, Select, TextInput, toast } from "../../components/ui/index.ts";
import { fromDateTimeLocal } from "../../lib/search-params.ts";
import { type OperatorOrganization, useSetLimits } from "../../queries/operator.ts";

const PLANS = ["FREE", "STARTER", "PRO", "ENTERPRISE"] as const;
type Plan = (typeof PLANS)[number];

export function LimitsDialog({
  organization,
  open,
  onClose,
}: {
  organization: OperatorOrganization;
  open: boolean;
  onClose: () => void;
}) {
  const override = organization.limitsOverride;
  const [plan, setPlan] = useState<Plan>(organization.plan as Plan);
  const [custom, setCustom] = useState(override !== null);
  const [perMinute, setPerMinute] = useState(
    String(override?.requestsPerMinute ?? organization.limits.requestsPerMinute),
  );
  const [burst, setBurst] = useState(String(override?.burst ?? organization.limits.burst));
  const [quota, setQuota] = useState(
    String(override?.monthlyQuota ?? organization.limits.monthlyQuota ?? ""),
  );
  const [expires, setExpires] = useState("");
  const mutation = useSetLimits(organization.id);

  const variables = () => {
    const expiresAt = expires ? fromDateTimeLocal(expires) : null;
    return {
      plan,
      limitsOverride: custom
        ? {
            requestsPerMinute: Number(perMinute),
            burst: Number(burst),
            monthlyQuota: quota.trim() === "" ? null : Number(quota),
            expiresAt: expiresAt ?? null,
          }
        : null,
    };
  };

  return (
    <MutationFormDialog
      open={open}
      onClose={onClose}
      title={`Plan and limits of ${organization.name}`}
      description="Custom limits replace the plan's until they expire; a key's own limits still apply first."
      mutation={mutation}
      variables={variables}
      onSaved={() => toast.success(`Limits of ${organization.name} updated; the gateway enforces them now.`)}
      failure="The limits could not be saved."
      actions={{ submitLabel: "Save limits", pendingLabel: "Saving…" }}
    >
      <Select
        label="Plan"
        value={plan}
        onChange={(event) => setPlan(event.target.value as Plan)}
        data-autofocus
      >
        {PLANS.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </Select>
      <Checkbox
        label="Custom limits (enterprise deal)"
        checked={custom}
        onChange={(event) => setCustom(event.target.checked)}
      />
      {custom ? (
        <>
          <TextInput
            label="Requests per minute"
            type="number"
            min={1}
            max={1_000_000}
            required
            value={perMinute}
            onChange={(event) => setPerMinute(event.target.value)}
          />
          <TextInput
            label="Burst"
            type="number"
            min={1}
            max={1_000_000}
            required
            value={burst}
            onChange={(event) => setBurst(event.target.value)}
          />
          <TextInput
            label="Monthly quota"
            hint="Empty: no monthly quota"
            type="number"
            min={1}
            value={quota}
            onChange={(event) => setQuota(event.target.value)}
          />
          <TextInput
            label="Expires"
            hint="Empty: until removed. Then the plan's limits apply again."
            type="datetime-local"
            value={expires}
            onChange={(event) => setExpires(event.target.value)}
          />
        </>
      ) : null}
    </MutationFormDialog>
  );
}
