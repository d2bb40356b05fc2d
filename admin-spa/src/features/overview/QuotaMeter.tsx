// This month's gateway requests against the plan's monthly quota, as a <meter> (its numbers in
// aria-valuetext) plus the same numbers in words.
import { useId } from "react";
import { formatCount, formatPercent } from "../../components/charts/format.ts";
import type { OrganizationSettings } from "../../queries/organization-settings.ts";

const WARN_AT = 0.8;

export function quotaShare(requests: number, quota: number | null): number | null {
  if (quota === null || quota <= 0) return null;
  return requests / quota;
}

export function QuotaMeter({ usage, planName }: { usage: OrganizationSettings["usage"]; planName: string }) {
  const labelId = useId();
  const share = quotaShare(usage.requests, usage.quota);
  const month = new Intl.DateTimeFormat(undefined, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${usage.month}-01T00:00:00Z`));
  if (share === null) {
    return (
      <div className="meter">
        <p>
          <strong className="numeric">{formatCount(usage.requests)}</strong> requests in {month}. The{" "}
          {planName} plan has no monthly quota.
        </p>
      </div>
    );
  }
  const text = `${formatCount(usage.requests)} of ${formatCount(usage.quota)} requests (${formatPercent(share)})`;
  const tone = share >= 1 ? " meter-bar-over" : share >= WARN_AT ? " meter-bar-warn" : "";
  return (
    <div className="meter">
      <p id={labelId}>
        {planName} plan, {month}
      </p>
      {/* Native <meter>: its role, value and range reach assistive technology without ARIA. */}
      <meter
        className={`meter-bar${tone}`}
        aria-labelledby={labelId}
        aria-valuetext={text}
        min={0}
        max={usage.quota ?? 0}
        value={Math.min(usage.requests, usage.quota ?? 0)}
      />
      <p className="small">
        <strong className="numeric">{text}</strong>
        {share >= 1
          ? ". The quota is used up: further requests are refused until the month ends or the plan changes."
          : share >= WARN_AT
            ? ". Close to the quota."
            : "."}
      </p>
    </div>
  );
}
