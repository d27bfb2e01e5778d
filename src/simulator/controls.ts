// What tests do to a running simulator besides moving its clock: hide and
// show things, add a tag with a chosen name, and ask what a feed page holds.

import { addTagToDataset } from "./dataset.js";
import { pagePosts, visibleTagsOf } from "./feed.js";
import { FLAT_GROWTH } from "./growth.js";
import type { SimCreator, SimTag } from "./model.js";
import { OLDEST_OBJECT_MS } from "./tags.js";
import { findCreator, findTag, viewTag, type SimState } from "./state.js";
import type { SimTagView } from "./state.js";

export interface AddTagOptions {
  /** Views it shows from now on; it never grows. @defaultValue 1000 */
  readonly viewCount?: number;
  /** @defaultValue 10 */
  readonly postCount?: number;
}

export function requireTag(state: SimState, name: string): SimTag {
  const tag = findTag(state, name);
  if (tag === undefined) {
    throw new TypeError(`The simulator has no tag named '${name}'`);
  }
  return tag;
}

export function requireCreator(
  state: SimState,
  idOrUsername: string,
): SimCreator {
  const creator = findCreator(state, idOrUsername);
  if (creator === undefined) {
    throw new TypeError(
      `The simulator has no creator with id or username '${idOrUsername}'`,
    );
  }
  return creator;
}

/** Forces the tag hidden (true) or shown (false), overriding its schedule. */
export function forceTagHidden(
  state: SimState,
  name: string,
  hidden: boolean,
): void {
  state.tagOverrides.set(requireTag(state, name).id, hidden);
}

export function setCreatorHidden(
  state: SimState,
  idOrUsername: string,
  hidden: boolean,
): void {
  const { id } = requireCreator(state, idOrUsername);
  if (hidden) state.hiddenCreators.add(id);
  else state.hiddenCreators.delete(id);
}

/** A flat tag, created now and carried by no post: E1 finds it, E2 does not. */
export function addFlatTag(
  state: SimState,
  name: string,
  options: AddTagOptions = {},
): SimTagView {
  const viewCount = options.viewCount ?? 1_000;
  const postCount = options.postCount ?? 10;
  if (name.trim() === "") throw new TypeError("A tag name cannot be empty");
  for (const count of [viewCount, postCount]) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new TypeError(
        `Tag counts must be non-negative integers (got ${count})`,
      );
    }
  }
  const now = state.clock.now();
  const createdAt = Math.max(OLDEST_OBJECT_MS, now);
  const tag: SimTag = {
    id: state.store.minter.mint(createdAt),
    name,
    createdAt,
    growth: FLAT_GROWTH,
    views: { base: viewCount, perHour: 0 },
    posts: { base: postCount, perHour: 0 },
    hideWindow: null,
  };
  addTagToDataset(state.store, tag);
  return viewTag(state, tag, now);
}

/** Names of the visible tags on one feed page, each once, in page order. */
export function tagNamesOnPage(
  state: SimState,
  tagId: string,
  page: { readonly limit: number; readonly offset: number },
): string[] {
  const now = state.clock.now();
  const posts = pagePosts(state, { tagIds: [tagId], ...page }, now);
  const names = new Set<string>();
  for (const post of posts) {
    for (const view of visibleTagsOf(state, post, now)) names.add(view.name);
  }
  return [...names];
}
