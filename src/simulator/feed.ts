import { compareSnowflakes } from "./snowflake.js";
import type { SimCreator, SimPost } from "./model.js";
import { itemAt } from "./prng.js";
import {
  isTagHidden,
  viewCreator,
  viewTag,
  type SimState,
  type SimTagView,
} from "./state.js";
import {
  accountJson,
  accountMediaJson,
  postJson,
  suggestionJson,
  tagJson,
  type JsonObject,
} from "./wire.js";

/** One E2 request after parsing. */
export interface FeedQuery {
  /** Empty asks for the global feed. */
  readonly tagIds: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

/**
 * The posts of one feed page. Several tag ids give their feeds one after
 * another without repeats; unknown and hidden tags give nothing.
 */
export function pagePosts(
  state: SimState,
  query: FeedQuery,
  nowMs: number,
): SimPost[] {
  const { dataset } = state.store;
  const order = feedOrder(state, query.tagIds, nowMs);
  return order
    .slice(query.offset, query.offset + query.limit)
    .map((index) => itemAt(dataset.posts, index));
}

function feedOrder(
  state: SimState,
  tagIds: readonly string[],
  nowMs: number,
): readonly number[] {
  const { dataset } = state.store;
  if (tagIds.length === 0) return dataset.globalFeed;

  const merged = new Set<number>();
  for (const tagId of tagIds) {
    const tag = dataset.tagsById.get(tagId);
    if (tag === undefined || isTagHidden(state, tag, nowMs)) continue;
    for (const index of dataset.feeds.get(tagId) ?? []) merged.add(index);
  }
  return [...merged];
}

/** The tags a post shows in `postTags`: hidden ones are left out. */
export function visibleTagsOf(
  state: SimState,
  post: SimPost,
  nowMs: number,
): SimTagView[] {
  const views: SimTagView[] = [];
  for (const tagId of post.tagIds) {
    const tag = state.store.dataset.tagsById.get(tagId);
    if (tag === undefined) continue;
    const view = viewTag(state, tag, nowMs);
    if (!view.hidden) views.push(view);
  }
  return views;
}

/** The E2 `response` object for a page of posts. */
export function suggestionsResponse(
  state: SimState,
  posts: readonly SimPost[],
  nowMs: number,
): JsonObject {
  const suggestions = posts.map((post) =>
    suggestionJson(post, visibleTagsOf(state, post, nowMs).map(tagJson)),
  );
  const byId = [...posts].sort((a, b) => compareSnowflakes(a.id, b.id));

  return {
    mediaOfferSuggestions: suggestions,
    aggregationData: {
      accounts: accountsOf(state, posts, nowMs),
      accountMedia: posts.map(accountMediaJson),
      accountMediaBundles: [],
      posts: byId.map((post) => postJson(post, captionNames(state, post))),
      tips: [],
      tipGoals: [],
      stories: [],
    },
  };
}

/** The visible authors of the page, each once, in order of first post. */
function accountsOf(
  state: SimState,
  posts: readonly SimPost[],
  nowMs: number,
): JsonObject[] {
  const authors = new Map<string, SimCreator>();
  for (const post of posts) {
    const author = state.store.dataset.creatorsById.get(post.accountId);
    if (author === undefined || state.hiddenCreators.has(author.id)) continue;
    authors.set(author.id, author);
  }
  return [...authors.values()].map((author) =>
    accountJson(author, viewCreator(state, author, nowMs), nowMs),
  );
}

/** The caption is the creator's text, so it keeps hidden tags too. */
function captionNames(state: SimState, post: SimPost): string[] {
  return post.tagIds.flatMap((tagId) => {
    const tag = state.store.dataset.tagsById.get(tagId);
    return tag === undefined ? [] : [tag.name];
  });
}
