// The new paths' part of `pnpm bench` (issue #18 item 3): webhook deliveries (webhooks.ts) and the
// hourly usage report (usage-report.ts), with the budgets each checks. Kept apart from run.ts and
// report.ts so the main run only calls `measureNewPaths` and renders `renderNewPathsMarkdown`.
// A part that fails is reported as not measured (with why); the rest of the run stands.
import type { Harness } from "./harness.ts";
import { measureUsageReport, renderUsageReportMarkdown, type UsageReportReport } from "./usage-report.ts";
import { measureWebhooks, renderWebhookMarkdown, type WebhookReport } from "./webhooks.ts";

export interface NewPathsReport {
  webhooks?: WebhookReport;
  usageReport?: UsageReportReport;
  /** Why a part was not measured. */
  newPathsErrors?: string[];
}

export async function measureNewPaths(
  harness: Harness,
  quick: boolean,
  log: (message: string) => void,
): Promise<NewPathsReport> {
  const report: NewPathsReport = { newPathsErrors: [] };
  try {
    report.webhooks = await measureWebhooks(harness, { quick, log });
  } catch (error) {
    log(`webhooks not measured: ${String(error)}`);
    report.newPathsErrors?.push(`webhooks: ${String(error)}`);
  }
  try {
    report.usageReport = await measureUsageReport(harness, { quick, log });
  } catch (error) {
    log(`usage report not measured: ${String(error)}`);
    report.newPathsErrors?.push(`usage report: ${String(error)}`);
  }
  return report;
}

export function renderNewPathsMarkdown(report: NewPathsReport): string {
  const errors = (report.newPathsErrors ?? []).map((e) => `\nNot measured — ${e}\n`).join("");
  return `${renderWebhookMarkdown(report.webhooks)}${renderUsageReportMarkdown(report.usageReport)}${errors}`;
}
