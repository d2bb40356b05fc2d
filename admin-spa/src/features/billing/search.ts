// The billing page's URL: Stripe Checkout comes back with `?checkout=success|canceled`, which
// shows its banner; anything else is ignored.

import { z } from "zod";
import { asSearchObject, enumParam, searchResult } from "../../lib/search-params.ts";

const billingSchema = z.object({ checkout: enumParam(["success", "canceled"]) });

export type BillingSearch = { checkout?: "success" | "canceled" };

export function parseBillingSearch(input: unknown): BillingSearch {
  return searchResult(billingSchema.shape, billingSchema.parse(asSearchObject(input)));
}
