// Organization name and slug. Admins and owners edit them (org:write); others see them read-only.
// Errors from the API are shown next to their field; a taken slug is a 409 shown on the slug.
import { type FormEvent, useState } from "react";
import { ApiRequestError } from "../../api/client.ts";
import { Button, FormErrorSummary, TextInput, toast } from "../../components/ui/index.ts";
import { type OrganizationSettings, useUpdateOrganization } from "../../queries/organization-settings.ts";
import { organizationsQueryOptions } from "../../queries/organizations.ts";

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

/** The same rules as PATCH /api/organization, checked before sending. */
export function validateOrganization(name: string, slug: string): { name?: string; slug?: string } {
  const errors: { name?: string; slug?: string } = {};
  if (name.trim().length === 0) errors.name = "Enter a name.";
  else if (name.trim().length > 100) errors.name = "At most 100 characters.";
  if (!SLUG.test(slug))
    errors.slug = "Lower-case letters, digits and dashes (1–48), not starting or ending with a dash.";
  return errors;
}

export function OrganizationSection({
  orgId,
  organization,
  canEdit,
}: {
  orgId: string;
  organization: OrganizationSettings;
  canEdit: boolean;
}) {
  const [name, setName] = useState(organization.name);
  const [slug, setSlug] = useState(organization.slug);
  const [errors, setErrors] = useState<{ name?: string; slug?: string; form?: string }>({});
  const update = useUpdateOrganization(orgId, [organizationsQueryOptions().queryKey]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = validateOrganization(name, slug);
    setErrors(problems);
    if (problems.name || problems.slug) return;
    const changes = {
      ...(name.trim() !== organization.name ? { name: name.trim() } : {}),
      ...(slug !== organization.slug ? { slug } : {}),
    };
    if (Object.keys(changes).length === 0) {
      toast.info("Nothing to save: the name and slug are unchanged.");
      return;
    }
    update.mutate(changes, {
      onSuccess: () => toast.success("Organization saved."),
      onError: (error) => {
        if (error instanceof ApiRequestError) {
          const fields = error.fieldErrors();
          if (error.status === 409) setErrors({ slug: error.message });
          else if (fields.name || fields.slug) setErrors({ name: fields.name, slug: fields.slug });
          else setErrors({ form: error.message });
        } else {
          setErrors({ form: error instanceof Error ? error.message : "Saving failed." });
        }
      },
    });
  };

  const summary = [
    errors.name && `Name: ${errors.name}`,
    errors.slug && `Slug: ${errors.slug}`,
    errors.form,
  ].filter((message): message is string => Boolean(message));
  return (
    <form className="settings-section" onSubmit={submit} noValidate aria-label="Organization details">
      <FormErrorSummary title="The organization could not be saved" errors={summary} />
      <div className="form-narrow">
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          required
          readOnly={!canEdit}
          maxLength={100}
        />
        <TextInput
          label="Slug"
          hint="Used in URLs; lower-case letters, digits and dashes."
          value={slug}
          onChange={(event) => setSlug(event.target.value.toLowerCase())}
          error={errors.slug}
          required
          readOnly={!canEdit}
          spellCheck={false}
          autoComplete="off"
          maxLength={48}
        />
      </div>
      {canEdit ? (
        <Button type="submit" busy={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
      ) : (
        <p className="muted small">Only admins and owners can change the organization's name and slug.</p>
      )}
    </form>
  );
}
