import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import {
  feedPage,
  plainVisibleTags,
  queryAll,
  visibleTagIds,
} from "./truth.js";

const PAGE_SIZE = 20;
const ONE_PAGE = {
  FANSLY_DISCOVERY_PAGES: "1",
  FANSLY_DISCOVERY_PAGE_SIZE: String(PAGE_SIZE),
  WORKER_TAG_DISCOVERY_BATCH: "1",
};

interface TagRow {
  id: string;
  name: string;
  view_count: number;
  post_count: number | null;
  source: string;
  last_used_for_discovery: number | null;
}

interface CreatorRow {
  id: string;
  username: string;
  followers: number;
  subscribers: number | null;
  post_likes: number | null;
  media_likes: number | null;
  image_count: number | null;
  video_count: number | null;
  source: string;
}

interface RelationRow {
  tag_id: string;
  related_tag_id: string;
  day: string;
  post_count: number;
}

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe("tag-discovery against the simulator", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 23, tags: 200, creators: 40 });
  });
  afterEach(async () => {
    await h.close();
  });

  /** A source tag whose first page is full, so the page holds PAGE_SIZE posts. */
  const pickSource = () => {
    const name = plainVisibleTags(h.sim)[0]!;
    const tag = h.sim.tag(name)!;
    expect(h.sim.dataset.feeds.get(tag.id)!.length).toBeGreaterThan(PAGE_SIZE);
    return tag;
  };

  it("adds exactly the visible tags and authors of one page, with the simulator's counts", async () => {
    const source = pickSource();
    const added = await h.cli(["tags", "add", source.name]);
    expect(added.code, added.stderr).toBe(0);

    // One tag and one author on the page are hidden, so "visible" matters.
    const posts = feedPage(h.sim, source.id, PAGE_SIZE, 0);
    const hiddenTag = posts
      .flatMap((post) => post.tagIds)
      .map((id) => h.sim.tagById(id)!)
      .find((tag) => tag.id !== source.id && !tag.hidden)!;
    h.sim.hideTag(hiddenTag.name);
    const hiddenAuthor = posts[0]!.accountId;
    h.sim.hideCreator(hiddenAuthor);
    h.sim.clock.advance(HOUR_MS);

    const run = await h.cli(["tag-discovery"], ONE_PAGE);
    expect(run.code, run.stderr).toBe(0);

    const expectedNames = new Set([
      source.name,
      ...h.sim.tagsOnPostsOf(source.id, PAGE_SIZE, 0),
    ]);
    expect(expectedNames.has(hiddenTag.name)).toBe(false);
    const tags = await queryAll<TagRow>(h, "select * from tags");
    expect(new Set(tags.map((t) => t.name))).toEqual(expectedNames);

    for (const row of tags) {
      const truth = h.sim.tag(row.name)!;
      expect(row.id).toBe(truth.id);
      expect(row.view_count).toBe(truth.viewCount);
      expect(row.post_count).toBe(truth.postCount);
      expect(row.source).toBe(row.id === source.id ? "manual" : "discovered");
    }
    const sourceRow = tags.find((t) => t.id === source.id)!;
    expect(sourceRow.last_used_for_discovery).not.toBeNull();

    const history = await queryAll<{ tag_id: string; n: number }>(
      h,
      "select tag_id, count(*) as n from tag_history group by tag_id",
    );
    const rowsPerTag = new Map(history.map((r) => [r.tag_id, r.n]));
    for (const row of tags) {
      // The source was observed when added and again on its own page.
      expect(rowsPerTag.get(row.id), row.name).toBe(
        row.id === source.id ? 2 : 1,
      );
    }

    const authors = new Set(
      posts
        .map((post) => post.accountId)
        .filter((id) => !h.sim.creator(id)!.hidden),
    );
    expect(authors.has(hiddenAuthor)).toBe(false);
    const creators = await queryAll<CreatorRow>(h, "select * from creators");
    expect(new Set(creators.map((c) => c.id))).toEqual(authors);
    for (const row of creators) {
      const truth = h.sim.creator(row.id)!;
      expect(row).toMatchObject({
        username: truth.username,
        followers: truth.followers,
        subscribers: truth.subscribers,
        post_likes: truth.postLikes,
        media_likes: truth.mediaLikes,
        image_count: truth.imageCount,
        video_count: truth.videoCount,
        source: "discovered",
      });
    }
    const creatorHistory = await queryAll<{ n: number }>(
      h,
      "select count(*) as n from creator_history group by creator_id",
    );
    expect(creatorHistory.map((r) => r.n)).toEqual(creators.map(() => 1));
  });

  it("records one tag_relations row per ordered pair of tags sharing a post, per day", async () => {
    const source = pickSource();
    await h.cli(["tags", "add", source.name]);
    h.sim.clock.advance(HOUR_MS);
    const run = await h.cli(["tag-discovery"], ONE_PAGE);
    expect(run.code, run.stderr).toBe(0);

    const expected = new Map<string, number>();
    for (const post of feedPage(h.sim, source.id, PAGE_SIZE, 0)) {
      const ids = visibleTagIds(h.sim, post);
      // Counted on the day discovery saw the post (the CLI's clock).
      const day = utcDay(h.sim.clock.now());
      for (const a of ids) {
        for (const b of ids) {
          if (a === b) continue;
          const key = `${a} ${b} ${day}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
    }
    expect(expected.size).toBeGreaterThan(0);

    const relations = await queryAll<RelationRow>(
      h,
      "select * from tag_relations",
    );
    const stored = new Map(
      relations.map((r) => [
        `${r.tag_id} ${r.related_tag_id} ${r.day}`,
        r.post_count,
      ]),
    );
    expect(stored).toEqual(expected);
  });

  it("reads FANSLY_DISCOVERY_PAGES pages of the source's feed", async () => {
    const source = pickSource();
    await h.cli(["tags", "add", source.name]);
    h.sim.clock.advance(HOUR_MS);
    h.sim.resetRequests();
    const run = await h.cli(["tag-discovery"], {
      ...ONE_PAGE,
      FANSLY_DISCOVERY_PAGES: "2",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.suggestions).toBe(2);

    const expected = new Set([
      source.name,
      ...h.sim.tagsOnPostsOf(source.id, PAGE_SIZE, 0),
      ...h.sim.tagsOnPostsOf(source.id, PAGE_SIZE, PAGE_SIZE),
    ]);
    const tags = await queryAll<TagRow>(h, "select name from tags");
    expect(new Set(tags.map((t) => t.name))).toEqual(expected);
    const posts = await queryAll<{ id: string }>(h, "select id from posts");
    expect(new Set(posts.map((p) => p.id))).toEqual(
      new Set(feedPage(h.sim, source.id, 2 * PAGE_SIZE, 0).map((p) => p.id)),
    );
  });

  it("starts from FANSLY_SEED_TAGS when no tag is tracked", async () => {
    const seed = pickSource();
    const run = await h.cli(["tag-discovery"], {
      ...ONE_PAGE,
      FANSLY_SEED_TAGS: seed.name,
    });
    expect(run.code, run.stderr).toBe(0);

    const tags = await queryAll<TagRow>(h, "select * from tags");
    const seedRow = tags.find((t) => t.name === seed.name);
    expect(seedRow).toMatchObject({
      id: seed.id,
      source: "seed",
      view_count: seed.viewCount,
    });
    expect(seedRow!.last_used_for_discovery).not.toBeNull();
    expect(new Set(tags.map((t) => t.name))).toEqual(
      new Set([seed.name, ...h.sim.tagsOnPostsOf(seed.id, PAGE_SIZE, 0)]),
    );
  });

  it("warns and exits 0 when nothing is tracked and no seed is configured", async () => {
    const run = await h.cli(["tag-discovery"], ONE_PAGE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("FANSLY_SEED_TAGS");
    expect(await queryAll(h, "select * from tags")).toEqual([]);
  });
});
