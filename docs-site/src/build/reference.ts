// The API reference as static HTML, generated at build time from the OpenAPI documents: one page
// per operation (its URL is the operationId in kebab-case), one index page per API. No script is
// needed to read it; the playground (gateway operations) is the one interactive part.
import { STATUS_CODES } from "node:http";
import { ERROR_CODES, type ErrorCode } from "@edgegate/shared/errors";
import { codeSample, SAMPLE_LANGUAGES, type SampleRequest } from "../shared/samples.ts";
import { escapeHtml } from "./html.ts";
import type { ApiDocument, Operation, Parameter, Schema } from "./openapi.ts";
import { errorAnchor } from "./tables.ts";

type InlineMarkdown = (markdown: string) => string;

export interface RenderedReference {
  html: string;
  toc: Array<{ id: string; html: string }>;
  markdown: string;
}

export const API_PATHS: Record<ApiDocument["id"], string> = {
  gateway: "/reference/gateway",
  admin: "/reference/admin",
  webhooks: "/reference/webhooks",
};

export function operationPath(operation: Operation): string {
  return `${API_PATHS[operation.api]}/${operation.slug}`;
}

const MAX_DEPTH = 5;

function typeLabel(schema: Schema): string {
  if (schema.const !== undefined) return `const ${JSON.stringify(schema.const)}`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeLabel).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const label = types
    .map((type) => (type === "array" ? `array of ${schema.items ? typeLabel(schema.items) : "any"}` : type))
    .join(" | ");
  if (label) return schema.format ? `${label} (${schema.format})` : label;
  if (schema.properties) return "object";
  return "any";
}

function constraints(schema: Schema): string[] {
  const out: string[] = [];
  if (schema.enum)
    out.push(`one of ${schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(", ")}`);
  for (const [key, label] of [
    ["minLength", "min length"],
    ["maxLength", "max length"],
    ["minimum", "min"],
    ["maximum", "max"],
    ["minItems", "min items"],
    ["maxItems", "max items"],
    ["pattern", "pattern"],
  ] as const) {
    if (schema[key] !== undefined) out.push(`${label} \`${String(schema[key])}\``);
  }
  if (schema.default !== undefined) out.push(`default \`${JSON.stringify(schema.default)}\``);
  return out;
}

/** An object's properties as a nested list: name, type, required, description, constraints. */
export function schemaHtml(schema: Schema, inline: InlineMarkdown, depth = 0): string {
  const variants = schema.anyOf ?? schema.oneOf;
  const objectLike = variants?.find((variant) => variant.properties);
  const target = schema.properties ? schema : schema.items?.properties ? schema.items : objectLike;
  if (!target?.properties || depth >= MAX_DEPTH) return "";
  const required = new Set(target.required ?? []);
  const items = Object.entries(target.properties).map(([name, field]) => {
    const notes = constraints(field);
    const description = [field.description, notes.length ? notes.join("; ") : ""].filter(Boolean).join(". ");
    return [
      "<li>",
      `<code class="field-name">${escapeHtml(name)}</code> `,
      `<span class="field-type">${escapeHtml(typeLabel(field))}</span>`,
      required.has(name) ? ' <span class="field-required">required</span>' : "",
      description ? `<div class="field-description">${inline(description)}</div>` : "",
      schemaHtml(field, inline, depth + 1),
      "</li>",
    ].join("");
  });
  return `<ul class="schema">${items.join("")}</ul>`;
}

/** An example value for a schema: its own example, else one made from its type. */
export function exampleOf(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > MAX_DEPTH) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length)
    return exampleOf(variants.find((variant) => variant.type !== "null") ?? variants[0], depth);
  const type = Array.isArray(schema.type)
    ? schema.type.find((candidate) => candidate !== "null")
    : schema.type;
  if (type === "object" || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([name, field]) => [name, exampleOf(field, depth + 1)]),
    );
  }
  if (type === "array") return [exampleOf(schema.items, depth + 1)].filter((item) => item !== undefined);
  if (type === "integer" || type === "number") return (schema.minimum as number | undefined) ?? 1;
  if (type === "boolean") return true;
  if (type === "string") {
    if (schema.format === "date-time") return "2026-12-01T12:00:00.000Z";
    if (schema.format === "uri") return "https://example.com/webhooks";
    if (schema.format === "email") return "ada@example.com";
    if (schema.format === "uuid") return "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    return "string";
  }
  return undefined;
}

