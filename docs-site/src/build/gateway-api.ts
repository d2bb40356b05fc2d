// The gateway reference: an upstream's own OpenAPI document as its consumers call it through the
// gateway. Every operation gains the gateway's key authentication, the headers it adds to each
// answer, and the error answers it can give instead of the upstream's (from shared's table).
import { ERROR_CODES, type ErrorCode, GATEWAY_ERROR_CODES } from "@edgegate/shared/errors";
import { GATEWAY_RESPONSE_HEADERS } from "../shared/gateway.ts";
import type { Json } from "./openapi.ts";

const SECURITY_SCHEMES = {
  bearerKey: {
    type: "http",
    scheme: "bearer",
    description: "Your API key: `Authorization: Bearer ak_…`.",
  },
  apiKeyHeader: {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "Your API key in `X-API-Key` (leaves `Authorization` to your upstream).",
  },
};

const ERROR_ENVELOPE = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "requestId", "docs"],
      properties: {
        code: { type: "string", enum: [...GATEWAY_ERROR_CODES] },
        message: { type: "string" },
        requestId: { type: "string", description: "The same id as the `X-Request-ID` header." },
        docs: { type: "string", format: "uri", description: "This code's entry on the errors page." },
      },
    },
  },
};

function headersObject(names: readonly string[]): Json {
  return Object.fromEntries(
    GATEWAY_RESPONSE_HEADERS.filter((header) => names.includes(header.name)).map((header) => [
      header.name,
      { description: header.description, schema: { type: "string" } },
    ]),
  );
}

const ALWAYS = [
  "X-Request-ID",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "RateLimit-Policy",
  "RateLimit",
];

/** The gateway's own answers, grouped by status, each listing its codes. */
function gatewayErrors(): Record<string, Json> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of GATEWAY_ERROR_CODES) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => {
        const first = codes[0] as ErrorCode;
        return [
          String(status),
          {
            description: `From the gateway: ${codes.map((code) => `\`${code}\``).join(", ")}`,
            "x-error-codes": codes,
            headers: headersObject(
              status === 429 || status === 503 ? ["X-Request-ID", "Retry-After"] : ["X-Request-ID"],
            ),
            content: {
              "application/json": {
                schema: ERROR_ENVELOPE,
                example: {
                  error: {
                    code: first,
                    message: ERROR_CODES[first].message,
                    requestId: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
                    docs: `https://docs.edgegate.dev/errors#${first.toLowerCase().replaceAll("_", "-")}`,
                  },
                },
              },
            },
          },
        ];
      }),
  );
}

function mergeAnswers(upstream: Json, gateway: Json): Json {
  const schemaOf = (response: Json) =>
    (response.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]?.schema ?? {};
  const gatewayContent = (gateway.content as Record<string, Json>)["application/json"] as Json;
  return {
    ...gateway,
    description: `${upstream.description as string}; or ${(gateway.description as string).replace(/^From/, "from")}`,
    content: {
      "application/json": { ...gatewayContent, schema: { oneOf: [schemaOf(upstream), schemaOf(gateway)] } },
    },
  };
}

export function gatewayDocument(upstream: Json): Json {
  const document = structuredClone(upstream) as Json & { paths: Record<string, Record<string, Json>> };
  const errors = gatewayErrors();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        if (status.startsWith("2"))
          response.headers = { ...headersObject(ALWAYS), ...(response.headers as Json) };
        else response.description = `From the upstream: ${response.description as string}`;
      }
      for (const [status, gateway] of Object.entries(errors)) {
        const upstreamAnswer = responses[status];
        // Where the upstream and the gateway share a status, either body can arrive.
        responses[status] = upstreamAnswer ? mergeAnswers(upstreamAnswer, gateway) : gateway;
      }
      operation.responses = responses;
      operation.security = [{ bearerKey: [] }, { apiKeyHeader: [] }];
    }
  }
  const components = (document.components ?? {}) as Json;
  document.components = { ...components, securitySchemes: SECURITY_SCHEMES };
  document.info = {
    ...(document.info as Json),
    title: `${(document.info as { title: string }).title} through the Edgegate gateway`,
  };
  return document;
}
