import { createTagStore, type TagStore } from "../db/tag-store.js";
import type { FanslyTag } from "../fansly/types.js";
import { CircuitBreaker } from "./breaker.js";
import {
  countFailure,
  failIfNothingWorked,
  settleAll,
  type PageWriter,
} from "./items.js";
import { countStale, readStale, staleQueryOf } from "./stale.js";
import { openRunApi, type RunApi } from "./run-api.js";
import type { WorkerContext, WorkerDefinition, WorkerReport } from "./types.js";
import {
  fetchThenFlush,
  runWriteBuffer,
  type WriteBuffer,
} from "./write-buffer.js";

/** Tags fetched at a time; their writes are batched (WriteBuffer). */
export const TAG_FETCH_PAGE = 50;

interface TagCandidate {
  readonly id: string;
  readonly name: string;
  readonly last_checked_at: number | null;
}

type TagDetails = { notFound: number; deleted: number; restored: number };

interface Fetched {
  readonly tag: TagCandidate;
  readonly found: FanslyTag | null;
  /** When the answer came: the observation's time. */
  readonly at: number;
}

/** What storing one answer did. */
type Stored = "missed" | "deleted" | "updated" | "restored";

async function run(ctx: WorkerContext): Promise<WorkerReport> {
  const { progress } = ctx;
  const query = staleQueryOf(ctx);
  const due = Math.min(countStale(ctx.db, "tags", query), query.limit);
  const details = { due, notFound: 0, deleted: 0, restored: 0 };
  progress.details = details;
  if (due === 0) return progress;

  const pages = readStale<TagCandidate>(ctx.db, "tags", query, TAG_FETCH_PAGE);
  const client = await openRunApi(ctx);
  try {
    await refreshTags(ctx, client, pages, details);
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
async function refreshTags(
  ctx: WorkerContext,
  client: RunApi,
  pages: Iterable<TagCandidate[]>,
  details: TagDetails,
): Promise<void> {
  const writes = tagWrites(ctx, details);
  const breaker = new CircuitBreaker(ctx.config.breakerThreshold, ctx);
  await fetchThenFlush(writes, ctx.log, async () => {
    for (const page of pages) {
      ctx.signal.throwIfAborted();
      writes.add(await fetchPage(ctx, client, page, breaker));
      breaker.throwIfOpen();
    }
  });
  ctx.signal.throwIfAborted();
}

async function fetchPage(
  ctx: WorkerContext,
  client: RunApi,
  page: readonly TagCandidate[],
  breaker: CircuitBreaker,
): Promise<Fetched[]> {
  const { api, call } = breaker.guard(client);
  // Each answer reaches the breaker as it comes, so it can open mid-page.
  const results = await settleAll(page, async (tag) => {
    try {
      const found = await api.getTagByName(tag.name, call);
      breaker.succeeded();
      return found;
    } catch (error) {
      breaker.failed(error, { what: `tag '${tag.name}'` });
      throw error;
    }
  });
  const at = ctx.clock.now();
  const fetched: Fetched[] = [];
  results.forEach((result, i) => {
    if (result.status === "fulfilled") {
      fetched.push({ tag: page[i]!, found: result.value, at });
    }
  });
  return fetched;
}

/** Where fetched answers go: batched writes, or nowhere in a dry run. */
function tagWrites(
  ctx: WorkerContext,
  details: TagDetails,
): WriteBuffer<Fetched> {
  const store = createTagStore(ctx.db);
  return runWriteBuffer(ctx, tagWriter(ctx, store, details));
}

function tagWriter(
  ctx: WorkerContext,
  store: TagStore,
  details: TagDetails,
): PageWriter<Fetched, Stored> {
  const { progress, log } = ctx;
  const { missesBeforeDeleted } = ctx.config;
  return {
    write: ({ tag, found, at }) => {
      if (found === null) {
        return store.miss(tag.id, at, missesBeforeDeleted)
          ? "deleted"
          : "missed";
      }
      return store.observeTracked(tag.id, found, at) === "restored"
        ? "restored"
        : "updated";
    },
    stored: ({ tag }, stored) => {
      progress.ok += 1;
      if (stored === "missed" || stored === "deleted") details.notFound += 1;
      if (stored === "deleted") {
        details.deleted += 1;
        log.info(`tag '${tag.name}' is no longer on Fansly; marked deleted`);
      } else if (stored === "restored") {
        details.restored += 1;
        log.info(`tag '${tag.name}' is back on Fansly; restored`);
      }
    },
    failed: ({ tag }, error) =>
      countFailure(progress, log, `storing tag '${tag.name}'`, error),
  };
}

export const tagUpdater: WorkerDefinition = {
  name: "tag-updater",
  description:
    "Refreshes view and post counts of tracked tags and appends their history",
  run,
};
