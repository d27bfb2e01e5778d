import type { Statement } from "better-sqlite3";
import type { EntitySource } from "./schema.js";
import type { Db } from "./open.js";
import type { FanslyTag } from "../fansly/types.js";
import {
  MISS_IS_CURRENT_SQL,
  RESTORE_SQL,
  observationSetSql,
} from "./last-observed.js";

export type ObserveResult = "updated" | "inserted" | "restored";

/**
 * Prepared statements for the hot tag write path: a count update always
 * goes together with its history row, inside the caller's transaction. An
 * observation older than the one the row holds adds only its history row
 * (see observationSetSql); a miss older than the row's last check is void.
 */
export interface TagStore {
  /** Stores an observation of a tag; inserts it when it is new. */
  observe(tag: FanslyTag, now: number, source: EntitySource): ObserveResult;
  /** Stores an observation for a tracked row (the row's id wins over the API's). */
  observeTracked(rowId: string, tag: FanslyTag, now: number): ObserveResult;
  /** Counts a not-found answer; returns true when the tag just became deleted. */
  miss(rowId: string, now: number, missesBeforeDeleted: number): boolean;
}

export function createTagStore(db: Db): TagStore {
  const s = prepareTagStatements(db);
  // One UPDATE for a live row, the common case; only when it matches
  // nothing does a second one look for a deleted row to restore. Reading
  // the row's state first cost every observation a statement (issue #6).
  const updateCounts = (
    rowId: string,
    tag: FanslyTag,
    now: number,
  ): ObserveResult | null => {
    const values = {
      view_count: tag.viewCount,
      post_count: tag.postCount,
      created_at: tag.createdAt,
      now,
      id: rowId,
    };
    if (s.update.run(values).changes === 1) return "updated";
    const restored = s.restore.get(values) as
      { deleted_at: number | null } | undefined;
    if (restored === undefined) return null;
    return restored.deleted_at === null ? "restored" : "updated";
  };
  return {
    observe(tag, now, source) {
      const result =
        updateCounts(tag.id, tag, now) ?? insertTag(s.insert, tag, now, source);
      s.history.run(tag.id, now, tag.viewCount, tag.postCount);
      return result;
    },
    observeTracked(rowId, tag, now) {
      const result = updateCounts(rowId, tag, now);
      // A row that is gone fails here, on the history row's foreign key.
      s.history.run(rowId, now, tag.viewCount, tag.postCount);
      return result ?? "updated";
    },
    miss(rowId, now, missesBeforeDeleted) {
      const row = s.miss.get({ now, limit: missesBeforeDeleted, id: rowId }) as
        { deleted_at: number | null } | undefined;
      return row?.deleted_at === now;
    },
  };
}

function insertTag(
  insert: Statement,
  tag: FanslyTag,
  now: number,
  source: EntitySource,
): "inserted" {
  const { id, name, viewCount, postCount, createdAt } = tag;
  insert.run(id, name, viewCount, postCount, createdAt, now, now, now, source);
  return "inserted";
}

const SET_COUNTS = `fansly_created_at = coalesce(fansly_created_at, @created_at),
  ${observationSetSql(
    { table: "tag_history", key: "tag_id" },
    {
      view_count: "@view_count",
      post_count: "coalesce(@post_count, post_count)",
    },
  )}`;

function prepareTagStatements(
  db: Db,
): Record<"update" | "restore" | "insert" | "history" | "miss", Statement> {
  return {
    update: db.sqlite.prepare(
      `update tags set ${SET_COUNTS} where id = @id and deleted_at is null`,
    ),
    restore: db.sqlite.prepare(
      `update tags set ${SET_COUNTS}, ${RESTORE_SQL}
       where id = @id and deleted_at is not null
       returning deleted_at`,
    ),
    insert: db.sqlite.prepare(
      `insert into tags (id, name, view_count, post_count, fansly_created_at,
         first_seen_at, last_checked_at, last_observed_at, source)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    history: db.sqlite.prepare(
      `insert into tag_history (tag_id, observed_at, view_count, post_count)
       values (?, ?, ?, ?)
       on conflict (tag_id, observed_at) do update set
         view_count = excluded.view_count, post_count = excluded.post_count`,
    ),
    // `returning` tells in the same statement whether this miss deleted it.
    miss: db.sqlite.prepare(
      `update tags set misses = misses + 1, last_checked_at = @now,
         deleted_at = case when deleted_at is null and misses + 1 >= @limit
           then @now else deleted_at end
       where id = @id and ${MISS_IS_CURRENT_SQL}
       returning deleted_at`,
    ),
  };
}
