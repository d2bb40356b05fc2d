// The guides of the documentation site, in navigation order, grouped into sections. Each is a
// Markdown file in content/ rendered to a static HTML file. The API reference pages are generated
// from the OpenAPI documents (src/build/pages.ts adds them); `path` is the URL a page is served at
// (hosts map /errors to errors.html).

export type SectionId = "start" | "use" | "operate" | "reference" | "about";

export const SECTIONS: ReadonlyArray<{ id: SectionId; label: string }> = [
  { id: "start", label: "Get started" },
  { id: "use", label: "Use the API" },
  { id: "operate", label: "Run Edgegate" },
  { id: "reference", label: "Reference" },
  { id: "about", label: "About these docs" },
];

export interface Guide {
  id: string;
  /** URL path. `/errors` must stay: error envelopes link to https://docs.edgegate.dev/errors#<code>. */
  path: string;
  /** Markdown source, relative to content/. */
  source: string;
  /** Document title (before " · Edgegate docs"). */
  title: string;
  navLabel: string;
  description: string;
  /** Where the navigation lists it; pages outside the navigation (404) have none. */
  section?: SectionId;
}

export const SITE_NAME = "Edgegate docs";

export const GUIDES: readonly Guide[] = [
  {
    id: "home",
    path: "/",
    source: "index.md",
    title: "Edgegate documentation",
    navLabel: "Overview",
    description: "Edgegate is an API gateway at the edge: API keys, rate limits, quotas, analytics and logs.",
    section: "start",
  },
  {
    id: "getting-started",
    path: "/getting-started",
    source: "getting-started.md",
    title: "Quickstart",
    navLabel: "Quickstart",
    description: "Get a key, make your first call through the gateway and read the rate-limit headers.",
    section: "start",
  },
  {
    id: "authentication",
    path: "/authentication",
    source: "authentication.md",
    title: "Authentication",
    navLabel: "Authentication",
    description: "Sending an API key, the key format and checksum, scopes and IP allowlists.",
    section: "use",
  },
  {
    id: "rate-limits",
    path: "/rate-limits",
    source: "rate-limits.md",
    title: "Rate limits",
    navLabel: "Rate limits",
    description: "Per-plan rate limits, burst limits and monthly quotas, and the headers that report them.",
    section: "use",
  },
  {
    id: "errors",
    path: "/errors",
    source: "errors.md",
    title: "Errors",
    navLabel: "Errors",
    description: "The error envelope and every error code Edgegate returns, with its HTTP status.",
    section: "use",
  },
  {
    id: "requests",
    path: "/requests",
    source: "requests.md",
    title: "Request ids and pagination",
    navLabel: "Request ids and pagination",
    description: "The X-Request-ID on every answer, and cursor pagination in the admin API.",
    section: "use",
  },
  {
    id: "webhooks",
    path: "/webhooks",
    source: "webhooks.md",
    title: "Webhooks",
    navLabel: "Webhooks",
    description:
      "Signed webhook events from Edgegate: event types, headers, retries and how to verify signatures.",
    section: "use",
  },
  {
    id: "organizations",
    path: "/organizations",
    source: "organizations.md",
    title: "Organizations, roles and invitations",
    navLabel: "Organizations and roles",
    description: "Accounts, organizations, the four roles and what each may do, and invitations.",
    section: "operate",
  },
  {
    id: "api-keys",
    path: "/api-keys",
    source: "api-keys.md",
    title: "Managing API keys",
    navLabel: "Managing API keys",
    description:
      "Create, scope, rotate with a grace period, revoke (effective within 2 seconds) and delete keys.",
    section: "operate",
  },
  {
    id: "analytics",
    path: "/analytics",
    source: "analytics.md",
    title: "Analytics and request logs",
    navLabel: "Analytics and logs",
    description: "Traffic, latency percentiles and the searchable request log, and how they are computed.",
    section: "operate",
  },
  {
    id: "automation",
    path: "/automation",
    source: "automation.md",
    title: "Automation tokens and scripting",
    navLabel: "Automation and scripting",
    description: "Script the admin API with an automation token: the key lifecycle with curl and JavaScript.",
    section: "operate",
  },
  {
    id: "billing",
    path: "/billing",
    source: "billing.md",
    title: "Billing and plans",
    navLabel: "Billing and plans",
    description:
      "Plans as Stripe subscriptions, the overage policy and spend cap, usage reporting, reconciliation and Stripe setup.",
    section: "operate",
  },
  {
    id: "self-hosting",
    path: "/self-hosting",
    source: "self-hosting.md",
    title: "Self-hosting on Cloudflare",
    navLabel: "Self-hosting",
    description: "Deploy with wrangler: resources, secrets, migrations, wrangler deploy and wrangler tail.",
    section: "operate",
  },
  {
    id: "runbooks",
    path: "/runbooks",
    source: "runbooks.md",
    title: "Runbooks",
    navLabel: "Runbooks",
    description:
      "What happens and what to do when Redis or Postgres is down, letters are dead or endpoints disabled.",
    section: "operate",
  },
  {
    id: "gateway-internals",
    path: "/gateway-internals",
    source: "gateway-internals.md",
    title: "How the gateway works",
    navLabel: "How the gateway works",
    description:
      "The data plane in detail: pipeline, rate limits and fail-open, revocation, proxy rules, request events.",
    section: "operate",
  },
  {
    id: "admin-api-internals",
    path: "/admin-api-internals",
    source: "admin-api-internals.md",
    title: "How the admin API works",
    navLabel: "How the admin API works",
    description: "The control plane in detail: authentication, input rules, roles, keys, audit and webhooks.",
    section: "operate",
  },
  {
    id: "changelog",
    path: "/changelog",
    source: "changelog.md",
    title: "Changelog",
    navLabel: "Changelog",
    description: "What changed in the gateway, the admin API and webhooks.",
    section: "about",
  },
  {
    id: "accessibility",
    path: "/accessibility",
    source: "accessibility.md",
    title: "Accessibility statement",
    navLabel: "Accessibility",
    description:
      "The WCAG 2.2 AA target of these docs and exactly what the test suite checks on every build.",
    section: "about",
  },
  {
    id: "not-found",
    path: "/404",
    source: "404.md",
    title: "Page not found",
    navLabel: "Not found",
    description: "There is no page at this address.",
  },
];
