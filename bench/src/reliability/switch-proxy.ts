// A TCP proxy the reliability suite puts between a local endpoint and the real server behind it
// (the Neon endpoints → Postgres, the Upstash bridge → Redis), so a fault can be switched on and
// off mid-load: "down" destroys every open connection and refuses new ones (what the endpoint sees
// while its server restarts), "slow" holds every chunk from the server for `delayMs`, "up" passes.
import { createConnection, createServer, type Socket } from "node:net";

export type ProxyMode = { mode: "up" } | { mode: "down" } | { mode: "slow"; delayMs: number };

export interface SwitchProxy {
  port: number;
  set(mode: ProxyMode): void;
  stats(): { connections: number; refused: number };
  close(): Promise<void>;
}

export async function startSwitchProxy(target: { host: string; port: number }): Promise<SwitchProxy> {
  let current: ProxyMode = { mode: "up" };
  const sockets = new Set<Socket>();
  const counters = { connections: 0, refused: 0 };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    if (current.mode === "down") {
      counters.refused++;
      client.resetAndDestroy();
      return;
    }
    counters.connections++;
    const server = createConnection(target);
    track(client);
    track(server);
    const cut = () => {
      client.destroy();
      server.destroy();
    };
    client.on("error", cut);
    server.on("error", cut);
    client.on("data", (chunk) => server.write(chunk));
    // The delay is read per chunk, so switching to "slow" affects connections already open; the
    // chain keeps the chunks in order when the delay changes between them.
    let chain = Promise.resolve();
    const later = (action: () => void) => {
      const due = Date.now() + (current.mode === "slow" ? current.delayMs : 0);
      chain = chain.then(async () => {
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (!client.destroyed) action();
      });
    };
    server.on("data", (chunk) => later(() => client.write(chunk)));
    server.on("end", () => later(() => client.end()));
    client.on("end", () => server.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    set(mode) {
      current = mode;
      if (mode.mode === "down") for (const socket of sockets) socket.resetAndDestroy();
    },
    stats: () => ({ ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
