// The scope grammar of scopes.ts as a zod schema, for the admin API and the SPA. A file of its
// own: scopes.ts is on the gateway's start-up path, and zod's classic API is not.
import { z } from "zod";
import { SCOPE_PATTERN } from "./scopes.ts";

export const scopeSchema = z
  .string()
  .regex(SCOPE_PATTERN, 'must be "*" or "<method>:<resource>", e.g. "get:users", "*:orders", "get:*"');
