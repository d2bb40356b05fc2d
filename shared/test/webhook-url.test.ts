// The SSRF guard's production policy (https only, public unicast targets), and what local
// development adds (http and loopback receivers, still no private or metadata addresses).
import { describe, expect, it } from "vitest";
import { webhookUrlError } from "../src/webhook-url.ts";

const production = { allowLocal: false };
const local = { allowLocal: true };

describe("webhookUrlError in production", () => {
  it.each([
    "https://hooks.example.com/edgegate",
    "https://hooks.example.com:8443/a?b=c",
    "https://93.184.216.34/hook",
    "https://[2606:4700:4700::1111]/hook",
  ])("accepts %s", (url) => {
    expect(webhookUrlError(url, production)).toBeNull();
  });

  it.each([
    ["http://hooks.example.com/", /https/],
    ["ftp://hooks.example.com/", /https/],
    ["not a url", /absolute URL/],
    ["https://user:pass@hooks.example.com/", /user name or password/],
    ["https://localhost/", /localhost/],
    ["https://127.0.0.1/", /loopback/],
    ["https://2130706433/", /loopback/],
    ["https://0x7f.0.0.1/", /loopback/],
    ["https://[::1]/", /loopback/],
    ["https://10.1.2.3/", /private/],
    ["https://172.16.0.1/", /private/],
    ["https://192.168.1.1/", /private/],
    ["https://[fd00:ec2::254]/", /private/],
    ["https://169.254.169.254/latest/meta-data/", /link-local|metadata/],
    ["https://[fe80::1]/", /link-local/],
    ["https://100.100.100.200/", /carrier-grade NAT/],
    ["https://224.0.0.1/", /multicast/],
    ["https://0.0.0.0/", /unspecified/],
    ["https://[::ffff:10.0.0.1]/", /private/],
    ["https://metadata.google.internal/", /internal host/],
    ["https://printer.local/", /internal host/],
    ["https://app.localhost/", /internal host/],
    ["https://intranet/", /fully qualified/],
    [`https://hooks.example.com/${"a".repeat(2100)}`, /at most/],
  ])("refuses %s", (url, reason) => {
    expect(webhookUrlError(url, production)).toMatch(reason);
  });
});

describe("webhookUrlError in development and tests", () => {
  it.each(["http://127.0.0.1:8788/hooks/demo", "http://localhost:9000/", "http://[::1]:9000/"])(
    "accepts the local receiver %s",
    (url) => {
      expect(webhookUrlError(url, local)).toBeNull();
    },
  );

  it.each([
    "http://10.0.0.5/",
    "http://169.254.169.254/",
    "http://192.168.0.10:8080/",
    "http://metadata.google.internal/",
    "gopher://127.0.0.1/",
  ])("still refuses %s", (url) => {
    expect(webhookUrlError(url, local)).not.toBeNull();
  });
});
