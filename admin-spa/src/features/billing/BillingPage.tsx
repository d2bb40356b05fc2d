// Billing: the plan and its subscription, this period's billable usage against the quota with
// the charge so far and projected, billable requests per day, the plans to move to, the overage
// policy, and invoices. Stripe-hosted pages (checkout, portal) are one click away; a failed
// payment shows as a banner on top.
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { formatDateTime } from "../../components/charts/format.ts";
import { Button, ErrorState, Skeleton, StatusBadge, toast } from "../../components/ui/index.ts";
import {
  billingOverviewQueryOptions,
  billingUsageQueryOptions,
  invoicesQueryOptions,
  overagePolicyQueryOptions,
  useOpenBillingPortal,
} from "../../queries/billing.ts";
import { canAdminister, useSession } from "../../queries/session.ts";
import { DailyUsageChart } from "./DailyUsageChart.tsx";
import { InvoicesSection } from "./InvoicesSection.tsx";
import { OveragePolicyForm } from "./OveragePolicyForm.tsx";
import { PlansSection } from "./PlansSection.tsx";
import { UsageSummary } from "./UsageSummary.tsx";
import "../../components/charts/dashboard.css";

export type CheckoutOutcome = "success" | "canceled" | undefined;

function Loading<T>({
  query,
  title,
  height = "4rem",
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: Error | null;
    data: T | undefined;
    refetch: () => unknown;
    isFetching: boolean;
  };
  title: string;
  height?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Skeleton height={height} width="100%" />;
  if (query.isError || query.data === undefined)
    return (
      <ErrorState
        error={query.error}
        title={title}
        onRetry={() => void query.refetch()}
        retrying={query.isFetching}
      />
    );
  return <>{children(query.data)}</>;
}

export function BillingPage({ checkout }: { checkout: CheckoutOutcome }) {
  const session = useSession();
  // The signed-in layout guarantees an active organization; "" keeps the hooks total.
  const orgId = session.activeOrganizationId ?? "";
  const admin = canAdminister(session.role);
  const overview = useQuery(billingOverviewQueryOptions(orgId));
  const usage = useQuery(billingUsageQueryOptions(orgId));
  const policy = useQuery(overagePolicyQueryOptions(orgId));
  const invoices = useQuery(invoicesQueryOptions(orgId));
  const portal = useOpenBillingPortal();
  const openPortal = () =>
    portal.mutate(undefined, {
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (error) => toast.error(error.message),
    });

  return (
    <div className="page-stack">
      <header className="page-header">
        <title>Billing · Edgegate</title>
        <h1>Billing</h1>
        <p className="muted">
          Billable requests are those the gateway proxied and your upstream answered, whatever its status; the
          gateway's own refusals are never billed.
        </p>
      </header>

      {checkout === "success" ? (
        <div className="callout callout-info" role="status">
          <p className="callout-title">Thanks: your upgrade is being confirmed</p>
          <p>
            Stripe confirms the subscription in a few seconds; the new plan and its limits then show here.
          </p>
        </div>
      ) : checkout === "canceled" ? (
        <div className="callout callout-info" role="status">
          <p className="callout-title">Checkout canceled</p>
          <p>Nothing was charged and your plan is unchanged.</p>
        </div>
      ) : null}

      {overview.data?.pastDue ? (
        <div className="callout callout-warning" role="alert">
          <p className="callout-title">Your last payment failed</p>
          <p>
            Stripe is retrying it and you keep the {overview.data.plan} plan meanwhile. If the subscription
            ends unpaid, limits fall back to the Free plan.{" "}
            {admin && overview.data.hasBillingAccount
              ? "Update the payment method in the billing portal."
              : ""}
          </p>
          {admin && overview.data.hasBillingAccount ? (
            <Button size="sm" onClick={openPortal} busy={portal.isPending}>
              Update payment method
            </Button>
          ) : null}
        </div>
      ) : null}

      <div className="panel-grid">
        <section className="panel" aria-labelledby="billing-plan">
          <h2 id="billing-plan">Current plan</h2>
          <Loading query={overview} title="The plan could not be loaded">
            {(data) => (
              <>
                <dl className="detail-list">
                  <dt>Plan</dt>
                  <dd>{data.plans.find((p) => p.plan === data.plan)?.name ?? data.plan}</dd>
                  <dt>Subscription</dt>
                  <dd>
                    {data.subscription ? (
                      <StatusBadge status={data.subscription.status} />
                    ) : (
                      "None (Free plan)"
                    )}
                    {data.subscription?.cancelAtPeriodEnd && data.subscription.currentPeriodEnd
                      ? ` Ends ${formatDateTime(data.subscription.currentPeriodEnd)}; then the Free plan.`
                      : ""}
                  </dd>
                  <dt>Period</dt>
                  <dd>
                    {formatDateTime(data.period.start)} – {formatDateTime(data.period.end)}
                  </dd>
                </dl>
                {admin && data.hasBillingAccount ? (
                  <Button variant="secondary" onClick={openPortal} busy={portal.isPending}>
                    Open billing portal
                  </Button>
                ) : null}
              </>
            )}
          </Loading>
        </section>

        <section className="panel" aria-labelledby="billing-usage">
          <h2 id="billing-usage">Usage this period</h2>
          <Loading query={overview} title="Usage could not be loaded">
            {(data) => <UsageSummary overview={data} />}
          </Loading>
        </section>
      </div>

      <section className="panel" aria-labelledby="billing-daily">
        <h2 id="billing-daily">Daily usage</h2>
        <Loading query={usage} title="Daily usage could not be loaded" height="14rem">
          {(data) => <DailyUsageChart usage={data} />}
        </Loading>
      </section>

      <section className="panel" aria-labelledby="billing-plans">
        <h2 id="billing-plans">Plans</h2>
        <Loading query={overview} title="The plans could not be loaded">
          {(data) => <PlansSection overview={data} canEdit={admin} />}
        </Loading>
      </section>

      <section className="panel" aria-labelledby="billing-overage">
        <h2 id="billing-overage">Overage policy</h2>
        <Loading query={policy} title="The overage policy could not be loaded">
          {(data) => (
            // Reset by a plan change only: a save must not remount the form (its toast and focus).
            <OveragePolicyForm key={data.plan} orgId={orgId} policy={data} canEdit={admin} />
          )}
        </Loading>
      </section>

      <section className="panel" aria-labelledby="billing-invoices">
        <h2 id="billing-invoices">Invoices</h2>
        <Loading query={invoices} title="Invoices could not be loaded">
          {(data) => <InvoicesSection invoices={data} />}
        </Loading>
      </section>
    </div>
  );
}
