// Runs in Node before the Worker tests: starts dev/src/test-stack.ts (test database migrated,
// Neon endpoints, Upstash bridge, demo upstream, a hung server) as a child process and hands its
// Worker env to the workerd bindings.
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    workerEnv: Record<string, string>;
    /** An HTTP server that accepts connections and never answers (a hung dependency). */
    blackHoleUrl: string;
    /** TEST_CLOCK: the moment the Worker's clock starts at in these tests ("" = the real clock). */
    testClock: string;
    /** An Upstash bridge in front of the same Redis whose replies arrive 500 ms late. */
    slowRedisUrl: string;
    /** dev/src/webhook-receiver.ts: records deliveries, fails on request. */
    webhookReceiverUrl: string;
    /** dev/src/stripe/server.ts: the local Stripe stand-in (events recorded, not POSTed). */
    stripeStandInUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, "..", "..", "dev", "src", "test-stack.ts")],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const ready = await new Promise<{
    workerEnv: Record<string, string>;
    blackHoleUrl: string;
    slowRedisUrl: string;
    webhookReceiverUrl: string;
    stripeStandInUrl: string;
  }>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.startsWith("READY "));
      if (line) resolve(JSON.parse(line.slice("READY ".length)));
    });
    child.once("exit", (code) =>
      reject(new Error(`test stack exited (${code}) before it was ready:\n${output}`)),
    );
  });
  project.provide("workerEnv", ready.workerEnv);
  project.provide("blackHoleUrl", ready.blackHoleUrl);
  const testClock = process.env.TEST_CLOCK ?? "";
  if (testClock && Number.isNaN(Date.parse(testClock))) {
    throw new Error(`TEST_CLOCK must be an ISO 8601 time, got ${JSON.stringify(testClock)}`);
  }
  project.provide("testClock", testClock);
  project.provide("slowRedisUrl", ready.slowRedisUrl);
  project.provide("webhookReceiverUrl", ready.webhookReceiverUrl);
  project.provide("stripeStandInUrl", ready.stripeStandInUrl);
  return async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
}
