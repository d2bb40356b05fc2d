// The demo price catalog the local Stripe stand-in serves, and the Worker settings that point at
// it. In production the same settings name real Stripe objects (README "Billing").
// Each paid self-serve plan is two prices: a flat monthly fee and a metered overage price per
// request above the plan's included quota (unit_amount_decimal in cents, so $0.50 per 1,000
// requests is "0.05"), recorded through one Billing Meter.

export interface CatalogPrice {
  id: string;
  product: string;
  nickname: string;
  /** Cents, for the flat price; null for the metered one. */
  unitAmount: number | null;
  /** Cents per unit, as Stripe's decimal string (metered price). */
  unitAmountDecimal: string | null;
  usageType: "licensed" | "metered";
}

export interface StripeCatalog {
  products: { id: string; name: string }[];
  prices: CatalogPrice[];
  meter: { id: string; eventName: string; displayName: string };
}

export const DEMO_CATALOG: StripeCatalog = {
  products: [
    { id: "prod_edgegate_starter", name: "Edgegate Starter" },
    { id: "prod_edgegate_pro", name: "Edgegate Pro" },
  ],
  prices: [
    {
      id: "price_starter_flat",
      product: "prod_edgegate_starter",
      nickname: "Starter monthly",
      unitAmount: 2_900,
      unitAmountDecimal: null,
      usageType: "licensed",
    },
    {
      id: "price_starter_overage",
      product: "prod_edgegate_starter",
      nickname: "Starter overage per request",
      unitAmount: null,
      unitAmountDecimal: "0.08",
      usageType: "metered",
    },
    {
      id: "price_pro_flat",
      product: "prod_edgegate_pro",
      nickname: "Pro monthly",
      unitAmount: 19_900,
      unitAmountDecimal: null,
      usageType: "licensed",
    },
    {
      id: "price_pro_overage",
      product: "prod_edgegate_pro",
      nickname: "Pro overage per request",
      unitAmount: null,
      unitAmountDecimal: "0.05",
      usageType: "metered",
    },
  ],
  meter: { id: "mtr_edgegate_requests", eventName: "edgegate_requests", displayName: "API requests" },
};

/** The Worker's billing settings for a stand-in at `apiBase` signing events with `webhookSecret`. */
export function standInWorkerEnv(apiBase: string, webhookSecret: string, secretKey: string) {
  return {
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_API_BASE: apiBase,
    STRIPE_PRICES: JSON.stringify({
      STARTER: { flat: "price_starter_flat", overage: "price_starter_overage" },
      PRO: { flat: "price_pro_flat", overage: "price_pro_overage" },
    }),
    STRIPE_METER_ID: DEMO_CATALOG.meter.id,
    STRIPE_METER_EVENT_NAME: DEMO_CATALOG.meter.eventName,
  };
}
