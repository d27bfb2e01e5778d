import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import type { WorkerRow } from "../../src/db/schema.js";
import {
  HOUR_MS,
  NOW,
  deadPid,
  setWorker,
  useStatusServer,
} from "./fixture.js";
import { parseExposition, valueOf } from "./prom-text.js";
import { request } from "./request.js";

const t = useStatusServer();

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

/** A worker whose latest run failed, with every column set. */
const FAILED_ONCE: Partial<WorkerRow> = {
  status: "failed",
  last_run_at: NOW - 2 * HOUR_MS,
  last_finished_at: NOW - 2 * HOUR_MS + 95_000,
  next_run_at: NOW + 600_000,
  run_count: 12,
  success_count: 10,
  error_count: 2,
  consecutive_failures: 1,
  last_error: "HTTP 503 from /tag",
  last_duration_ms: 95_000,
  last_outcome: "failed",
};

describe("status server endpoints", () => {
  it("serves worker status with the fields of the database rows", async () => {
    setWorker(t.db, "tag-updater", FAILED_ONCE);
    const rows = t.db.sqlite
      .prepare("select * from workers")
      .all() as WorkerRow[];

    const res = await request(`${t.server.url}/api/workers/status`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = JSON.parse(res.body) as {
      overall: string;
      generatedAt: string;
      workers: Record<string, unknown>[];
    };
    expect(body.overall).toBe("failed");
    expect(body.generatedAt).toBe(iso(NOW));
    for (const row of rows) {
      const shown = body.workers.find((w) => w.name === row.name);
      expect(shown).toMatchObject({
        enabled: row.name !== "tag-discovery",
        lastRun: iso(row.last_run_at),
        lastFinished: iso(row.last_finished_at),
        nextRun: iso(row.next_run_at),
        runCount: row.run_count,
        successCount: row.success_count,
        errorCount: row.error_count,
        consecutiveFailures: row.consecutive_failures,
        lastOutcome: row.last_outcome,
        lastError: row.last_error,
        lastDurationMs: row.last_duration_ms,
      });
    }
    expect(body.workers.find((w) => w.name === "tag-updater")).toMatchObject({
      status: "failed",
      overdue: false,
      intervalMs: t.config.workers["tag-updater"].intervalMs,
    });
  });

  it("reports healthy, then 503 once a worker is overdue", async () => {
    const healthy = await request(`${t.server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body)).toEqual({ status: "ok" });

    setWorker(t.db, "tag-updater", { next_run_at: NOW - 6 * HOUR_MS });
    const res = await request(`${t.server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      status: "unhealthy",
      problems: [
        {
          worker: "tag-updater",
          reason:
            "tag-updater overdue: next run was due 2026-01-15T06:00:00.000Z (6 h 0 min ago)",
        },
      ],
    });
  });

  it("reports 503 for a running row whose owner process is gone", async () => {
    setWorker(t.db, "creator-updater", {
      status: "running",
      last_run_at: NOW - 300_000,
      lease_owner: `${hostname()}|${deadPid()}|${NOW - HOUR_MS}|token`,
      lease_expires_at: NOW + 60_000,
    });
    const res = await request(`${t.server.url}/healthz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({
      status: "unhealthy",
      problems: [
        {
          worker: "creator-updater",
          reason:
            "creator-updater stuck: running since 2026-01-15T11:55:00.000Z (5 min ago) but its owner is gone or its lease expired",
        },
      ],
    });
  });

  it("leaves repeated failures out of /healthz", async () => {
    setWorker(t.db, "tag-updater", {
      consecutive_failures: 9,
      last_error: "down",
    });
    expect((await request(`${t.server.url}/healthz`)).status).toBe(200);
  });

  it("serves Prometheus text with recorded runs and worker gauges", async () => {
    t.metrics.recordRun("tag-updater", "ok", 2_000);
    t.metrics.recordRun("tag-updater", "ok", 3_000);
    t.metrics.recordRun("rank-calculator", "failed", 100);
    setWorker(t.db, "tag-updater", { next_run_at: NOW - 6 * HOUR_MS });

    const res = await request(`${t.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(
      "text/plain; version=0.0.4; charset=utf-8",
    );
    const exposition = parseExposition(res.body);
    const runs = "fansly_workers_runs_total";
    expect(
      valueOf(exposition, runs, { worker: "tag-updater", outcome: "ok" }),
    ).toBe(2);
    expect(
      valueOf(exposition, runs, {
        worker: "rank-calculator",
        outcome: "failed",
      }),
    ).toBe(1);
    expect(
      valueOf(exposition, "fansly_workers_run_duration_seconds_count", {
        worker: "tag-updater",
      }),
    ).toBe(2);
    expect(
      valueOf(exposition, "fansly_workers_worker_overdue", {
        worker: "tag-updater",
      }),
    ).toBe(1);
    expect(
      valueOf(exposition, "fansly_workers_worker_up", {
        worker: "tag-discovery",
      }),
    ).toBe(0);
  });
});
