import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WorkerError } from "../../src/errors.js";
import { runWorker } from "../../src/scheduler/run-worker.js";
import { tagUpdater } from "../../src/workers/tag-updater.js";
import { startSimWorld, type SimWorld } from "./sim-world.js";

let world: SimWorld;

beforeEach(async () => {
  world = await startSimWorld({ seed: 9, tags: 60, creators: 10 });
});
afterEach(async () => {
  await world.close();
});

const plainNames = (count: number): string[] =>
  world.sim.dataset.tags
    .map((tag) => world.sim.tag(tag.name)!)
    .filter((tag) => !tag.hidden && /^[a-z0-9]+$/.test(tag.name))
    .slice(0, count)
    .map((tag) => tag.name);

describe("tag-updater interrupted mid-run", () => {
  it("settles the queued requests at once, stores what came back and records the run as cancelled", async () => {
    const names = plainNames(20);
    for (const name of names) world.trackTag(name);
    // Two lanes of slow answers: most of the 20 requests are queued.
    world.sim.setFaults("slow=250ms:1.0@tag");
    const shutdown = new AbortController();
    const ctx = world.context("tag-updater");

    const running = runWorker({
      definition: tagUpdater,
      db: world.db,
      config: ctx.config,
      clock: ctx.clock,
      log: ctx.log,
      trigger: "cli",
      signal: shutdown.signal,
      api: ctx.api,
    });
    await expect.poll(() => world.sim.requests.total).toBeGreaterThanOrEqual(4);
    const abortedAt = performance.now();
    shutdown.abort(new WorkerError("E_ABORTED", "Stopped by SIGTERM"));
    const result = await running;

    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(result.outcome).toBe("cancelled");
    expect(world.sim.requests.total).toBeLessThan(names.length);
    expect(result.report.ok).toBeGreaterThanOrEqual(2);
    expect(result.report.ok).toBeLessThan(names.length);
    const run = world.db.sqlite
      .prepare("select outcome, items_ok, finished_at from worker_runs")
      .get() as { outcome: string; items_ok: number; finished_at: number };
    expect(run).toMatchObject({
      outcome: "cancelled",
      items_ok: result.report.ok,
    });
    expect(run.finished_at).not.toBeNull();
    const checked = world.db.sqlite
      .prepare("select count(*) from tags where last_checked_at is not null")
      .pluck()
      .get();
    expect(checked).toBe(result.report.ok);
    const lease = world.db.sqlite
      .prepare("select lease_owner from workers where name = 'tag-updater'")
      .pluck()
      .get();
    expect(lease).toBeNull();
  });
});
