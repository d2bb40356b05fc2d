// The plans side by side (limits and prices), with the action each one offers from here:
// upgrade through Stripe Checkout when there is no subscription yet, otherwise plan changes
// and cancellation (back to Free) in Stripe's billing portal.
import { formatCount } from "../../components/charts/format.ts";
import { Badge, Button, toast } from "../../components/ui/index.ts";
import { formatMoney, formatPerThousand } from "../../lib/money.ts";
import {
  type BillingOverview,
  type PlanOffer,
  useOpenBillingPortal,
  useStartCheckout,
} from "../../queries/billing.ts";

const RANK = { FREE: 0, STARTER: 1, PRO: 2, ENTERPRISE: 3 } as const;

/** Sends the browser to a Stripe-hosted page (checkout or portal). */
function goTo(url: string) {
  window.location.assign(url);
}

export function PlansSection({ overview, canEdit }: { overview: BillingOverview; canEdit: boolean }) {
  const checkout = useStartCheckout();
  const portal = useOpenBillingPortal();
  const subscribed = overview.subscription !== null && overview.subscription.status !== "canceled";
  const onError = (error: Error) => toast.error(error.message);

  const action = (offer: PlanOffer) => {
    if (offer.plan === overview.plan) return <Badge tone="success">Current plan</Badge>;
    if (!canEdit) return null;
    const direction = RANK[offer.plan] > RANK[overview.plan] ? "Upgrade" : "Downgrade";
    if (!subscribed && offer.purchasable && (offer.plan === "STARTER" || offer.plan === "PRO")) {
      const plan = offer.plan;
      return (
        <Button
          size="sm"
          busy={checkout.isPending && checkout.variables === plan}
          onClick={() => checkout.mutate(plan, { onSuccess: ({ url }) => goTo(url), onError })}
        >
          {direction} to {offer.name}
        </Button>
      );
    }
    if (subscribed && (offer.purchasable || offer.plan === "FREE")) {
      return (
        <Button
          size="sm"
          variant="secondary"
          busy={portal.isPending}
          onClick={() => portal.mutate(undefined, { onSuccess: ({ url }) => goTo(url), onError })}
        >
          {direction} to {offer.name} in the billing portal
        </Button>
      );
    }
    return offer.plan === "ENTERPRISE" ? <span className="muted small">Contact sales</span> : null;
  };

  return (
    <div className="table-scroll">
      <table className="data-table-plain plan-table">
        <caption className="visually-hidden">Plans compared</caption>
        <thead>
          <tr>
            <th scope="col">Plan</th>
            <th scope="col" className="numeric">
              Requests per minute per key
            </th>
            <th scope="col" className="numeric">
              Monthly quota
            </th>
            <th scope="col">Price</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.plans.map((offer) => (
            <tr key={offer.plan} aria-current={offer.plan === overview.plan ? "true" : undefined}>
              <th scope="row">{offer.name}</th>
              <td className="numeric">{formatCount(offer.requestsPerMinute)}</td>
              <td className="numeric">
                {offer.monthlyQuota === null ? "Unlimited" : formatCount(offer.monthlyQuota)}
              </td>
              <td>
                {offer.flatAmount === null
                  ? offer.plan === "FREE"
                    ? "Free"
                    : "Custom"
                  : `${formatMoney(offer.flatAmount, overview.projectedCharge?.currency ?? "usd")} per month`}
                {offer.overageUnitAmountDecimal !== null ? (
                  <span className="small muted">
                    {" "}
                    +{" "}
                    {formatPerThousand(
                      offer.overageUnitAmountDecimal,
                      overview.projectedCharge?.currency ?? "usd",
                    )}{" "}
                    over the quota
                  </span>
                ) : null}
              </td>
              <td>{action(offer)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
