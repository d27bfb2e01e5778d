import { describe, expect, it } from "vitest";
import { register as globalRegistry } from "prom-client";
import type { ClientStats } from "../../src/fansly/types.js";
import { createMetrics } from "../../src/http/metrics.js";
import type {
  StatusView,
  WorkerStatusView,
} from "../../src/scheduler/status.js";
import { workerView } from "../helpers/status-view.js";
import { parseExposition, valueOf } from "./prom-text.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

const worker = workerView;

const view = (workers: WorkerStatusView[]): StatusView => ({
  overall: "idle",
  now: NOW,
  workers,
});

async function scrape(metrics: ReturnType<typeof createMetrics>) {
  const { contentType, body } = await metrics.render();
  return { contentType, exposition: parseExposition(body) };
}

describe("createMetrics", () => {
  it("counts runs by outcome and observes durations in seconds", async () => {
    const metrics = createMetrics();
    metrics.recordRun("tag-updater", "ok", 1_500);
    metrics.recordRun("tag-updater", "ok", 500);
    metrics.recordRun("tag-updater", "failed", 200);

    const { contentType, exposition } = await scrape(metrics);
    expect(contentType).toBe("text/plain; version=0.0.4; charset=utf-8");
    const runs = "fansly_workers_runs_total";
    expect(
      valueOf(exposition, runs, { worker: "tag-updater", outcome: "ok" }),
    ).toBe(2);
    expect(
      valueOf(exposition, runs, { worker: "tag-updater", outcome: "failed" }),
    ).toBe(1);
    const duration = "fansly_workers_run_duration_seconds";
    expect(
      valueOf(exposition, `${duration}_count`, { worker: "tag-updater" }),
    ).toBe(3);
    expect(
      valueOf(exposition, `${duration}_sum`, { worker: "tag-updater" }),
    ).toBeCloseTo(2.2);
    expect(
      valueOf(exposition, `${duration}_bucket`, {
        worker: "tag-updater",
        le: "1",
      }),
    ).toBe(2);
    expect(exposition.types.get(duration)).toBe("histogram");
  });

  it("copies the client's totals in on every scrape", async () => {
    const metrics = createMetrics();
    const stats: ClientStats = {
      requests: 7,
      retries: 2,
      rateLimited: 1,
      rateLimitWaitMs: 2_500,
      retryWaitMs: 750,
      failures: 1,
      byEndpoint: { "account/media": 3, "contentdiscovery/media/tag": 4 },
    };
    metrics.trackClient(() => stats);

    let exposition = (await scrape(metrics)).exposition;
    const requests = "fansly_workers_api_requests_total";
    expect(valueOf(exposition, requests, { endpoint: "account/media" })).toBe(
      3,
    );
    expect(valueOf(exposition, "fansly_workers_api_retries_total")).toBe(2);
    expect(valueOf(exposition, "fansly_workers_api_rate_limited_total")).toBe(
      1,
    );
    expect(
      valueOf(exposition, "fansly_workers_rate_limit_wait_seconds_total"),
    ).toBe(2.5);
    expect(valueOf(exposition, "fansly_workers_retry_wait_seconds_total")).toBe(
      0.75,
    );
    expect(valueOf(exposition, "fansly_workers_api_failures_total")).toBe(1);

    stats.retries = 5;
    stats.byEndpoint["account/media"] = 10;
    exposition = (await scrape(metrics)).exposition;
    expect(valueOf(exposition, "fansly_workers_api_retries_total")).toBe(5);
    expect(valueOf(exposition, requests, { endpoint: "account/media" })).toBe(
      10,
    );
  });

  it("reports zero client totals before a client exists", async () => {
    const metrics = createMetrics();
    metrics.trackClient(() => undefined);
    const { exposition } = await scrape(metrics);
    expect(valueOf(exposition, "fansly_workers_api_retries_total")).toBe(0);
    expect(
      exposition.samples.some(
        (s) => s.name === "fansly_workers_api_requests_total",
      ),
    ).toBe(false);
  });

  it("counts breaker trips per worker", async () => {
    const metrics = createMetrics();
    metrics.recordBreakerTrip("creator-updater");
    const { exposition } = await scrape(metrics);
    expect(
      valueOf(exposition, "fansly_workers_breaker_trips_total", {
        worker: "creator-updater",
      }),
    ).toBe(1);
  });

  it("fills worker gauges from the status read at scrape time", async () => {
    const metrics = createMetrics();
    let current = view([
      worker({ name: "tag-updater", status: "running", lastRun: NOW - 60_000 }),
      worker({ name: "tag-discovery", enabled: false, status: "disabled" }),
      worker({
        name: "creator-updater",
        overdue: true,
        consecutiveFailures: 2,
        lastOutcome: "ok",
        lastFinished: NOW - 120_000,
      }),
    ]);
    metrics.trackStatus(() => current);

    let exposition = (await scrape(metrics)).exposition;
    const gauge = (name: string, w: string) =>
      valueOf(exposition, `fansly_workers_worker_${name}`, { worker: w });
    expect(gauge("up", "tag-updater")).toBe(1);
    expect(gauge("up", "tag-discovery")).toBe(0);
    expect(gauge("running", "tag-updater")).toBe(1);
    expect(gauge("running", "creator-updater")).toBe(0);
    expect(gauge("overdue", "creator-updater")).toBe(1);
    expect(gauge("consecutive_failures", "creator-updater")).toBe(2);
    expect(gauge("last_run_timestamp_seconds", "tag-updater")).toBe(
      (NOW - 60_000) / 1_000,
    );
    expect(gauge("last_success_timestamp_seconds", "creator-updater")).toBe(
      (NOW - 120_000) / 1_000,
    );
    expect(
      gauge("last_success_timestamp_seconds", "tag-updater"),
    ).toBeUndefined();

    current = view([
      worker({ name: "creator-updater", lastOutcome: "failed" }),
    ]);
    exposition = (await scrape(metrics)).exposition;
    expect(gauge("last_success_timestamp_seconds", "creator-updater")).toBe(
      (NOW - 120_000) / 1_000,
    );
  });

  it("keeps its metrics out of prom-client's global registry", async () => {
    createMetrics().recordRun("tag-updater", "ok", 1);
    expect(await globalRegistry.metrics()).not.toContain("fansly_workers");
  });

  it("lets two instances live side by side", () => {
    expect(() => [createMetrics(), createMetrics()]).not.toThrow();
  });
});
