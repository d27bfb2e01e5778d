import type { Statement } from "better-sqlite3";
import type { EntitySource } from "./schema.js";
import type { Db } from "./open.js";
import type { FanslyAccount } from "../fansly/types.js";
import type { ObserveResult } from "./tag-store.js";
import {
  MISS_IS_CURRENT_SQL,
  RESTORE_SQL,
  observationSetSql,
} from "./last-observed.js";

/**
 * Prepared statements for creators: counts and history row together. As
 * for tags, an observation older than the row's keeps only its history row.
 */
export interface CreatorStore {
  /** Stores an observation of a creator; inserts it when it is new. */
  observe(
    account: FanslyAccount,
    now: number,
    source: EntitySource,
  ): ObserveResult;
  /**
   * Stores an observation for a tracked row and never inserts one: a row
   * removed meanwhile fails here, on the history row's foreign key.
   */
  observeTracked(account: FanslyAccount, now: number): ObserveResult;
  miss(id: string, now: number, missesBeforeDeleted: number): boolean;
}

export function createCreatorStore(db: Db): CreatorStore {
  const s = prepareCreatorStatements(db);
  const countsOf = (account: FanslyAccount) =>
    [
      account.followers,
      account.subscribers,
      account.mediaLikes,
      account.postLikes,
      account.imageCount,
      account.videoCount,
    ] as const;
  // As for tags: one UPDATE for a live row, a second only when it missed.
  const updateCounts = (
    account: FanslyAccount,
    now: number,
  ): ObserveResult | null => {
    const values = namedValues(account, now);
    if (s.update.run(values).changes === 1) return "updated";
    const restored = s.restore.get(values) as
      { deleted_at: number | null } | undefined;
    if (restored === undefined) return null;
    return restored.deleted_at === null ? "restored" : "updated";
  };
  return {
    observe(account, now, source) {
      const result = updateCounts(account, now);
      if (result === null) {
        const { id, username, displayName, createdAt } = account;
        const counts = countsOf(account);
        // first_seen_at, last_checked_at and last_observed_at
        const times = [now, now, now];
        s.insert.run(
          id,
          username,
          displayName,
          ...counts,
          createdAt,
          ...times,
          source,
        );
      }
      s.history.run(account.id, now, ...countsOf(account));
      return result ?? "inserted";
    },
    observeTracked(account, now) {
      const result = updateCounts(account, now);
      s.history.run(account.id, now, ...countsOf(account));
      return result ?? "updated";
    },
    miss(id, now, missesBeforeDeleted) {
      const row = s.miss.get({ now, limit: missesBeforeDeleted, id }) as
        { deleted_at: number | null } | undefined;
      return row?.deleted_at === now;
    },
  };
}

const namedValues = (account: FanslyAccount, now: number) => ({
  username: account.username,
  display_name: account.displayName,
  followers: account.followers,
  subscribers: account.subscribers,
  media_likes: account.mediaLikes,
  post_likes: account.postLikes,
  image_count: account.imageCount,
  video_count: account.videoCount,
  created_at: account.createdAt,
  now,
  id: account.id,
});

const COUNT_COLUMNS =
  "followers, subscribers, media_likes, post_likes, image_count, video_count";

const SET_COUNTS = `fansly_created_at = coalesce(fansly_created_at, @created_at),
  ${observationSetSql(
    { table: "creator_history", key: "creator_id" },
    {
      username: "@username",
      display_name: "@display_name",
      followers: "@followers",
      subscribers: "coalesce(@subscribers, subscribers)",
      media_likes: "coalesce(@media_likes, media_likes)",
      post_likes: "coalesce(@post_likes, post_likes)",
      image_count: "coalesce(@image_count, image_count)",
      video_count: "coalesce(@video_count, video_count)",
    },
  )}`;

function prepareCreatorStatements(
  db: Db,
): Record<"update" | "restore" | "insert" | "history" | "miss", Statement> {
  return {
    update: db.sqlite.prepare(
      `update creators set ${SET_COUNTS} where id = @id and deleted_at is null`,
    ),
    restore: db.sqlite.prepare(
      `update creators set ${SET_COUNTS}, ${RESTORE_SQL}
       where id = @id and deleted_at is not null
       returning deleted_at`,
    ),
    insert: db.sqlite.prepare(
      `insert into creators (id, username, display_name, ${COUNT_COLUMNS},
         fansly_created_at, first_seen_at, last_checked_at, last_observed_at, source)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    history: db.sqlite.prepare(
      `insert into creator_history (creator_id, observed_at, ${COUNT_COLUMNS})
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (creator_id, observed_at) do update set
         followers = excluded.followers, subscribers = excluded.subscribers,
         media_likes = excluded.media_likes, post_likes = excluded.post_likes,
         image_count = excluded.image_count, video_count = excluded.video_count`,
    ),
    miss: db.sqlite.prepare(
      `update creators set misses = misses + 1, last_checked_at = @now,
         deleted_at = case when deleted_at is null and misses + 1 >= @limit
           then @now else deleted_at end
       where id = @id and ${MISS_IS_CURRENT_SQL}
       returning deleted_at`,
    ),
  };
}
