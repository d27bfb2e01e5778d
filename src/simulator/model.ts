// The simulator's dataset. Counters are stored as curves (growth.ts), never as
// values: what the API answers is computed from the clock at request time.

import type { Counter, Growth } from "./growth.js";

/** A scheduled absence: hidden from `hideAt` (inclusive) to `showAt`. */
export interface HideWindow {
  readonly hideAt: number;
  readonly showAt: number;
}

export interface SimTag {
  /** Snowflake minted from `createdAt`. */
  readonly id: string;
  /** Canonical lower-case name, as E1 and `postTags` spell it. */
  readonly name: string;
  /** Unix ms (E1 and `postTags` send ms). */
  readonly createdAt: number;
  readonly growth: Growth;
  readonly views: Counter;
  /** Its base is at least the number of dataset posts carrying the tag. */
  readonly posts: Counter;
  readonly hideWindow: HideWindow | null;
}

export interface SimCreator {
  readonly id: string;
  /** Mixed case for some creators; lookups ignore case. */
  readonly username: string;
  /** `""` for about a quarter of creators. */
  readonly displayName: string;
  /** Unix ms. */
  readonly createdAt: number;
  readonly version: number;
  readonly about: string;
  readonly location: string;
  /** How long before "now" the creator was last seen; null sends `0` (hidden). */
  readonly lastSeenLagMs: number | null;
  readonly growth: Growth;
  readonly followers: Counter;
  /** Zero and flat for most creators, as Fansly usually hides it. */
  readonly subscribers: Counter;
  readonly postLikes: Counter;
  readonly mediaLikes: Counter;
  readonly images: Counter;
  readonly videos: Counter;
  readonly bundles: number;
}

export interface SimPost {
  readonly id: string;
  readonly accountId: string;
  /** Unix ms; the wire sends seconds. */
  readonly createdAt: number;
  /** 1 to 5 tag ids, in the order the post lists them. */
  readonly tagIds: readonly string[];
  /** The suggestion that carries the post in feeds. */
  readonly suggestionId: string;
  /** The `accountMedia` entry the suggestion offers. */
  readonly mediaOfferId: string;
  readonly mediaId: string;
  /** 1 image, 2 video. */
  readonly mediaType: 1 | 2;
  /** Unix ms of the media object (the wire sends seconds). */
  readonly mediaCreatedAt: number;
  readonly likeCount: number;
  /** Left out of the wire object when 0, like the real API. */
  readonly replyCount: number;
  readonly mediaLikeCount: number;
}

/** The whole dataset, read-only to everything outside the simulator. */
export interface SimDataset {
  readonly seed: number;
  /** Simulated "now" at which every counter equals its base. */
  readonly epochMs: number;
  readonly tags: readonly SimTag[];
  readonly creators: readonly SimCreator[];
  readonly posts: readonly SimPost[];
  /** Feed order of each tag id, as indexes into `posts`. */
  readonly feeds: ReadonlyMap<string, readonly number[]>;
  /** Order of the feed asked for without `tagIds`. */
  readonly globalFeed: readonly number[];
  readonly tagsById: ReadonlyMap<string, SimTag>;
  /** Keyed by `nameKey(name)`. */
  readonly tagsByName: ReadonlyMap<string, SimTag>;
  readonly creatorsById: ReadonlyMap<string, SimCreator>;
  /** Keyed by `nameKey(username)`. */
  readonly creatorsByUsername: ReadonlyMap<string, SimCreator>;
}

/** The same dataset as the simulator holds it, open to `addTag`. */
export interface MutableDataset extends SimDataset {
  readonly tags: SimTag[];
  readonly tagsById: Map<string, SimTag>;
  readonly tagsByName: Map<string, SimTag>;
}

/** Lookup key for names: Unicode-normalized and case-folded. */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}
