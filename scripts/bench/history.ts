import type BetterSqlite3 from "better-sqlite3";
import { HOUR_MS } from "../../src/clock.js";
import { createRng, type Rng } from "../../src/simulator/prng.js";
import {
  BENCH_NOW_MS,
  insertInBatches,
  viewCountFrom,
  type TagSeed,
} from "./datagen.js";

/** Average gap between two observations of one tag: 30 of them span ~9 days. */
const OBSERVATION_GAP_MS = 7.5 * HOUR_MS;

export interface HistoryOptions {
  /** Observations per tag. */
  readonly perTag: number;
  /** The last observation of every tag is at this instant. @defaultValue 2 h before BENCH_NOW_MS */
  readonly lastAtMs?: number;
  /** @defaultValue 7 */
  readonly seed?: number;
}

/**
 * Inserts tracked tags together with their history: `perTag` observations
 * at irregular times, growing at a per-tag rate, the last one matching the
 * tag row's counts, as the tag-updater would have left them.
 */
export function insertTagsWithHistory(
  sqlite: BetterSqlite3.Database,
  tags: Iterable<TagSeed>,
  options: HistoryOptions,
): number {
  const rng = createRng(options.seed ?? 7);
  const lastAt = options.lastAtMs ?? BENCH_NOW_MS - 2 * HOUR_MS;
  const firstAt = lastAt - (options.perTag - 1) * OBSERVATION_GAP_MS;
  const tag = sqlite.prepare(
    `insert into tags (id, name, view_count, post_count, first_seen_at,
       last_checked_at, last_observed_at, deleted_at, source)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'manual')`,
  );
  const history = sqlite.prepare(
    `insert into tag_history (tag_id, observed_at, view_count, post_count)
     values (?, ?, ?, ?)`,
  );
  const write = (seed: TagSeed): void => {
    const latest = viewCountFrom(rng);
    const growthPerHour = rng.range(-0.0002, 0.002);
    const deletedAt = rng.chance(0.02) ? lastAt : null;
    const row = [latest, posts(latest), firstAt, lastAt, lastAt, deletedAt];
    tag.run(seed.id, seed.name, ...row);
    for (let k = 0; k < options.perTag; k += 1) {
      const at = observationTime(rng, lastAt, options.perTag - 1 - k);
      const hoursBefore = (lastAt - at) / HOUR_MS;
      const views = Math.round(latest / (1 + growthPerHour) ** hoursBefore);
      history.run(seed.id, at, views, posts(views));
    }
  };
  return insertInBatches(sqlite, tags, write);
}

/** `stepsBefore` gaps before the last observation, give or take an hour. */
function observationTime(rng: Rng, lastAt: number, stepsBefore: number) {
  if (stepsBefore === 0) return lastAt;
  const jitter = rng.range(-1, 1) * HOUR_MS;
  return Math.round(lastAt - stepsBefore * OBSERVATION_GAP_MS + jitter);
}

const posts = (views: number): number => Math.ceil(views / 400);
