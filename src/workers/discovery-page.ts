import { createCreatorStore } from "../db/creator-store.js";
import { createDiscoveryStore } from "../db/discovery-store.js";
import { createTagStore } from "../db/tag-store.js";
import type { SuggestionsPage } from "../fansly/types.js";
import type { SourceTag } from "./discovery-sources.js";
import { countFailure, writePage } from "./items.js";
import type { WorkerContext } from "./types.js";

export interface DiscoveryDetails {
  sources: string[];
  pages: number;
  posts: number;
  newTags: number;
  newCreators: number;
  tagObservations: number;
  creatorObservations: number;
  restored: number;
  /** Source tags whose first page stayed empty (suspected soft throttling). */
  throttled: number;
}

/** Ids observed in this run: one history row per entity per run is enough. */
export interface RunMemory {
  readonly tags: Set<string>;
  readonly creators: Set<string>;
}

/**
 * Stores one page in one transaction: the tags on its posts (their counts
 * are real observations), the creators of the posts, the posts themselves
 * and the co-occurrence of their tags. Each entity has its own savepoint.
 */
export function storePage(
  ctx: WorkerContext,
  source: SourceTag,
  page: SuggestionsPage,
  memory: RunMemory,
  details: DiscoveryDetails,
): void {
  const now = ctx.clock.now();
  const tags = createTagStore(ctx.db);
  const creators = createCreatorStore(ctx.db);
  const discovery = createDiscoveryStore(ctx.db);
  const writes: { what: string; write: () => void }[] = [];
  for (const post of page.posts) {
    for (const tag of post.tags) {
      if (memory.tags.has(tag.id)) continue;
      memory.tags.add(tag.id);
      writes.push({
        what: `tag '${tag.name}'`,
        write: () => {
          const result = tags.observe(tag, now, "discovered");
          details.tagObservations += 1;
          if (result === "inserted") details.newTags += 1;
          if (result === "restored") details.restored += 1;
        },
      });
    }
  }
  for (const account of page.accounts) {
    if (memory.creators.has(account.id)) continue;
    memory.creators.add(account.id);
    writes.push({
      what: `creator '${account.username}'`,
      write: () => {
        const result = creators.observe(account, now, "discovered");
        details.creatorObservations += 1;
        if (result === "inserted") details.newCreators += 1;
      },
    });
  }
  for (const post of page.posts) {
    writes.push({
      what: `post ${post.id}`,
      write: () => {
        if (!discovery.addPost(post, source.id, now)) return;
        details.posts += 1;
        discovery.addCooccurrence(post, now);
      },
    });
  }
  writePage(
    ctx.db,
    writes,
    (item) => item.write(),
    (item, error) =>
      countFailure(ctx.progress, ctx.log, `storing ${item.what}`, error),
  );
}
