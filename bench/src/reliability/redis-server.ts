// The suite's own redis-server on a free port, so "Redis killed mid-load" kills a Redis nobody else
// uses (the machine's shared Redis on 6379 serves other checkouts' tests). No persistence: a
// restart comes back empty, as a crashed Upstash replica without persistence would.
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { freePorts } from "@edgegate/dev/ports";

export interface PrivateRedis {
  port: number;
  pid(): number | undefined;
  /** SIGKILL: no shutdown, connections reset, state gone. */
  kill(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Resolves when the server answers PING on `port`; retries for up to `timeoutMs`. */
async function waitForPong(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.setTimeout(500, () => socket.destroy());
      socket.on("connect", () => socket.write("PING\r\n"));
      socket.on("data", (data) => {
        resolve(data.toString().startsWith("+PONG"));
        socket.destroy();
      });
      socket.on("error", () => resolve(false));
      socket.on("close", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const [port] = (await freePorts(1)) as [number];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await waitForPong(port);
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return { port, pid: () => child?.pid, kill, start, close: kill };
}
