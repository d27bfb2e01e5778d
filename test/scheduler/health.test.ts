import { describe, expect, it } from "vitest";
import { evaluateHealth } from "../../src/scheduler/health.js";
import type {
  StatusView,
  WorkerStatusView,
} from "../../src/scheduler/status.js";
import { workerView } from "../helpers/status-view.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const worker = workerView;

const view = (...workers: WorkerStatusView[]): StatusView => ({
  overall: "idle",
  now: NOW,
  workers,
});

describe("evaluateHealth", () => {
  it("is healthy when no worker is overdue, stuck or failing", () => {
    const report = evaluateHealth(
      view(worker({ nextRun: NOW + HOUR_MS, consecutiveFailures: 2 })),
    );
    expect(report).toEqual({ healthy: true, problems: [] });
  });

  it("names an overdue worker with the due time and how long ago it was", () => {
    const report = evaluateHealth(
      view(worker({ nextRun: NOW - 37 * MINUTE_MS, overdue: true })),
    );
    expect(report).toEqual({
      healthy: false,
      problems: [
        {
          worker: "tag-updater",
          reason:
            "tag-updater overdue: next run was due 2026-01-15T11:23:00.000Z (37 min ago)",
        },
      ],
    });
  });

  it("writes long delays in hours and days", () => {
    const reasons = evaluateHealth(
      view(
        worker({ nextRun: NOW - 5 * HOUR_MS - 12 * MINUTE_MS, overdue: true }),
        worker({
          name: "tag-discovery",
          nextRun: NOW - 76 * HOUR_MS,
          overdue: true,
        }),
      ),
    ).problems.map((p) => p.reason);
    expect(reasons).toEqual([
      "tag-updater overdue: next run was due 2026-01-15T06:48:00.000Z (5 h 12 min ago)",
      "tag-discovery overdue: next run was due 2026-01-12T08:00:00.000Z (3 d 4 h ago)",
    ]);
  });

  it("names a stale running row as stuck", () => {
    const report = evaluateHealth(
      view(
        worker({
          name: "creator-updater",
          status: "stale",
          lastRun: NOW - 2 * HOUR_MS - 5 * MINUTE_MS,
        }),
      ),
    );
    expect(report.problems).toEqual([
      {
        worker: "creator-updater",
        reason:
          "creator-updater stuck: running since 2026-01-15T09:55:00.000Z (2 h 5 min ago) but its owner is gone or its lease expired",
      },
    ]);
  });

  it("asks the caller whether a live running worker is stuck", () => {
    const running = worker({
      status: "running",
      lastRun: NOW - 45 * MINUTE_MS,
    });
    expect(evaluateHealth(view(running)).healthy).toBe(true);
    const report = evaluateHealth(
      view(running, worker({ name: "rank-calculator" })),
      {
        isStuck: (w) => w.name === "tag-updater",
      },
    );
    expect(report.problems).toEqual([
      {
        worker: "tag-updater",
        reason:
          "tag-updater stuck: running since 2026-01-15T11:15:00.000Z (45 min ago), longer than its time limit",
      },
    ]);
  });

  it("calls a worker failing after three consecutive failures, on one line", () => {
    const report = evaluateHealth(
      view(
        worker({
          name: "tag-discovery",
          consecutiveFailures: 3,
          lastError:
            "HTTP 503 from /contentdiscovery\n    at fetchPage (x.js:1)",
        }),
      ),
    );
    expect(report.problems).toEqual([
      {
        worker: "tag-discovery",
        reason:
          "tag-discovery failing: 3 consecutive failures, last error: HTTP 503 from /contentdiscovery at fetchPage (x.js:1)",
      },
    ]);
  });

  it("takes the failure threshold as a parameter, or leaves failures out", () => {
    const failing = view(worker({ consecutiveFailures: 4, lastError: null }));
    expect(evaluateHealth(failing, { failingAfter: 5 }).healthy).toBe(true);
    expect(evaluateHealth(failing, { failingAfter: null }).healthy).toBe(true);
    expect(evaluateHealth(failing, { failingAfter: 4 }).problems).toEqual([
      {
        worker: "tag-updater",
        reason:
          "tag-updater failing: 4 consecutive failures, last error: none recorded",
      },
    ]);
  });

  it("shortens a long error to keep the reason readable", () => {
    const [problem] = evaluateHealth(
      view(worker({ consecutiveFailures: 3, lastError: "x".repeat(500) })),
    ).problems;
    expect(problem?.reason).toBe(
      `tag-updater failing: 3 consecutive failures, last error: ${"x".repeat(159)}…`,
    );
  });

  it("ignores disabled workers", () => {
    const report = evaluateHealth(
      view(
        worker({
          enabled: false,
          status: "stale",
          nextRun: NOW - 6 * HOUR_MS,
          consecutiveFailures: 10,
        }),
      ),
    );
    expect(report).toEqual({ healthy: true, problems: [] });
  });

  it("lists every problem of a worker, in worker order", () => {
    const report = evaluateHealth(
      view(
        worker({
          name: "rank-calculator",
          consecutiveFailures: 3,
          lastError: "boom",
        }),
        worker({
          name: "tag-updater",
          status: "stale",
          lastRun: null,
          nextRun: NOW - HOUR_MS,
          overdue: true,
        }),
      ),
    );
    expect(report.problems.map((p) => p.reason)).toEqual([
      "rank-calculator failing: 3 consecutive failures, last error: boom",
      "tag-updater overdue: next run was due 2026-01-15T11:00:00.000Z (1 h 0 min ago)",
      "tag-updater stuck: running since an unknown time but its owner is gone or its lease expired",
    ]);
  });
});
