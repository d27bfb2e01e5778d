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

/** Counts what a write did; called once its transaction has committed. */
type Count = () => void;

const NOTHING_TO_COUNT: Count = () => {};

/** One entity's write, with what to call it when it fails. */
interface Write {
  readonly what: string;
  /** Stores the entity; may run twice (writePage), so it only returns its count. */
  readonly write: () => Count;
}

/** What every write of one page shares. */
interface PageWrites {
  readonly ctx: WorkerContext;
  readonly now: number;
  readonly memory: RunMemory;
  readonly details: DiscoveryDetails;
}

function tagWrites(w: PageWrites, page: SuggestionsPage): Write[] {
  const tags = createTagStore(w.ctx.db);
  const writes: Write[] = [];
  for (const tag of page.posts.flatMap((post) => post.tags)) {
    if (w.memory.tags.has(tag.id)) continue;
    w.memory.tags.add(tag.id);
    writes.push({
      what: `tag '${tag.name}'`,
      write: () => {
        const result = tags.observe(tag, w.now, "discovered");
        return () => {
          w.details.tagObservations += 1;
          if (result === "inserted") w.details.newTags += 1;
          if (result === "restored") w.details.restored += 1;
        };
      },
    });
  }
  return writes;
}

function creatorWrites(w: PageWrites, page: SuggestionsPage): Write[] {
  const creators = createCreatorStore(w.ctx.db);
  const writes: Write[] = [];
  for (const account of page.accounts) {
    if (w.memory.creators.has(account.id)) continue;
    w.memory.creators.add(account.id);
    writes.push({
      what: `creator '${account.username}'`,
      write: () => {
        const result = creators.observe(account, w.now, "discovered");
        return () => {
          w.details.creatorObservations += 1;
          if (result === "inserted") w.details.newCreators += 1;
        };
      },
    });
  }
  return writes;
}

function postWrites(
  w: PageWrites,
  page: SuggestionsPage,
  source: SourceTag,
): Write[] {
  const discovery = createDiscoveryStore(w.ctx.db);
  return page.posts.map((post) => ({
    what: `post ${post.id}`,
    write: () => {
      if (!discovery.addPost(post, source.id, w.now)) return NOTHING_TO_COUNT;
      discovery.addCooccurrence(post, w.now);
      return () => {
        w.details.posts += 1;
      };
    },
  }));
}

/**
 * Stores one page in one transaction: the tags on its posts (their counts
 * are real observations), the creators of the posts, the posts themselves
 * and the co-occurrence of their tags. An entity that fails is rolled back
 * alone (writePage).
 */
export function storePage(
  ctx: WorkerContext,
  source: SourceTag,
  page: SuggestionsPage,
  memory: RunMemory,
  details: DiscoveryDetails,
): void {
  const w: PageWrites = { ctx, now: ctx.clock.now(), memory, details };
  const writes = [
    ...tagWrites(w, page),
    ...creatorWrites(w, page),
    ...postWrites(w, page, source),
  ];
  writePage(ctx.db, writes, {
    write: (item) => item.write(),
    stored: (_item, count) => count(),
    failed: (item, error) =>
      countFailure(ctx.progress, ctx.log, `storing ${item.what}`, error),
  });
}
