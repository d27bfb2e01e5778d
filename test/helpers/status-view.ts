import type { WorkerStatusView } from "../../src/scheduler/status.js";

/** An idle, enabled, never-run tag-updater on an hourly interval, with changes. */
export function workerView(
  overrides: Partial<WorkerStatusView>,
): WorkerStatusView {
  return {
    name: "tag-updater",
    enabled: true,
    status: "idle",
    lastRun: null,
    lastFinished: null,
    nextRun: null,
    runCount: 0,
    successCount: 0,
    errorCount: 0,
    consecutiveFailures: 0,
    lastOutcome: null,
    lastError: null,
    lastDurationMs: null,
    intervalMs: 3_600_000,
    overdue: false,
    ...overrides,
  };
}
