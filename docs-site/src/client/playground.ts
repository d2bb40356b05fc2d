// The playground on each gateway operation's page: edit the request, send it through the real
// gateway from the browser, and read the answer — status, latency, the rate-limit headers
// explained, the body, the X-Request-ID linked to the admin console's request log, and the
// errors page's entry for a gateway error. The API key lives only in sessionStorage.
import { ERROR_CODES, type ErrorCode } from "@edgegate/shared/errors";
import { ERROR_GUIDANCE } from "../shared/error-guidance.ts";
import { GATEWAY_RESPONSE_HEADERS } from "../shared/gateway.ts";
import { codeSample, SAMPLE_LANGUAGES, type SampleRequest } from "../shared/samples.ts";

export const KEY_STORAGE = "edgegate-docs:api-key";
const BASE_STORAGE = "edgegate-docs:gateway-url";

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The guidance's inline Markdown: `code` and [links](/path) only. */
function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\[([^\]]+)\]\((\/[^)\s]*)\)/g, '<a href="$2">$1</a>');
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

interface Spec {
  method: string;
  path: string;
}

function setUpPlayground(section: HTMLElement): void {
  const spec = JSON.parse(section.dataset.playground ?? "{}") as Spec;
  const form = section.querySelector<HTMLFormElement>("form");
  const result = section.querySelector<HTMLElement>(".playground-result");
  const baseInput = section.querySelector<HTMLInputElement>("#pg-base");
  const keyInput = section.querySelector<HTMLInputElement>("#pg-key");
  const demoButton = section.querySelector<HTMLButtonElement>("[data-demo-key]");
  const body = section.querySelector<HTMLTextAreaElement>("#pg-body");
  if (!form || !result || !baseInput || !keyInput) return;
  section.hidden = false;

  baseInput.value = sessionStorage.getItem(BASE_STORAGE) ?? meta("edgegate-gateway-url") ?? "";
  keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? "";
  const demoKey = meta("edgegate-demo-key");
  if (demoButton && demoKey) {
    demoButton.hidden = false;
    demoButton.addEventListener("click", () => {
      keyInput.value = demoKey;
      sessionStorage.setItem(KEY_STORAGE, demoKey);
      keyInput.focus();
    });
  }
  keyInput.addEventListener("input", () => {
    if (keyInput.value) sessionStorage.setItem(KEY_STORAGE, keyInput.value.trim());
    else sessionStorage.removeItem(KEY_STORAGE);
  });
  baseInput.addEventListener("input", () => sessionStorage.setItem(BASE_STORAGE, baseInput.value.trim()));

  /** The request on screen; the key as a placeholder, so samples never show a real one. */
  const current = (key: string): SampleRequest => {
    let path = spec.path;
    const query = new URLSearchParams();
    for (const input of form.querySelectorAll<HTMLInputElement>("input[data-in]")) {
      if (input.dataset.in === "path")
        path = path.replace(`{${input.name}}`, encodeURIComponent(input.value));
      else if (input.value !== "") query.set(input.name, input.value);
    }
    const search = query.toString();
    const base = baseInput.value.trim().replace(/\/+$/, "");
    const headers: Array<[string, string]> = [["Authorization", `Bearer ${key}`]];
    if (body) headers.push(["Content-Type", "application/json"]);
    return {
      method: spec.method,
      url: `${base}/v1${path}${search ? `?${search}` : ""}`,
      headers,
      ...(body ? { body: body.value } : {}),
    };
  };

  const samples = section.querySelector<HTMLElement>("[data-live-samples]");
  const refreshSamples = () => {
    if (!samples) return;
    const request = current("$EDGEGATE_API_KEY");
    for (const language of SAMPLE_LANGUAGES) {
      const code = samples.querySelector<HTMLElement>(
        `[role="tabpanel"][data-language="${language.id}"] code`,
      );
      if (code) code.textContent = codeSample(language.id, request);
    }
  };
  form.addEventListener("input", refreshSamples);
  refreshSamples();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    const key = keyInput?.value.trim() ?? "";
    result?.replaceChildren(element("p", "pending", "Sending…"));
    if (body?.value.trim()) {
      try {
        JSON.parse(body.value);
      } catch {
        result?.replaceChildren(
          element("p", "problem", "The body is not valid JSON; fix it before sending."),
        );
        body.focus();
        return;
      }
    }
    const request = current(key);
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: key ? request.headers : request.headers.filter(([name]) => name !== "Authorization"),
        ...(request.body !== undefined && request.method !== "GET" ? { body: request.body } : {}),
      });
    } catch {
      result?.replaceChildren(
        element(
          "p",
          "problem",
          "The gateway could not be reached from this page. Check the gateway URL, and that this site's origin is in the gateway's CORS_ALLOWED_ORIGINS.",
        ),
      );
      return;
    }
    const text = await response.text();
    const latency = Math.round(performance.now() - started);
    showResponse(response, text, latency);
  }

  function showResponse(response: Response, text: string, latency: number): void {
    if (!result) return;
    const nodes: HTMLElement[] = [];
    const summary = element("p", "response-summary");
    const status = element("span", `status status-${String(response.status)[0]}`, String(response.status));
    summary.append(status, ` ${response.statusText} · ${latency} ms`);
    nodes.push(summary);

    const requestId = response.headers.get("X-Request-ID");
    if (requestId) {
      const line = element("p", "request-id");
      line.append("Request id: ", element("code", undefined, requestId));
      const admin = meta("edgegate-admin-url");
      if (admin) {
        const link = element("a", undefined, "open in the request log");
        link.href = `${admin.replace(/\/+$/, "")}/logs?requestId=${encodeURIComponent(requestId)}`;
        link.target = "_blank";
        link.rel = "noopener";
        line.append(" (", link, ", opens in a new tab)");
      }
      nodes.push(line);
    }

    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const code = (parsed as { error?: { code?: string } } | undefined)?.error?.code;
    if (code && code in ERROR_CODES && response.headers.get("X-Edgegate-Error") !== null) {
      const entry = element("div", "error-entry");
      entry.setAttribute("role", "note");
      const heading = element("p", "error-entry-title");
      const link = element("a");
      link.href = `/errors#${code.toLowerCase().replaceAll("_", "-")}`;
      link.append(element("code", undefined, code));
      heading.append("Gateway error ", link, `: ${ERROR_CODES[code as ErrorCode].message}`);
      const guidance = element("p");
      guidance.innerHTML = inlineMarkdown(ERROR_GUIDANCE[code as ErrorCode]);
      entry.append(heading, guidance);
      nodes.push(entry);
    }

    const present = GATEWAY_RESPONSE_HEADERS.filter(
      (header) => header.name !== "X-Request-ID" && response.headers.get(header.name) !== null,
    );
    if (present.length > 0) {
      const list = element("dl", "headers rate-limit-headers");
      for (const header of present) {
        const term = element("dt");
        term.append(element("code", undefined, `${header.name}: ${response.headers.get(header.name)}`));
        const description = element("dd");
        description.innerHTML = inlineMarkdown(header.description);
        list.append(term, description);
      }
      const heading = element("p", "result-heading", "Rate-limit headers");
      nodes.push(heading, list);
    }

    nodes.push(element("p", "result-heading", "Body"));
    const pre = element("pre");
    pre.tabIndex = 0;
    pre.setAttribute("aria-label", "Response body");
    pre.append(element("code", undefined, parsed === undefined ? text : JSON.stringify(parsed, null, 2)));
    nodes.push(pre);
    result.replaceChildren(...nodes);
  }
}

export function setUpPlaygrounds(): void {
  for (const section of document.querySelectorAll<HTMLElement>("[data-playground]")) setUpPlayground(section);
}

/** Language tabs on code samples (WAI-ARIA tabs: arrows move between tabs, Tab into the panel). */
export function setUpSampleTabs(): void {
  for (const group of document.querySelectorAll<HTMLElement>("[data-samples]")) {
    const tabs = Array.from(group.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    const select = (tab: HTMLButtonElement) => {
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute("aria-selected", String(selected));
        other.tabIndex = selected ? 0 : -1;
        const panel = document.getElementById(other.getAttribute("aria-controls") ?? "");
        if (panel) panel.hidden = !selected;
      }
    };
    for (const [index, tab] of tabs.entries()) {
      tab.addEventListener("click", () => select(tab));
      tab.addEventListener("keydown", (event) => {
        const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step === 0) return;
        event.preventDefault();
        const next = tabs[(index + step + tabs.length) % tabs.length];
        if (next) {
          select(next);
          next.focus();
        }
      });
    }
  }
}
