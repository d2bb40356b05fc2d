// Starts the platform once for the whole end-to-end project and hands its addresses to the tests
// (`inject("stack")`); stops it, and every process it started, when the run ends.
import type { TestProject } from "vitest/node";
import { type StackInfo, startStack } from "./stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { info, stop } = await startStack();
  project.provide("stack", info);
  return stop;
}
