import { buildCreators } from "./creators.js";
import {
  nameKey,
  type MutableDataset,
  type SimDataset,
  type SimPost,
  type SimTag,
} from "./model.js";
import { buildPosts, postCountFor } from "./posts.js";
import { createRng, deriveSeed } from "./prng.js";
import { createIdMinter, type IdMinter } from "./snowflake.js";
import { buildTagDrafts, finishTag, OLDEST_OBJECT_MS } from "./tags.js";
import { DAY_MS } from "../clock.js";

/** Default simulated "now" at time zero: 2026-01-01T00:00:00Z. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1);
/** Tags and creators need room between the oldest object and the epoch. */
const EARLIEST_EPOCH_MS = OLDEST_OBJECT_MS + 60 * DAY_MS;

export interface DatasetOptions {
  readonly seed: number;
  readonly tags: number;
  readonly creators: number;
  /** Raised when needed so each tag and each creator is on some post. */
  readonly posts: number;
  readonly epochMs: number;
}

/** A dataset plus the id minter that keeps later additions unique. */
export interface DatasetStore {
  readonly dataset: MutableDataset;
  readonly minter: IdMinter;
}

export function buildDataset(options: DatasetOptions): DatasetStore {
  validateOptions(options);
  const { seed, epochMs } = options;
  const minter = createIdMinter(createRng(deriveSeed(seed, "ids")));

  const drafts = buildTagDrafts({ seed, count: options.tags, epochMs, minter });
  const creators = buildCreators({
    seed,
    count: options.creators,
    epochMs,
    minter,
  });
  const postCount = postCountFor(options.posts, drafts.length, creators.length);
  const posts = buildPosts({
    seed,
    count: postCount,
    epochMs,
    tags: drafts,
    creators,
    minter,
  });

  const usage = countTagUsage(posts);
  const tags = drafts.map((draft) =>
    finishTag(draft, usage.get(draft.id) ?? 0),
  );
  return {
    dataset: indexDataset({ seed, epochMs, tags, creators, posts }),
    minter,
  };
}

/** Adds the feeds and the lookup maps to the built objects. */
function indexDataset(
  parts: Pick<SimDataset, "seed" | "epochMs" | "creators" | "posts"> & {
    readonly tags: SimTag[];
  },
): MutableDataset {
  const { tags, creators, posts } = parts;
  const feedRng = createRng(deriveSeed(parts.seed, "feeds"));
  const allPosts = posts.map((_, index) => index);

  return {
    ...parts,
    feeds: buildFeeds(tags, posts, (list) => feedRng.shuffle(list)),
    globalFeed: feedRng.shuffle(allPosts),
    tagsById: new Map(tags.map((tag) => [tag.id, tag])),
    tagsByName: new Map(tags.map((tag) => [nameKey(tag.name), tag])),
    creatorsById: new Map(creators.map((c) => [c.id, c])),
    creatorsByUsername: new Map(creators.map((c) => [nameKey(c.username), c])),
  };
}

function validateOptions(options: DatasetOptions): void {
  for (const key of ["tags", "creators", "posts"] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1) {
      throw new TypeError(
        `Simulator option '${key}' must be a positive integer (got ${options[key]})`,
      );
    }
  }
  if (!Number.isInteger(options.seed)) {
    throw new TypeError(
      `Simulator option 'seed' must be an integer (got ${options.seed})`,
    );
  }
  if (
    !Number.isInteger(options.epochMs) ||
    options.epochMs < EARLIEST_EPOCH_MS
  ) {
    throw new TypeError(
      `Simulator option 'epochMs' must be an integer Unix ms time on or after ${new Date(EARLIEST_EPOCH_MS).toISOString()} (got ${options.epochMs})`,
    );
  }
}

function countTagUsage(posts: readonly SimPost[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const post of posts) {
    for (const tagId of post.tagIds) {
      usage.set(tagId, (usage.get(tagId) ?? 0) + 1);
    }
  }
  return usage;
}

/** Each tag's feed: every post carrying it, in a fixed shuffled "ranking". */
function buildFeeds(
  tags: readonly SimTag[],
  posts: readonly SimPost[],
  rank: (postIndexes: readonly number[]) => number[],
): Map<string, readonly number[]> {
  const members = new Map<string, number[]>(tags.map((tag) => [tag.id, []]));
  posts.forEach((post, index) => {
    for (const tagId of post.tagIds) members.get(tagId)?.push(index);
  });
  const feeds = new Map<string, readonly number[]>();
  for (const tag of tags) feeds.set(tag.id, rank(members.get(tag.id) ?? []));
  return feeds;
}

/** Appends a tag that no post carries (for tests needing a specific name). */
export function addTagToDataset(store: DatasetStore, tag: SimTag): void {
  const key = nameKey(tag.name);
  if (store.dataset.tagsByName.has(key)) {
    throw new TypeError(`The simulator already has a tag named '${tag.name}'`);
  }
  store.dataset.tags.push(tag);
  store.dataset.tagsById.set(tag.id, tag);
  store.dataset.tagsByName.set(key, tag);
}
