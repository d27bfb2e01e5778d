import { DAY_MS, MINUTE_MS } from "../clock.js";
import { drawGrowth, type Counter } from "./growth.js";
import type { SimCreator } from "./model.js";
import {
  aboutFor,
  createUsernamer,
  displayNameFor,
  locationFor,
} from "./names.js";
import { createRng, deriveSeed, paretoInt, type Rng } from "./prng.js";
import type { IdMinter } from "./snowflake.js";
import { OLDEST_OBJECT_MS } from "./tags.js";

const FOLLOWER_RANGE = { min: 50, max: 2_000_000, alpha: 0.5 } as const;
const SUBSCRIBERS_SHOWN_SHARE = 0.15;

export interface CreatorBuildInput {
  readonly seed: number;
  readonly count: number;
  readonly epochMs: number;
  readonly minter: IdMinter;
}

export function buildCreators(input: CreatorBuildInput): SimCreator[] {
  const rng = createRng(deriveSeed(input.seed, "creators"));
  const usernameOf = createUsernamer(
    createRng(deriveSeed(input.seed, "usernames")),
  );
  const creators: SimCreator[] = [];

  for (let index = 0; index < input.count; index++) {
    const createdAt = rng.int(OLDEST_OBJECT_MS, input.epochMs - 30 * DAY_MS);
    const username = usernameOf(index);
    creators.push({
      id: input.minter.mint(createdAt),
      username,
      displayName: displayNameFor(username, rng),
      createdAt,
      version: rng.int(1, 6),
      about: aboutFor(rng),
      location: locationFor(rng),
      lastSeenLagMs: rng.chance(0.3) ? null : rng.int(MINUTE_MS, 3 * DAY_MS),
      growth: drawGrowth(rng),
      ...drawCounters(rng),
    });
  }
  return creators;
}

type CreatorCounters = Pick<
  SimCreator,
  | "followers"
  | "subscribers"
  | "postLikes"
  | "mediaLikes"
  | "images"
  | "videos"
  | "bundles"
>;

function drawCounters(rng: Rng): CreatorCounters {
  const followers = drawFollowers(rng);
  const postLikes = scaled(followers, rng.range(0.5, 4), rng.range(0.5, 3));
  return {
    followers,
    subscribers: drawSubscribers(rng, followers),
    postLikes,
    mediaLikes: scaled(postLikes, rng.range(2, 5), rng.range(2, 5)),
    images: { base: rng.int(5, 2_000), perHour: rng.range(0.01, 0.1) },
    videos: { base: rng.int(0, 300), perHour: rng.range(0.002, 0.03) },
    bundles: rng.int(0, 20),
  };
}

function drawFollowers(rng: Rng): Counter {
  const base = paretoInt(rng, FOLLOWER_RANGE);
  return { base, perHour: Math.max(1, base * rng.range(0.0002, 0.002)) };
}

function drawSubscribers(rng: Rng, followers: Counter): Counter {
  if (!rng.chance(SUBSCRIBERS_SHOWN_SHARE)) return { base: 0, perHour: 0 };
  const most = Math.max(1, Math.floor(followers.base / 20));
  return { base: rng.int(1, most), perHour: followers.perHour / 50 };
}

function scaled(
  from: Counter,
  baseFactor: number,
  rateFactor: number,
): Counter {
  return {
    base: Math.round(from.base * baseFactor),
    perHour: from.perHour * rateFactor,
  };
}
