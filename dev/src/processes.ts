// Child processes for `pnpm dev`: each runs in its own process group so Ctrl-C (or any
// failure) stops it and everything it started, leaving no orphans.
import { type ChildProcess, spawn } from "node:child_process";

export interface Child {
  name: string;
  process: ChildProcess;
}

const children: Child[] = [];

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Child {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) stream.write(`${prefix + line}\n`);
  };
  child.stdout?.on("data", forward(process.stdout));
  child.stderr?.on("data", forward(process.stderr));
  const entry = { name, process: child };
  children.push(entry);
  return entry;
}

export function stopChildren(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const { process: child } of children) {
    if (child.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  }
}

/** Waits for all children to exit, escalating to SIGKILL after `graceMs`. */
export async function waitForChildren(graceMs = 5_000): Promise<void> {
  const alive = children.filter(({ process: c }) => c.exitCode === null && c.signalCode === null);
  const exits = alive.map(({ process: c }) => new Promise((resolve) => c.once("exit", resolve)));
  const timer = setTimeout(() => stopChildren("SIGKILL"), graceMs);
  await Promise.all(exits);
  clearTimeout(timer);
}

/** Polls `url` until it answers with `expectedStatus`, a child dies, or the deadline passes. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  watch: Child[],
  expectedStatus = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    const dead = watch.find(({ process: c }) => c.exitCode !== null || c.signalCode !== null);
    if (dead)
      throw new Error(
        `${dead.name} exited (code ${dead.process.exitCode ?? dead.process.signalCode}) before ${url} answered`,
      );
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
      if (response.status === expectedStatus) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000}s (last: ${last})`);
}
