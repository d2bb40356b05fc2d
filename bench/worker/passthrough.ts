// V1: a bare pass-through Worker — the runtime's own ceiling for proxying to the same upstream.
interface PassEnv {
  UPSTREAM_URL: string;
}

/** The request, sent on to the same path under `upstreamBase`, and its answer passed back. */
export async function passThrough(request: Request, upstreamBase: string): Promise<Response> {
  const url = new URL(request.url);
  const upstream = await fetch(upstreamBase + url.pathname + url.search, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return new Response(upstream.body, upstream);
}

export default {
  fetch: (request: Request, env: PassEnv): Promise<Response> => passThrough(request, env.UPSTREAM_URL),
};
