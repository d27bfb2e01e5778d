import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WorkerError } from "../../src/errors.js";
import { creatorUpdater } from "../../src/workers/creator-updater.js";
import { tagDiscovery } from "../../src/workers/tag-discovery.js";
import { startSimWorld, type SimWorld } from "./sim-world.js";

let world: SimWorld;

beforeEach(async () => {
  world = await startSimWorld({ seed: 5, tags: 40, creators: 12 });
});
afterEach(async () => {
  await world.close();
});

interface CreatorRow {
  id: string;
  followers: number | null;
  misses: number;
  deleted_at: number | null;
}

const creatorRows = (): CreatorRow[] =>
  world.db.sqlite
    .prepare("select id, followers, misses, deleted_at from creators")
    .all() as CreatorRow[];

const visibleCreatorIds = (count: number): string[] =>
  world.sim.dataset.creators
    .map((c) => c.id)
    .filter((id) => !world.sim.creator(id)!.hidden)
    .slice(0, count);

const throttleWarnings = (): string[] =>
  world.lines.filter((line) => line.includes("suspected soft throttling"));

describe("creator-updater and soft throttling", () => {
  it("asks once more after an empty batch and stores the second answer", async () => {
    const ids = visibleCreatorIds(5);
    world.trackCreators(ids);
    world.sim.setFaults("empty:#1@accounts");

    const report = await creatorUpdater.run(world.context("creator-updater"));

    expect(report).toMatchObject({ ok: 5, failed: 0 });
    expect(report.details).toMatchObject({ notFound: 0, throttled: 0 });
    expect(world.sim.requests.byEndpoint.accounts).toBe(2);
    expect(throttleWarnings()).toHaveLength(1);
    for (const row of creatorRows()) {
      expect(row.followers).toBe(world.sim.creator(row.id)!.followers);
    }
  });

  it("marks nothing missing when the batch stays empty, and counts its creators as failed", async () => {
    const ids = visibleCreatorIds(5);
    world.trackCreators(ids);
    world.sim.setFaults("empty:next2@accounts");
    const ctx = world.context("creator-updater");

    await expect(creatorUpdater.run(ctx)).rejects.toMatchObject({
      code: "E_HTTP",
      message: expect.stringContaining("every item failed (5)"),
    });
    expect(ctx.progress).toMatchObject({ ok: 0, failed: 5 });
    expect(ctx.progress.details).toMatchObject({ notFound: 0, throttled: 5 });
    expect(ctx.progress.details.failures).toEqual([
      expect.stringContaining("suspected soft throttling"),
    ]);
    expect(world.sim.requests.byEndpoint.accounts).toBe(2);
    for (const row of creatorRows()) {
      expect(row).toMatchObject({ misses: 0, deleted_at: null });
    }
  });

  it("takes an empty answer for fewer than three live creators as misses", async () => {
    const ids = visibleCreatorIds(2);
    world.trackCreators(ids);
    for (const id of ids) world.sim.hideCreator(id);

    const report = await creatorUpdater.run(world.context("creator-updater"));

    expect(report).toMatchObject({ ok: 2, failed: 0 });
    expect(report.details).toMatchObject({ notFound: 2, throttled: 0 });
    expect(world.sim.requests.byEndpoint.accounts).toBe(1);
    expect(creatorRows().map((row) => row.misses)).toEqual([1, 1]);
  });

  it("stops waiting out the pause when the run is aborted", async () => {
    world.trackCreators(visibleCreatorIds(4));
    world.sim.setFaults("empty:next2@accounts");
    const controller = new AbortController();
    const reason = new WorkerError("E_ABORTED", "Stopped by SIGTERM");
    const ctx = world.context("creator-updater", {
      env: { FANSLY_SOFT_THROTTLE_PAUSE: "60s" },
      signal: controller.signal,
    });
    const started = performance.now();

    const run = creatorUpdater.run(ctx);
    await expect.poll(() => throttleWarnings().length).toBe(1);
    controller.abort(reason);

    await expect(run).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(world.sim.requests.byEndpoint.accounts).toBe(1);
  });
});

describe("creator-updater, soft throttling and the circuit breaker", () => {
  it("stops waiting out the pause when the breaker opens mid-page", async () => {
    world.trackCreators(visibleCreatorIds(8));
    // Two batches of four at once: one looks throttled, the other gets a
    // cool-down past FANSLY_MAX_COOLDOWN, which opens the breaker.
    world.sim.setFaults("empty:#1@accounts,429=600:#2@accounts");
    const ctx = world.context("creator-updater", {
      env: {
        FANSLY_SOFT_THROTTLE_PAUSE: "60s",
        FANSLY_ACCOUNT_BATCH: "4",
        FANSLY_CONCURRENCY: "2",
      },
    });
    const started = performance.now();

    await expect(creatorUpdater.run(ctx)).rejects.toMatchObject({
      code: "E_RATE_LIMITED",
    });

    expect(performance.now() - started).toBeLessThan(5_000);
    expect(throttleWarnings()).toHaveLength(1);
    expect(world.sim.requests.byEndpoint.accounts).toBe(2);
  });
});

describe("tag-discovery and soft throttling", () => {
  /** A visible tag whose feed has posts, tracked as the only source. */
  const trackSource = (): string => {
    const source = world.sim.dataset.tags.find(
      (tag) =>
        !world.sim.tag(tag.name)!.hidden &&
        (world.sim.dataset.feeds.get(tag.id)?.length ?? 0) >= 5,
    )!;
    world.trackTag(source.name);
    return source.name;
  };
  const env = {
    WORKER_TAG_DISCOVERY_BATCH: "1",
    FANSLY_DISCOVERY_PAGES: "1",
  };
  const tagCount = (): number =>
    world.db.sqlite
      .prepare("select count(*) from tags")
      .pluck()
      .get() as number;

  it("asks once more after an empty first page and stores the second", async () => {
    trackSource();
    world.sim.setFaults("empty:#1@suggestions");

    const report = await tagDiscovery.run(
      world.context("tag-discovery", { env }),
    );

    expect(report).toMatchObject({ ok: 1, failed: 0 });
    expect(report.details).toMatchObject({ pages: 1, throttled: 0 });
    expect(world.sim.requests.byEndpoint.suggestions).toBe(2);
    expect(tagCount()).toBeGreaterThan(1);
    expect(throttleWarnings()).toHaveLength(1);
  });

  it("records the source as failed when its first page stays empty", async () => {
    const name = trackSource();
    world.sim.setFaults("empty:next2@suggestions");
    const ctx = world.context("tag-discovery", { env });

    await expect(tagDiscovery.run(ctx)).rejects.toMatchObject({
      code: "E_HTTP",
      message: "discovery failed for every source tag (1)",
    });
    expect(ctx.progress.details).toMatchObject({ throttled: 1, posts: 0 });
    expect(ctx.progress.details.failures).toEqual([
      `discovery from '${name}' failed: suspected soft throttling: its first feed page came back empty twice`,
    ]);
    expect(tagCount()).toBe(1);
  });
});
