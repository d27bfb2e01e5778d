import { DAY_MS, HOUR_MS } from "../clock.js";
import { drawGrowth, type Counter } from "./growth.js";
import type { HideWindow, SimTag } from "./model.js";
import {
  AWKWARD_NAMES_MIN_TAGS,
  AWKWARD_TAG_NAMES,
  createTagNamer,
} from "./names.js";
import { createRng, deriveSeed, paretoInt, type Rng } from "./prng.js";
import { FANSLY_EPOCH_MS, type IdMinter } from "./snowflake.js";

/** A tag before the posts exist; its post counter needs their number. */
export interface TagDraft extends Omit<SimTag, "posts"> {
  /** Views per post, so the post counter grows in step with the views. */
  readonly viewsPerPost: number;
}

const VIEW_RANGE = { min: 100, max: 100_000_000, alpha: 0.35 } as const;
/** Ids minted after this are above 2^53 (that takes 2^31 ms past the epoch). */
export const OLDEST_OBJECT_MS = FANSLY_EPOCH_MS + 40 * DAY_MS;
const HIDDEN_SHARE = 0.03;
const HIDING_MIN_TAGS = 10;

export interface TagBuildInput {
  readonly seed: number;
  readonly count: number;
  readonly epochMs: number;
  readonly minter: IdMinter;
}

export function buildTagDrafts(input: TagBuildInput): TagDraft[] {
  const rng = createRng(deriveSeed(input.seed, "tags"));
  const nameOf = createTagNamer(
    createRng(deriveSeed(input.seed, "tag-names")),
    input.count,
  );
  const hidden = pickHiddenTags(input);
  const drafts: TagDraft[] = [];

  for (let index = 0; index < input.count; index++) {
    const createdAt = rng.int(OLDEST_OBJECT_MS, input.epochMs - 7 * DAY_MS);
    drafts.push({
      id: input.minter.mint(createdAt),
      name: nameOf(index),
      createdAt,
      growth: drawGrowth(rng),
      views: drawViews(rng),
      viewsPerPost: rng.range(300, 3_000),
      hideWindow: hidden.get(index) ?? null,
    });
  }
  return drafts;
}

function drawViews(rng: Rng): Counter {
  const base = paretoInt(rng, VIEW_RANGE);
  // At least one view an hour, so a growing tag always moves within an hour.
  return { base, perHour: Math.max(1, base * rng.range(0.0005, 0.005)) };
}

/**
 * About 3 % of tags (at least one in a dataset of 10 or more) vanish for a
 * while during the first two weeks. Awkward names are spared, so tests of
 * encoding never meet a hidden tag.
 */
function pickHiddenTags(input: TagBuildInput): Map<number, HideWindow> {
  const windows = new Map<number, HideWindow>();
  if (input.count < HIDING_MIN_TAGS) return windows;

  const rng = createRng(deriveSeed(input.seed, "tag-hiding"));
  const firstPlain =
    input.count >= AWKWARD_NAMES_MIN_TAGS ? AWKWARD_TAG_NAMES.length + 1 : 0;
  const plain = Array.from(
    { length: input.count - firstPlain },
    (_, offset) => firstPlain + offset,
  );
  const hiddenCount = Math.max(1, Math.round(input.count * HIDDEN_SHARE));

  for (const index of rng.shuffle(plain).slice(0, hiddenCount)) {
    const hideAt = input.epochMs + rng.int(DAY_MS, 10 * DAY_MS);
    const showAt = hideAt + rng.int(12 * HOUR_MS, 4 * DAY_MS);
    windows.set(index, { hideAt, showAt });
  }
  return windows;
}

/** Adds the post counter once the posts carrying each tag are known. */
export function finishTag(draft: TagDraft, postsInDataset: number): SimTag {
  const { viewsPerPost, ...tag } = draft;
  return {
    ...tag,
    posts: {
      base: postsInDataset + Math.round(draft.views.base / viewsPerPost),
      perHour: draft.views.perHour / viewsPerPost,
    },
  };
}
