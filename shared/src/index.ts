export * from "./api-key.ts";
export * from "./billing.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./latency.ts";
export * from "./plans.ts";
export * from "./scopes.ts";
