import { WorkerError } from "../errors.js";
import { createDiscoveryStore } from "../db/discovery-store.js";
import type { SuggestionsPage } from "../fansly/types.js";
import { isRunStopping } from "./breaker.js";
import {
  storePage,
  type DiscoveryDetails,
  type RunMemory,
} from "./discovery-page.js";
import {
  addMissingSeedTags,
  pickSourceTags,
  type SourceTag,
} from "./discovery-sources.js";
import { countFailure } from "./items.js";
import { openRunApi, type RunApi } from "./run-api.js";
import { fetchCheckingThrottle } from "./soft-throttle.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

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
    throttled: 0,
  };
  ctx.progress.details = details as unknown as Record<string, unknown>;
  const client = await openRunApi(ctx);
  try {
    if (!ctx.dryRun) {
      details.newTags += await addMissingSeedTags(ctx.db, client, {
        seeds: ctx.config.seedTags,
        now: () => ctx.clock.now(),
        log: ctx.log,
      });
    }
    await discoverFromSources(ctx, client, details);
  } finally {
    client.finish();
  }
  if (ctx.progress.ok === 0 && ctx.progress.failed > 0) {
    throw new WorkerError(
      "E_HTTP",
      `discovery failed for every source tag (${ctx.progress.failed})`,
    );
  }
  return ctx.progress;
}

/**
 * Sources are picked one at a time, so that tags found from the first
 * source can already serve as later sources of the same run.
 */
async function discoverFromSources(
  ctx: WorkerContext,
  client: RunApi,
  details: DiscoveryDetails,
): Promise<void> {
  const memory: RunMemory = { tags: new Set(), creators: new Set() };
  const used = new Set<string>();
  for (let i = 0; i < ctx.settings.batch; i += 1) {
    ctx.signal.throwIfAborted();
    const [source] = pickSourceTags(ctx.db, 1, used);
    if (!source) break;
    used.add(source.id);
    details.sources.push(source.name);
    try {
      await discoverFrom(ctx, client, source, { memory, details });
    } catch (error) {
      if (ctx.signal.aborted || isRunStopping(error)) throw error;
      const what = `discovery from '${source.name}'`;
      countFailure(ctx.progress, ctx.log, what, error as Error);
    }
  }
  if (used.size === 0) {
    ctx.log.warn(
      "no tags are tracked yet: set FANSLY_SEED_TAGS or add one with `fansly-workers tags add NAME`",
    );
  }
}

/** A source with posts (or an unknown count) should not have an empty first page. */
const expectsPosts = (source: SourceTag): boolean => source.post_count !== 0;

async function discoverFrom(
  ctx: WorkerContext,
  client: RunApi,
  source: SourceTag,
  run: { memory: RunMemory; details: DiscoveryDetails },
): Promise<void> {
  const limit = ctx.config.discoveryPageSize;
  for (let page = 0; page < ctx.config.discoveryPages; page += 1) {
    ctx.signal.throwIfAborted();
    const fetchPage = () =>
      client.api.getSuggestions(
        { tagId: source.id, limit, offset: page * limit },
        client.call,
      );
    const checked = await fetchCheckingThrottle(ctx, {
      what: `the first feed page of '${source.name}'`,
      fetch: fetchPage,
      looksThrottled: (result) =>
        page === 0 && isEmpty(result) && expectsPosts(source),
    });
    run.details.pages += 1;
    if (checked.throttled) {
      run.details.throttled += 1;
      markUsed(ctx, source);
      throw new WorkerError(
        "E_HTTP",
        "suspected soft throttling: its first feed page came back empty twice",
      );
    }
    const result = checked.value;
    if (!ctx.dryRun) storePage(ctx, source, result, run.memory, run.details);
    if (result.suggestionCount < limit) break;
  }
  markUsed(ctx, source);
  ctx.progress.ok += 1;
}

const isEmpty = (page: SuggestionsPage): boolean =>
  page.suggestionCount === 0 && page.posts.length === 0;

/**
 * A source is marked used even when throttled, so it rotates to the back
 * like any other and one tag whose feed stays empty cannot take a slot in
 * every run.
 */
function markUsed(ctx: WorkerContext, source: SourceTag): void {
  if (ctx.dryRun) return;
  createDiscoveryStore(ctx.db).markUsedForDiscovery(source.id, ctx.clock.now());
}

export const tagDiscovery: WorkerDefinition = {
  name: "tag-discovery",
  description: "Finds new tags and creators on the posts of tracked tags",
  run,
};
