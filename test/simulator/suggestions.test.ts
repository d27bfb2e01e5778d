import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startSimulator,
  type SimTag,
  type Simulator,
} from "../../src/simulator/index.js";
import {
  DAY,
  HOUR,
  get,
  type Envelope,
  type WireSuggestions,
} from "./wire-types.js";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 12 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.clock.set(sim.dataset.epochMs);
});

async function page(tagIds: string, limit: number, offset: number) {
  const url = `${sim.url}/contentdiscovery/media/suggestionsnew?before=0&after=0&tagIds=${tagIds}&limit=${limit}&offset=${offset}&ngsw-bypass=true`;
  const res = await get<Envelope<WireSuggestions>>(url);
  expect(res.status).toBe(200);
  expect(res.json().success).toBe(true);
  return res.json().response;
}

/** A visible tag carried by at least `posts` dataset posts. */
function tagWithPosts(posts: number): SimTag {
  const tag = sim.dataset.tags.find(
    (t) => t.hideWindow === null && postIdsOf(t).length >= posts,
  );
  if (tag === undefined) throw new Error(`no tag with ${posts} posts`);
  return tag;
}

const postIdsOf = (tag: SimTag) =>
  sim.dataset.posts.filter((p) => p.tagIds.includes(tag.id)).map((p) => p.id);

describe("E2 suggestions feed", () => {
  it("pages through exactly the posts carrying the tag, then answers empty arrays", async () => {
    const tag = tagWithPosts(7);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 3) {
      const response = await page(tag.id, 3, offset);
      const ids = response.mediaOfferSuggestions.map((s) => s.correlationId);
      if (ids.length === 0) {
        expect(response.aggregationData.posts).toEqual([]);
        expect(response.aggregationData.accounts).toEqual([]);
        break;
      }
      expect(ids.length).toBeLessThanOrEqual(3);
      seen.push(...ids);
    }

    expect(seen).toHaveLength(new Set(seen).size);
    expect([...seen].sort()).toEqual(postIdsOf(tag).sort());
  });

  it("serves the same order on every call", async () => {
    const tag = tagWithPosts(5);
    const first = await page(tag.id, 5, 0);
    const again = await page(tag.id, 5, 0);

    expect(again).toEqual(first);
  });

  it("carries postTags whose counts equal the simulator's at request time", async () => {
    const tag = tagWithPosts(4);
    sim.clock.advance(3 * DAY + 5 * HOUR);
    const response = await page(tag.id, 4, 0);

    for (const suggestion of response.mediaOfferSuggestions) {
      expect(suggestion.postTags.map((t) => t.id)).toContain(tag.id);
      for (const postTag of suggestion.postTags) {
        const view = sim.tagById(postTag.id);
        expect(postTag).toEqual({
          id: view?.id,
          tag: view?.name,
          description: "",
          viewCount: view?.viewCount,
          postCount: view?.postCount,
          flags: 0,
          createdAt: view?.createdAt,
        });
      }
    }
  });

  it("links suggestions, posts, media and accounts the real way", async () => {
    const tag = tagWithPosts(6);
    const response = await page(tag.id, 6, 0);
    const { posts, accounts, accountMedia } = response.aggregationData;

    const byId = [...posts].sort((a, b) =>
      BigInt(a.id) < BigInt(b.id) ? -1 : 1,
    );
    expect(posts.map((p) => p.id)).toEqual(byId.map((p) => p.id));
    for (const suggestion of response.mediaOfferSuggestions) {
      const post = posts.find((p) => p.id === suggestion.correlationId);
      expect(post?.attachments[0]?.contentId).toBe(suggestion.mediaOfferId);
      expect(accountMedia.map((m) => m.id)).toContain(suggestion.mediaOfferId);
    }
    const authors = new Set(posts.map((p) => p.accountId));
    expect(new Set(accounts.map((a) => a.id))).toEqual(authors);
    expect(accounts).toHaveLength(authors.size);
  });

  it("sends post createdAt in seconds and leaves out replyCount when it is 0", async () => {
    const tag = tagWithPosts(8);
    const response = await page(tag.id, 50, 0);

    for (const wire of response.aggregationData.posts) {
      const post = sim.dataset.posts.find((p) => p.id === wire.id);
      expect(wire.createdAt).toBe(Math.floor((post?.createdAt ?? 0) / 1000));
      expect(wire.createdAt).toBeLessThan(1e11);
      if (post?.replyCount === 0) expect(wire).not.toHaveProperty("replyCount");
      else expect(wire.replyCount).toBe(post?.replyCount);
    }
    const zeros = sim.dataset.posts.filter((p) => p.replyCount === 0);
    expect(zeros.length).toBeGreaterThan(0);
  });

  it("answers an empty page for an unknown tag id", async () => {
    const response = await page("123456789012345678", 10, 0);

    expect(response.mediaOfferSuggestions).toEqual([]);
    expect(response.aggregationData.posts).toEqual([]);
  });

  it("leaves a hidden tag out of postTags and empties its own feed", async () => {
    const [hidden, other] = pairOnOnePost();
    sim.hideTag(hidden.name);
    try {
      expect((await page(hidden.id, 10, 0)).mediaOfferSuggestions).toEqual([]);
      const response = await page(other.id, 500, 0);
      const allTags = response.mediaOfferSuggestions.flatMap((s) => s.postTags);
      expect(allTags.map((t) => t.id)).not.toContain(hidden.id);
      expect(sim.tagsOnPostsOf(other.id, 500, 0)).not.toContain(hidden.name);
    } finally {
      sim.showTag(hidden.name);
    }
  });

  it("lists the visible tag names of a page in tagsOnPostsOf", async () => {
    const tag = tagWithPosts(5);
    const response = await page(tag.id, 5, 0);
    const names = new Set(
      response.mediaOfferSuggestions.flatMap((s) =>
        s.postTags.map((t) => t.tag),
      ),
    );

    expect(new Set(sim.tagsOnPostsOf(tag.id, 5, 0))).toEqual(names);
  });

  it("omits a hidden creator from the page's accounts but keeps the post", async () => {
    const tag = tagWithPosts(3);
    const first = (await page(tag.id, 1, 0)).aggregationData.posts[0];
    if (first === undefined) throw new Error("empty first page");
    sim.hideCreator(first.accountId);
    try {
      const response = await page(tag.id, 1, 0);
      expect(response.aggregationData.posts.map((p) => p.id)).toEqual([
        first.id,
      ]);
      expect(response.aggregationData.accounts).toEqual([]);
    } finally {
      sim.showCreator(first.accountId);
    }
  });
});

/** Two plain tags that share a post, for checking what hiding one does. */
function pairOnOnePost(): [SimTag, SimTag] {
  const plain = (id: string) => {
    const tag = sim.dataset.tagsById.get(id);
    return tag?.hideWindow === null ? tag : undefined;
  };
  for (const post of sim.dataset.posts) {
    const tags = post.tagIds.map(plain).filter((t) => t !== undefined);
    if (tags.length >= 2 && tags[0] && tags[1]) return [tags[0], tags[1]];
  }
  throw new Error("no post with two plain tags");
}
