// Sign in with email and password, then go back to where the user was (`redirect`).
import { useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { signIn } from "../../api/auth.ts";
import { type FormErrors, formErrorsFrom, NO_FORM_ERRORS } from "../../api/form-errors.ts";
import { safeRedirectTarget } from "../../api/unauthorized.ts";
import { AuthLayout } from "../../components/layout/AuthLayout.tsx";
import { Button } from "../../components/ui/Button.tsx";
import { FormErrorSummary, TextInput } from "../../components/ui/Field.tsx";
import { SESSION_QUERY_KEY } from "../../queries/session.ts";

const LABELS = { email: "Email", password: "Password" };

export function SignInPage({ redirect: target }: { redirect?: string | undefined }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setErrors(NO_FORM_ERRORS);
    try {
      await signIn({ email: String(form.get("email")), password: String(form.get("password")) });
      queryClient.removeQueries({ queryKey: SESSION_QUERY_KEY });
      await navigate({ href: safeRedirectTarget(target), replace: true });
    } catch (error) {
      setErrors(formErrorsFrom(error, LABELS));
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Sign in">
      <form className="form" onSubmit={submit} noValidate>
        <FormErrorSummary title="Signing in failed" errors={errors.summary} />
        <TextInput
          label={LABELS.email}
          name="email"
          type="email"
          autoComplete="username"
          required
          error={errors.fields.email}
        />
        <TextInput
          label={LABELS.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.fields.password}
        />
        <Button type="submit" busy={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="muted small">
        No account yet?{" "}
        <Link to="/sign-up" search={target ? { redirect: target } : {}}>
          Create one
        </Link>
      </p>
    </AuthLayout>
  );
}
