// The docs portal against the running `pnpm dev` stack: every runnable sample in the guides is
// executed (curl in bash, JavaScript in Node) and its output checked, and the playground sends a
// real request through the gateway with the demo key — status, rate-limit headers that change,
// the request id linking to the console's log, and a gateway error's docs entry inline — usable by
// keyboard alone and axe-clean in both themes with a response on screen.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  describeViolations,
  launchChromium,
  newContext,
  screenshot,
  seriousAxeViolations,
  THEMES,
  watchErrors,
} from "./browser.ts";

const run = promisify(execFile);
const stack = inject("stack");
const CONTENT = join(import.meta.dirname, "..", "..", "docs-site", "content");

interface Sample {
  file: string;
  language: "sh" | "js";
  code: string;
  checks: string[];
}

/** `<!-- run: check; check -->` followed by a ```sh or ```js block marks a sample the suite runs. */
function runnableSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const file of readdirSync(CONTENT).filter((name) => name.endsWith(".md"))) {
    const source = readFileSync(join(CONTENT, file), "utf8");
    for (const match of source.matchAll(/<!-- run: (.*?) -->\n```(sh|js)\n([\s\S]*?)\n```/g)) {
      samples.push({
        file,
        checks: (match[1] as string).split(";").map((check) => check.trim()),
        language: match[2] as "sh" | "js",
        code: match[3] as string,
      });
    }
  }
  return samples;
}

function check(sample: Sample, result: { code: number; stdout: string }): void {
  const where = `${sample.file}: ${sample.code.split("\n")[0]}\n--- stdout:\n${result.stdout}`;
  for (const rule of sample.checks) {
    const exit = /^exit (\d+)$/.exec(rule);
    const contains = /^stdout (i?)contains "(.*)"$/.exec(rule);
    if (exit) expect(result.code, where).toBe(Number(exit[1]));
    else if (contains?.[1] === "i")
      expect(result.stdout.toLowerCase(), where).toContain(
        (contains[2] as string).replaceAll('\\"', '"').toLowerCase(),
      );
    else if (contains) expect(result.stdout, where).toContain((contains[2] as string).replaceAll('\\"', '"'));
    else throw new Error(`${sample.file}: unknown check "${rule}"`);
  }
}

