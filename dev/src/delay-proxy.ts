// A TCP proxy that holds every chunk from the target for `delayMs` before passing it on: a slow
// Redis for the fail-open run. Order is kept per connection (each chunk waits the same delay).
import { createConnection, createServer, type Server, type Socket } from "node:net";

export async function startDelayProxy(opts: {
  target: { host: string; port: number };
  delayMs: number;
}): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(opts.target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) =>
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, opts.delayMs),
    );
    client.on("end", () => upstream.end());
    upstream.on("end", () => setTimeout(() => client.end(), opts.delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
