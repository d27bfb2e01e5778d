import { Counter, type Registry } from "prom-client";
import type { ClientStats } from "../fansly/types.js";

type StatsSource = () => ClientStats | undefined;

const CLIENT_TOTALS: [
  name: string,
  help: string,
  read: (s: ClientStats) => number,
][] = [
  [
    "fansly_workers_api_retries_total",
    "Requests to the Fansly API that were retried.",
    (s) => s.retries,
  ],
  [
    "fansly_workers_api_rate_limited_total",
    "Responses with status 429 from the Fansly API.",
    (s) => s.rateLimited,
  ],
  [
    "fansly_workers_rate_limit_wait_seconds_total",
    "Time spent waiting for the shared request budget and 429 cool-downs.",
    (s) => s.rateLimitWaitMs / 1_000,
  ],
  [
    "fansly_workers_retry_wait_seconds_total",
    "Time spent in backoff before retrying failed requests.",
    (s) => s.retryWaitMs / 1_000,
  ],
  [
    "fansly_workers_api_failures_total",
    "Requests to the Fansly API that failed after all retries.",
    (s) => s.failures,
  ],
];

/**
 * Mirrors the Fansly client's running totals as counters. The client keeps
 * the totals itself, so each scrape copies them in through a collect
 * callback instead of counting twice; a client created anew starts from zero,
 * which Prometheus reads as an ordinary counter reset.
 */
export function registerClientMetrics(
  registry: Registry,
  stats: StatsSource,
): void {
  // Each constructor registers its counter with `registry`, and collect()
  // keeps it current, so no reference needs keeping.
  new Counter({
    name: "fansly_workers_api_requests_total",
    help: "Requests sent to the Fansly API, by endpoint.",
    labelNames: ["endpoint"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const byEndpoint = stats()?.byEndpoint ?? {};
      for (const [endpoint, count] of Object.entries(byEndpoint)) {
        this.inc({ endpoint }, count);
      }
    },
  });

  for (const [name, help, read] of CLIENT_TOTALS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const current = stats();
        if (current) this.inc(read(current));
      },
    });
  }
}
