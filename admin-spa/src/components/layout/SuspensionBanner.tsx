// Shown on every page of an organization the API provider has suspended: why and since when.
// Its keys are refused at the gateway meanwhile; nothing is deleted. It reads the organization
// query the Overview and Settings pages share (cached), without holding up any navigation.
import { useQuery } from "@tanstack/react-query";
import { organizationSettingsQueryOptions } from "../../queries/organization-settings.ts";
import { formatTimestamp } from "../charts/format.ts";

export function SuspensionBanner({ organizationId }: { organizationId: string }) {
  const { data } = useQuery({
    ...organizationSettingsQueryOptions(organizationId),
    enabled: organizationId !== "",
  });
  const suspension = data?.suspension;
  if (!suspension) return null;
  return (
    <div className="callout callout-error" role="status">
      <p>
        <strong>This organization is suspended</strong> (since {formatTimestamp(suspension.since)}):{" "}
        {suspension.reason}. Its API keys are refused with <code>ORGANIZATION_SUSPENDED</code>; nothing has
        been deleted. Contact the API provider to restore it.
      </p>
    </div>
  );
}
