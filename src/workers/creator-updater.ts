import type { Db } from "../db/open.js";
import { createCreatorStore } from "../db/creator-store.js";
import type { FanslyAccount } from "../fansly/types.js";
import { asError } from "../errors.js";
import { CircuitBreaker } from "./breaker.js";
import {
  countFailure,
  failIfNothingWorked,
  toPages,
  writePage,
} from "./items.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";

interface CreatorCandidate {
  id: string;
  username: string;
}

/** Tracked creators due for a refresh, most stale first; deleted ones less often. */
export function selectStaleCreators(
  db: Db,
  options: {
    now: number;
    refreshAgeMs: number;
    deletedRecheckAgeMs: number;
    limit: number;
  },
): CreatorCandidate[] {
  return db.sqlite
    .prepare(
      `select id, username from creators
       where (deleted_at is null and (last_checked_at is null or last_checked_at <= ?))
          or (deleted_at is not null and (last_checked_at is null or last_checked_at <= ?))
       order by deleted_at is not null, last_checked_at is not null, last_checked_at, id
       limit ?`,
    )
    .all(
      options.now - options.refreshAgeMs,
      options.now - options.deletedRecheckAgeMs,
      options.limit,
    ) as CreatorCandidate[];
}

async function run(ctx: WorkerContext): Promise<WorkerReport> {
  const { config, progress } = ctx;
  const candidates = selectStaleCreators(ctx.db, {
    now: ctx.clock.now(),
    refreshAgeMs: config.refreshAgeMs,
    deletedRecheckAgeMs: config.deletedRecheckAgeMs,
    limit: ctx.settings.batch,
  });
  const details = {
    due: candidates.length,
    notFound: 0,
    deleted: 0,
    restored: 0,
  };
  progress.details = details;
  if (candidates.length === 0) return progress;

  const api = await ctx.api();
  const store = createCreatorStore(ctx.db);
  const breaker = new CircuitBreaker(config.breakerThreshold);
  // One page is as many ids as the client sends at once across its lanes.
  const pageSize = config.accountBatchSize * config.concurrency;
  for (const page of toPages(candidates, pageSize)) {
    ctx.signal.throwIfAborted();
    let found: Map<string, FanslyAccount>;
    try {
      found = await api.getAccountsByIds(
        page.map((c) => c.id),
        { signal: ctx.signal },
      );
      breaker.succeeded();
    } catch (error) {
      if (ctx.signal.aborted) break;
      for (const creator of page) {
        countFailure(
          progress,
          ctx.log,
          `creator '${creator.username}'`,
          asError(error),
        );
      }
      breaker.failed(error);
      continue;
    }
    if (!ctx.dryRun) writeAccounts(ctx, store, page, found, details);
  }
  ctx.signal.throwIfAborted();
  failIfNothingWorked(progress);
  return progress;
}

function writeAccounts(
  ctx: WorkerContext,
  store: ReturnType<typeof createCreatorStore>,
  page: CreatorCandidate[],
  found: Map<string, FanslyAccount>,
  details: { notFound: number; deleted: number; restored: number },
): void {
  const now = ctx.clock.now();
  const { progress, log } = ctx;
  writePage(
    ctx.db,
    page,
    (creator) => {
      const account = found.get(creator.id);
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
    (creator, error) =>
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
