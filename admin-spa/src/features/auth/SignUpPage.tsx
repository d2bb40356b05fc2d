// Create an account and, unless the user is on the way to accept an invitation, their first
// organization (they become its owner). `?step=organization` is the second half alone, for a
// signed-in user who has no organization.
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import {
  createOrganization,
  MIN_PASSWORD_LENGTH,
  type SignUpField,
  signUp,
  validateSignUp,
} from "../../api/auth.ts";
import {
  type FormErrors,
  formErrorsFrom,
  formErrorsFromFields,
  NO_FORM_ERRORS,
} from "../../api/form-errors.ts";
import { safeRedirectTarget } from "../../api/unauthorized.ts";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { FormErrorSummary, TextInput } from "../../components/ui/Field.tsx";
import { SESSION_QUERY_KEY } from "../../queries/session.ts";

const LABELS: Record<SignUpField, string> = {
  name: "Your name",
  email: "Email",
  password: "Password",
  organization: "Organization name",
};

export function SignUpPage({
  redirect: target,
  step,
}: {
  redirect?: string | undefined;
  step?: "organization" | undefined;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);
  const organizationOnly = step === "organization";
  const joiningByInvitation = target?.startsWith("/invitations/") ?? false;
  const fields: SignUpField[] = organizationOnly
    ? ["organization"]
    : joiningByInvitation
      ? ["name", "email", "password"]
      : ["name", "email", "password", "organization"];

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values: Partial<Record<SignUpField, string>> = Object.fromEntries(
      fields.map((field) => [field, String(form.get(field) ?? "")]),
    );
    const invalid = validateSignUp(values, fields);
    if (Object.keys(invalid).length > 0) {
      setErrors(formErrorsFromFields(invalid as Record<string, string>, LABELS));
      return;
    }
    setBusy(true);
    setErrors(NO_FORM_ERRORS);
    try {
      if (!organizationOnly) {
        await signUp({ name: values.name ?? "", email: values.email ?? "", password: values.password ?? "" });
      }
      if (fields.includes("organization")) await createOrganization(values.organization?.trim() ?? "");
      queryClient.removeQueries({ queryKey: SESSION_QUERY_KEY });
      await navigate({ href: safeRedirectTarget(target), replace: true });
    } catch (error) {
      setErrors(formErrorsFrom(error, LABELS));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={organizationOnly ? "Create your organization" : "Create your account"}>
      {organizationOnly ? (
        <p className="muted">Your account is not in any organization yet. Create one to manage API keys.</p>
      ) : joiningByInvitation ? (
        <p className="muted">Create an account with the invited email address, then accept the invitation.</p>
      ) : null}
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary title="The account could not be created" errors={errors.summary} />
        {fields.includes("name") ? (
          <TextInput
            label={LABELS.name}
            name="name"
            autoComplete="name"
            required
            error={errors.fields.name}
          />
        ) : null}
        {fields.includes("email") ? (
          <TextInput
            label={LABELS.email}
            name="email"
            type="email"
            autoComplete="email"
            required
            error={errors.fields.email}
          />
        ) : null}
        {fields.includes("password") ? (
          <TextInput
            label={LABELS.password}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            error={errors.fields.password}
          />
        ) : null}
        {fields.includes("organization") ? (
          <TextInput
            label={LABELS.organization}
            name="organization"
            autoComplete="organization"
            required
            hint="Your company or team. You can invite others to it later."
            error={errors.fields.organization}
          />
        ) : null}
        <Button type="submit" busy={busy}>
          {busy ? "Creating…" : organizationOnly ? "Create organization" : "Create account"}
        </Button>
      </form>
      {organizationOnly ? null : (
        <p className="muted small">
          Already have an account?{" "}
          <Link to="/sign-in" search={target ? { redirect: target } : {}}>
            Sign in
          </Link>
        </p>
      )}
    </AuthLayout>
  );
}
