import { HOUR_MS, type Clock } from "../clock.js";
import type { DatasetStore } from "./dataset.js";
import { counterAt, elapsedHours } from "./growth.js";
import { nameKey, type SimCreator, type SimTag } from "./model.js";

/** Everything a request handler reads: the dataset, the clock, and overrides. */
export interface SimState {
  readonly store: DatasetStore;
  readonly clock: Clock;
  /** Tag id → forced hidden (true) or forced shown (false), over any schedule. */
  readonly tagOverrides: Map<string, boolean>;
  /** Creator ids hidden by `hideCreator`; their accounts vanish from answers. */
  readonly hiddenCreators: Set<string>;
}

/** A tag as the simulator would answer for it at one moment. */
export interface SimTagView {
  readonly id: string;
  readonly name: string;
  readonly viewCount: number;
  readonly postCount: number;
  /** Unix ms. */
  readonly createdAt: number;
  /** When true, E1 answers null and `postTags` leave the tag out. */
  readonly hidden: boolean;
}

/** A creator's counters as the simulator would answer at one moment. */
export interface SimCreatorView {
  readonly id: string;
  readonly username: string;
  /** As sent, so possibly `""`. */
  readonly displayName: string;
  /** Unix ms. */
  readonly createdAt: number;
  readonly followers: number;
  readonly subscribers: number;
  readonly postLikes: number;
  readonly mediaLikes: number;
  /** From `timelineStats`, which is cached: counted at `timelineFetchedAt`. */
  readonly imageCount: number;
  readonly videoCount: number;
  readonly timelineFetchedAt: number;
  /** When true, E2, E3 and E4 leave the account out. */
  readonly hidden: boolean;
}

export function isTagHidden(
  state: SimState,
  tag: SimTag,
  nowMs: number,
): boolean {
  const forced = state.tagOverrides.get(tag.id);
  if (forced !== undefined) return forced;
  const window = tag.hideWindow;
  return window !== null && nowMs >= window.hideAt && nowMs < window.showAt;
}

export function viewTag(
  state: SimState,
  tag: SimTag,
  nowMs: number,
): SimTagView {
  const hours = elapsedHours(state.store.dataset.epochMs, nowMs);
  return {
    id: tag.id,
    name: tag.name,
    viewCount: counterAt(tag.views, tag.growth, hours),
    postCount: counterAt(tag.posts, tag.growth, hours),
    createdAt: tag.createdAt,
    hidden: isTagHidden(state, tag, nowMs),
  };
}

/** Fansly refreshes timeline stats lazily; here, on the hour. */
export function timelineFetchedAt(nowMs: number): number {
  return nowMs - (((nowMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

export function viewCreator(
  state: SimState,
  creator: SimCreator,
  nowMs: number,
): SimCreatorView {
  const { epochMs } = state.store.dataset;
  const hours = elapsedHours(epochMs, nowMs);
  const fetchedAt = timelineFetchedAt(nowMs);
  const statsHours = elapsedHours(epochMs, fetchedAt);
  const at = (counter: SimCreator["followers"], inHours: number) =>
    counterAt(counter, creator.growth, inHours);

  return {
    id: creator.id,
    username: creator.username,
    displayName: creator.displayName,
    createdAt: creator.createdAt,
    followers: at(creator.followers, hours),
    subscribers: at(creator.subscribers, hours),
    postLikes: at(creator.postLikes, hours),
    mediaLikes: at(creator.mediaLikes, hours),
    imageCount: at(creator.images, statsHours),
    videoCount: at(creator.videos, statsHours),
    timelineFetchedAt: fetchedAt,
    hidden: state.hiddenCreators.has(creator.id),
  };
}

/** Case-insensitive, like E1; hidden tags are found too. */
export function findTag(state: SimState, name: string): SimTag | undefined {
  return state.store.dataset.tagsByName.get(nameKey(name));
}

/** By id first, then by username without regard to case. */
export function findCreator(
  state: SimState,
  idOrUsername: string,
): SimCreator | undefined {
  const { creatorsById, creatorsByUsername } = state.store.dataset;
  return (
    creatorsById.get(idOrUsername) ??
    creatorsByUsername.get(nameKey(idOrUsername))
  );
}
