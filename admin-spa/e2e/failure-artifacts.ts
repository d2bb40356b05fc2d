// Every failing browser test leaves a screenshot, the address and the text of each page it had
// open under test-results/failures/, so a failure in CI explains itself.
import { beforeEach } from "vitest";
import { captureOpenPages } from "./browser.ts";

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    const saved = await captureOpenPages(`${task.file?.name ?? ""} ${task.name}`);
    if (saved.length > 0) console.error(`failure artifacts: ${saved.join(", ")} (and .txt beside each)`);
  });
});
