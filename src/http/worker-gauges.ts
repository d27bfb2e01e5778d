import { Gauge, type Registry } from "prom-client";
import type { StatusView, WorkerStatusView } from "../scheduler/status.js";

/** Per-worker gauges, set from one status read per scrape. */
export interface WorkerGauges {
  fill(view: StatusView): void;
}

/** A gauge's value for one worker; undefined leaves the series out. */
type Reading = (w: WorkerStatusView) => number | undefined;

const flag = (on: boolean): number => (on ? 1 : 0);

const seconds = (ms: number | null | undefined): number | undefined =>
  ms === null || ms === undefined ? undefined : ms / 1_000;

function gaugeReadings(
  successes: Map<string, number>,
): [name: string, help: string, read: Reading][] {
  return [
    ["up", "1 when the worker is enabled.", (w) => flag(w.enabled)],
    [
      "overdue",
      "1 when the worker's next run is past due by more than the grace period.",
      (w) => flag(w.overdue),
    ],
    [
      "running",
      "1 while a live process runs the worker.",
      (w) => flag(w.status === "running"),
    ],
    [
      "consecutive_failures",
      "Failed runs since the last successful one.",
      (w) => w.consecutiveFailures,
    ],
    [
      "last_run_timestamp_seconds",
      "Start of the worker's latest run, Unix seconds.",
      (w) => seconds(w.lastRun),
    ],
    [
      "last_success_timestamp_seconds",
      "End of the worker's latest successful run, Unix seconds; absent until one is known.",
      (w) => seconds(rememberSuccess(successes, w)),
    ],
  ];
}

export function createWorkerGauges(registry: Registry): WorkerGauges {
  const gauges = gaugeReadings(new Map()).map(([name, help, read]) => ({
    gauge: new Gauge({
      name: `fansly_workers_worker_${name}`,
      help,
      labelNames: ["worker"] as const,
      registers: [registry],
    }),
    read,
  }));

  return {
    fill(view) {
      for (const { gauge, read } of gauges) {
        // A worker may drop out of the view; its old series must not linger.
        gauge.reset();
        for (const w of view.workers) {
          const value = read(w);
          if (value !== undefined) gauge.set({ worker: w.name }, value);
        }
      }
    },
  };
}

/**
 * The status view only shows the latest run, so a success is known when that
 * run succeeded; this process remembers it through later failures. After a
 * restart a worker whose latest run failed has no value until it succeeds.
 */
function rememberSuccess(
  successes: Map<string, number>,
  w: WorkerStatusView,
): number | undefined {
  if (w.lastOutcome === "ok" && w.lastFinished !== null) {
    successes.set(w.name, w.lastFinished);
  }
  return successes.get(w.name);
}
