// Pipeline step 8 (docs-site/content/gateway-internals.md): stream the request to the upstream and
// the response back, counting bytes as they pass and never buffering a body. The upstream URL comes
// from the already-authorized path.
import { ApiError } from "@edgegate/shared/errors";
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";
import type { KeyRecord } from "../services/key-store.ts";
import { forwardRequestHeaders, forwardResponseHeaders } from "./headers.ts";
import { type GatewayPath, upstreamUrl } from "./path.ts";

/**
 * Counts request bytes as they stream. Past `maxBytes` the upload is aborted through
 * `onOverflow`: erroring the stream alone would let the runtime end the chunked upload as if it
 * were complete, and the upstream would act on a truncated body.
 */
function countingRequestBody(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  onBytes: (n: number) => void,
  onOverflow: () => void,
) {
  let total = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        onBytes(total);
        if (total > maxBytes) {
          onOverflow();
          controller.terminate();
        } else controller.enqueue(chunk);
      },
    }),
  );
}

/** Streams the upstream body through, resolving `done` with the byte count when it ends or is cut. */
function countingResponseBody(
  body: ReadableStream<Uint8Array>,
  cut: (code: "CLIENT_CLOSED" | "UPSTREAM_ERROR") => void,
  clientGone: () => boolean,
) {
  let total = 0;
  let finish: (bytes: number) => void = () => {};
  const done = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const reader = body.getReader();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: ended, value } = await reader.read();
        if (ended) {
          controller.close();
          finish(total);
          return;
        }
        total += value.byteLength;
        controller.enqueue(value);
      } catch (error) {
        // The upstream reset mid-stream: the client sees a truncated body, never a fake ending.
        cut(clientGone() ? "CLIENT_CLOSED" : "UPSTREAM_ERROR");
        controller.error(error);
        finish(total);
      }
    },
    cancel(reason) {
      // The client went away: stop reading from the upstream, and say so in the request event
      // (a body cut short is not a success, whatever status line went out first).
      cut("CLIENT_CLOSED");
      finish(total);
      return reader.cancel(reason);
    },
  });
  return { stream, done };
}

export async function proxy(c: Context<AppEnv>): Promise<Response> {
  const state = c.get("gateway");
  const { config } = c.get("services");
  const record = state.record as KeyRecord;
  const path = state.path as GatewayPath;
  const target = upstreamUrl(config.UPSTREAM_URL, path);

  const declaredLength = Number(c.req.header("Content-Length") ?? "0");
  if (Number.isFinite(declaredLength) && declaredLength > config.MAX_REQUEST_BODY_BYTES) {
    throw new ApiError(
      "PAYLOAD_TOO_LARGE",
      `The request body exceeds ${config.MAX_REQUEST_BODY_BYTES} bytes.`,
    );
  }
  // The deadline covers the upstream's response headers; once streaming, the body may take longer.
  const deadline = new AbortController();
  const hasBody = c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.raw.body !== null;
  const tooLarge = hasBody ? new AbortController() : null;
  const body = tooLarge
    ? countingRequestBody(
        c.req.raw.body as ReadableStream<Uint8Array>,
        config.MAX_REQUEST_BODY_BYTES,
        (n) => {
          state.requestBytes = n;
        },
        () => tooLarge.abort(),
      )
    : null;

  const authorization = c.req.header("Authorization") ?? "";
  const headers = forwardRequestHeaders(
    c.req.raw.headers,
    {
      "X-Request-ID": c.get("requestId"),
      "X-API-Key-ID": record.id,
      "X-Organization-ID": record.organizationId,
      ...(state.clientIp ? { "X-Forwarded-For": state.clientIp.toString() } : {}),
      "X-Forwarded-Proto": c.req.url.slice(0, c.req.url.indexOf(":")),
    },
    /^Bearer +ak_/i.test(authorization.trim()),
  );

  const timer = setTimeout(() => deadline.abort(), config.UPSTREAM_TIMEOUT_MS);
  const signal = AbortSignal.any(
    tooLarge ? [deadline.signal, tooLarge.signal, c.req.raw.signal] : [deadline.signal, c.req.raw.signal],
  );
  const sentAt = Date.now();
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: c.req.method,
      headers,
      body,
      redirect: "manual",
      signal,
      ...(body ? { duplex: "half" } : {}),
    } as RequestInit);
  } catch (error) {
    if (tooLarge?.signal.aborted) {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `The request body exceeds ${config.MAX_REQUEST_BODY_BYTES} bytes.`,
      );
    }
    if (c.req.raw.signal.aborted) {
      state.errorCode = "CLIENT_CLOSED";
      return new Response(null, { status: 499 });
    }
    if (deadline.signal.aborted) {
      throw new ApiError(
        "UPSTREAM_TIMEOUT",
        `The upstream API did not answer within ${config.UPSTREAM_TIMEOUT_MS} ms.`,
      );
    }
    throw new ApiError("UPSTREAM_ERROR", undefined, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  // Set exactly when the upstream answered: this is what makes a request billable
  // (db/request-log-rollups.ts, isBillable).
  state.upstreamTtfbMs = Date.now() - sentAt;

  const init = {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: forwardResponseHeaders(upstream.headers),
  };
  if (!upstream.body) {
    state.responseDone = Promise.resolve(0);
    return new Response(null, init);
  }
  const declared = upstream.headers.get("Content-Length");
  const length = declared === null ? Number.NaN : Number(declared);
  if (Number.isSafeInteger(length) && length >= 0) {
    // Known length: a native pipe (no JavaScript per chunk), and the length is the byte count.
    // FixedLengthStream also refuses to pass off a short body as complete.
    const fixed = new FixedLengthStream(length);
    state.responseDone = upstream.body.pipeTo(fixed.writable).then(
      () => length,
      () => {
        state.errorCode = c.req.raw.signal.aborted ? "CLIENT_CLOSED" : "UPSTREAM_ERROR";
        return 0;
      },
    );
    return new Response(fixed.readable, init);
  }
  const { stream, done } = countingResponseBody(
    upstream.body,
    (code) => {
      state.errorCode = code;
    },
    () => c.req.raw.signal.aborted,
  );
  state.responseDone = done;
  return new Response(stream, init);
}
