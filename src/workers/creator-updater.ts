import { createCreatorStore } from "../db/creator-store.js";
import { CircuitBreaker } from "./breaker.js";
import {
  fetchPage,
  type Answered,
  type CreatorCandidate,
} from "./creator-batches.js";
import {
  countFailure,
  failIfNothingWorked,
  toPages,
  writePage,
} from "./items.js";
import { selectStale, staleQueryOf } from "./stale.js";
import { openRunApi, type RunApi } from "./run-api.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

type CreatorDetails = {
  notFound: number;
  deleted: number;
  restored: number;
  throttled: number;
};

async function run(ctx: WorkerContext): Promise<WorkerReport> {
  const { progress } = ctx;
  const candidates = selectStale<CreatorCandidate>(
    ctx.db,
    "creators",
    staleQueryOf(ctx),
  );
  const details = {
    due: candidates.length,
    notFound: 0,
    deleted: 0,
    restored: 0,
    throttled: 0,
  };
  progress.details = details;
  if (candidates.length === 0) return progress;

  const client = await openRunApi(ctx);
  try {
    await refreshCreators(ctx, client, candidates, details);
  } finally {
    client.finish();
  }
  failIfNothingWorked(progress);
  return progress;
}

async function refreshCreators(
  ctx: WorkerContext,
  client: RunApi,
  candidates: readonly CreatorCandidate[],
  details: CreatorDetails,
): Promise<void> {
  const store = createCreatorStore(ctx.db);
  const breaker = new CircuitBreaker(ctx.config.breakerThreshold, ctx);
  // One page is as many batches as the client sends at once.
  const pageSize = ctx.config.accountBatchSize * ctx.config.concurrency;
  for (const page of toPages(candidates, pageSize)) {
    ctx.signal.throwIfAborted();
    const { answered, throttled } = await fetchPage(ctx, client, page, breaker);
    details.throttled += throttled;
    // What the page did get is stored even when the run ends with it.
    if (!ctx.dryRun) writeAccounts(ctx, store, answered, details);
    breaker.throwIfOpen();
  }
  ctx.signal.throwIfAborted();
}

function writeAccounts(
  ctx: WorkerContext,
  store: ReturnType<typeof createCreatorStore>,
  answered: readonly Answered[],
  details: CreatorDetails,
): void {
  const now = ctx.clock.now();
  const { progress, log } = ctx;
  writePage(
    ctx.db,
    answered,
    ({ creator, account }) => {
      if (!account) {
        details.notFound += 1;
        if (store.miss(creator.id, now, ctx.config.missesBeforeDeleted)) {
          details.deleted += 1;
          log.info(
            `creator '${creator.username}' is no longer on Fansly; marked deleted`,
          );
        }
      } else if (store.observe(account, now, "manual") === "restored") {
        details.restored += 1;
        log.info(`creator '${creator.username}' is back on Fansly; restored`);
      }
      progress.ok += 1;
    },
    ({ creator }, error) =>
      countFailure(
        progress,
        log,
        `storing creator '${creator.username}'`,
        error,
      ),
  );
}

export const creatorUpdater: WorkerDefinition = {
  name: "creator-updater",
  description:
    "Refreshes follower and subscriber counts of tracked creators in batches",
  run,
};
