import { createCreatorStore, type CreatorStore } from "../db/creator-store.js";
import { CircuitBreaker } from "./breaker.js";
import {
  fetchPage,
  type Answered,
  type CreatorCandidate,
} from "./creator-batches.js";
import { countFailure, failIfNothingWorked, type PageWriter } from "./items.js";
import { countStale, readStale, staleQueryOf } from "./stale.js";
import { openRunApi, type RunApi } from "./run-api.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";
import {
  fetchThenFlush,
  runWriteBuffer,
  type WriteBuffer,
} from "./write-buffer.js";

type CreatorDetails = {
  notFound: number;
  deleted: number;
  restored: number;
  throttled: number;
};

/** What storing one answer did. */
type Stored = "missed" | "deleted" | "updated" | "restored";

async function run(ctx: WorkerContext): Promise<WorkerReport> {
  const { progress } = ctx;
  const query = staleQueryOf(ctx);
  const due = Math.min(countStale(ctx.db, "creators", query), query.limit);
  const details = { due, notFound: 0, deleted: 0, restored: 0, throttled: 0 };
  progress.details = details;
  if (due === 0) return progress;

  // One page is as many batches as the client sends at once.
  const pageSize = ctx.config.accountBatchSize * ctx.config.concurrency;
  const pages = readStale<CreatorCandidate>(
    ctx.db,
    "creators",
    query,
    pageSize,
  );
  const client = await openRunApi(ctx);
  try {
    await refreshCreators(ctx, client, pages, details);
  } finally {
    client.finish();
  }
  failIfNothingWorked(progress);
  return progress;
}

/**
 * Fetches a page at a time; the answers are written in batches of many
 * pages, and whatever was fetched is written before the run ends, however
 * it ends.
 */
async function refreshCreators(
  ctx: WorkerContext,
  client: RunApi,
  pages: Iterable<CreatorCandidate[]>,
  details: CreatorDetails,
): Promise<void> {
  const writes = creatorWrites(ctx, details);
  const breaker = new CircuitBreaker(ctx.config.breakerThreshold, ctx);
  await fetchThenFlush(writes, ctx.log, async () => {
    for (const page of pages) {
      ctx.signal.throwIfAborted();
      const { answered, throttled } = await fetchPage(
        ctx,
        client,
        page,
        breaker,
      );
      details.throttled += throttled;
      writes.add(answered);
      breaker.throwIfOpen();
    }
  });
  ctx.signal.throwIfAborted();
}

/** Where answers go: batched writes, or nowhere in a dry run. */
function creatorWrites(
  ctx: WorkerContext,
  details: CreatorDetails,
): WriteBuffer<Answered> {
  const store = createCreatorStore(ctx.db);
  return runWriteBuffer(ctx, creatorWriter(ctx, store, details));
}

function creatorWriter(
  ctx: WorkerContext,
  store: CreatorStore,
  details: CreatorDetails,
): PageWriter<Answered, Stored> {
  const { progress, log } = ctx;
  const { missesBeforeDeleted } = ctx.config;
  return {
    write: ({ creator, account, at }) => {
      if (!account) {
        return store.miss(creator.id, at, missesBeforeDeleted)
          ? "deleted"
          : "missed";
      }
      return store.observeTracked(account, at) === "restored"
        ? "restored"
        : "updated";
    },
    stored: ({ creator }, stored) => {
      progress.ok += 1;
      if (stored === "missed" || stored === "deleted") details.notFound += 1;
      if (stored === "deleted") {
        details.deleted += 1;
        log.info(
          `creator '${creator.username}' is no longer on Fansly; marked deleted`,
        );
      } else if (stored === "restored") {
        details.restored += 1;
        log.info(`creator '${creator.username}' is back on Fansly; restored`);
      }
    },
    failed: ({ creator }, error) =>
      countFailure(
        progress,
        log,
        `storing creator '${creator.username}'`,
        error,
      ),
  };
}

export const creatorUpdater: WorkerDefinition = {
  name: "creator-updater",
  description:
    "Refreshes follower and subscriber counts of tracked creators in batches",
  run,
};
