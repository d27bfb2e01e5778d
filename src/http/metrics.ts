import { Counter, Histogram, Registry } from "prom-client";
import type { ClientStats } from "../fansly/types.js";
import type { StatusView } from "../scheduler/status.js";
import { registerClientMetrics } from "./client-metrics.js";
import { createWorkerGauges } from "./worker-gauges.js";

/** The Prometheus metrics of one process, kept apart from prom-client's global registry. */
export interface Metrics {
  /** Counts a finished run and observes its duration. */
  recordRun(worker: string, outcome: string, durationMs: number): void;
  /** Counts a run stopped by its circuit breaker. */
  recordBreakerTrip(worker: string): void;
  /** Reads the API client's totals on every scrape; a later call replaces the source. */
  trackClient(stats: () => ClientStats | undefined): void;
  /** Reads the workers' state on every scrape; a later call replaces the source. */
  trackStatus(status: () => StatusView): void;
  /** The exposition text and its content type. */
  render(): Promise<MetricsText>;
}

export interface MetricsText {
  readonly contentType: string;
  readonly body: string;
}

/** From a quick rank pass up to a tag-updater running into its 30 min limit. */
const RUN_DURATION_BUCKETS_S = [
  0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 900, 1_800,
];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const runs = createRunMetrics(registry);
  let clientStats: () => ClientStats | undefined = () => undefined;
  registerClientMetrics(registry, () => clientStats());
  const gauges = createWorkerGauges(registry);
  let status: (() => StatusView) | undefined;

  return {
    recordRun(worker, outcome, durationMs) {
      runs.finished.inc({ worker, outcome });
      runs.durations.observe({ worker }, durationMs / 1_000);
    },
    recordBreakerTrip(worker) {
      runs.breakerTrips.inc({ worker });
    },
    trackClient(stats) {
      clientStats = stats;
    },
    trackStatus(source) {
      status = source;
    },
    // One database read per scrape fills all worker gauges, rather than one
    // read in each gauge's collect callback.
    async render() {
      if (status) gauges.fill(status());
      return {
        contentType: registry.contentType,
        body: await registry.metrics(),
      };
    },
  };
}

function createRunMetrics(registry: Registry) {
  return {
    finished: new Counter({
      name: "fansly_workers_runs_total",
      help: "Finished worker runs, by outcome.",
      labelNames: ["worker", "outcome"] as const,
      registers: [registry],
    }),
    durations: new Histogram({
      name: "fansly_workers_run_duration_seconds",
      help: "Duration of worker runs.",
      labelNames: ["worker"] as const,
      buckets: RUN_DURATION_BUCKETS_S,
      registers: [registry],
    }),
    breakerTrips: new Counter({
      name: "fansly_workers_breaker_trips_total",
      help: "Runs stopped because too many items failed in a row.",
      labelNames: ["worker"] as const,
      registers: [registry],
    }),
  };
}
