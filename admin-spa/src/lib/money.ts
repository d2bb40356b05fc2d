// Amounts as Stripe gives them (integer minor units, e.g. cents) in the user's locale.
export function formatMoney(minorUnits: number, currency: string, locale?: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
    minorUnits / 100,
  );
}

/** Stripe's per-request decimal price (in cents) as a price per 1,000 requests. */
export function formatPerThousand(unitAmountDecimal: string, currency: string, locale?: string): string {
  return `${formatMoney(Number(unitAmountDecimal) * 1_000, currency, locale)} per 1,000 requests`;
}
