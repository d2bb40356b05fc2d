// The demo upstream's own OpenAPI 3.1 document, served at GET /openapi.json as a customer's API
// would publish it. It describes the API as the upstream sees it (paths without the gateway's
// `/v1`); the docs site renders it as served through the gateway, adding the gateway's auth,
// rate-limit headers and error answers to every operation.

const echoResponse = {
  description: "The request as the upstream received it",
  content: {
    "application/json": {
      schema: { $ref: "#/components/schemas/Echo" },
      example: {
        method: "GET",
        path: "/v1/echo",
        query: { hello: "world" },
        headers: { "x-request-id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" },
        body: "",
        bodyEncoding: "utf8",
        bodyBytes: 0,
      },
    },
  },
};

const badInput = {
  description: "A path or query value the upstream cannot use",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "string" } },
      },
      example: { error: "delay ms must be an integer" },
    },
  },
};

export const DEMO_UPSTREAM_OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "Demo API",
    version: "1.0.0",
    description:
      "A small httpbin-like API: the upstream `pnpm dev` puts behind the gateway. Any path that is not one of the operations below echoes the request too.",
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
  },
  servers: [{ url: "/" }],
  tags: [
    { name: "Echo", description: "See exactly what reached the upstream." },
    { name: "Testing", description: "Shape the response: status, delay, size." },
  ],
  paths: {
    "/echo": {
      get: {
        operationId: "getEcho",
        summary: "Echo a request",
        description: "Answers with the method, path, query, headers and body it received.",
        tags: ["Echo"],
        parameters: [
          {
            name: "hello",
            in: "query",
            required: false,
            description: "Any query parameter; each is echoed back under `query`.",
            schema: { type: "string" },
            example: "world",
          },
        ],
        responses: { "200": echoResponse, "400": badInput },
      },
      post: {
        operationId: "postEcho",
        summary: "Echo a request with a body",
        description: "Answers with the body it received (UTF-8 as text, anything else as base64).",
        tags: ["Echo"],
        requestBody: {
          required: false,
          content: {
            "application/json": {
              schema: { type: "object", additionalProperties: true },
              example: { name: "Ada", plan: "starter" },
            },
          },
        },
        responses: { "200": echoResponse, "400": badInput },
      },
    },
    "/headers": {
      get: {
        operationId: "getHeaders",
        summary: "Show the request headers",
        description:
          "The headers the upstream received: the gateway's `x-request-id`, `x-edgegate-key-id` and `x-edgegate-org-id` among them, and never your API key.",
        tags: ["Echo"],
        responses: {
          "200": {
            description: "The received headers",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["headers"],
                  properties: { headers: { type: "object", additionalProperties: true } },
                },
                example: {
                  headers: { accept: "*/*", "x-request-id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" },
                },
              },
            },
          },
          "400": badInput,
        },
      },
    },
    "/status/{code}": {
      get: {
        operationId: "getStatus",
        summary: "Answer with a chosen status",
        tags: ["Testing"],
        parameters: [
          {
            name: "code",
            in: "path",
            required: true,
            description: "The HTTP status to answer with (100–599).",
            schema: { type: "integer", minimum: 100, maximum: 599 },
            example: 418,
          },
        ],
        responses: {
          "200": {
            description: "The chosen status (any of 100–599) with its reason phrase",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["status", "statusText"],
                  properties: { status: { type: "integer" }, statusText: { type: "string" } },
                },
                example: { status: 200, statusText: "OK" },
              },
            },
          },
          "400": badInput,
        },
      },
    },
    "/delay/{ms}": {
      get: {
        operationId: "getDelayed",
        summary: "Answer after a delay",
        description: "Echoes the request after waiting; use it to watch the gateway's upstream timeout.",
        tags: ["Testing"],
        parameters: [
          {
            name: "ms",
            in: "path",
            required: true,
            description: "Milliseconds to wait before answering.",
            schema: { type: "integer", minimum: 0, maximum: 60000 },
            example: 250,
          },
        ],
        responses: { "200": echoResponse, "400": badInput },
      },
    },
    "/bytes/{n}": {
      get: {
        operationId: "getBytes",
        summary: "Answer with n bytes",
        tags: ["Testing"],
        parameters: [
          {
            name: "n",
            in: "path",
            required: true,
            description: "How many bytes of a fixed pattern to send.",
            schema: { type: "integer", minimum: 0 },
            example: 16,
          },
        ],
        responses: {
          "200": {
            description: "n bytes",
            content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
          },
          "400": badInput,
        },
      },
    },
  },
  components: {
    schemas: {
      Echo: {
        type: "object",
        required: ["method", "path", "query", "headers", "body", "bodyEncoding", "bodyBytes"],
        properties: {
          method: { type: "string", description: "The HTTP method." },
          path: { type: "string", description: "The path as received, `/v1` included." },
          query: {
            type: "object",
            additionalProperties: {
              anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }],
            },
            description: "Query parameters; a repeated name gives an array.",
          },
          headers: { type: "object", additionalProperties: true, description: "Lower-cased header names." },
          body: { type: "string", description: "The body as text, or base64 when it is not UTF-8." },
          bodyEncoding: { type: "string", enum: ["utf8", "base64"] },
          bodyBytes: { type: "integer", minimum: 0 },
        },
      },
    },
  },
} as const;
