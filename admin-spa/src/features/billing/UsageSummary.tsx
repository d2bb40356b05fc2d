// This period's billable requests against the plan's included quota (a native <meter>), the
// overage so far, and the charge so far and projected at the current pace.
import { useId } from "react";
import { formatCount, formatPercent } from "../../components/charts/format.ts";
import { formatMoney } from "../../lib/money.ts";
import type { BillingOverview } from "../../queries/billing.ts";

export function UsageSummary({ overview }: { overview: BillingOverview }) {
  const labelId = useId();
  const { includedQuota, usage, chargeSoFar, projectedCharge } = overview;
  const share = includedQuota ? usage.requests / includedQuota : null;
  const text =
    includedQuota === null
      ? `${formatCount(usage.requests)} requests (no monthly quota)`
      : `${formatCount(usage.requests)} of ${formatCount(includedQuota)} included requests (${formatPercent(share)})`;
  const tone = share === null ? "" : share >= 1 ? " meter-bar-over" : share >= 0.8 ? " meter-bar-warn" : "";
  return (
    <div className="meter">
      <p id={labelId}>Billable requests this period</p>
      {includedQuota !== null ? (
        <meter
          className={`meter-bar${tone}`}
          aria-labelledby={labelId}
          aria-valuetext={text}
          min={0}
          max={includedQuota}
          value={Math.min(usage.requests, includedQuota)}
        />
      ) : null}
      <p className="small">
        <strong className="numeric">{text}</strong>
        {usage.overageRequests > 0 ? `, ${formatCount(usage.overageRequests)} over the quota.` : "."}
      </p>
      <dl className="detail-list">
        <dt>Charge so far</dt>
        <dd className="numeric">
          {chargeSoFar ? formatMoney(chargeSoFar.total, chargeSoFar.currency) : "Nothing (no paid plan)"}
        </dd>
        <dt>Projected for the period</dt>
        <dd className="numeric">
          {projectedCharge
            ? `${formatMoney(projectedCharge.total, projectedCharge.currency)} (${formatMoney(projectedCharge.flat, projectedCharge.currency)} plan + ${formatMoney(projectedCharge.overage, projectedCharge.currency)} overage, at this period's pace)`
            : "Nothing (no paid plan)"}
        </dd>
      </dl>
    </div>
  );
}