function parameterExample(parameter: Parameter): string {
  const value = parameter.example ?? exampleOf(parameter.schema);
  return value === undefined ? "" : String(value);
}

const KEY_PLACEHOLDER = "$EDGEGATE_API_KEY";

/** The example request of an operation, as code samples and the playground send it. */
export function exampleRequest(api: ApiDocument, operation: Operation): SampleRequest {
  let path = operation.path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    const value = parameterExample(parameter);
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
    if (parameter.in === "query" && (parameter.required || parameter.example !== undefined) && value)
      query.set(parameter.name, value);
  }
  const search = query.toString();
  const headers: Array<[string, string]> = [];
  if (operation.security.includes("bearerKey")) headers.push(["Authorization", `Bearer ${KEY_PLACEHOLDER}`]);
  else if (operation.security.includes("automationToken"))
    headers.push(["Authorization", "Bearer $EDGEGATE_AUTOMATION_TOKEN"]);
  let body: string | undefined;
  if (operation.requestBody) {
    headers.push(["Content-Type", operation.requestBody.contentType]);
    body = JSON.stringify(operation.requestBody.example ?? exampleOf(operation.requestBody.schema), null, 2);
  }
  return {
    method: operation.method,
    url: `${api.baseUrl}${path}${search ? `?${search}` : ""}`,
    headers,
    body,
  };
}

function codeBlock(language: string, code: string): string {
  // Focusable: a long line scrolls sideways, and keyboard users must be able to scroll it.
  return `<pre tabindex="0"><code class="language-${language}">${escapeHtml(code)}</code></pre>`;
}

function samplesHtml(request: SampleRequest, idPrefix: string): string {
  const tabs = SAMPLE_LANGUAGES.map(
    (language, index) =>
      `<button type="button" role="tab" id="${idPrefix}-tab-${language.id}" aria-controls="${idPrefix}-panel-${language.id}" aria-selected="${index === 0}" tabindex="${index === 0 ? 0 : -1}" data-language="${language.id}">${language.label}</button>`,
  ).join("");
  const panels = SAMPLE_LANGUAGES.map(
    (language, index) =>
      `<div role="tabpanel" id="${idPrefix}-panel-${language.id}" aria-labelledby="${idPrefix}-tab-${language.id}" data-language="${language.id}"${index === 0 ? "" : " hidden"}>${codeBlock(language.id, codeSample(language.id, request))}</div>`,
  ).join("");
  return `<div class="samples" data-samples><div role="tablist" aria-label="Language">${tabs}</div>${panels}</div>`;
}

