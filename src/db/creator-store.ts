import type { Statement } from "better-sqlite3";
import type { EntitySource } from "./schema.js";
import type { Db } from "./open.js";
import type { FanslyAccount } from "../fansly/types.js";
import type { ObserveResult } from "./tag-store.js";
import { nextLastObservedAtSql } from "./last-observed.js";

/** Prepared statements for creators: counts and history row together. */
export interface CreatorStore {
  observe(
    account: FanslyAccount,
    now: number,
    source: EntitySource,
  ): ObserveResult;
  miss(id: string, now: number, missesBeforeDeleted: number): boolean;
}

export function createCreatorStore(db: Db): CreatorStore {
  const s = prepareCreatorStatements(db);
  return {
    observe(account, now, source) {
      const before = s.state.get(account.id) as
        { deleted_at: number | null } | undefined;
      const counts = [
        account.followers,
        account.subscribers,
        account.mediaLikes,
        account.postLikes,
        account.imageCount,
        account.videoCount,
      ];
      if (before) {
        s.update.run({
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
      } else {
        s.insert.run(
          account.id,
          account.username,
          account.displayName,
          ...counts,
          account.createdAt,
          now,
          now,
          now,
          source,
        );
      }
      s.history.run(account.id, now, ...counts);
      if (!before) return "inserted";
      return before.deleted_at != null ? "restored" : "updated";
    },
    miss(id, now, missesBeforeDeleted) {
      const row = s.miss.get(now, missesBeforeDeleted, now, id) as
        { deleted_at: number | null } | undefined;
      return row?.deleted_at === now;
    },
  };
}

const COUNT_COLUMNS =
  "followers, subscribers, media_likes, post_likes, image_count, video_count";

function prepareCreatorStatements(
  db: Db,
): Record<"state" | "update" | "insert" | "history" | "miss", Statement> {
  return {
    state: db.sqlite.prepare("select deleted_at from creators where id = ?"),
    update: db.sqlite.prepare(
      `update creators set username = @username, display_name = @display_name,
         followers = @followers, subscribers = coalesce(@subscribers, subscribers),
         media_likes = coalesce(@media_likes, media_likes),
         post_likes = coalesce(@post_likes, post_likes),
         image_count = coalesce(@image_count, image_count),
         video_count = coalesce(@video_count, video_count),
         fansly_created_at = coalesce(fansly_created_at, @created_at),
         last_checked_at = @now, misses = 0, deleted_at = null,
         growth_observed_at = null,
         last_observed_at = ${nextLastObservedAtSql("creator_history", "creator_id")}
       where id = @id`,
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
      `update creators set misses = misses + 1, last_checked_at = ?,
         deleted_at = case when deleted_at is null and misses + 1 >= ? then ?
           else deleted_at end
       where id = ?
       returning deleted_at`,
    ),
  };
}
