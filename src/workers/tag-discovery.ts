import { WorkerError } from "../errors.js";
import { createCreatorStore } from "../db/creator-store.js";
import { createDiscoveryStore } from "../db/discovery-store.js";
import { createTagStore } from "../db/tag-store.js";
import type { FanslyApi, SuggestionsPage } from "../fansly/types.js";
import {
  addMissingSeedTags,
  pickSourceTags,
  type SourceTag,
} from "./discovery-sources.js";
import { countFailure, writePage } from "./items.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

interface DiscoveryDetails {
  sources: string[];
  pages: number;
  posts: number;
  newTags: number;
  newCreators: number;
  tagObservations: number;
  creatorObservations: number;
  restored: number;
}

/** Ids observed in this run: one history row per entity per run is enough. */
interface RunMemory {
  readonly tags: Set<string>;
  readonly creators: Set<string>;
}

async function run(ctx: WorkerContext): Promise<WorkerReport> {
  const details: DiscoveryDetails = {
    sources: [],
    pages: 0,
    posts: 0,
    newTags: 0,
    newCreators: 0,
    tagObservations: 0,
    creatorObservations: 0,
    restored: 0,
  };
  ctx.progress.details = details as unknown as Record<string, unknown>;
  const api = await ctx.api();
  if (!ctx.dryRun) {
    details.newTags += await addMissingSeedTags(ctx.db, api, {
      seeds: ctx.config.seedTags,
      now: () => ctx.clock.now(),
      signal: ctx.signal,
      log: ctx.log,
    });
  }
  const memory: RunMemory = { tags: new Set(), creators: new Set() };
  const used = new Set<string>();
  // Sources are picked one at a time, so that tags found from the first
  // source can already serve as later sources of the same run.
  for (let i = 0; i < ctx.settings.batch; i += 1) {
    ctx.signal.throwIfAborted();
    const [source] = pickSourceTags(ctx.db, 1, used);
    if (!source) break;
    used.add(source.id);
    details.sources.push(source.name);
    try {
      await discoverFrom(ctx, api, source, memory, details);
      ctx.progress.ok += 1;
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      countFailure(
        ctx.progress,
        ctx.log,
        `discovery from '${source.name}'`,
        error as Error,
      );
    }
  }
  if (used.size === 0) {
    ctx.log.warn(
      "no tags are tracked yet: set FANSLY_SEED_TAGS or add one with `fansly-workers tags add NAME`",
    );
  }
  if (ctx.progress.ok === 0 && ctx.progress.failed > 0) {
    throw new WorkerError(
      "E_HTTP",
      `discovery failed for every source tag (${ctx.progress.failed})`,
    );
  }
  return ctx.progress;
}

async function discoverFrom(
  ctx: WorkerContext,
  api: FanslyApi,
  source: SourceTag,
  memory: RunMemory,
  details: DiscoveryDetails,
): Promise<void> {
  const limit = ctx.config.discoveryPageSize;
  for (let page = 0; page < ctx.config.discoveryPages; page += 1) {
    ctx.signal.throwIfAborted();
    const result = await api.getSuggestions(
      { tagId: source.id, limit, offset: page * limit },
      { signal: ctx.signal },
    );
    details.pages += 1;
    if (!ctx.dryRun) storePage(ctx, source, result, memory, details);
    if (result.suggestionCount < limit) break;
  }
  if (!ctx.dryRun) {
    createDiscoveryStore(ctx.db).markUsedForDiscovery(
      source.id,
      ctx.clock.now(),
    );
  }
}

/**
 * Stores one page in one transaction: the tags on its posts (their counts
 * are real observations), the creators of the posts, the posts themselves
 * and the co-occurrence of their tags. Each entity has its own savepoint.
 */
function storePage(
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

export const tagDiscovery: WorkerDefinition = {
  name: "tag-discovery",
  description: "Finds new tags and creators on the posts of tracked tags",
  run,
};