describe("the guides' samples, run against pnpm dev", () => {
  const samples = runnableSamples();
  let env: NodeJS.ProcessEnv;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "edgegate-docs-samples-"));
    // An automation token for the admin samples, made the way the automation guide says: signed in
    // as the demo owner, in the demo organization.
    const headers = { Origin: stack.spaUrl, "Content-Type": "application/json" };
    const signIn = await fetch(`${stack.spaUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email: stack.demo.email, password: stack.demo.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((value) => value.split(";")[0])
      .join("; ");
    const setActive = await fetch(`${stack.spaUrl}/api/auth/organization/set-active`, {
      method: "POST",
      headers: { ...headers, Cookie: cookie },
      body: JSON.stringify({ organizationId: "org_demo" }),
    });
    expect(setActive.status).toBe(200);
    const created = await fetch(`${stack.spaUrl}/api/automation-tokens`, {
      method: "POST",
      headers: { ...headers, Cookie: cookie },
      body: JSON.stringify({ name: `docs samples ${randomUUID().slice(0, 8)}`, role: "admin" }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      EDGEGATE_URL: stack.workerUrl,
      EDGEGATE_ADMIN_URL: stack.workerUrl,
      EDGEGATE_API_KEY: stack.demo.apiKey,
      EDGEGATE_AUTOMATION_TOKEN: token,
    };
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds the samples (curl and JavaScript, in several guides)", () => {
    expect(samples.filter((sample) => sample.language === "sh").length).toBeGreaterThanOrEqual(8);
    expect(samples.filter((sample) => sample.language === "js").length).toBeGreaterThanOrEqual(2);
    expect(new Set(samples.map((sample) => sample.file))).toEqual(
      new Set(["getting-started.md", "authentication.md", "requests.md", "automation.md"]),
    );
  });

  // One after another: several samples change the demo organization's keys and read its audit log.
  it.for(runnableSamples().map((sample, index) => ({ ...sample, index })))(
    "$file sample $index ($language) prints what the guide says",
    async (sample) => {
      let file: string;
      let command: string[];
      if (sample.language === "sh") {
        file = join(dir, `sample-${sample.index}.sh`);
        await writeFile(file, `set -euo pipefail\n${sample.code}\n`);
        command = ["bash", file];
      } else {
        file = join(dir, `sample-${sample.index}.mjs`);
        await writeFile(file, `${sample.code}\n`);
        command = [process.execPath, file];
      }
      const result = await run(command[0] as string, command.slice(1), { env, timeout: 60_000 }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: typeof error.code === "number" ? error.code : 1,
          stdout: `${error.stdout ?? ""}\n--- stderr:\n${error.stderr ?? ""}`,
        }),
      );
      check(sample, result);
    },
  );
});

describe("the playground on pnpm dev", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function openEcho(theme: (typeof THEMES)[number]): Promise<{ page: Page; errors: string[] }> {
    const context = await newContext(browser, stack.docsUrl, { theme });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto("/reference/gateway/get-echo");
    await page.getByRole("heading", { level: 2, name: "Try it" }).waitFor();
    return { page, errors };
  }

  const remaining = async (page: Page) =>
    Number(
      (
        (await page
          .locator(".rate-limit-headers dt code", { hasText: "X-RateLimit-Remaining" })
          .textContent()) ?? ""
      )
        .split(":")[1]
        ?.trim(),
    );

  it("sends through the real gateway with the demo key, by keyboard alone", async () => {
    const { page, errors } = await openEcho("light");
    try {
      // The key box starts empty; "Use the demo key" exists only because this is pnpm dev.
      expect(await page.getByLabel("API key").inputValue()).toBe("");
      expect(await page.getByLabel("Gateway URL").inputValue()).toBe(stack.workerUrl);
      // Tab from the key box reaches "Use the demo key"; Enter presses it.
      await page.getByLabel("API key").focus();
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Use the demo key");
      await page.keyboard.press("Enter");
      expect(await page.getByLabel("API key").inputValue()).toBe(stack.demo.apiKey);
      expect(await page.evaluate(() => sessionStorage.getItem("edgegate-docs:api-key"))).toBe(
        stack.demo.apiKey,
      );
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      // The samples show exactly the request on screen, never the key itself.
      await page.getByLabel("hello (query)").focus();
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type("docs");
      const curl = await page.locator("[data-live-samples] [role=tabpanel]:not([hidden])").textContent();
      expect(curl).toContain(`curl -i '${stack.workerUrl}/v1/echo?hello=docs'`);
      expect(curl).toContain("Bearer $EDGEGATE_API_KEY");
      expect(curl).not.toContain(stack.demo.apiKey);

      // The query field is the last before Send: Tab, Enter.
      await page.getByLabel("hello (query)").focus();
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Send request");
      await page.keyboard.press("Enter");
      const summary = page.locator(".response-summary");
      await summary.waitFor();
      expect(await summary.textContent()).toMatch(/^200 OK · \d+ ms$/);
      expect(await page.locator(".playground-result pre").textContent()).toContain('"hello": "docs"');
      const first = await remaining(page);
      const requestId = (await page.locator(".request-id code").textContent()) ?? "";
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await page.getByRole("link", { name: "open in the request log" }).getAttribute("href")).toBe(
        `${stack.spaUrl}/logs?requestId=${requestId}`,
      );
      // Each header is explained.
      expect(await page.locator(".rate-limit-headers").textContent()).toContain(
        "Requests left in the current minute window",
      );

      await page.keyboard.press("Enter"); // focus is still on Send
      await page.waitForFunction(
        (previous) => document.querySelector(".request-id code")?.textContent !== previous,
        requestId,
      );
      expect(await remaining(page)).toBeLessThan(first);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("shows a gateway error's docs entry inline", async () => {
    const { page, errors } = await openEcho("dark");
    try {
      await page.getByLabel("API key").fill("ak_not_a_real_key");
      await page.getByRole("button", { name: "Send request" }).click();
      const entry = page.getByRole("note");
      await entry.waitFor();
      expect(await page.locator(".response-summary").textContent()).toMatch(/^401 Unauthorized/);
      expect(await entry.textContent()).toContain("INVALID_KEY");
      expect(await entry.getByRole("link", { name: "INVALID_KEY" }).getAttribute("href")).toBe(
        "/errors#invalid-key",
      );
      expect(await entry.textContent()).toContain("Look for a truncated copy");
      expect(errors.filter((error) => !error.includes("401"))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it.for(THEMES)("passes axe with a response on screen (%s)", async (theme) => {
    const { page } = await openEcho(theme);
    try {
      await page.getByRole("button", { name: "Use the demo key" }).click();
      await page.getByRole("button", { name: "Send request" }).click();
      await page.locator(".response-summary").waitFor();
      const violations = await seriousAxeViolations(page);
      await screenshot(page, "docs-playground", theme, "desktop");
      expect(violations, describeViolations(violations)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
