// V1: a bare pass-through Worker — the runtime's own ceiling for proxying to the same upstream.
interface PassEnv {
  UPSTREAM_URL: string;
}
export default {
  async fetch(request: Request, env: PassEnv): Promise<Response> {
    const url = new URL(request.url);
    const upstream = await fetch(env.UPSTREAM_URL + url.pathname + url.search, {
      method: request.method,
      headers: request.headers,
      body: request.body,
    });
    return new Response(upstream.body, upstream);
  },
};
