import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../src/clock.js";
import type { WorkerRow, WorkerRunRow } from "../../src/db/schema.js";
import { WORKER_NAMES } from "../../src/workers/types.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import { runsOf, trackTags, withDb } from "../helpers/db.js";
import {
  messageOf,
  startServe,
  stopLeftovers,
  type CliProcess,
} from "../helpers/process.js";
import { parseExposition, valueOf } from "../http/prom-text.js";
import { request } from "../http/request.js";
import { plainVisibleTags, type StatusJson } from "./truth.js";

const DISABLED = {
  WORKER_CREATOR_UPDATER_ENABLED: "false",
  WORKER_TAG_DISCOVERY_ENABLED: "false",
};

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

/** A line whose message is the summary of a finished run of `worker`. */
const summaryOf = (worker: string) => (line: string) =>
  (messageOf(line) ?? "").startsWith(`${worker} ok:`);

describe("serve with tag-updater, rank-calculator and statistics-calculator enabled", () => {
  let h: Harness;
  let serve: CliProcess;
  let url: string;

  beforeAll(async () => {
    h = await createHarness({ seed: 71, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 3));
    // Not due yet: only the chain after tag-updater may start them.
    await withDb(h, (sqlite) => {
      const later = sqlite.prepare(
        "insert into workers (name, next_run_at) values (?, ?)",
      );
      later.run("rank-calculator", h.sim.clock.now() + HOUR_MS);
      later.run("statistics-calculator", h.sim.clock.now() + HOUR_MS);
    });
    ({ serve, url } = await startServe(h, DISABLED));
    await serve.line(summaryOf("statistics-calculator"));
  });
  afterAll(async () => {
    await stopLeftovers();
    await h.close();
  });

  const byTrigger = (runs: WorkerRunRow[]) =>
    runs.map((r) => `${r.worker} ${r.trigger} ${r.outcome}`);

  it("runs the updater, then ranks after it, then statistics after ranks", async () => {
    const [updated] = await runsOf(h, "tag-updater");
    const [ranked] = await runsOf(h, "rank-calculator");
    const [summed] = await runsOf(h, "statistics-calculator");

    expect(byTrigger([updated!, ranked!, summed!])).toEqual([
      "tag-updater serve ok",
      "rank-calculator chain ok",
      "statistics-calculator chain ok",
    ]);
    expect(updated!.items_ok).toBe(3);
    // One process, one clock: these times compare.
    expect(ranked!.started_at).toBeGreaterThanOrEqual(updated!.finished_at!);
    expect(summed!.started_at).toBeGreaterThanOrEqual(ranked!.finished_at!);
    for (const run of [updated, ranked, summed]) {
      expect(run!.pid).toBe(serve.pid);
    }
  });

  it("serves /api/workers/status with the fields of the database rows", async () => {
    const res = await request(`${url}/api/workers/status`);
    const rows = await withDb(
      h,
      (sqlite) => sqlite.prepare("select * from workers").all() as WorkerRow[],
    );

    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as StatusJson;
    expect(body.workers.map((w) => w.name)).toEqual([...WORKER_NAMES]);
    for (const shown of body.workers) {
      const row = rows.find((r) => r.name === shown.name)!;
      const enabled = !["creator-updater", "tag-discovery"].includes(row.name);
      expect(shown).toEqual({
        name: row.name,
        enabled,
        status: enabled ? row.status : "disabled",
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
        intervalMs: row.name === "tag-discovery" ? DAY_MS : HOUR_MS,
        overdue: false,
      });
    }
    expect(body.overall).toBe("idle");
  });

  it("counts the runs it did and its API requests in /metrics", async () => {
    const res = await request(`${url}/metrics`);
    const runs = await withDb(
      h,
      (sqlite) =>
        sqlite
          .prepare(
            `select worker, outcome, count(*) as n from worker_runs
             where pid = ? group by worker, outcome`,
          )
          .all(serve.pid) as { worker: string; outcome: string; n: number }[],
    );

    expect(res.status).toBe(200);
    const metrics = parseExposition(res.body);
    expect(runs).toHaveLength(3);
    for (const { worker, outcome, n } of runs) {
      expect(
        valueOf(metrics, "fansly_workers_runs_total", { worker, outcome }),
      ).toBe(n);
      expect(
        valueOf(metrics, "fansly_workers_run_duration_seconds_count", {
          worker,
        }),
      ).toBe(n);
    }
    const apiRequests = metrics.samples
      .filter((s) => s.name === "fansly_workers_api_requests_total")
      .reduce((sum, s) => sum + s.value, 0);
    expect(apiRequests).toBe(h.sim.requests.total);
    expect(h.sim.requests.total).toBe(3);
  });

  it("answers other methods with 405 and unknown paths with 404, as JSON", async () => {
    const post = await request(`${url}/api/workers/status`, {
      method: "POST",
    });
    const unknown = await request(`${url}/nothing/here`);

    expect(post.status).toBe(405);
    expect(JSON.parse(post.body)).toEqual({ error: "method not allowed" });
    expect(unknown.status).toBe(404);
    expect(unknown.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(unknown.body)).toEqual({ error: "not found" });
  });

  it("listens on 127.0.0.1 only by default", async () => {
    expect(new URL(url).hostname).toBe("127.0.0.1");
    const { port } = new URL(url);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    if (outside) {
      await expect(
        request(`http://${outside.address}:${port}/healthz`),
      ).rejects.toMatchObject({ code: "ECONNREFUSED" });
    }
  });

  it("never runs the disabled workers", async () => {
    expect(await runsOf(h, "creator-updater")).toEqual([]);
    expect(await runsOf(h, "tag-discovery")).toEqual([]);
  });

  it("answers /healthz 200, then 503 once an enabled worker is overdue", async () => {
    const healthy = await request(`${url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(JSON.parse(healthy.body)).toEqual({ status: "ok" });

    // serve reads next_run_at again only when its ticker wakes (a minute
    // after the run), so it cannot run the worker before the next request.
    const dueAt = h.sim.clock.now() - DAY_MS;
    await withDb(h, (sqlite) =>
      sqlite
        .prepare("update workers set next_run_at = ? where name = ?")
        .run(dueAt, "tag-updater"),
    );
    const overdue = await request(`${url}/healthz`);

    expect(overdue.status).toBe(503);
    const body = JSON.parse(overdue.body) as {
      status: string;
      problems: { worker: string; reason: string }[];
    };
    expect(body.status).toBe("unhealthy");
    expect(body.problems).toEqual([
      {
        worker: "tag-updater",
        reason: expect.stringMatching(
          new RegExp(`^tag-updater overdue: next run was due ${iso(dueAt)} `),
        ),
      },
    ]);
  });

  it("exits 0 on SIGTERM after closing the listener", async () => {
    serve.child.kill("SIGTERM");
    const result = await serve.done;

    expect(result.code, result.stderr).toBe(0);
    const messages = logLines(result.stderr).map((line) => line.msg);
    expect(messages.at(-1)).toBe("serve: stopped");
    await expect(request(`${url}/healthz`)).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
    expect(result.stdout).toBe("");
  });
});