function parametersTable(parameters: Parameter[], location: Parameter["in"], inline: InlineMarkdown): string {
  const rows = parameters.filter((parameter) => parameter.in === location);
  if (rows.length === 0) return "";
  const caption = {
    path: "Path parameters",
    query: "Query parameters",
    header: "Headers",
    cookie: "Cookies",
  }[location];
  const body = rows
    .map((parameter) => {
      const notes = constraints(parameter.schema);
      const description = [parameter.description, notes.join("; ")].filter(Boolean).join(". ");
      return `<tr><th scope="row"><code>${escapeHtml(parameter.name)}</code></th><td>${escapeHtml(typeLabel(parameter.schema))}</td><td>${parameter.required ? "yes" : "no"}</td><td>${description ? inline(description) : ""}</td></tr>`;
    })
    .join("");
  return `<div class="table-wrap"><table><caption>${caption}</caption><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

function statusLabel(status: string): string {
  return STATUS_CODES[Number(status)] ?? (status === "2XX" ? "Any success" : "");
}

function errorCodesOf(operation: Operation, response: Operation["responses"][number]): ErrorCode[] {
  if (response.errorCodes) return response.errorCodes as ErrorCode[];
  if (!response.status.startsWith("4") && !response.status.startsWith("5")) return [];
  if (operation.api !== "admin") return [];
  // The admin API's envelope: the codes with this status that the shared table defines.
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
    (code) => String(ERROR_CODES[code].status) === response.status,
  );
}

/** `{ error: { code, message, requestId, … } }`: the shared envelope, whichever document. */
function isErrorEnvelope(schema: Schema | undefined): boolean {
  const error = schema?.properties?.error;
  return Boolean(error?.properties?.code && error.properties.requestId);
}

function responsesHtml(operation: Operation, inline: InlineMarkdown): string {
  return operation.responses
    .map((response) => {
      const id = `response-${response.status.toLowerCase()}`;
      const codes = errorCodesOf(operation, response);
      const example = response.example ?? (response.schema ? exampleOf(response.schema) : undefined);
      // Every error answer has the same body: link to it once instead of repeating its schema.
      const isError = /^[45]/.test(response.status) && isErrorEnvelope(response.schema);
      return [
        `<section class="response" aria-labelledby="${id}">`,
        `<h3 id="${id}"><span class="status status-${response.status[0]}">${escapeHtml(response.status)}</span> ${escapeHtml(statusLabel(response.status))}</h3>`,
        response.description ? `<p>${inline(response.description)}</p>` : "",
        codes.length
          ? `<p>Error codes: ${codes.map((code) => `<a href="/errors#${errorAnchor(code)}"><code>${code}</code></a>`).join(", ")}</p>`
          : "",
        response.headers.length
          ? `<p class="example-label">Headers</p><dl class="headers">${response.headers.map((header) => `<dt><code>${escapeHtml(header.name)}</code></dt><dd>${inline(header.description)}</dd>`).join("")}</dl>`
          : "",
        isError
          ? '<p>Body: the <a href="/errors#the-error-envelope">error envelope</a>.</p>'
          : response.schema && schemaHtml(response.schema, inline)
            ? `<p class="example-label">Body</p>${schemaHtml(response.schema, inline)}`
            : "",
        !isError && example !== undefined && response.contentType?.includes("json")
          ? `<p class="example-label">Example</p>${codeBlock("json", JSON.stringify(example, null, 2))}`
          : "",
        "</section>",
      ].join("");
    })
    .join("");
}

function securityHtml(api: ApiDocument, operation: Operation, inline: InlineMarkdown): string {
  if (operation.security.length === 0)
    return operation.api === "webhooks"
      ? '<p>Sent by Edgegate to your endpoint, signed: verify the <code>webhook-signature</code> header (see <a href="/webhooks#verifying-signatures">Verifying signatures</a>).</p>'
      : "<p>No authentication.</p>";
  const items = operation.security.map((name) => {
    const scheme = api.securitySchemes[name] as { description?: string } | undefined;
    return `<li><code>${escapeHtml(name)}</code>${scheme?.description ? `: ${inline(scheme.description)}` : ""}</li>`;
  });
  const permission = operation.permission
    ? `<p>Needs the <code>${escapeHtml(operation.permission)}</code> permission (see <a href="/organizations#roles">roles</a>).</p>`
    : "";
  return `<p>Any one of:</p><ul>${items.join("")}</ul>${permission}`;
}

export function playgroundHtml(api: ApiDocument, operation: Operation): string {
  const request = exampleRequest(api, operation);
  const fields = operation.parameters
    .filter((parameter) => parameter.in === "path" || parameter.in === "query")
    .map((parameter) => {
      const id = `pg-${parameter.in}-${parameter.name}`;
      const value = parameterExample(parameter);
      return `<div class="field"><label for="${id}">${escapeHtml(parameter.name)} <span class="field-where">(${parameter.in}${parameter.required ? ", required" : ""})</span></label><input id="${id}" name="${escapeHtml(parameter.name)}" data-in="${parameter.in}" value="${escapeHtml(value)}"${parameter.required ? " required" : ""} autocomplete="off" spellcheck="false"></div>`;
    })
    .join("");
  const body = request.body
    ? `<div class="field"><label for="pg-body">Body (JSON)</label><textarea id="pg-body" name="body" rows="6" spellcheck="false">${escapeHtml(request.body)}</textarea></div>`
    : "";
  const spec = escapeHtml(JSON.stringify({ method: operation.method, path: operation.path }));
  return `<section class="playground" aria-labelledby="try-it" data-playground="${spec}" hidden>
<h2 id="try-it"><a class="heading-link" href="#try-it">Try it</a></h2>
<p>Sends a real request through the gateway from your browser. Your key stays in this tab's session storage and is never sent anywhere else.</p>
<form class="playground-form" novalidate>
<div class="field"><label for="pg-base">Gateway URL</label><input id="pg-base" name="base" type="url" autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="pg-key">API key</label><div class="inline-controls"><input id="pg-key" name="key" type="password" autocomplete="off" spellcheck="false" aria-describedby="pg-key-help"><button type="button" class="button secondary" data-demo-key hidden>Use the demo key</button></div><p id="pg-key-help" class="help">Kept in sessionStorage only; cleared when you close the tab.</p></div>
<p class="request-line"><span class="method method-${operation.method.toLowerCase()}">${operation.method}</span> <code>${escapeHtml(operation.path)}</code></p>
${fields}${body}
<button type="submit" class="button">Send request</button>
</form>
<div class="playground-result" aria-live="polite"></div>
<h3 id="request-samples">This request as code</h3>
<div data-live-samples>${samplesHtml(request, "live")}</div>
</section>`;
}

export function renderOperation(
  api: ApiDocument,
  operation: Operation,
  inline: InlineMarkdown,
): RenderedReference {
  const toc: RenderedReference["toc"] = [];
  const section = (id: string, title: string, body: string) => {
    if (!body) return "";
    toc.push({ id, html: escapeHtml(title) });
    return `<h2 id="${id}"><a class="heading-link" href="#${id}">${escapeHtml(title)}</a></h2>${body}`;
  };
  const request = exampleRequest(api, operation);
  const where =
    operation.api === "webhooks"
      ? `<p class="request-line"><span class="method method-post">POST</span> <code>your endpoint</code> · event type <code>${escapeHtml(operation.path)}</code></p>`
      : `<p class="request-line"><span class="method method-${operation.method.toLowerCase()}">${operation.method}</span> <code>${escapeHtml(api.baseUrl.replace(/^https?:\/\/[^/]+/, ""))}${escapeHtml(operation.path)}</code></p>`;
  const body = operation.requestBody;
  const bodyHtml = body
    ? `<p>${escapeHtml(body.contentType)}${body.required ? ", required" : ""}.</p>${schemaHtml(body.schema, inline)}${
        body.example !== undefined || exampleOf(body.schema) !== undefined
          ? `<p class="example-label">Example</p>${codeBlock("json", JSON.stringify(body.example ?? exampleOf(body.schema), null, 2))}`
          : ""
      }`
    : "";
  const parameters = (["path", "query", "header"] as const)
    .map((location) => parametersTable(operation.parameters, location, inline))
    .join("");
  const html = [
    `<p class="eyebrow"><a href="${API_PATHS[api.id]}">${escapeHtml(api.title)}</a> · ${escapeHtml(operation.tag)}</p>`,
    `<h1>${escapeHtml(operation.summary)}</h1>`,
    where,
    operation.description ? `<div class="description">${inline(operation.description)}</div>` : "",
    `<p class="operation-id">Operation id: <code>${escapeHtml(operation.operationId)}</code></p>`,
    // The playground comes first on a gateway operation: trying it is why most readers are here.
    operation.api === "gateway" ? playgroundHtml(api, operation) : "",
    section(
      "authentication",
      operation.api === "webhooks" ? "Authenticity" : "Authentication",
      securityHtml(api, operation, inline),
    ),
    section("parameters", "Parameters", parameters),
    section(
      operation.api === "webhooks" ? "payload" : "request-body",
      operation.api === "webhooks" ? "Payload" : "Request body",
      bodyHtml,
    ),
    section("responses", "Responses", responsesHtml(operation, inline)),
    operation.api === "webhooks" ? "" : section("samples", "Code samples", samplesHtml(request, "sample")),
  ].join("\n");
  if (operation.api === "gateway") toc.unshift({ id: "try-it", html: "Try it" });
  return { html, toc, markdown: operationMarkdown(api, operation, request) };
}

function operationMarkdown(api: ApiDocument, operation: Operation, request: SampleRequest): string {
  const lines = [
    `# ${operation.summary}`,
    "",
    operation.api === "webhooks"
      ? `Webhook event \`${operation.path}\`, POSTed to your endpoint.`
      : `\`${operation.method} ${operation.path}\` (${api.title}, operationId \`${operation.operationId}\`)`,
    "",
    operation.description ?? "",
    "",
  ];
  if (operation.parameters.length) {
    lines.push("## Parameters", "");
    for (const parameter of operation.parameters)
      lines.push(
        `- \`${parameter.name}\` (${parameter.in}, ${typeLabel(parameter.schema)}${parameter.required ? ", required" : ""})${parameter.description ? `: ${parameter.description}` : ""}`,
      );
    lines.push("");
  }
  if (operation.requestBody) {
    lines.push(operation.api === "webhooks" ? "## Payload" : "## Request body", "", "```json");
    lines.push(
      JSON.stringify(operation.requestBody.example ?? exampleOf(operation.requestBody.schema), null, 2),
      "```",
      "",
    );
  }
  lines.push("## Responses", "");
  for (const response of operation.responses) lines.push(`- ${response.status}: ${response.description}`);
  if (operation.api !== "webhooks")
    lines.push("", "## Example", "", "```sh", codeSample("curl", request), "```");
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}

