// The key settings inputs, shared by the create dialog and the key detail page.
import { MAX_BURST_LIMIT, MAX_KEY_NAME, MAX_RATE_LIMIT } from "@edgegate/shared/api-key-limits";
import { Field, Select, TextArea, TextInput } from "../../components/ui/Field.tsx";
import {
  EXPIRY_CHOICES,
  type ExpiryChoice,
  type KeyFormField,
  type KeyFormValues,
  parseAllowlistText,
} from "./key-form.ts";
import { ScopesPicker } from "./ScopesPicker.tsx";

export function KeyFormFields({
  values,
  onChange,
  errors,
}: {
  values: KeyFormValues;
  onChange: (patch: Partial<KeyFormValues>) => void;
  errors: Partial<Record<KeyFormField, string>>;
}) {
  // The allowlist is checked as it is typed (the API's rules, from @edgegate/shared).
  const allowlistError = errors.ipAllowlist ?? parseAllowlistText(values.ipAllowlist).error ?? undefined;
  return (
    <>
      <TextInput
        label="Name"
        name="name"
        required
        maxLength={MAX_KEY_NAME}
        autoComplete="off"
        data-autofocus
        hint="Shown in lists, logs and analytics; unique in the organization."
        value={values.name}
        onChange={(event) => onChange({ name: event.target.value })}
        error={errors.name}
      />
      <ScopesPicker
        scopes={values.scopes}
        onChange={(scopes) => onChange({ scopes })}
        error={errors.scopes}
      />
      <div className="form-grid">
        <TextInput
          label="Rate limit (requests per minute)"
          name="rateLimitPerMinute"
          inputMode="numeric"
          placeholder="Plan default"
          hint={`Empty: the plan's limit. At most ${MAX_RATE_LIMIT.toLocaleString("en")}.`}
          value={values.rateLimitPerMinute}
          onChange={(event) => onChange({ rateLimitPerMinute: event.target.value })}
          error={errors.rateLimitPerMinute}
        />
        <TextInput
          label="Burst"
          name="burstLimit"
          inputMode="numeric"
          placeholder="Plan default"
          hint={`Requests allowed at once. At most ${MAX_BURST_LIMIT.toLocaleString("en")}.`}
          value={values.burstLimit}
          onChange={(event) => onChange({ burstLimit: event.target.value })}
          error={errors.burstLimit}
        />
      </div>
      <TextArea
        label="IP allowlist"
        name="ipAllowlist"
        rows={3}
        spellCheck={false}
        placeholder={"203.0.113.0/24\n2001:db8::/32"}
        hint="One IPv4/IPv6 address or CIDR range per line. Empty: any IP."
        value={values.ipAllowlist}
        onChange={(event) => onChange({ ipAllowlist: event.target.value })}
        error={allowlistError}
      />
      <div className="form-grid">
        <Select
          label="Expires"
          name="expiry"
          value={values.expiry}
          onChange={(event) => onChange({ expiry: event.target.value as ExpiryChoice })}
          error={values.expiry === "custom" ? undefined : errors.expiresAt}
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
        {values.expiry === "custom" ? (
          <Field label="Expiry date and time" error={errors.expiresAt} hint="Your local time.">
            {(control) => (
              <input
                type="datetime-local"
                className="input"
                name="expiresAt"
                value={values.expiresAtLocal}
                onChange={(event) => onChange({ expiresAtLocal: event.target.value })}
                {...control}
              />
            )}
          </Field>
        ) : null}
      </div>
    </>
  );
}
