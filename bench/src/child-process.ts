// The stand-in processes the benchmarks fork: each prints `READY <json>` on stdout once it
// listens, and answers IPC requests that carry an id with a reply carrying the same id.
import { type ChildProcess, fork } from "node:child_process";
import { createInterface } from "node:readline";

/** Forks `script` and resolves with what it printed after `READY `; rejects if it exits first. */
export async function forkUntilReady(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { name: string; echo: boolean },
): Promise<{ child: ChildProcess; ready: Record<string, string> }> {
  const child = fork(script, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) resolve(JSON.parse(line.slice(6)));
      else if (options.echo) console.log(`[${options.name}] ${line}`);
    });
    child.once("exit", (code) => reject(new Error(`${options.name} exited with ${code}`)));
  });
  return { child, ready };
}

/** Sends `message` with a fresh id and resolves with the child's reply of `replyType` for it. */
export function createIpcRequester(child: ChildProcess) {
  let nextId = 0;
  return <Reply extends { type: string; id: number }>(
    message: Record<string, unknown>,
    replyType: string,
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error("the stand-ins process has exited"));
      const id = nextId++;
      const onMessage = (reply: Reply) => {
        if (reply.type !== replyType || reply.id !== id) return;
        child.off("message", onMessage);
        resolve(reply);
      };
      child.on("message", onMessage);
      child.send({ ...message, id });
    });
}
