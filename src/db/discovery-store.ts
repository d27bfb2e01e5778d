import type { Db } from "./open.js";
import type { FanslyPost } from "../fansly/types.js";

/** Records posts seen by discovery and the tag co-occurrence they carry. */
export interface DiscoveryStore {
  /** Inserts the post; returns false when it was already known. */
  addPost(post: FanslyPost, sourceTagId: string, now: number): boolean;
  /** Counts every pair of the post's tags once, in both directions, on today's UTC day. */
  addCooccurrence(post: FanslyPost, now: number): number;
  markUsedForDiscovery(tagId: string, now: number): void;
}

export const utcDay = (ms: number): string =>
  new Date(ms).toISOString().slice(0, 10);

export function createDiscoveryStore(db: Db): DiscoveryStore {
  const insertPost = db.sqlite.prepare(
    `insert or ignore into posts (id, account_id, created_at, first_seen_at, source_tag_id)
     values (?, ?, ?, ?, ?)`,
  );
  const addPair = db.sqlite.prepare(
    `insert into tag_relations (tag_id, related_tag_id, day, post_count)
     values (?, ?, ?, 1)
     on conflict (tag_id, related_tag_id, day) do update set
       post_count = post_count + 1`,
  );
  const markUsed = db.sqlite.prepare(
    "update tags set last_used_for_discovery = ? where id = ?",
  );
  return {
    addPost: (post, sourceTagId, now) =>
      insertPost.run(post.id, post.accountId, post.createdAt, now, sourceTagId)
        .changes === 1,
    addCooccurrence(post, now) {
      // The day discovery saw the post, not the day it was posted: Fansly's
      // feed serves old posts too, and `related --window` asks what has been
      // seen together lately.
      const day = utcDay(now);
      const ids = [...new Set(post.tags.map((tag) => tag.id))];
      let pairs = 0;
      for (const a of ids) {
        for (const b of ids) {
          if (a === b) continue;
          addPair.run(a, b, day);
          pairs += 1;
        }
      }
      return pairs / 2;
    },
    markUsedForDiscovery: (tagId, now) => {
      markUsed.run(now, tagId);
    },
  };
}
