import { peakRssKb } from "./peak-rss.js";
import { openDb } from "../../src/db/open.js";
import { createTagStore, type ObserveResult } from "../../src/db/tag-store.js";
import type { FanslyTag } from "../../src/fansly/types.js";
import {
  toPages,
  writePage,
  type PageWriter,
} from "../../src/workers/items.js";
import { TAG_FETCH_PAGE } from "../../src/workers/tag-updater.js";
import { createWriteBuffer } from "../../src/workers/write-buffer.js";
import { BENCH_NOW_MS, benchTagId } from "./datagen.js";

/** Rows per transaction of the raw baseline (DESIGN §11's batch). */
export const RAW_BATCH = 1_000;

export interface BulkInput {
  readonly db: string;
  readonly count: number;
  /** Observations per transaction at most. */
  readonly pageSize: number;
}

/** The observation the bulk-write scenario stores for tag `i`. */
function observationOf(i: number): FanslyTag {
  const viewCount = 1_000 + i * 3;
  return {
    id: benchTagId(i),
    name: `tag${i.toString(36)}`,
    viewCount,
    postCount: Math.ceil(viewCount / 400),
    createdAt: BENCH_NOW_MS - 86_400_000,
  };
}

const observations = (count: number): FanslyTag[] =>
  Array.from({ length: count }, (_, i) => observationOf(i));

/**
 * The project's own write path as the tag-updater drives it: answers
 * arrive a fetch page at a time and go through its write buffer into
 * writePage and createTagStore, at most `pageSize` per transaction.
 */
export async function bulkProject(input: BulkInput): Promise<{ ms: number }> {
  const db = await openDb(input.db);
  const rows = observations(input.count);
  const now = BENCH_NOW_MS;
  const started = performance.now();
  const store = createTagStore(db);
  const writer: PageWriter<FanslyTag, ObserveResult> = {
    write: (tag) => store.observeTracked(tag.id, tag, now),
    stored: () => {},
    failed: (_tag, error) => {
      throw error;
    },
  };
  const writes = createWriteBuffer<FanslyTag>({
    write: (batch) => writePage(db, batch, writer),
    // The bench stops at the first error, which the buffer throws anyway.
    lost: () => {},
    now: () => performance.now(),
    maxItems: input.pageSize,
  });
  for (const page of toPages(rows, TAG_FETCH_PAGE)) writes.add(page);
  writes.flush();
  const ms = performance.now() - started;
  await db.close();
  return { ms };
}

/** The same rows through two raw prepared statements, a page per transaction. */
export async function bulkRaw(input: BulkInput): Promise<{ ms: number }> {
  const db = await openDb(input.db);
  const rows = observations(input.count);
  const now = BENCH_NOW_MS;
  const started = performance.now();
  const update = db.sqlite.prepare(
    `update tags set view_count = ?, post_count = ?, last_checked_at = ?,
       misses = 0 where id = ?`,
  );
  const history = db.sqlite.prepare(
    "insert into tag_history (tag_id, observed_at, view_count, post_count) values (?, ?, ?, ?)",
  );
  const batch = db.sqlite.transaction((page: FanslyTag[]) => {
    for (const tag of page) {
      update.run(tag.viewCount, tag.postCount, now, tag.id);
      history.run(tag.id, now, tag.viewCount, tag.postCount);
    }
  });
  for (const page of toPages(rows, input.pageSize)) batch(page);
  const ms = performance.now() - started;
  await db.close();
  return { ms };
}

/** The plain ranking statement, as the baseline rank-calculator is held to. */
export async function ranksBaseline(input: { db: string }) {
  const db = await openDb(input.db);
  const started = performance.now();
  db.sqlite
    .prepare(
      `UPDATE tags SET rank = r.rnk FROM (SELECT id, DENSE_RANK() OVER
         (ORDER BY view_count DESC) AS rnk FROM tags) r WHERE tags.id = r.id`,
    )
    .run();
  const ms = performance.now() - started;
  await db.close();
  return { ms, maxRssKb: peakRssKb() };
}
