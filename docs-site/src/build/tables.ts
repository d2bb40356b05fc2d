// Tables generated from @edgegate/shared at build time, so the docs cannot drift from the code.
import { STATUS_CODES } from "node:http";
import { ERROR_CODES, type ErrorCode, errorDocsUrl } from "@edgegate/shared/errors";
import { PLAN_IDS, PLANS } from "@edgegate/shared/plans";
import { WEBHOOK_EVENT_TYPES } from "@edgegate/shared/webhook-event-types";
import { DEFAULT_RETRY_SCHEDULE_SECONDS, WEBHOOK_EVENTS } from "@edgegate/shared/webhook-events";
import { ERROR_GUIDANCE } from "../shared/error-guidance.ts";
import { escapeHtml } from "./html.ts";

type InlineMarkdown = (markdown: string) => string;

const numberFormat = new Intl.NumberFormat("en-US");

/** The fragment of the link an error envelope carries in `docs`: RATE_LIMITED → "rate-limited". */
export function errorAnchor(code: ErrorCode): string {
  return new URL(errorDocsUrl(code)).hash.slice(1);
}

export function errorCodesTable(inline: InlineMarkdown): string {
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => {
    const { status, message } = ERROR_CODES[code];
    const anchor = errorAnchor(code);
    return [
      `<tr id="${anchor}">`,
      `<th scope="row"><a class="code-link" href="#${anchor}"><code>${escapeHtml(code)}</code></a></th>`,
      `<td class="status"><span class="numeric">${status}</span> <span class="status-text">${escapeHtml(STATUS_CODES[status] ?? "")}</span></td>`,
      `<td>${escapeHtml(message)}</td>`,
      `<td>${inline(ERROR_GUIDANCE[code])}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    '<div class="table-wrap">',
    '<table class="error-table">',
    "<caption>Error codes, their HTTP status and default message</caption>",
    '<thead><tr><th scope="col">Code</th><th scope="col">HTTP status</th><th scope="col">Message</th><th scope="col">What to do</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody>`,
    "</table>",
    "</div>",
  ].join("");
}

export function plansTable(): string {
  const rows = PLAN_IDS.map((id) => {
    const plan = PLANS[id];
    const quota = plan.monthlyQuota === null ? "Unlimited" : numberFormat.format(plan.monthlyQuota);
    return [
      `<tr id="plan-${id.toLowerCase()}">`,
      `<th scope="row">${escapeHtml(plan.name)}</th>`,
      `<td class="numeric">${numberFormat.format(plan.requestsPerMinute)}</td>`,
      `<td class="numeric">${numberFormat.format(plan.burst)}</td>`,
      `<td class="numeric">${quota}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    '<div class="table-wrap">',
    '<table class="plans-table">',
    "<caption>Limits per plan: per minute and burst for each API key, monthly quota for the organization</caption>",
    '<thead><tr><th scope="col">Plan</th><th scope="col" class="numeric">Requests per minute</th><th scope="col" class="numeric">Burst</th><th scope="col" class="numeric">Monthly quota</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody>`,
    "</table>",
    "</div>",
  ].join("");
}

/** The anchor of an event type's row: api_key.created → "event-api-key-created". */
export function webhookEventAnchor(type: string): string {
  return `event-${type.replaceAll(/[._]/g, "-")}`;
}

export function webhookEventsTable(inline: InlineMarkdown): string {
  const rows = WEBHOOK_EVENT_TYPES.map((type) => {
    const anchor = webhookEventAnchor(type);
    return [
      `<tr id="${anchor}">`,
      `<th scope="row"><a class="code-link" href="#${anchor}"><code>${escapeHtml(type)}</code></a></th>`,
      `<td>${inline(WEBHOOK_EVENTS[type].description)}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    '<div class="table-wrap">',
    "<table>",
    "<caption>Webhook event types</caption>",
    '<thead><tr><th scope="col">Type</th><th scope="col">Sent when</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody>`,
    "</table>",
    "</div>",
  ].join("");
}

function formatDelay(seconds: number): string {
  if (seconds === 0) return "immediately";
  if (seconds < 60) return `${seconds} seconds`;
  if (seconds < 3600) return `${seconds / 60} minutes`;
  return `${seconds / 3600} hours`;
}

export function retryScheduleTable(): string {
  const rows = DEFAULT_RETRY_SCHEDULE_SECONDS.map(
    (seconds, index) =>
      `<tr><th scope="row" class="numeric">${index + 1}</th><td>${escapeHtml(formatDelay(seconds))}${index === 0 ? "" : " after the previous attempt"}</td></tr>`,
  );
  return [
    '<div class="table-wrap">',
    "<table>",
    "<caption>When each attempt of a delivery is made</caption>",
    '<thead><tr><th scope="col" class="numeric">Attempt</th><th scope="col">Sent</th></tr></thead>',
    `<tbody>${rows.join("")}</tbody>`,
    "</table>",
    "</div>",
  ].join("");
}
