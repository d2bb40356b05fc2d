// The billing terms of billing.ts as zod schemas, for the admin API and the SPA. A file of their
// own: billing.ts is on the gateway's start-up path, and zod's classic API is not.
import { z } from "zod";
import { MAX_SPEND_CAP_REQUESTS, MIN_SPEND_CAP_REQUESTS, OVERAGE_POLICIES } from "./billing.ts";

export const overagePolicySchema = z.enum(OVERAGE_POLICIES);

export const spendCapSchema = z
  .number()
  .int()
  .min(MIN_SPEND_CAP_REQUESTS)
  .max(MAX_SPEND_CAP_REQUESTS)
  .nullable();
