import type BetterSqlite3 from "better-sqlite3";
import { HOUR_MS } from "../../src/clock.js";
import { openDb } from "../../src/db/open.js";
import { createTagStore } from "../../src/db/tag-store.js";
import { createRng, type Rng } from "../../src/simulator/prng.js";
import { WRITE_BATCH_ITEMS } from "../../src/workers/write-buffer.js";
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

/**
 * One new observation of every tracked tag at `atMs`, written as the
 * tag-updater writes them: through the tag store, a write batch of items per
 * transaction. Each count moves by what one hour of its growth range gives.
 */
export async function observeEveryTag(
  path: string,
  atMs: number,
  seed = 11,
): Promise<number> {
  const rng = createRng(seed);
  const db = await openDb(path);
  try {
    const store = createTagStore(db);
    const rows = db.sqlite
      .prepare(
        "select id, name, view_count from tags where deleted_at is null order by id",
      )
      .all() as { id: string; name: string; view_count: number }[];
    const write = db.sqlite.transaction((batch: typeof rows) => {
      for (const { id, name, view_count } of batch) {
        const viewCount = Math.round(
          view_count * (1 + rng.range(-0.0002, 0.002)),
        );
        const tag = {
          id,
          name,
          viewCount,
          postCount: posts(viewCount),
          createdAt: null,
        };
        store.observeTracked(id, tag, atMs);
      }
    });
    for (let i = 0; i < rows.length; i += WRITE_BATCH_ITEMS) {
      write(rows.slice(i, i + WRITE_BATCH_ITEMS));
    }
    return rows.length;
  } finally {
    await db.close();
  }
}
