import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from "../clock.js";
import type { SimCreator, SimPost } from "./model.js";
import {
  createRng,
  createWeightedPicker,
  deriveSeed,
  itemAt,
  type Rng,
} from "./prng.js";
import type { IdMinter } from "./snowflake.js";
import type { TagDraft } from "./tags.js";

export const MAX_TAGS_PER_POST = 5;
/** Tag counts per post, drawn uniformly from this list: mostly 2 or 3. */
const TAG_COUNTS = [1, 2, 2, 3, 3, 3, 4, 4, 5] as const;
/** Below 1, so the biggest tags lead without owning every post. */
const TAG_POPULARITY_EXPONENT = 0.35;

export interface PostBuildInput {
  readonly seed: number;
  /** Already raised so every tag and creator fits (see `postCountFor`). */
  readonly count: number;
  readonly epochMs: number;
  readonly tags: readonly TagDraft[];
  readonly creators: readonly SimCreator[];
  readonly minter: IdMinter;
}

/** Enough posts that every creator authors one and every tag fits on one. */
export function postCountFor(
  requested: number,
  tagCount: number,
  creatorCount: number,
): number {
  return Math.max(
    requested,
    creatorCount,
    Math.ceil(tagCount / MAX_TAGS_PER_POST),
  );
}

export function buildPosts(input: PostBuildInput): SimPost[] {
  const rng = createRng(deriveSeed(input.seed, "posts"));
  const pickCreator = createWeightedPicker(
    input.creators.map((creator) => Math.sqrt(creator.followers.base)),
  );
  const pickTag = createWeightedPicker(
    input.tags.map((tag) => tag.views.base ** TAG_POPULARITY_EXPONENT),
  );
  const coverage = coverageTags(rng, input.tags.length, input.count);
  const posts: SimPost[] = [];

  for (let index = 0; index < input.count; index++) {
    // The first posts go to each creator in turn, so nobody is left without one.
    const author = index < input.creators.length ? index : pickCreator(rng);
    const tagIndexes = fillTags(rng, coverage[index] ?? [], () => pickTag(rng));
    posts.push(
      makePost(rng, input, itemAt(input.creators, author), tagIndexes),
    );
  }
  return posts;
}

/** Deals every tag to some post, so each tag has a feed. */
function coverageTags(rng: Rng, tagCount: number, postCount: number) {
  const dealt: number[][] = Array.from({ length: postCount }, () => []);
  const order = rng.shuffle(Array.from({ length: tagCount }, (_, i) => i));
  order.forEach((tagIndex, position) => {
    itemAt(dealt, position % postCount).push(tagIndex);
  });
  return dealt;
}

function fillTags(
  rng: Rng,
  dealt: readonly number[],
  pickTag: () => number,
): number[] {
  const chosen = new Set(dealt);
  const wanted = Math.max(chosen.size, rng.pick(TAG_COUNTS));
  // Popular tags repeat often; a bounded number of draws keeps this finite.
  for (let draw = 0; chosen.size < wanted && draw < 50; draw++) {
    chosen.add(pickTag());
  }
  return [...chosen];
}

function makePost(
  rng: Rng,
  input: PostBuildInput,
  author: SimCreator,
  tagIndexes: readonly number[],
): SimPost {
  const tags = tagIndexes.map((index) => itemAt(input.tags, index));
  const oldest = Math.max(author.createdAt, ...tags.map((t) => t.createdAt));
  const createdAt = rng.int(oldest + HOUR_MS, input.epochMs - HOUR_MS);
  const mediaCreatedAt = createdAt - rng.int(SECOND_MS, 10 * MINUTE_MS);
  const suggestedAt = Math.min(
    input.epochMs,
    createdAt + rng.int(HOUR_MS, 3 * DAY_MS),
  );
  const likeCount = Math.round(
    Math.sqrt(author.followers.base) * rng.range(0.2, 3),
  );

  return {
    id: input.minter.mint(createdAt),
    accountId: author.id,
    createdAt,
    tagIds: tags.map((tag) => tag.id),
    suggestionId: input.minter.mint(suggestedAt),
    mediaOfferId: input.minter.mint(mediaCreatedAt),
    mediaId: input.minter.mint(mediaCreatedAt),
    mediaType: rng.chance(0.4) ? 2 : 1,
    mediaCreatedAt,
    likeCount,
    replyCount: rng.chance(0.35) ? 0 : rng.int(1, 40),
    mediaLikeCount: likeCount * rng.int(1, 8),
  };
}
