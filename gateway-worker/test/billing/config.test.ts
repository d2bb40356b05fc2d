// Billing configuration is checked at start-up: all or nothing, well-formed, and the local Stripe
// stand-in can never be configured in production or at a non-local address.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

/** A fresh env object each time: loadConfig caches per env. */
const configWith = (overrides: Partial<Record<string, string>>) => () =>
  loadConfig({ ...env, ...overrides } as unknown as Env);

describe("billing configuration", () => {
  it("accepts the test stack's stand-in settings and billing switched off", () => {
    expect(configWith({})().STRIPE_PRICES.PRO?.flat).toBe("price_pro_flat");
    expect(
      configWith({ STRIPE_SECRET_KEY: "", STRIPE_PRICES: "", STRIPE_METER_ID: "" })().STRIPE_SECRET_KEY,
    ).toBe("");
  });

  it("refuses a stand-in address in production or anywhere but this machine", () => {
    const production = { ENVIRONMENT: "production", NEON_LOCAL_HTTP_ENDPOINT: "", NEON_LOCAL_WS_PROXY: "" };
    expect(configWith(production)).toThrow(/STRIPE_API_BASE must be empty in production/);
    expect(configWith({ ...production, STRIPE_API_BASE: "" })().ENVIRONMENT).toBe("production");
    for (const base of [
      "http://stripe.example.com:8790",
      "http://10.0.0.5:8790",
      "http://127.0.0.1:8790/v1",
    ]) {
      expect(configWith({ STRIPE_API_BASE: base }), base).toThrow(ConfigError);
    }
    expect(configWith({ STRIPE_API_BASE: "http://localhost:8790" })().STRIPE_API_BASE).toBe(
      "http://localhost:8790",
    );
  });

  it("names the bad setting", () => {
    expect(configWith({ STRIPE_PRICES: "{not json" })).toThrow(/STRIPE_PRICES/);
    expect(configWith({ STRIPE_PRICES: '{"GOLD":{"flat":"price_a","overage":"price_b"}}' })).toThrow(
      /STRIPE_PRICES/,
    );
    expect(configWith({ STRIPE_PRICES: '{"PRO":{"flat":"prod_a","overage":"price_b"}}' })).toThrow(
      /STRIPE_PRICES/,
    );
    expect(configWith({ STRIPE_METER_ID: "" })).toThrow(/STRIPE_METER_ID is required/);
    expect(configWith({ STRIPE_WEBHOOK_SECRET: "" })).toThrow(/STRIPE_WEBHOOK_SECRET is required/);
    expect(configWith({ STRIPE_WEBHOOK_SECRET: "secret" })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(configWith({ STRIPE_SECRET_KEY: "pk_test_publishable" })).toThrow(/STRIPE_SECRET_KEY/);
    expect(configWith({ STRIPE_PRICES: "" })).toThrow(/STRIPE_PRICES names no plan/);
  });
});
