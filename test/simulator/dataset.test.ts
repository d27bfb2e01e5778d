import { afterEach, describe, expect, it } from "vitest";
import {
  AWKWARD_TAG_NAMES,
  LONG_TAG_NAME_LENGTH,
  startSimulator,
  type SimDataset,
  type Simulator,
} from "../../src/simulator/index.js";

const FANSLY_EPOCH = 1_561_494_359_000n;
const TWO_POW_53 = 2n ** 53n;

const open: Simulator[] = [];
async function start(
  options: Parameters<typeof startSimulator>[0],
): Promise<Simulator> {
  const sim = await startSimulator(options);
  open.push(sim);
  return sim;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

const snapshot = (dataset: SimDataset) =>
  JSON.stringify({
    tags: dataset.tags,
    creators: dataset.creators,
    posts: dataset.posts,
    feeds: [...dataset.feeds],
    globalFeed: dataset.globalFeed,
  });

describe("simulator dataset", () => {
  it("is identical for the same seed and differs for another seed", async () => {
    const first = await start({ seed: 42, tags: 60, creators: 15 });
    const second = await start({ seed: 42, tags: 60, creators: 15 });
    const other = await start({ seed: 43, tags: 60, creators: 15 });

    expect(snapshot(second.dataset)).toBe(snapshot(first.dataset));
    const names = (sim: Simulator) => sim.dataset.tags.map((t) => t.name);
    const ids = (sim: Simulator) => sim.dataset.tags.map((t) => t.id);
    expect(names(other)).not.toEqual(names(first));
    expect(ids(other)).not.toEqual(ids(first));
  });

  it("has the requested sizes, with posts defaulting to four per tag", async () => {
    const sim = await start({ seed: 3, tags: 40, creators: 12 });

    expect(sim.dataset.tags).toHaveLength(40);
    expect(sim.dataset.creators).toHaveLength(12);
    expect(sim.dataset.posts).toHaveLength(160);
  });

  it("puts every tag on a post and gives every creator a post", async () => {
    const sim = await start({ seed: 5, tags: 120, creators: 30, posts: 40 });
    const { tags, creators, posts } = sim.dataset;

    const tagged = new Set(posts.flatMap((post) => post.tagIds));
    const authors = new Set(posts.map((post) => post.accountId));
    expect(tags.filter((tag) => !tagged.has(tag.id))).toEqual([]);
    expect(creators.filter((c) => !authors.has(c.id))).toEqual([]);
    for (const post of posts) {
      expect(post.tagIds.length).toBeGreaterThanOrEqual(1);
      expect(post.tagIds.length).toBeLessThanOrEqual(5);
      expect(new Set(post.tagIds).size).toBe(post.tagIds.length);
    }
  });

  it("mints ids above 2^53 that encode each object's creation time", async () => {
    const sim = await start({ seed: 9, tags: 50, creators: 10 });
    const timed = [
      ...sim.dataset.tags,
      ...sim.dataset.creators,
      ...sim.dataset.posts,
    ];

    for (const { id, createdAt } of timed) {
      expect(id).toMatch(/^\d+$/);
      expect(BigInt(id)).toBeGreaterThan(TWO_POW_53);
      expect((BigInt(id) >> 22n) + FANSLY_EPOCH).toBe(BigInt(createdAt));
    }
    const allIds = [
      ...timed.map((item) => item.id),
      ...sim.dataset.posts.flatMap((p) => [
        p.suggestionId,
        p.mediaOfferId,
        p.mediaId,
      ]),
    ];
    expect(new Set(allIds).size).toBe(allIds.length);
  });

  it("includes the awkward names and one 200-character name", async () => {
    const sim = await start({ seed: 11 });
    const names = sim.dataset.tags.map((tag) => tag.name);

    for (const awkward of ["r&b", "c++", "new york", "café"]) {
      expect(names).toContain(awkward);
    }
    expect(names).toEqual(expect.arrayContaining([...AWKWARD_TAG_NAMES]));
    expect(names.some((name) => name.length === LONG_TAG_NAME_LENGTH)).toBe(
      true,
    );
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names.every((name) => name === name.toLowerCase())).toBe(true);
  });

  it("spreads view counts over several orders of magnitude", async () => {
    const sim = await start({ seed: 1 });
    const views = sim.dataset.tags.map((tag) => tag.views.base);

    expect(Math.min(...views)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...views)).toBeLessThanOrEqual(100_000_000);
    expect(Math.max(...views)).toBeGreaterThan(1_000_000);
    const under10k = views.filter((v) => v < 10_000).length;
    expect(under10k).toBeGreaterThan(views.length / 2);
  });

  it("mixes the growth kinds and schedules a few hide windows", async () => {
    const sim = await start({ seed: 1 });
    const kinds = new Map<string, number>();
    for (const tag of sim.dataset.tags) {
      kinds.set(tag.growth.kind, (kinds.get(tag.growth.kind) ?? 0) + 1);
    }

    for (const kind of ["flat", "steady", "accelerating", "decaying"]) {
      expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
    }
    const windows = sim.dataset.tags.flatMap((t) => t.hideWindow ?? []);
    expect(windows.length).toBe(Math.round(200 * 0.03));
    for (const window of windows) {
      expect(window.hideAt).toBeGreaterThan(sim.dataset.epochMs);
      expect(window.showAt).toBeGreaterThan(window.hideAt);
    }
  });

  it("keeps each tag's post count at least its posts in the dataset", async () => {
    const sim = await start({ seed: 8, tags: 80, creators: 20 });

    for (const tag of sim.dataset.tags) {
      const carrying = sim.dataset.posts.filter((p) =>
        p.tagIds.includes(tag.id),
      );
      expect(sim.dataset.feeds.get(tag.id)).toHaveLength(carrying.length);
      expect(tag.posts.base).toBeGreaterThanOrEqual(carrying.length);
    }
  });
});
