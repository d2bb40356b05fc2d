// Switches the active organization (a native <select>: labelled, keyboard-operable everywhere).
// Everything on screen belongs to the old organization, so its queries are dropped and the
// router reloads the current page for the new one.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "@tanstack/react-router";
import { useId, useState } from "react";
import { organizationsQueryOptions, switchOrganization } from "../../queries/organizations.ts";
import { toast } from "../ui/Toaster.tsx";
// The native select wears the form controls' look on every page, the 404 page included.
import "../ui/field.css";

export function OrganizationSwitcher({ activeOrganizationId }: { activeOrganizationId: string | null }) {
  const id = useId();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data: organizations, isPending, isError } = useQuery(organizationsQueryOptions());
  const [switching, setSwitching] = useState(false);

  if (isPending) return <p className="muted small">Loading organizations…</p>;
  if (isError || !organizations) return <p className="muted small">Organizations could not be loaded.</p>;

  const onChange = async (organizationId: string) => {
    setSwitching(true);
    try {
      await switchOrganization(queryClient, organizationId);
      await router.invalidate();
      const name = organizations.find((org) => org.id === organizationId)?.name ?? "the organization";
      toast.success(`Switched to ${name}`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "The organization could not be switched.");
    } finally {
      setSwitching(false);
    }
  };

  return (
    <div className="org-switcher">
      <label htmlFor={id} className="sidebar-label">
        Organization
      </label>
      <select
        id={id}
        className="input select"
        value={activeOrganizationId ?? ""}
        disabled={switching}
        onChange={(event) => void onChange(event.target.value)}
      >
        {activeOrganizationId === null ? <option value="">Choose…</option> : null}
        {organizations.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
    </div>
  );
}