export function renderApiIndex(api: ApiDocument, inline: InlineMarkdown, intro: string): RenderedReference {
  const toc: RenderedReference["toc"] = [];
  const sections = api.tags.map((tag, index) => {
    const id = `tag-${index + 1}`;
    toc.push({ id, html: escapeHtml(tag.name) });
    const rows = api.operations
      .filter((operation) => operation.tag === tag.name)
      .map(
        (operation) =>
          `<li><a href="${operationPath(operation)}"><span class="method method-${operation.method.toLowerCase()}">${operation.api === "webhooks" ? "EVENT" : operation.method}</span> <span class="op-summary">${escapeHtml(operation.summary)}</span> <code class="op-path">${escapeHtml(operation.path)}</code></a></li>`,
      )
      .join("");
    return `<h2 id="${id}"><a class="heading-link" href="#${id}">${escapeHtml(tag.name)}</a></h2>${tag.description ? `<p>${inline(tag.description)}</p>` : ""}<ul class="operation-list">${rows}</ul>`;
  });
  const download =
    api.id === "gateway"
      ? '<p>The OpenAPI document: <a href="/gateway-openapi.json" download>gateway-openapi.json</a>.</p>'
      : '<p>The OpenAPI document: <a href="/openapi.json" download>openapi.json</a> (the Worker also serves it at <code>/api/openapi.json</code>).</p>';
  const html = [
    `<h1>${escapeHtml(api.title)}</h1>`,
    `<p class="lead">${inline(intro)}</p>`,
    download,
    ...sections,
  ].join("\n");
  const markdown = [
    `# ${api.title}`,
    "",
    intro,
    "",
    ...api.operations.map(
      (operation) =>
        `- [${operation.summary}](${operationPath(operation)}.md): \`${operation.method} ${operation.path}\``,
    ),
    "",
  ].join("\n");
  return { html, toc, markdown };
}
