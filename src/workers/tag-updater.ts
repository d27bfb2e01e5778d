import { createTagStore, type ObserveResult } from "../db/tag-store.js";
import type { FanslyTag } from "../fansly/types.js";
import { CircuitBreaker } from "./breaker.js";
import {
  countFailure,
  failIfNothingWorked,
  settleAll,
  toPages,
  writePage,
} from "./items.js";
import { selectStale, staleQueryOf } from "./stale.js";
import { openRunApi, type RunApi } from "./run-api.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

/** Tags fetched (and then written in one transaction) at a time. */
const PAGE_SIZE = 50;

interface TagCandidate {
  id: string;
  name: string;
}

type TagDetails = { notFound: number; deleted: number; restored: number };

interface Fetched {
  readonly tag: TagCandidate;
  readonly found: FanslyTag | null;
}

async function run(ctx: WorkerContext): Promise<WorkerReport> {
  const { progress } = ctx;
  const candidates = selectStale<TagCandidate>(
    ctx.db,
    "tags",
    staleQueryOf(ctx),
  );
  const details = {
    due: candidates.length,
    notFound: 0,
    deleted: 0,
    restored: 0,
  };
  progress.details = details;
  if (candidates.length === 0) return progress;

  const client = await openRunApi(ctx);
  try {
    await refreshTags(ctx, client, candidates, details);
  } finally {
    client.finish();
  }
  failIfNothingWorked(progress);
  return progress;
}

/** Fetches a page at a time and stores each page before the next. */
async function refreshTags(
  ctx: WorkerContext,
  client: RunApi,
  candidates: readonly TagCandidate[],
  details: TagDetails,
): Promise<void> {
  const store = createTagStore(ctx.db);
  const breaker = new CircuitBreaker(ctx.config.breakerThreshold, ctx);
  for (const page of toPages(candidates, PAGE_SIZE)) {
    ctx.signal.throwIfAborted();
    const results = await settleAll(page, (tag) =>
      client.api.getTagByName(tag.name, client.call),
    );
    const fetched: Fetched[] = [];
    results.forEach((result, i) => {
      const tag = page[i]!;
      if (result.status === "fulfilled") {
        breaker.succeeded();
        fetched.push({ tag, found: result.value });
      } else if (!ctx.signal.aborted) {
        breaker.failed(result.reason, { what: `tag '${tag.name}'` });
      }
    });
    // What the page did get is stored even when the run ends with it.
    if (!ctx.dryRun) writeFetched(ctx, store, fetched, details);
    breaker.throwIfOpen();
  }
  ctx.signal.throwIfAborted();
}

function writeFetched(
  ctx: WorkerContext,
  store: ReturnType<typeof createTagStore>,
  fetched: readonly Fetched[],
  details: TagDetails,
): void {
  const now = ctx.clock.now();
  const { progress, log } = ctx;
  writePage(
    ctx.db,
    fetched,
    ({ tag, found }) => {
      if (found === null) {
        details.notFound += 1;
        if (store.miss(tag.id, now, ctx.config.missesBeforeDeleted)) {
          details.deleted += 1;
          log.info(`tag '${tag.name}' is no longer on Fansly; marked deleted`);
        }
        progress.ok += 1;
        return;
      }
      const result: ObserveResult = store.observeTracked(tag.id, found, now);
      if (result === "restored") {
        details.restored += 1;
        log.info(`tag '${tag.name}' is back on Fansly; restored`);
      }
      progress.ok += 1;
    },
    ({ tag }, error) =>
      countFailure(progress, log, `storing tag '${tag.name}'`, error),
  );
}

export const tagUpdater: WorkerDefinition = {
  name: "tag-updater",
  description:
    "Refreshes view and post counts of tracked tags and appends their history",
  run,
};
